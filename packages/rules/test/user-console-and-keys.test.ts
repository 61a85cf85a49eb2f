import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/credentials/user-console-and-keys.js';

const PROD = '123456789012';
const SANDBOX = '210987654321';
const LOGIN_PROFILE = { createDate: '2025-02-03T10:00:00Z', passwordResetRequired: false };
const credentialReportDenied = { section: 'iam.credentialReport' as const, accountId: SANDBOX, call: 'iam:GenerateCredentialReport', error: 'AccessDenied' };

new RuleTester().run('user-console-and-keys', rule, {
  valid: [
    {
      name: 'a person with a password only, a workload with a key only',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [
              { userName: 'alice.martin', loginProfile: LOGIN_PROFILE, mfaDevices: [{ type: 'hardware' }] },
              { userName: 'ci-deploy', path: '/service/', accessKeys: [{ lastUsedDate: '2026-11-19' }] },
            ],
          },
        },
      },
    },
    {
      name: 'a console user whose old key is deactivated',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'alice.martin', loginProfile: LOGIN_PROFILE, accessKeys: [{ status: 'Inactive' }] }] } } },
    },
    {
      name: 'an account whose credential report could not be read is not evaluated',
      snapshot: {
        gaps: [credentialReportDenied],
        accounts: { [PROD]: {}, [SANDBOX]: { users: [{ userName: 'bob', loginProfile: LOGIN_PROFILE, accessKeys: [{}] }] } },
      },
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.credentialReport'] }],
    },
  ],
  invalid: [
    {
      name: 'a console user with two active keys and one inactive: one finding listing the active ones',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [
              {
                userName: 'bob.smith',
                loginProfile: LOGIN_PROFILE,
                accessKeys: [
                  { accessKeyId: 'AKIAB3D5F7H9K2M4P6R8', status: 'Active' },
                  { accessKeyId: 'AKIAC4E6G8J2L3N5Q7S9', status: 'Inactive' },
                  { accessKeyId: 'AKIAD5F7H9K2M4P6R8T3', status: 'Active' },
                ],
              },
            ],
          },
        },
      },
      errors: [
        {
          messageId: 'consoleAndKeys',
          data: { user: 'bob.smith', accountId: PROD, count: 2, keyIds: 'AKIAB3D5F7H9K2M4P6R8, AKIAD5F7H9K2M4P6R8T3' },
          resource: `arn:aws:iam::${PROD}:user/bob.smith`,
          kind: 'User',
          pointer: '/users/0/accessKeys',
        },
      ],
    },
    {
      name: 'a break-glass user with a key is reported too (break-glass-admin reports it as well)',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'break-glass-admin', loginProfile: LOGIN_PROFILE, accessKeys: [{ accessKeyId: 'AKIAW3Y5A7C9E2G4J6L8' }] }] } } },
      errors: [{ messageId: 'consoleAndKeys', data: { count: 1, keyIds: 'AKIAW3Y5A7C9E2G4J6L8' } }],
    },
  ],
});
