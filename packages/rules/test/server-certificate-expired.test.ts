import { ConfigError } from '@iamlint/core';
import { RuleTester } from '@iamlint/core/testing';
import { describe, expect, it } from 'vitest';
import rule from '../src/credentials/server-certificate-expired.js';

const PROD = '123456789012';
const LEGACY = '210987654321';
const certificateArn = (accountId: string, name: string, path = '/') => `arn:aws:iam::${accountId}:server-certificate${path}${name}`;
// The default collectedAt is 2026-11-20T06:00:00Z.

new RuleTester().run('server-certificate-expired', rule, {
  valid: [
    {
      name: 'a certificate valid for another year',
      snapshot: { accounts: { [PROD]: { serverCertificates: [{ name: 'www-acme-example-2026', uploadDate: '2025-12-01T10:00:00Z', expiration: '2027-12-01T23:59:59Z' }] } } },
    },
    {
      name: 'a certificate that expires later today is not expired yet, and soon-expiring ones are off by default',
      snapshot: { accounts: { [PROD]: { serverCertificates: [{ name: 'api-acme-example', expiration: '2026-11-20T23:59:59Z' }] } } },
    },
    {
      name: 'expiringWithinDays: 30 accepts a certificate with 30 days left',
      options: [{ expiringWithinDays: 30 }],
      snapshot: { accounts: { [PROD]: { serverCertificates: [{ name: 'api-acme-example', expiration: '2026-12-20T06:00:00Z' }] } } },
    },
    {
      name: 'an account file written before server certificates were collected is not evaluated',
      snapshot: { accounts: { [PROD]: {}, [LEGACY]: { serverCertificates: null } } },
      notEvaluated: [{ accountId: LEGACY, sections: ['iam.serverCertificates'] }],
    },
  ],
  invalid: [
    {
      name: 'an expired certificate still stored in IAM',
      snapshot: {
        accounts: {
          [PROD]: {
            serverCertificates: [
              { name: 'www-acme-example-2026', expiration: '2027-12-01T23:59:59Z' },
              { name: 'www-acme-example-2025', path: '/cloudfront/', uploadDate: '2024-11-02T09:14:00Z', expiration: '2025-11-02T23:59:59Z' },
            ],
          },
        },
      },
      errors: [
        {
          messageId: 'expired',
          data: { certificate: 'www-acme-example-2025', accountId: PROD, expiration: '2025-11-02T23:59:59Z', days: 382 },
          resource: certificateArn(PROD, 'www-acme-example-2025', '/cloudfront/'),
          kind: 'ServerCertificate',
          pointer: '/serverCertificates/1/expiration',
        },
      ],
    },
    {
      name: 'expired a minute before the snapshot',
      snapshot: { accounts: { [PROD]: { serverCertificates: [{ name: 'api-acme-example', expiration: '2026-11-20T05:59:00Z' }] } } },
      errors: [{ messageId: 'expired', data: { days: 0 } }],
    },
    {
      name: 'expiringWithinDays: 30 warns about a certificate with 29 days left, and still reports expired ones',
      options: [{ expiringWithinDays: 30 }],
      snapshot: {
        accounts: {
          [PROD]: {
            serverCertificates: [
              { name: 'api-acme-example', expiration: '2026-12-19T12:00:00Z' },
              { name: 'old-api-acme-example', expiration: '2026-01-15T23:59:59Z' },
            ],
          },
        },
      },
      errors: [
        { messageId: 'expiresSoon', data: { certificate: 'api-acme-example', days: 29, expiringWithinDays: 30 }, pointer: '/serverCertificates/0/expiration' },
        { messageId: 'expired', data: { certificate: 'old-api-acme-example', days: 308 } },
      ],
    },
  ],
});

describe('server-certificate-expired', () => {
  it('gives the warning and the expiry different fingerprints, so a baselined warning does not hide the expiry', () => {
    const soon = RuleTester.lint('server-certificate-expired', rule, {
      options: [{ expiringWithinDays: 30 }],
      snapshot: { accounts: { [PROD]: { serverCertificates: [{ name: 'api-acme-example', expiration: '2026-12-01T00:00:00Z' }] } } },
    });
    const expired = RuleTester.lint('server-certificate-expired', rule, {
      options: [{ expiringWithinDays: 30 }],
      now: '2026-12-02T00:00:00Z',
      snapshot: { accounts: { [PROD]: { serverCertificates: [{ name: 'api-acme-example', expiration: '2026-12-01T00:00:00Z' }] } } },
    });
    expect(soon.findings.map((finding) => finding.messageId)).toEqual(['expiresSoon']);
    expect(expired.findings.map((finding) => finding.messageId)).toEqual(['expired']);
    expect(soon.findings[0]?.fingerprint).not.toBe(expired.findings[0]?.fingerprint);
  });

  it.each([[{ expiringWithinDays: -1 }], [{ expiringWithinDays: 366 }], [{ warnDays: 30 }]])('rejects %j', (option) => {
    expect(() => RuleTester.lint('server-certificate-expired', rule, { snapshot: { accounts: { [PROD]: {} } }, options: [option] })).toThrow(ConfigError);
  });
});
