import { ConfigError } from '@iamlint/core';
import { RuleTester } from '@iamlint/core/testing';
import { describe, expect, it } from 'vitest';
import rule from '../src/credentials/user-password-unused.js';

const PROD = '123456789012';
const SANDBOX = '210987654321';
const credentialReportDenied = { section: 'iam.credentialReport' as const, accountId: SANDBOX, call: 'iam:GenerateCredentialReport', error: 'AccessDenied' };

// Counted in UTC days up to the default collectedAt, 2026-11-20T06:00:00Z.
const USED_45_DAYS_AGO = '2026-10-06';
const USED_46_DAYS_AGO = '2026-10-05';
const USED_91_DAYS_AGO = '2026-08-21';
const SET_LAST_YEAR = { createDate: '2025-06-11T14:20:00Z', passwordResetRequired: false };
const SET_45_DAYS_AGO = { createDate: '2026-10-06T09:12:44Z', passwordResetRequired: true };
const SET_46_DAYS_AGO = { createDate: '2026-10-05T16:40:03Z', passwordResetRequired: true };
const userArn = (accountId: string, name: string, path = '/') => `arn:aws:iam::${accountId}:user${path}${name}`;

new RuleTester().run('user-password-unused', rule, {
  valid: [
    {
      name: 'a password used exactly 45 days ago is within the limit',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'alice.martin', loginProfile: SET_LAST_YEAR, passwordLastUsed: USED_45_DAYS_AGO }] } } },
    },
    {
      name: 'a password set 45 days ago and not used yet',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'new.hire', loginProfile: SET_45_DAYS_AGO, passwordLastUsed: null }] } } },
    },
    {
      name: 'no console password: an old sign-in date is history, not a credential',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'former.admin', loginProfile: null, passwordLastUsed: '2024-01-15' }] } } },
    },
    {
      name: 'a password re-created 10 days ago after an old sign-in counts from when it was set',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [{ userName: 'bob.smith', loginProfile: { createDate: '2026-11-10T08:00:00Z', passwordResetRequired: true }, passwordLastUsed: '2025-03-02' }],
          },
        },
      },
    },
    {
      name: 'declared break-glass users are left out by default, by name or by tag',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [
              { userName: 'break-glass-admin', loginProfile: SET_LAST_YEAR, passwordLastUsed: null },
              { userName: 'vault-emergency', loginProfile: SET_LAST_YEAR, passwordLastUsed: '2025-07-01', tags: { 'iamlint:break-glass': 'TRUE' } },
            ],
          },
        },
      },
    },
    {
      name: 'a custom break-glass declaration',
      options: [{ breakGlass: { namePatterns: ['bg-*'], tag: { key: 'purpose', value: 'break-glass' } } }],
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'BG-Ops', loginProfile: SET_LAST_YEAR, passwordLastUsed: null }] } } },
    },
    {
      name: 'maxUnusedDays: 90 (Security Hub IAM.8) allows a password idle for 46 days',
      options: [{ maxUnusedDays: 90 }],
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'alice.martin', loginProfile: SET_LAST_YEAR, passwordLastUsed: USED_46_DAYS_AGO }] } } },
    },
    {
      name: 'an account whose credential report could not be read is not evaluated',
      snapshot: {
        gaps: [credentialReportDenied],
        accounts: { [PROD]: {}, [SANDBOX]: { users: [{ userName: 'stale', loginProfile: SET_LAST_YEAR, passwordLastUsed: null }] } },
      },
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.credentialReport'] }],
    },
  ],
  invalid: [
    {
      name: 'a password last used 46 days ago',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'alice.martin', loginProfile: SET_LAST_YEAR, passwordLastUsed: USED_46_DAYS_AGO }] } } },
      errors: [
        {
          messageId: 'unusedSince',
          data: { user: 'alice.martin', accountId: PROD, lastUsedDate: USED_46_DAYS_AGO, days: 46, maxUnusedDays: 45 },
          resource: userArn(PROD, 'alice.martin'),
          kind: 'User',
          pointer: '/users/0/passwordLastUsed',
        },
      ],
    },
    {
      name: 'a password set 46 days ago and never used',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'contractor.jane', loginProfile: SET_46_DAYS_AGO, passwordLastUsed: null }] } } },
      errors: [
        {
          messageId: 'neverUsed',
          data: { user: 'contractor.jane', setDate: '2026-10-05', days: 46 },
          resource: userArn(PROD, 'contractor.jane'),
          pointer: '/users/0/loginProfile',
        },
      ],
    },
    {
      name: 'a sign-in older than the current password: counted from when the password was set',
      snapshot: {
        accounts: { [PROD]: { users: [{ userName: 'bob.smith', loginProfile: SET_46_DAYS_AGO, passwordLastUsed: '2025-03-02' }] } },
      },
      errors: [{ messageId: 'notUsedSinceSet', data: { user: 'bob.smith', setDate: '2026-10-05', days: 46 }, pointer: '/users/0/loginProfile' }],
    },
    {
      name: 'breakGlass: null checks break-glass users too (as CIS 1.11 does)',
      options: [{ breakGlass: null }],
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'break-glass-admin', loginProfile: SET_LAST_YEAR, passwordLastUsed: USED_91_DAYS_AGO }] } } },
      errors: [{ messageId: 'unusedSince', data: { user: 'break-glass-admin', days: 91 } }],
    },
    {
      name: 'maxUnusedDays: 90 still reports a password idle for 91 days; only users with a password are checked',
      options: [{ maxUnusedDays: 90 }],
      snapshot: {
        accounts: {
          [PROD]: {
            users: [
              { userName: 'ci-deploy', path: '/service/', loginProfile: null, accessKeys: [{ lastUsedDate: '2026-11-19' }] },
              { userName: 'quarterly.auditor', loginProfile: SET_LAST_YEAR, passwordLastUsed: USED_91_DAYS_AGO },
            ],
          },
        },
      },
      errors: [{ messageId: 'unusedSince', data: { user: 'quarterly.auditor', days: 91, maxUnusedDays: 90 }, resource: userArn(PROD, 'quarterly.auditor') }],
    },
    {
      name: 'a gap in one account does not hide the other',
      snapshot: {
        gaps: [credentialReportDenied],
        accounts: {
          [PROD]: { users: [{ userName: 'alice.martin', loginProfile: SET_LAST_YEAR, passwordLastUsed: USED_46_DAYS_AGO }] },
          [SANDBOX]: { users: [{ userName: 'stale', loginProfile: SET_LAST_YEAR, passwordLastUsed: null }] },
        },
      },
      errors: [{ messageId: 'unusedSince', accountId: PROD }],
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.credentialReport'] }],
    },
  ],
});

describe('user-password-unused options', () => {
  it.each([[{ maxUnusedDays: 0 }], [{ breakGlass: { namePatterns: [''] } }], [{ breakGlass: false }], [{ breakGlass: { tag: { key: '' } } }], [{ maxAgeDays: 45 }]])(
    'rejects %j',
    (option) => {
      expect(() => RuleTester.lint('user-password-unused', rule, { snapshot: { accounts: { [PROD]: {} } }, options: [option] })).toThrow(ConfigError);
    },
  );
});
