import { ConfigError } from '@iamlint/core';
import { RuleTester } from '@iamlint/core/testing';
import { describe, expect, it } from 'vitest';
import rule from '../src/credentials/access-key-unused.js';

const PROD = '123456789012';
const SANDBOX = '210987654321';
const accessKeysDenied = { section: 'iam.accessKeys' as const, accountId: SANDBOX, call: 'iam:GetAccessKeyLastUsed', error: 'AccessDenied' };

// Counted in UTC days up to the default collectedAt, 2026-11-20T06:00:00Z.
const USED_45_DAYS_AGO = '2026-10-06';
const USED_46_DAYS_AGO = '2026-10-05';
const USED_60_DAYS_AGO = '2026-09-21';
const CREATED_45_DAYS_AGO = '2026-10-06T12:00:00Z';
const CREATED_46_DAYS_AGO = '2026-10-05T08:00:00Z';
const CREATED_YESTERDAY = '2026-11-19T17:00:00Z';
const CREATED_LAST_YEAR = '2025-06-11T14:20:00Z';

new RuleTester().run('access-key-unused', rule, {
  valid: [
    {
      name: 'a key last used exactly 45 days ago is within the limit',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'ci-deploy', accessKeys: [{ createDate: CREATED_LAST_YEAR, lastUsedDate: USED_45_DAYS_AGO, lastUsedService: 's3', lastUsedRegion: 'eu-west-1' }] }] } } },
    },
    {
      name: 'a key created yesterday and not used yet',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'alice', accessKeys: [{ createDate: CREATED_YESTERDAY, lastUsedDate: null }] }] } } },
    },
    {
      name: 'a key created exactly 45 days ago and never used is within the limit',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'alice', accessKeys: [{ createDate: CREATED_45_DAYS_AGO, lastUsedDate: null }] }] } } },
    },
    {
      name: 'an inactive key is not reported, however long unused',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'bob', accessKeys: [{ status: 'Inactive', createDate: CREATED_LAST_YEAR, lastUsedDate: '2025-07-01' }] }] } } },
    },
    {
      name: 'maxUnusedDays: 90 allows a key idle for 60 days',
      options: [{ maxUnusedDays: 90 }],
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'quarterly-report', accessKeys: [{ createDate: CREATED_LAST_YEAR, lastUsedDate: USED_60_DAYS_AGO }] }] } } },
    },
    {
      name: 'keys in use in several accounts',
      snapshot: {
        accounts: {
          [PROD]: { users: [{ userName: 'terraform', accessKeys: [{ createDate: CREATED_LAST_YEAR, lastUsedDate: '2026-11-20' }] }] },
          [SANDBOX]: { users: [{ userName: 'terraform', accessKeys: [{ createDate: CREATED_LAST_YEAR, lastUsedDate: '2026-11-17' }] }] },
        },
      },
    },
    {
      name: 'keys of declared break-glass users are left out by default (break-glass-admin reports any key they have)',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [
              { userName: 'breakglass-ops', accessKeys: [{ createDate: CREATED_LAST_YEAR, lastUsedDate: null }] },
              { userName: 'vault-emergency', tags: { 'iamlint:break-glass': 'true' }, accessKeys: [{ createDate: CREATED_LAST_YEAR, lastUsedDate: USED_60_DAYS_AGO }] },
            ],
          },
        },
      },
    },
    {
      name: 'an account whose key usage could not be read is not evaluated',
      snapshot: {
        gaps: [accessKeysDenied],
        accounts: {
          [PROD]: { users: [{ userName: 'terraform', accessKeys: [{ createDate: CREATED_LAST_YEAR, lastUsedDate: '2026-11-20' }] }] },
          [SANDBOX]: { users: [{ userName: 'legacy-etl', accessKeys: [{ createDate: CREATED_LAST_YEAR, lastUsedDate: null }] }] },
        },
      },
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.accessKeys'] }],
    },
  ],
  invalid: [
    {
      name: 'a key last used 46 days ago',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'ci-deploy', accessKeys: [{ accessKeyId: 'AKIA5QKXJ2M7HVRT3N4P', createDate: CREATED_LAST_YEAR, lastUsedDate: USED_46_DAYS_AGO }] }] } } },
      errors: [
        {
          messageId: 'unusedSince',
          data: { user: 'ci-deploy', keyId: 'AKIA5QKXJ2M7HVRT3N4P', lastUsedDate: USED_46_DAYS_AGO, days: 46, maxUnusedDays: 45 },
          resource: 'AKIA5QKXJ2M7HVRT3N4P',
          kind: 'AccessKey',
          accountId: PROD,
          pointer: '/users/0/accessKeys/0',
        },
      ],
    },
    {
      name: 'a key created 46 days ago and never used',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'alice', accessKeys: [{ accessKeyId: 'AKIAQ7LMN3RZ4T2W6XYA', createDate: CREATED_46_DAYS_AGO, lastUsedDate: null }] }] } } },
      errors: [
        {
          messageId: 'neverUsed',
          data: { user: 'alice', keyId: 'AKIAQ7LMN3RZ4T2W6XYA', age: 46, maxUnusedDays: 45 },
          resource: 'AKIAQ7LMN3RZ4T2W6XYA',
          pointer: '/users/0/accessKeys/0',
        },
      ],
    },
    {
      name: 'maxUnusedDays: 30 reports a key idle for 45 days',
      options: [{ maxUnusedDays: 30 }],
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'ci-deploy', accessKeys: [{ accessKeyId: 'AKIA5QKXJ2M7HVRT3N4P', createDate: CREATED_LAST_YEAR, lastUsedDate: USED_45_DAYS_AGO }] }] } } },
      errors: [{ messageId: 'unusedSince', data: { days: 45, maxUnusedDays: 30 }, resource: 'AKIA5QKXJ2M7HVRT3N4P' }],
    },
    {
      name: 'two stale keys on one user, one finding each',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [
              {
                userName: 'reporting-svc',
                path: '/service/',
                accessKeys: [
                  { accessKeyId: 'AKIAZ2C4E6G8J1L3N5P7', createDate: CREATED_LAST_YEAR, lastUsedDate: USED_60_DAYS_AGO },
                  { accessKeyId: 'AKIAY3D5F7H9K2M4P6R8', createDate: CREATED_LAST_YEAR, lastUsedDate: null },
                ],
              },
            ],
          },
        },
      },
      errors: [
        { messageId: 'unusedSince', data: { user: 'reporting-svc', days: 60 }, resource: 'AKIAZ2C4E6G8J1L3N5P7', pointer: '/users/0/accessKeys/0' },
        { messageId: 'neverUsed', data: { user: 'reporting-svc', age: 527 }, resource: 'AKIAY3D5F7H9K2M4P6R8', pointer: '/users/0/accessKeys/1' },
      ],
    },
    {
      name: 'breakGlass: null checks break-glass users too (as CIS 1.11 and Security Hub do)',
      options: [{ breakGlass: null }],
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'breakglass-ops', accessKeys: [{ accessKeyId: 'AKIAR4T6V8X2Z3B5D7F9', createDate: CREATED_LAST_YEAR, lastUsedDate: null }] }] } } },
      errors: [{ messageId: 'neverUsed', data: { user: 'breakglass-ops', age: 527 }, resource: 'AKIAR4T6V8X2Z3B5D7F9' }],
    },
    {
      name: 'stale keys in two accounts',
      snapshot: {
        accounts: {
          [PROD]: { users: [{ userName: 'terraform', accessKeys: [{ accessKeyId: 'AKIAB2D4F6H8J3L5N7Q9', createDate: CREATED_LAST_YEAR, lastUsedDate: USED_46_DAYS_AGO }] }] },
          [SANDBOX]: { users: [{ userName: 'terraform', accessKeys: [{ accessKeyId: 'AKIAC3E5G7J9L2N4Q6S8', createDate: CREATED_46_DAYS_AGO, lastUsedDate: null }] }] },
        },
      },
      errors: [
        { messageId: 'unusedSince', resource: 'AKIAB2D4F6H8J3L5N7Q9', accountId: PROD },
        { messageId: 'neverUsed', resource: 'AKIAC3E5G7J9L2N4Q6S8', accountId: SANDBOX },
      ],
    },
    {
      name: 'a gap in one account does not hide a stale key in another',
      snapshot: {
        gaps: [accessKeysDenied],
        accounts: {
          [PROD]: { users: [{ userName: 'alice', accessKeys: [{ accessKeyId: 'AKIAQ7LMN3RZ4T2W6XYA', createDate: CREATED_LAST_YEAR, lastUsedDate: USED_60_DAYS_AGO }] }] },
          [SANDBOX]: { users: [{ userName: 'legacy-etl', accessKeys: [{ createDate: CREATED_LAST_YEAR, lastUsedDate: null }] }] },
        },
      },
      errors: [{ messageId: 'unusedSince', data: { user: 'alice', days: 60 }, resource: 'AKIAQ7LMN3RZ4T2W6XYA' }],
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.accessKeys'] }],
    },
  ],
});

describe('access-key-unused options', () => {
  it.each([[{ maxUnusedDays: 0 }], [{ maxUnusedDays: 45.5 }], [{ maxAgeDays: 45 }], [{ breakGlass: true }], [{ breakGlass: { names: ['bg-*'] } }]])('rejects %j', (option) => {
    expect(() => RuleTester.lint('access-key-unused', rule, { snapshot: { accounts: { [PROD]: {} } }, options: [option] })).toThrow(ConfigError);
  });
});
