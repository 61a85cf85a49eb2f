import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/credentials/user-mfa-required.js';

const PROD = '123456789012';
const SANDBOX = '210987654321';
const consolePassword = { createDate: '2025-01-14T09:00:00Z', passwordResetRequired: false };
const credentialReportDenied = { section: 'iam.credentialReport' as const, accountId: SANDBOX, call: 'iam:GenerateCredentialReport', error: 'ReportInProgress' };

new RuleTester().run('user-mfa-required', rule, {
  valid: [
    {
      name: 'console user with a virtual MFA device',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'alice', loginProfile: consolePassword, passwordLastUsed: '2026-11-18', mfaDevices: [{ type: 'virtual' }] }] } } },
    },
    {
      name: 'a user without a console password needs no MFA',
      snapshot: {
        accounts: {
          [PROD]: { users: [{ userName: 'ci-deploy', path: '/service/', loginProfile: null, accessKeys: [{ createDate: '2026-10-21T08:00:00Z', lastUsedDate: '2026-11-19' }] }] },
        },
      },
    },
    {
      name: 'console user with a security key and a passkey',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [
              {
                userName: 'breakglass-admin',
                loginProfile: consolePassword,
                mfaDevices: [
                  { type: 'hardware', serialNumber: `arn:aws:iam::${PROD}:u2f/user/breakglass-admin/yubikey-5c-AB12CD34EF56` },
                  { type: 'passkey', serialNumber: `arn:aws:iam::${PROD}:u2f/user/breakglass-admin/macbook-pro-9F8E7D6C5B4A` },
                ],
              },
            ],
          },
        },
      },
    },
    {
      name: 'console users with MFA in several accounts',
      snapshot: {
        accounts: {
          [PROD]: { users: [{ userName: 'alice', loginProfile: consolePassword, mfaDevices: [{ type: 'virtual' }] }] },
          [SANDBOX]: { users: [{ userName: 'bob', loginProfile: consolePassword, mfaDevices: [{ type: 'hardware' }] }] },
        },
      },
    },
    {
      name: 'an account whose credential report could not be read is not evaluated',
      snapshot: {
        gaps: [credentialReportDenied],
        accounts: {
          [PROD]: { users: [{ userName: 'alice', loginProfile: consolePassword, mfaDevices: [{ type: 'virtual' }] }] },
          [SANDBOX]: { users: [{ userName: 'bob', loginProfile: consolePassword }] },
        },
      },
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.credentialReport'] }],
    },
    {
      name: 'an account whose users could not be listed is not evaluated',
      snapshot: {
        gaps: [{ section: 'iam.authorizationDetails', accountId: SANDBOX, call: 'iam:GetAccountAuthorizationDetails', error: 'AccessDenied' }],
        accounts: { [PROD]: {}, [SANDBOX]: { users: [{ userName: 'bob', loginProfile: consolePassword }] } },
      },
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.authorizationDetails'] }],
    },
  ],
  invalid: [
    {
      name: 'console user without MFA, pointed at the login profile',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'alice', loginProfile: consolePassword, passwordLastUsed: '2026-11-18' }] } } },
      errors: [
        {
          messageId: 'noMfa',
          data: { user: 'alice', accountId: PROD },
          resource: `arn:aws:iam::${PROD}:user/alice`,
          kind: 'User',
          accountId: PROD,
          pointer: '/users/0/loginProfile',
        },
      ],
    },
    {
      name: 'only the console user without MFA among several users',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [
              { userName: 'alice', loginProfile: consolePassword, mfaDevices: [{ type: 'virtual' }] },
              { userName: 'dave', path: '/contractors/', loginProfile: consolePassword },
              { userName: 'ci-deploy', path: '/service/', loginProfile: null },
            ],
          },
        },
      },
      errors: [{ messageId: 'noMfa', data: { user: 'dave' }, resource: `arn:aws:iam::${PROD}:user/contractors/dave`, pointer: '/users/1/loginProfile' }],
    },
    {
      name: 'a new user who must still reset the first password is already exposed',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'erin', loginProfile: { createDate: '2026-11-19T15:00:00Z', passwordResetRequired: true } }] } } },
      errors: [{ messageId: 'noMfa', data: { user: 'erin' }, resource: `arn:aws:iam::${PROD}:user/erin` }],
    },
    {
      name: 'console users without MFA in two accounts',
      snapshot: {
        accounts: {
          [PROD]: { users: [{ userName: 'alice', loginProfile: consolePassword }] },
          [SANDBOX]: { users: [{ userName: 'alice', loginProfile: consolePassword }] },
        },
      },
      errors: [
        { messageId: 'noMfa', data: { user: 'alice', accountId: PROD }, resource: `arn:aws:iam::${PROD}:user/alice` },
        { messageId: 'noMfa', data: { user: 'alice', accountId: SANDBOX }, resource: `arn:aws:iam::${SANDBOX}:user/alice` },
      ],
    },
    {
      name: 'a gap in one account does not hide the other',
      snapshot: {
        gaps: [credentialReportDenied],
        accounts: {
          [PROD]: { users: [{ userName: 'alice', loginProfile: consolePassword }] },
          [SANDBOX]: { users: [{ userName: 'bob', loginProfile: consolePassword }] },
        },
      },
      errors: [{ messageId: 'noMfa', data: { user: 'alice' }, resource: `arn:aws:iam::${PROD}:user/alice` }],
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.credentialReport'] }],
    },
  ],
});
