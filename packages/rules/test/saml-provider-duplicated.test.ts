import { describe, expect, it } from 'vitest';
import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/federation/saml-provider-duplicated.js';

const MANAGEMENT = '111122223333';
const PRODUCTION = '444455556666';
const SANDBOX = '777788889999';

const JUMPCLOUD = 'https://sso.jumpcloud.com/saml2/aws-acme';
const OKTA = 'http://www.okta.com/exk8f2a1b9c3d4e5f6g7';
const ENTRA = 'https://sts.windows.net/5c1f9a2e-7b3d-4e8a-9f60-2d4b8c7e1a35/';
const IDENTITY_CENTER = 'https://portal.sso.eu-west-1.amazonaws.com/saml/assertion/MTExMTIyMjIzMzMzX2lucy03MjIzYTJlNWYxYzFkNGIw';

const CERT_JUMPCLOUD = '5f1c0a7e9b3d2c4a6e8f0b1d3c5e7a9f2b4d6c8e0a1f3b5d7c9e2a4f6b8d0c1e';
const CERT_JUMPCLOUD_ROLLOVER = 'a3e9d1c7b5f3e1d9c7b5a3f1e9d7c5b3a1f9e7d5c3b1a9f7e5d3c1b9a7f5e3d1';
const CERT_OKTA = '0d4f8a2c6e1b5d9f3a7c0e4b8d2f6a1c5e9b3d7f0a4c8e2b6d1f5a9c3e7b0d4f';
const CERT_ENTRA = '7c2e6a0d4b8f1c5e9a3d7b0f4c8e2a6d1b5f9c3e7a0d4b8f2c6e1a5d9b3f7c0e';
const CERT_IDENTITY_CENTER = 'e1b5f9c3d7a0e4b8f2c6a1d5e9b3f7c0a4d8e2b6f1c5a9d3e7b0f4c8a2d6e1b5';

const cert = (sha256: string) => ({ sha256, notAfter: '2029-03-31T23:59:59Z' });
const jumpCloud = (name = 'JumpCloud') => ({ name, entityId: JUMPCLOUD, signingCertificates: [cert(CERT_JUMPCLOUD)] });
const okta = (name = 'Okta') => ({ name, entityId: OKTA, signingCertificates: [cert(CERT_OKTA)] });
const entra = { name: 'EntraID', entityId: ENTRA, signingCertificates: [cert(CERT_ENTRA)] };
const identityCenterProvider = { name: 'AWSSSO_2f8d4b1c9e7a6d35_DO_NOT_DELETE', entityId: IDENTITY_CENTER, signingCertificates: [cert(CERT_IDENTITY_CENTER)] };
const providerArn = (accountId: string, name: string) => `arn:aws:iam::${accountId}:saml-provider/${name}`;

