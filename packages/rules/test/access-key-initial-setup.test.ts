import { ConfigError } from '@iamlint/core';
import { RuleTester } from '@iamlint/core/testing';
import { describe, expect, it } from 'vitest';
import rule from '../src/credentials/access-key-initial-setup.js';

const PROD = '123456789012';
const SANDBOX = '210987654321';
const USER_CREATED = '2026-09-14T08:31:12Z';
const LOGIN_PROFILE = { createDate: '2026-09-14T08:31:14Z', passwordResetRequired: true };
const accessKeysDenied = { section: 'iam.accessKeys' as const, accountId: SANDBOX, call: 'iam:GetAccessKeyLastUsed', error: 'AccessDenied' };

const person = (userName: string, key: { accessKeyId?: string; createDate: string; lastUsedDate?: string | null; status?: 'Active' | 'Inactive' }) => ({
  userName,
  createDate: USER_CREATED,
  loginProfile: LOGIN_PROFILE,
  accessKeys: [{ lastUsedDate: null, ...key }],
});

new RuleTester().run('access-key-initial-setup', rule, {
  valid: [
    {
      name: 'a key created with the user and used since',
      snapshot: { accounts: { [PROD]: { users: [person('dana.lee', { createDate: '2026-09-14T08:31:40Z', lastUsedDate: '2026-11-18' })] } } },
    },
    {
      name: 'a key the user created herself weeks later, not used yet',
      snapshot: { accounts: { [PROD]: { users: [person('dana.lee', { createDate: '2026-10-30T15:02:09Z' })] } } },
    },
    {
      name: 'a key created 11 minutes after the user is outside the default 10-minute window',
      snapshot: { accounts: { [PROD]: { users: [person('dana.lee', { createDate: '2026-09-14T08:42:13Z' })] } } },
    },
    {
      name: 'a deactivated setup key is not reported',
      snapshot: { accounts: { [PROD]: { users: [person('dana.lee', { createDate: '2026-09-14T08:31:40Z', status: 'Inactive' })] } } },
    },
    {
      name: 'a service user without a console password, created by Terraform with its key (CIS checks console users only)',
      snapshot: {
        accounts: {
          [PROD]: { users: [{ userName: 'ci-artifacts', path: '/service/', createDate: USER_CREATED, accessKeys: [{ createDate: '2026-09-14T08:31:13Z', lastUsedDate: null }] }] },
        },
      },
    },
    {
      name: 'an account whose key usage could not be read is not evaluated',
      snapshot: { gaps: [accessKeysDenied], accounts: { [PROD]: {}, [SANDBOX]: { users: [person('dana.lee', { createDate: '2026-09-14T08:31:40Z' })] } } },
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.accessKeys'] }],
    },
  ],
  invalid: [
    {
      name: 'the console wizard created a key 28 seconds after the user, never used',
      snapshot: { accounts: { [PROD]: { users: [person('dana.lee', { accessKeyId: 'AKIA2E4G6J8L3N5Q7S9U', createDate: '2026-09-14T08:31:40Z' })] } } },
      errors: [
        {
          messageId: 'createdWithUser',
          data: { keyId: 'AKIA2E4G6J8L3N5Q7S9U', user: 'dana.lee', accountId: PROD, minutes: 0, createDate: '2026-09-14T08:31:40Z' },
          resource: 'AKIA2E4G6J8L3N5Q7S9U',
          kind: 'AccessKey',
          pointer: '/users/0/accessKeys/0',
        },
      ],
    },
    {
      name: 'exactly 10 minutes after the user is still setup',
      snapshot: { accounts: { [PROD]: { users: [person('dana.lee', { accessKeyId: 'AKIA2E4G6J8L3N5Q7S9U', createDate: '2026-09-14T08:41:12Z' })] } } },
      errors: [{ messageId: 'createdWithUser', data: { minutes: 10 }, resource: 'AKIA2E4G6J8L3N5Q7S9U' }],
    },
    {
      name: 'consoleUsersOnly: false also reports a service user created with its key',
      options: [{ consoleUsersOnly: false }],
      snapshot: {
        accounts: {
          [PROD]: {
            users: [
              { userName: 'ci-artifacts', path: '/service/', createDate: USER_CREATED, accessKeys: [{ accessKeyId: 'AKIAW3Y5A7C9E2G4J6L8', createDate: '2026-09-14T08:31:13Z', lastUsedDate: null }] },
            ],
          },
        },
      },
      errors: [{ messageId: 'createdWithUser', data: { user: 'ci-artifacts', minutes: 0 }, resource: 'AKIAW3Y5A7C9E2G4J6L8' }],
    },
    {
      name: 'withinMinutes: 60 widens the window; only the unused key of two is reported',
      options: [{ withinMinutes: 60 }],
      snapshot: {
        accounts: {
          [PROD]: {
            users: [
              {
                userName: 'dana.lee',
                createDate: USER_CREATED,
                loginProfile: LOGIN_PROFILE,
                accessKeys: [
                  { accessKeyId: 'AKIAB3D5F7H9K2M4P6R8', createDate: '2026-09-14T09:15:00Z', lastUsedDate: null },
                  { accessKeyId: 'AKIAC4E6G8J2L3N5Q7S9', createDate: '2026-09-14T09:16:00Z', lastUsedDate: '2026-09-15' },
                ],
              },
            ],
          },
        },
      },
      errors: [{ messageId: 'createdWithUser', data: { minutes: 43 }, resource: 'AKIAB3D5F7H9K2M4P6R8', pointer: '/users/0/accessKeys/0' }],
    },
  ],
});

describe('access-key-initial-setup options', () => {
  it.each([[{ withinMinutes: -1 }], [{ withinMinutes: 1441 }], [{ consoleUsersOnly: 'yes' }], [{ minutes: 5 }]])('rejects %j', (option) => {
    expect(() => RuleTester.lint('access-key-initial-setup', rule, { snapshot: { accounts: { [PROD]: {} } }, options: [option] })).toThrow(ConfigError);
  });
});
