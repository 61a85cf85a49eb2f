import { ConfigError } from '@iamlint/core';
import { RuleTester } from '@iamlint/core/testing';
import { describe, expect, it } from 'vitest';
import rule from '../src/credentials/root-access-keys.js';

const PROD = '123456789012';
const SANDBOX = '210987654321';
const PROD_ROOT = `arn:aws:iam::${PROD}:root`;
const SANDBOX_ROOT = `arn:aws:iam::${SANDBOX}:root`;
const credentialReportDenied = { section: 'iam.credentialReport' as const, accountId: SANDBOX, call: 'iam:GenerateCredentialReport', error: 'AccessDenied' };

new RuleTester().run('root-access-keys', rule, {
  valid: [
    {
      name: 'a deactivated root key is not reported by default (CIS counts active keys only)',
      snapshot: {
        accounts: {
          [PROD]: { root: { accessKeys: [{ slot: 1, active: false, lastRotated: '2020-02-11T10:00:00Z', lastUsedDate: '2021-07-30' }] } },
        },
      },
    },
    {
      name: 'root user without access keys',
      snapshot: {
        accounts: {
          [PROD]: {
            alias: 'acme-prod',
            users: [{ userName: 'alice', loginProfile: { createDate: '2025-01-14T09:00:00Z', passwordResetRequired: false } }],
          },
        },
      },
    },
    {
      name: 'centrally managed root access: no root credentials at all',
      snapshot: {
        accounts: { [PROD]: { root: { passwordEnabled: null, mfaActive: false, mfaType: null, accessKeys: [] } } },
      },
    },
    {
      name: 'several accounts, none with root keys',
      snapshot: { accounts: { [PROD]: { alias: 'acme-prod' }, [SANDBOX]: { alias: 'acme-sandbox' } } },
    },
    {
      name: 'an account whose credential report could not be read is not evaluated, even with stale root data',
      snapshot: {
        gaps: [credentialReportDenied],
        accounts: {
          [PROD]: {},
          [SANDBOX]: { root: { accessKeys: [{ slot: 1, active: true, lastRotated: '2019-05-02T08:00:00Z', lastUsedDate: '2026-11-01' }] } },
        },
      },
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.credentialReport'] }],
    },
  ],
  invalid: [
    {
      name: 'an active root key is reported with its last use',
      snapshot: {
        accounts: {
          [PROD]: { root: { accessKeys: [{ slot: 1, active: true, lastRotated: '2019-05-02T08:00:00Z', lastUsedDate: '2026-11-02' }] } },
        },
      },
      errors: [
        {
          messageId: 'activeKey',
          data: { accountId: PROD, slot: 1, lastUsed: '2026-11-02' },
          resource: PROD_ROOT,
          kind: 'RootUser',
          accountId: PROD,
          pointer: '/root/accessKeys/0',
        },
      ],
    },
    {
      name: 'with includeInactive, a deactivated root key is still a credential to delete',
      options: [{ includeInactive: true }],
      snapshot: {
        accounts: {
          [PROD]: { root: { accessKeys: [{ slot: 1, active: false, lastRotated: '2020-02-11T10:00:00Z', lastUsedDate: '2021-07-30' }] } },
        },
      },
      errors: [{ messageId: 'inactiveKey', data: { accountId: PROD, slot: 1 }, resource: PROD_ROOT, pointer: '/root/accessKeys/0' }],
    },
    {
      name: 'one finding per key: a never-used active key and an inactive one',
      options: [{ includeInactive: true }],
      snapshot: {
        accounts: {
          [PROD]: {
            root: {
              accessKeys: [
                { slot: 1, active: true, lastRotated: '2023-09-18T12:00:00Z', lastUsedDate: null },
                { slot: 2, active: false, lastRotated: '2021-03-01T12:00:00Z', lastUsedDate: '2022-01-15' },
              ],
            },
          },
        },
      },
      errors: [
        { messageId: 'activeKey', data: { slot: 1, lastUsed: 'never' }, resource: PROD_ROOT, pointer: '/root/accessKeys/0' },
        { messageId: 'inactiveKey', data: { slot: 2 }, resource: PROD_ROOT, pointer: '/root/accessKeys/1' },
      ],
    },
    {
      name: 'only the account with a root key is reported',
      snapshot: {
        accounts: {
          [PROD]: { alias: 'acme-prod' },
          [SANDBOX]: { alias: 'acme-sandbox', root: { accessKeys: [{ slot: 2, active: true, lastRotated: '2024-06-30T07:45:00Z', lastUsedDate: '2026-11-19' }] } },
        },
      },
      errors: [{ messageId: 'activeKey', data: { accountId: SANDBOX, slot: 2, lastUsed: '2026-11-19' }, resource: SANDBOX_ROOT, accountId: SANDBOX }],
    },
    {
      name: 'a root key survives centrally managed root access until it is deleted',
      snapshot: {
        accounts: {
          [PROD]: {
            root: {
              passwordEnabled: null,
              mfaActive: false,
              mfaType: null,
              accessKeys: [{ slot: 1, active: true, lastRotated: '2018-10-09T16:20:00Z', lastUsedDate: '2025-12-24' }],
            },
          },
        },
      },
      errors: [{ messageId: 'activeKey', data: { accountId: PROD, slot: 1 }, resource: PROD_ROOT }],
    },
    {
      name: 'a gap in one account does not hide the root key of another',
      snapshot: {
        gaps: [credentialReportDenied],
        accounts: {
          [PROD]: { root: { accessKeys: [{ slot: 1, active: true, lastRotated: '2022-08-08T08:08:00Z', lastUsedDate: null }] } },
          [SANDBOX]: {},
        },
      },
      errors: [{ messageId: 'activeKey', data: { accountId: PROD, slot: 1 }, resource: PROD_ROOT }],
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.credentialReport'] }],
    },
  ],
});

describe('root-access-keys fingerprints and options', () => {
  const twoKeys = {
    snapshot: {
      accounts: {
        [PROD]: {
          root: {
            accessKeys: [
              { slot: 1 as const, active: true, lastRotated: '2023-09-18T12:00:00Z', lastUsedDate: null },
              { slot: 2 as const, active: true, lastRotated: '2023-09-18T12:00:00Z', lastUsedDate: null },
            ],
          },
        },
      },
    },
  };

  it('gives each key slot its own fingerprint', () => {
    const { findings } = RuleTester.lint('root-access-keys', rule, twoKeys);
    expect(new Set(findings.map((finding) => finding.fingerprint)).size).toBe(2);
  });

  it('rejects unknown options', () => {
    expect(() => RuleTester.lint('root-access-keys', rule, { ...twoKeys, options: [{ ignoreInactive: true }] })).toThrow(ConfigError);
  });
});