new RuleTester().run('saml-provider-duplicated', rule, {
  valid: [
    {
      name: 'each account federates with a different IdP',
      snapshot: { accounts: { [MANAGEMENT]: { samlProviders: [jumpCloud()] }, [PRODUCTION]: { samlProviders: [okta()] }, [SANDBOX]: { samlProviders: [entra] } } },
    },
    {
      name: 'the same IdP twice in one account counts as one account',
      snapshot: { accounts: { [PRODUCTION]: { samlProviders: [jumpCloud(), jumpCloud('JumpCloud-2024')] }, [SANDBOX]: {} } },
    },
    {
      name: "Identity Center's own providers repeat in every account by design",
      snapshot: {
        accounts: {
          [MANAGEMENT]: { samlProviders: [identityCenterProvider] },
          [PRODUCTION]: { samlProviders: [identityCenterProvider] },
          [SANDBOX]: { samlProviders: [identityCenterProvider] },
        },
      },
    },
    {
      name: 'minimumAccounts 3 tolerates an IdP in two accounts',
      snapshot: { accounts: { [PRODUCTION]: { samlProviders: [jumpCloud()] }, [SANDBOX]: { samlProviders: [jumpCloud()] } } },
      options: [{ minimumAccounts: 3 }],
    },
    {
      name: 'providers with nothing to compare (no entity id, no certificates) are not grouped',
      snapshot: { accounts: { [PRODUCTION]: { samlProviders: [{ name: 'LegacyADFS' }] }, [SANDBOX]: { samlProviders: [{ name: 'LegacyADFS' }] } } },
    },
    {
      name: 'same provider name, different IdPs',
      snapshot: {
        accounts: {
          [PRODUCTION]: { samlProviders: [{ name: 'corp-idp', entityId: OKTA, signingCertificates: [cert(CERT_OKTA)] }] },
          [SANDBOX]: { samlProviders: [{ name: 'corp-idp', entityId: ENTRA, signingCertificates: [cert(CERT_ENTRA)] }] },
        },
      },
    },
    {
      name: 'SAML providers of one account could not be read: not evaluated there, its stale data not used',
      snapshot: {
        gaps: [{ section: 'iam.samlProviders', accountId: SANDBOX, call: 'iam:ListSAMLProviders', error: 'AccessDenied' }],
        accounts: { [PRODUCTION]: { samlProviders: [jumpCloud()] }, [SANDBOX]: { samlProviders: [jumpCloud()] } },
      },
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.samlProviders'] }],
    },
  ],
  invalid: [
    {
      name: 'the same JumpCloud IdP in two accounts',
      snapshot: { accounts: { [PRODUCTION]: { samlProviders: [jumpCloud()] }, [SANDBOX]: { samlProviders: [jumpCloud('jumpcloud-sandbox')] } } },
      errors: [
        {
          messageId: 'duplicated',
          data: { entityId: JUMPCLOUD, count: 2, accounts: `${PRODUCTION}, ${SANDBOX}` },
          resource: providerArn(PRODUCTION, 'JumpCloud'),
          kind: 'SamlProvider',
          accountId: PRODUCTION,
          pointer: '/samlProviders/0',
          related: [providerArn(SANDBOX, 'jumpcloud-sandbox')],
        },
      ],
    },
    {
      name: 'accounts are named by the organization, related sorted by account id',
      snapshot: {
        organization: {
          managementAccountId: MANAGEMENT,
          accounts: [
            { id: MANAGEMENT, name: 'acme-management' },
            { id: PRODUCTION, name: 'acme-production' },
            { id: SANDBOX, name: 'acme-sandbox' },
          ],
        },
        accounts: { [SANDBOX]: { samlProviders: [okta()] }, [MANAGEMENT]: { samlProviders: [okta()] }, [PRODUCTION]: { samlProviders: [okta()] } },
      },
      errors: [
        {
          messageId: 'duplicated',
          data: { entityId: OKTA, count: 3, accounts: 'acme-management, acme-production, acme-sandbox' },
          resource: providerArn(MANAGEMENT, 'Okta'),
          related: [providerArn(PRODUCTION, 'Okta'), providerArn(SANDBOX, 'Okta')],
        },
      ],
    },
    {
      name: 'grouped transitively through a certificate rollover and an entity id change',
      snapshot: {
        accounts: {
          [MANAGEMENT]: { samlProviders: [{ name: 'JumpCloud', entityId: JUMPCLOUD, signingCertificates: [cert(CERT_JUMPCLOUD)] }] },
          [PRODUCTION]: { samlProviders: [{ name: 'JumpCloud', entityId: null, signingCertificates: [cert(CERT_JUMPCLOUD), cert(CERT_JUMPCLOUD_ROLLOVER)] }] },
          [SANDBOX]: { samlProviders: [{ name: 'JumpCloud', entityId: 'https://sso.jumpcloud.com/saml2/aws-acme-sandbox', signingCertificates: [cert(CERT_JUMPCLOUD_ROLLOVER)] }] },
        },
      },
      errors: [
        {
          messageId: 'duplicated',
          data: { entityId: JUMPCLOUD, count: 3 },
          resource: providerArn(MANAGEMENT, 'JumpCloud'),
          related: [providerArn(PRODUCTION, 'JumpCloud'), providerArn(SANDBOX, 'JumpCloud')],
        },
      ],
    },
    {
      name: 'no entity id recorded: identified by the shared certificate',
      snapshot: {
        accounts: {
          [PRODUCTION]: { samlProviders: [{ name: 'ADFS', signingCertificates: [cert(CERT_ENTRA)] }] },
          [SANDBOX]: { samlProviders: [{ name: 'ADFS', signingCertificates: [cert(CERT_ENTRA)] }] },
        },
      },
      errors: [{ messageId: 'duplicated', data: { entityId: `sha256:${CERT_ENTRA.slice(0, 16)}`, count: 2 }, related: [providerArn(SANDBOX, 'ADFS')] }],
    },
    {
      name: 'two different duplicated IdPs are two findings, never merged',
      snapshot: {
        accounts: {
          [MANAGEMENT]: { samlProviders: [okta()] },
          [PRODUCTION]: { samlProviders: [jumpCloud(), okta()] },
          [SANDBOX]: { samlProviders: [jumpCloud(), identityCenterProvider] },
        },
      },
      errors: [
        { messageId: 'duplicated', resource: providerArn(MANAGEMENT, 'Okta'), data: { entityId: OKTA, count: 2 }, related: [providerArn(PRODUCTION, 'Okta')] },
        { messageId: 'duplicated', resource: providerArn(PRODUCTION, 'JumpCloud'), data: { entityId: JUMPCLOUD, count: 2 }, related: [providerArn(SANDBOX, 'JumpCloud')] },
      ],
    },
    {
      name: 'two providers in one account plus one elsewhere: two accounts, every provider related',
      snapshot: { accounts: { [PRODUCTION]: { samlProviders: [jumpCloud('JumpCloud-legacy'), jumpCloud()] }, [SANDBOX]: { samlProviders: [jumpCloud()] } } },
      errors: [
        {
          messageId: 'duplicated',
          data: { count: 2, accounts: `${PRODUCTION}, ${SANDBOX}` },
          resource: providerArn(PRODUCTION, 'JumpCloud'),
          pointer: '/samlProviders/1',
          related: [providerArn(PRODUCTION, 'JumpCloud-legacy'), providerArn(SANDBOX, 'JumpCloud')],
        },
      ],
    },
    {
      name: 'minimumAccounts 3 reached',
      snapshot: { accounts: { [MANAGEMENT]: { samlProviders: [entra] }, [PRODUCTION]: { samlProviders: [entra] }, [SANDBOX]: { samlProviders: [entra] } } },
      options: [{ minimumAccounts: 3 }],
      errors: [{ messageId: 'duplicated', data: { entityId: ENTRA, count: 3 } }],
    },
  ],
});

describe('saml-provider-duplicated', () => {
  it('recommends Identity Center in the message', () => {
    const result = RuleTester.lint('saml-provider-duplicated', rule, {
      snapshot: { accounts: { [PRODUCTION]: { samlProviders: [okta()] }, [SANDBOX]: { samlProviders: [okta()] } } },
    });
    expect(result.findings[0]?.message).toBe(
      `The SAML identity provider ${OKTA} is configured as an IAM SAML provider in 2 accounts (${PRODUCTION}, ${SANDBOX}); configure it once as the identity source of IAM Identity Center and grant access with permission sets instead.`,
    );
  });
});
