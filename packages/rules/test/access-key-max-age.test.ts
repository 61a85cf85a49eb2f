import { ConfigError } from '@iamlint/core';
import { RuleTester } from '@iamlint/core/testing';
import { describe, expect, it } from 'vitest';
import rule from '../src/credentials/access-key-max-age.js';

const PROD = '123456789012';
const SANDBOX = '210987654321';
const accessKeysDenied = { section: 'iam.accessKeys' as const, accountId: SANDBOX, call: 'iam:ListAccessKeys', error: 'AccessDenied' };

// Ages are counted in UTC days up to the default collectedAt, 2026-11-20T06:00:00Z.
const EXACTLY_90_DAYS = '2026-08-22T23:59:00Z';
const EXACTLY_91_DAYS = '2026-08-21T09:30:00Z';
const SIXTY_DAYS = '2026-09-21T08:00:00Z';
const THIRTY_DAYS = '2026-10-21T08:00:00Z';
const NINE_MONTHS = '2026-02-17T10:00:00Z';
const SEVENTEEN_MONTHS = '2025-06-11T14:20:00Z';

new RuleTester().run('access-key-max-age', rule, {
  valid: [
    {
      name: 'a key exactly 90 days old is within a 90-day limit',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'ci-deploy', accessKeys: [{ accessKeyId: 'AKIA5QKXJ2M7HVRT3N4P', createDate: EXACTLY_90_DAYS, lastUsedDate: '2026-11-19' }] }] } } },
    },
    {
      name: 'a recently rotated key',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'alice', accessKeys: [{ createDate: THIRTY_DAYS, lastUsedDate: '2026-11-18' }] }] } } },
    },
    {
      name: 'an inactive key is not reported, however old',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'bob', accessKeys: [{ status: 'Inactive', createDate: SEVENTEEN_MONTHS, lastUsedDate: '2025-09-01' }] }] } } },
    },
    {
      name: 'maxAgeDays: 365 allows a nine-month-old key',
      options: [{ maxAgeDays: 365 }],
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'backup-agent', accessKeys: [{ createDate: NINE_MONTHS, lastUsedDate: '2026-11-20' }] }] } } },
    },
    {
      name: 'users without keys, in several accounts',
      snapshot: {
        accounts: {
          [PROD]: { users: [{ userName: 'alice', loginProfile: { createDate: '2025-01-14T09:00:00Z', passwordResetRequired: false } }] },
          [SANDBOX]: { users: [{ userName: 'carol' }] },
        },
      },
    },
    {
      name: 'a `now` one day earlier keeps a 91-day key within the limit',
      now: '2026-11-19T06:00:00Z',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'ci-deploy', accessKeys: [{ createDate: EXACTLY_91_DAYS }] }] } } },
    },
    {
      name: 'an account whose access keys could not be listed is not evaluated',
      snapshot: {
        gaps: [accessKeysDenied],
        accounts: {
          [PROD]: { users: [{ userName: 'alice', accessKeys: [{ createDate: THIRTY_DAYS }] }] },
          [SANDBOX]: { users: [{ userName: 'legacy-etl', accessKeys: [{ createDate: SEVENTEEN_MONTHS }] }] },
        },
      },
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.accessKeys'] }],
    },
  ],
  invalid: [
    {
      name: 'a key 91 days old is over a 90-day limit',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'ci-deploy', accessKeys: [{ accessKeyId: 'AKIA5QKXJ2M7HVRT3N4P', createDate: EXACTLY_91_DAYS, lastUsedDate: '2026-11-19' }] }] } } },
      errors: [
        {
          messageId: 'tooOld',
          data: { user: 'ci-deploy', keyId: 'AKIA5QKXJ2M7HVRT3N4P', age: 91, maxAgeDays: 90 },
          resource: 'AKIA5QKXJ2M7HVRT3N4P',
          kind: 'AccessKey',
          accountId: PROD,
          pointer: '/users/0/accessKeys/0',
        },
      ],
    },
    {
      name: 'maxAgeDays: 30 reports a 60-day-old key',
      options: [{ maxAgeDays: 30 }],
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'alice', accessKeys: [{ accessKeyId: 'AKIAQ7LMN3RZ4T2W6XYA', createDate: SIXTY_DAYS }] }] } } },
      errors: [{ messageId: 'tooOld', data: { user: 'alice', keyId: 'AKIAQ7LMN3RZ4T2W6XYA', age: 60, maxAgeDays: 30 }, resource: 'AKIAQ7LMN3RZ4T2W6XYA' }],
    },
    {
      name: 'only the active one of two old keys is reported',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [
              { userName: 'alice', accessKeys: [{ createDate: THIRTY_DAYS }] },
              {
                userName: 'reporting-svc',
                path: '/service/',
                accessKeys: [
                  { accessKeyId: 'AKIAZ2C4E6G8J1L3N5P7', status: 'Inactive', createDate: SEVENTEEN_MONTHS },
                  { accessKeyId: 'AKIAY3D5F7H9K2M4P6R8', status: 'Active', createDate: NINE_MONTHS, lastUsedDate: '2026-11-20' },
                ],
              },
            ],
          },
        },
      },
      errors: [
        {
          messageId: 'tooOld',
          data: { user: 'reporting-svc', keyId: 'AKIAY3D5F7H9K2M4P6R8', age: 276 },
          resource: 'AKIAY3D5F7H9K2M4P6R8',
          pointer: '/users/1/accessKeys/1',
        },
      ],
    },
    {
      name: 'old keys in two accounts',
      snapshot: {
        accounts: {
          [PROD]: { users: [{ userName: 'terraform', accessKeys: [{ accessKeyId: 'AKIAB2D4F6H8J3L5N7Q9', createDate: SEVENTEEN_MONTHS }] }] },
          [SANDBOX]: { users: [{ userName: 'terraform', accessKeys: [{ accessKeyId: 'AKIAC3E5G7J9L2N4Q6S8', createDate: EXACTLY_91_DAYS }] }] },
        },
      },
      errors: [
        { messageId: 'tooOld', data: { user: 'terraform', age: 527 }, resource: 'AKIAB2D4F6H8J3L5N7Q9', accountId: PROD },
        { messageId: 'tooOld', data: { user: 'terraform', age: 91 }, resource: 'AKIAC3E5G7J9L2N4Q6S8', accountId: SANDBOX },
      ],
    },
    {
      name: 'a later `now` ages a 90-day key past the limit',
      now: '2026-11-21T00:00:00Z',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'ci-deploy', accessKeys: [{ accessKeyId: 'AKIA5QKXJ2M7HVRT3N4P', createDate: EXACTLY_90_DAYS }] }] } } },
      errors: [{ messageId: 'tooOld', data: { age: 91, maxAgeDays: 90 }, resource: 'AKIA5QKXJ2M7HVRT3N4P' }],
    },
    {
      name: 'a gap in one account does not hide an old key in another',
      snapshot: {
        gaps: [accessKeysDenied],
        accounts: {
          [PROD]: { users: [{ userName: 'alice', accessKeys: [{ accessKeyId: 'AKIAQ7LMN3RZ4T2W6XYA', createDate: NINE_MONTHS }] }] },
          [SANDBOX]: { users: [{ userName: 'legacy-etl', accessKeys: [{ createDate: SEVENTEEN_MONTHS }] }] },
        },
      },
      errors: [{ messageId: 'tooOld', data: { user: 'alice', age: 276 }, resource: 'AKIAQ7LMN3RZ4T2W6XYA' }],
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.accessKeys'] }],
    },
  ],
});

describe('access-key-max-age options', () => {
  const snapshot = { accounts: { [PROD]: {} } };

  it.each([[{ maxAgeDays: 0 }], [{ maxAgeDays: 30.5 }], [{ maxAgeDays: '90' }], [{ maxAge: 90 }]])('rejects %j', (option) => {
    expect(() => RuleTester.lint('access-key-max-age', rule, { snapshot, options: [option] })).toThrow(ConfigError);
  });

  it('keeps the default when the option object is empty', () => {
    const { findings } = RuleTester.lint('access-key-max-age', rule, {
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'ci-deploy', accessKeys: [{ createDate: EXACTLY_91_DAYS }] }] } } },
      options: [{}],
    });
    expect(findings.map((finding) => finding.data.maxAgeDays)).toEqual([90]);
  });
});
