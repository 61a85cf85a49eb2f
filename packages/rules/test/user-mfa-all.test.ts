import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/credentials/user-mfa-all.js';

const PROD = '123456789012';
const SANDBOX = '210987654321';
const LOGIN_PROFILE = { createDate: '2025-02-03T10:00:00Z', passwordResetRequired: false };
const credentialReportDenied = { section: 'iam.credentialReport' as const, accountId: SANDBOX, call: 'iam:GenerateCredentialReport', error: 'AccessDenied' };

new RuleTester().run('user-mfa-all', rule, {
  valid: [
    {
      name: 'every user has an MFA device of some kind',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [
              { userName: 'alice.martin', loginProfile: LOGIN_PROFILE, mfaDevices: [{ type: 'passkey', serialNumber: `arn:aws:iam::${PROD}:u2f/user/alice.martin/YubiKey5-ZX3QKJ4H2N7M5P6R8T` }] },
              { userName: 'ci-deploy', path: '/service/', accessKeys: [{}], mfaDevices: [{ type: 'virtual' }] },
              { userName: 'imported', mfaDevices: [{ type: 'unknown' }] },
            ],
          },
        },
      },
    },
    {
      name: 'an account whose credential report could not be read is not evaluated',
      snapshot: { gaps: [credentialReportDenied], accounts: { [PROD]: {}, [SANDBOX]: { users: [{ userName: 'bob' }] } } },
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.credentialReport'] }],
    },
  ],
  invalid: [
    {
      name: 'users without MFA, console or not, each say what access they have',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [
              { userName: 'alice.martin', loginProfile: LOGIN_PROFILE },
              { userName: 'ci-deploy', path: '/service/', accessKeys: [{ status: 'Active' }, { status: 'Inactive' }] },
              { userName: 'orphan' },
            ],
          },
        },
      },
      errors: [
        { messageId: 'noMfa', data: { user: 'alice.martin', accountId: PROD, access: 'console password' }, kind: 'User', pointer: '/users/0/mfaDevices' },
        { messageId: 'noMfa', data: { user: 'ci-deploy', access: '1 active access key(s)' }, resource: `arn:aws:iam::${PROD}:user/service/ci-deploy` },
        { messageId: 'noMfa', data: { user: 'orphan', access: 'no active credentials' }, pointer: '/users/2/mfaDevices' },
      ],
    },
  ],
});
