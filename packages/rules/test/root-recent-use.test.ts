import { ConfigError } from '@iamlint/core';
import { RuleTester } from '@iamlint/core/testing';
import { describe, expect, it } from 'vitest';
import rule from '../src/credentials/root-recent-use.js';

const MANAGEMENT = '123456789012';
const MEMBER = '210987654321';
const MANAGEMENT_ROOT = `arn:aws:iam::${MANAGEMENT}:root`;
const credentialReportDenied = { section: 'iam.credentialReport' as const, accountId: MEMBER, call: 'iam:GenerateCredentialReport', error: 'AccessDenied' };

// Counted in UTC days up to the default collectedAt, 2026-11-20T06:00:00Z.
const DAYS_AGO_90 = '2026-08-22';
const DAYS_AGO_91 = '2026-08-21';
const rootKey = (slot: 1 | 2, lastUsedDate: string | null, active = true) => ({ slot, active, lastRotated: '2019-04-02T11:05:31Z', lastUsedDate });

new RuleTester().run('root-recent-use', rule, {
  valid: [
    {
      name: 'a root user never used',
      snapshot: { accounts: { [MANAGEMENT]: { root: { passwordLastUsed: null } } } },
    },
    {
      name: 'a root sign-in 91 days ago is outside the default window',
      snapshot: { accounts: { [MANAGEMENT]: { root: { passwordLastUsed: DAYS_AGO_91 } } } },
    },
    {
      name: 'an old root key use and an old sign-in',
      snapshot: { accounts: { [MANAGEMENT]: { root: { passwordLastUsed: '2024-02-12', accessKeys: [rootKey(1, '2023-06-30', false)] } } } },
    },
    {
      name: 'withinDays: 30 accepts a sign-in 31 days ago',
      options: [{ withinDays: 30 }],
      snapshot: { accounts: { [MANAGEMENT]: { root: { passwordLastUsed: '2026-10-20' } } } },
    },
    {
      name: 'an account whose credential report could not be read is not evaluated',
      snapshot: { gaps: [credentialReportDenied], accounts: { [MANAGEMENT]: {}, [MEMBER]: { root: { passwordLastUsed: '2026-11-19' } } } },
      notEvaluated: [{ accountId: MEMBER, sections: ['iam.credentialReport'] }],
    },
  ],
  invalid: [
    {
      name: 'a root sign-in exactly 90 days ago is inside the window',
      snapshot: { accounts: { [MANAGEMENT]: { root: { passwordLastUsed: DAYS_AGO_90 } } } },
      errors: [
        {
          messageId: 'passwordUsed',
          data: { accountId: MANAGEMENT, lastUsed: DAYS_AGO_90, days: 90, withinDays: 90 },
          resource: MANAGEMENT_ROOT,
          kind: 'RootUser',
          pointer: '/root/passwordLastUsed',
        },
      ],
    },
    {
      name: 'a root access key used yesterday, after an older sign-in: one finding, naming the latest use',
      snapshot: { accounts: { [MANAGEMENT]: { root: { passwordLastUsed: '2026-09-14', accessKeys: [rootKey(1, null), rootKey(2, '2026-11-19')] } } } },
      errors: [{ messageId: 'keyUsed', data: { slot: 2, lastUsed: '2026-11-19', days: 1 }, pointer: '/root/accessKeys/1/lastUsedDate' }],
    },
    {
      name: 'a deactivated key still tells when root was last used',
      snapshot: { accounts: { [MEMBER]: { root: { passwordLastUsed: null, accessKeys: [rootKey(1, '2026-11-02', false)] } } } },
      errors: [{ messageId: 'keyUsed', data: { accountId: MEMBER, slot: 1, days: 18 }, accountId: MEMBER }],
    },
    {
      name: 'a sign-in and a key use on the same day: reported as the sign-in',
      snapshot: { accounts: { [MANAGEMENT]: { root: { passwordLastUsed: '2026-11-18', accessKeys: [rootKey(1, '2026-11-18')] } } } },
      errors: [{ messageId: 'passwordUsed', data: { days: 2 } }],
    },
    {
      name: 'withinDays: 365 reports a sign-in 91 days ago',
      options: [{ withinDays: 365 }],
      snapshot: { accounts: { [MANAGEMENT]: { root: { passwordLastUsed: DAYS_AGO_91 } } } },
      errors: [{ messageId: 'passwordUsed', data: { days: 91, withinDays: 365 } }],
    },
  ],
});

describe('root-recent-use options', () => {
  it.each([[{ withinDays: 0 }], [{ withinDays: '90' }], [{ days: 90 }]])('rejects %j', (option) => {
    expect(() => RuleTester.lint('root-recent-use', rule, { snapshot: { accounts: { [MANAGEMENT]: {} } }, options: [option] })).toThrow(ConfigError);
  });
});
