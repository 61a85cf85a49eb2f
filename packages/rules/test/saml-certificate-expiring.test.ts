import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/federation/saml-certificate-expiring.js';

const PRODUCTION = '444455556666';
const OKTA = 'http://www.okta.com/exk8f2a1b9c3d4e5f6g7';
const CERT_2024 = '0d4f8a2c6e1b5d9f3a7c0e4b8d2f6a1c5e9b3d7f0a4c8e2b6d1f5a9c3e7b0d4f';
const CERT_2026 = '5f1c0a7e9b3d2c4a6e8f0b1d3c5e7a9f2b4d6c8e0a1f3b5d7c9e2a4f6b8d0c1e';
const CERT_2029 = 'a3e9d1c7b5f3e1d9c7b5a3f1e9d7c5b3a1f9e7d5c3b1a9f7e5d3c1b9a7f5e3d1';

// The builder's snapshot is collected at 2026-11-20T06:00:00Z.
const provider = (name: string, notAfters: Array<string | null>, validUntil: string | null = null) => ({
  name,
  entityId: OKTA,
  signingCertificates: notAfters.map((notAfter, index) => ({ sha256: [CERT_2024, CERT_2026, CERT_2029][index] as string, notAfter })),
  validUntil,
});
const snapshot = (...samlProviders: object[]) => ({ accounts: { [PRODUCTION]: { samlProviders: samlProviders as Array<{ name: string }> } } });

new RuleTester().run('saml-certificate-expiring', rule, {
  valid: [
    {
      name: 'a certificate valid for years, and metadata valid until 2119 as IAM records by default',
      snapshot: snapshot(provider('Okta', ['2029-03-31T23:59:59Z'], '2119-06-14T09:12:44Z')),
    },
    {
      name: 'during a rollover the expired old certificate does not matter while the new one is valid',
      snapshot: snapshot(provider('Okta', ['2026-10-31T23:59:59Z', '2029-10-31T23:59:59Z'])),
    },
    {
      name: 'expiry 31 days out, certificates without a known date, Identity Center providers',
      snapshot: snapshot(
        provider('JumpCloud', ['2026-12-21T12:00:00Z']),
        provider('LegacyADFS', [null]),
        provider('AWSSSO_2f8d4b1c9e7a6d35_DO_NOT_DELETE', ['2026-11-01T00:00:00Z']),
      ),
    },
    {
      name: 'a shorter warning window',
      snapshot: snapshot(provider('Okta', ['2026-12-10T00:00:00Z'])),
      options: [{ warnDays: 14 }],
    },
  ],
  invalid: [
    {
      name: 'the only certificate expires in 20 days',
      snapshot: snapshot(provider('Okta', ['2026-12-10T23:59:59Z'])),
      errors: [
        {
          messageId: 'certificateExpiring',
          data: { provider: 'Okta', accountId: PRODUCTION, notAfter: '2026-12-10', days: 20, warnDays: 30 },
          resource: `arn:aws:iam::${PRODUCTION}:saml-provider/Okta`,
          kind: 'SamlProvider',
          pointer: '/samlProviders/0/signingCertificates/0/notAfter',
        },
      ],
    },
    {
      name: 'every certificate expired: the newest is named',
      snapshot: snapshot(provider('JumpCloud', ['2024-05-01T00:00:00Z', '2026-09-30T23:59:59Z'])),
      errors: [{ messageId: 'certificateExpired', data: { notAfter: '2026-09-30' }, pointer: '/samlProviders/0/signingCertificates/1/notAfter' }],
    },
    {
      name: 'metadata validUntil passed, and another provider whose metadata runs out soon',
      snapshot: snapshot(provider('Okta', ['2029-03-31T23:59:59Z'], '2026-11-01T00:00:00Z'), provider('Entra', ['2029-03-31T23:59:59Z'], '2026-12-01T00:00:00Z')),
      errors: [
        { messageId: 'metadataExpired', data: { provider: 'Okta', validUntil: '2026-11-01' }, pointer: '/samlProviders/0/validUntil' },
        { messageId: 'metadataExpiring', data: { provider: 'Entra', validUntil: '2026-12-01', days: 11 }, pointer: '/samlProviders/1/validUntil' },
      ],
    },
    {
      name: 'a certificate that expired an hour before collection',
      snapshot: snapshot(provider('Okta', ['2026-11-20T05:00:00Z'])),
      errors: [{ messageId: 'certificateExpired', data: { notAfter: '2026-11-20' } }],
    },
  ],
});
