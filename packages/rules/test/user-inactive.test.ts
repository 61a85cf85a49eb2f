import { ConfigError } from '@iamlint/core';
import { RuleTester } from '@iamlint/core/testing';
import { describe, expect, it } from 'vitest';
import rule from '../src/credentials/user-inactive.js';

const PROD = '123456789012';
const SANDBOX = '210987654321';
const accessKeysDenied = { section: 'iam.accessKeys' as const, accountId: SANDBOX, call: 'iam:GetAccessKeyLastUsed', error: 'AccessDenied' };
const CREATED_LONG_AGO = '2023-01-09T09:00:00Z';
const OLD_PROFILE = { createDate: '2023-01-09T09:01:00Z', passwordResetRequired: false };

// Counted in UTC days up to the default collectedAt, 2026-11-20T06:00:00Z.
const DAYS_AGO_90 = '2026-08-22';
const DAYS_AGO_91 = '2026-08-21';

new RuleTester().run('user-inactive', rule, {
  valid: [
    {
      name: 'a password used 90 days ago keeps the user active',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'alice.martin', createDate: CREATED_LONG_AGO, loginProfile: OLD_PROFILE, passwordLastUsed: DAYS_AGO_90 }] } } },
    },
    {
      name: 'a recently used key keeps a user with an old password active',
      snapshot: {
        accounts: {
          [PROD]: { users: [{ userName: 'bob.smith', createDate: CREATED_LONG_AGO, loginProfile: OLD_PROFILE, passwordLastUsed: '2024-03-01', accessKeys: [{ createDate: CREATED_LONG_AGO, lastUsedDate: '2026-11-19' }] }] },
        },
      },
    },
    {
      name: 'a user created 90 days ago who has not signed in yet',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'new.hire', createDate: `${DAYS_AGO_90}T10:00:00Z`, loginProfile: { createDate: `${DAYS_AGO_90}T10:00:00Z`, passwordResetRequired: true } }] } } },
    },
    {
      name: 'an old user just given a new key has the same grace as a new user',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'etl-batch', createDate: CREATED_LONG_AGO, accessKeys: [{ createDate: '2026-11-01T12:00:00Z', lastUsedDate: null }] }] } } },
    },
    {
      name: 'declared break-glass users are left out by default',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'emergency-admin-1', createDate: CREATED_LONG_AGO, loginProfile: OLD_PROFILE, passwordLastUsed: null }] } } },
    },
    {
      name: 'an account whose key usage could not be read is not evaluated',
      snapshot: { gaps: [accessKeysDenied], accounts: { [PROD]: {}, [SANDBOX]: { users: [{ userName: 'stale', createDate: CREATED_LONG_AGO }] } } },
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.accessKeys'] }],
    },
  ],
  invalid: [
    {
      name: 'last activity 91 days ago through a key since deactivated',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [
              {
                userName: 'legacy-etl',
                path: '/service/',
                createDate: CREATED_LONG_AGO,
                passwordLastUsed: null,
                accessKeys: [
                  { status: 'Inactive', createDate: CREATED_LONG_AGO, lastUsedDate: DAYS_AGO_91 },
                  { status: 'Active', createDate: '2024-05-05T08:00:00Z', lastUsedDate: '2025-01-10' },
                ],
              },
            ],
          },
        },
      },
      errors: [
        {
          messageId: 'inactiveSince',
          data: { user: 'legacy-etl', accountId: PROD, lastActivity: DAYS_AGO_91, days: 91, maxInactiveDays: 90 },
          resource: `arn:aws:iam::${PROD}:user/service/legacy-etl`,
          kind: 'User',
        },
      ],
    },
    {
      name: 'a user with no credentials at all, created years ago',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'former-contractor', createDate: CREATED_LONG_AGO }] } } },
      errors: [{ messageId: 'neverActive', data: { user: 'former-contractor', days: 1411 } }],
    },
    {
      name: 'breakGlass: null and maxInactiveDays: 365 report a break-glass user untouched for over a year',
      options: [{ maxInactiveDays: 365, breakGlass: null }],
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'emergency-admin-1', createDate: CREATED_LONG_AGO, loginProfile: OLD_PROFILE, passwordLastUsed: '2024-06-30' }] } } },
      errors: [{ messageId: 'inactiveSince', data: { lastActivity: '2024-06-30', maxInactiveDays: 365 } }],
    },
  ],
});

describe('user-inactive options', () => {
  it.each([[{ maxInactiveDays: 0 }], [{ breakGlass: [] }], [{ maxUnusedDays: 90 }]])('rejects %j', (option) => {
    expect(() => RuleTester.lint('user-inactive', rule, { snapshot: { accounts: { [PROD]: {} } }, options: [option] })).toThrow(ConfigError);
  });
});
