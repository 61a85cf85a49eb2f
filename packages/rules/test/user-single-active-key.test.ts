import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/credentials/user-single-active-key.js';

const PROD = '123456789012';
const SANDBOX = '210987654321';
const accessKeysDenied = { section: 'iam.accessKeys' as const, accountId: SANDBOX, call: 'iam:ListAccessKeys', error: 'AccessDenied' };
const activeKey = (accessKeyId: string) => ({ accessKeyId, status: 'Active' as const, createDate: '2026-10-21T08:00:00Z', lastUsedDate: '2026-11-19' });
const inactiveKey = (accessKeyId: string) => ({ accessKeyId, status: 'Inactive' as const, createDate: '2026-06-02T08:00:00Z', lastUsedDate: '2026-10-20' });

new RuleTester().run('user-single-active-key', rule, {
  valid: [
    {
      name: 'one active key',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'ci-deploy', accessKeys: [activeKey('AKIA5QKXJ2M7HVRT3N4P')] }] } } },
    },
    {
      name: 'one active key and the inactive one it replaced',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'ci-deploy', accessKeys: [inactiveKey('AKIAZ2C4E6G8J1L3N5P7'), activeKey('AKIA5QKXJ2M7HVRT3N4P')] }] } } },
    },
    {
      name: 'two inactive keys',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'bob', accessKeys: [inactiveKey('AKIAZ2C4E6G8J1L3N5P7'), inactiveKey('AKIAY3D5F7H9K2M4P6R8')] }] } } },
    },
    {
      name: 'users without keys or with one key each, in several accounts',
      snapshot: {
        accounts: {
          [PROD]: { users: [{ userName: 'alice', loginProfile: { createDate: '2025-01-14T09:00:00Z', passwordResetRequired: false } }, { userName: 'terraform', accessKeys: [activeKey('AKIAB2D4F6H8J3L5N7Q9')] }] },
          [SANDBOX]: { users: [{ userName: 'terraform', accessKeys: [activeKey('AKIAC3E5G7J9L2N4Q6S8')] }] },
        },
      },
    },
    {
      name: 'an account whose access keys could not be listed is not evaluated',
      snapshot: {
        gaps: [accessKeysDenied],
        accounts: {
          [PROD]: { users: [{ userName: 'terraform', accessKeys: [activeKey('AKIAB2D4F6H8J3L5N7Q9')] }] },
          [SANDBOX]: { users: [{ userName: 'legacy-etl', accessKeys: [activeKey('AKIAC3E5G7J9L2N4Q6S8'), activeKey('AKIAD4F6H8K2M4P6R8T2')] }] },
        },
      },
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.accessKeys'] }],
    },
  ],
  invalid: [
    {
      name: 'two active keys: one finding on the user',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'ci-deploy', path: '/service/', accessKeys: [activeKey('AKIA5QKXJ2M7HVRT3N4P'), activeKey('AKIAQ7LMN3RZ4T2W6XYA')] }] } } },
      errors: [
        {
          messageId: 'multipleActiveKeys',
          data: { user: 'ci-deploy', count: 2, keyIds: 'AKIA5QKXJ2M7HVRT3N4P, AKIAQ7LMN3RZ4T2W6XYA' },
          resource: `arn:aws:iam::${PROD}:user/service/ci-deploy`,
          kind: 'User',
          accountId: PROD,
          pointer: '/users/0/accessKeys',
        },
      ],
    },
    {
      name: 'only the user with two active keys among several',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [
              { userName: 'alice', accessKeys: [activeKey('AKIAB2D4F6H8J3L5N7Q9'), inactiveKey('AKIAZ2C4E6G8J1L3N5P7')] },
              { userName: 'reporting-svc', accessKeys: [activeKey('AKIAY3D5F7H9K2M4P6R8'), activeKey('AKIAC3E5G7J9L2N4Q6S8')] },
            ],
          },
        },
      },
      errors: [{ messageId: 'multipleActiveKeys', data: { user: 'reporting-svc', count: 2 }, resource: `arn:aws:iam::${PROD}:user/reporting-svc`, pointer: '/users/1/accessKeys' }],
    },
    {
      name: 'users with two active keys in two accounts',
      snapshot: {
        accounts: {
          [PROD]: { users: [{ userName: 'terraform', accessKeys: [activeKey('AKIAB2D4F6H8J3L5N7Q9'), activeKey('AKIAC3E5G7J9L2N4Q6S8')] }] },
          [SANDBOX]: { users: [{ userName: 'terraform', accessKeys: [activeKey('AKIAD4F6H8K2M4P6R8T2'), activeKey('AKIAE5G7J9L3N5Q7S9U3')] }] },
        },
      },
      errors: [
        { messageId: 'multipleActiveKeys', resource: `arn:aws:iam::${PROD}:user/terraform`, accountId: PROD },
        { messageId: 'multipleActiveKeys', data: { keyIds: 'AKIAD4F6H8K2M4P6R8T2, AKIAE5G7J9L3N5Q7S9U3' }, resource: `arn:aws:iam::${SANDBOX}:user/terraform`, accountId: SANDBOX },
      ],
    },
    {
      name: 'a gap in one account does not hide the other',
      snapshot: {
        gaps: [accessKeysDenied],
        accounts: {
          [PROD]: { users: [{ userName: 'terraform', accessKeys: [activeKey('AKIAB2D4F6H8J3L5N7Q9'), activeKey('AKIAC3E5G7J9L2N4Q6S8')] }] },
          [SANDBOX]: { users: [{ userName: 'legacy-etl', accessKeys: [activeKey('AKIAD4F6H8K2M4P6R8T2'), activeKey('AKIAE5G7J9L3N5Q7S9U3')] }] },
        },
      },
      errors: [{ messageId: 'multipleActiveKeys', resource: `arn:aws:iam::${PROD}:user/terraform` }],
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.accessKeys'] }],
    },
  ],
});
