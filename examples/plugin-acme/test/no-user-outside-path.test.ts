import { RuleTester } from 'iamlint';
import { describe, it } from 'vitest';
import rule from '../src/rules/no-user-outside-path.js';

RuleTester.describe = describe;
RuleTester.it = it;

const SHARED_SERVICES = '562093817460';
const LEGACY_PROD = '908172635401';
const consoleLogin = { createDate: '2025-04-02T08:31:00Z', passwordResetRequired: false };

new RuleTester().run('no-user-outside-path', rule, {
  valid: [
    {
      name: 'service users under /service/ with keys, and a break-glass user with a console password',
      snapshot: {
        accounts: {
          [SHARED_SERVICES]: {
            users: [
              { userName: 'artifact-sync', path: '/service/ci/', accessKeys: [{ createDate: '2026-10-01T09:00:00Z', lastUsedDate: '2026-11-19' }] },
              { userName: 'breakglass-admin', path: '/break-glass/', loginProfile: consoleLogin, mfaDevices: [{ type: 'hardware' }] },
            ],
          },
        },
      },
    },
    {
      name: 'the paths a team allows instead',
      options: [{ allowedPaths: ['/automation/'], servicePaths: ['/automation/'] }],
      snapshot: { accounts: { [LEGACY_PROD]: { users: [{ userName: 'nightly-export', path: '/automation/' }] } } },
    },
    {
      name: 'an account without a credential report is not evaluated',
      snapshot: {
        gaps: [{ section: 'iam.credentialReport', accountId: LEGACY_PROD, call: 'iam:GenerateCredentialReport', error: 'AccessDenied' }],
        accounts: {
          [SHARED_SERVICES]: { users: [{ userName: 'artifact-sync', path: '/service/' }] },
          [LEGACY_PROD]: { users: [{ userName: 'jsmith' }] },
        },
      },
      notEvaluated: [{ accountId: LEGACY_PROD, sections: ['iam.credentialReport'] }],
    },
  ],
  invalid: [
    {
      name: 'a personal login at the root path',
      snapshot: {
        accounts: {
          [LEGACY_PROD]: {
            users: [
              { userName: 'artifact-sync', path: '/service/' },
              { userName: 'jsmith', loginProfile: consoleLogin },
            ],
          },
        },
      },
      errors: [
        {
          messageId: 'outside',
          resource: `arn:aws:iam::${LEGACY_PROD}:user/jsmith`,
          kind: 'User',
          pointer: '/users/1/path',
          data: { user: 'jsmith', path: '/', allowed: '/service/*, /break-glass/' },
        },
      ],
    },
    {
      name: 'a service user that can sign in to the console',
      snapshot: { accounts: { [SHARED_SERVICES]: { users: [{ userName: 'report-mailer', path: '/service/', loginProfile: consoleLogin }] } } },
      errors: [{ messageId: 'consoleAccess', resource: 'report-mailer', pointer: '/users/0/loginProfile', data: { path: '/service/' } }],
    },
    {
      name: 'one finding per user, across accounts',
      options: [{ allowedPaths: ['/service/*'] }],
      snapshot: {
        accounts: {
          [SHARED_SERVICES]: { users: [{ userName: 'breakglass-admin', path: '/break-glass/' }] },
          [LEGACY_PROD]: { users: [{ userName: 'contractor-mk', path: '/contractors/' }] },
        },
      },
      errors: [
        { messageId: 'outside', accountId: SHARED_SERVICES, data: { user: 'breakglass-admin', allowed: '/service/*' } },
        { messageId: 'outside', accountId: LEGACY_PROD, data: { user: 'contractor-mk', path: '/contractors/' } },
      ],
    },
  ],
});
