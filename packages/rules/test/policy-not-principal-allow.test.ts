import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/policy/policy-not-principal-allow.js';
import { githubOidcTrust, MANAGEMENT, policy, PROD, SANDBOX, V, vendorTrust } from './fixtures/policies.js';

const trust = (statement: object) => ({ Version: V, Statement: [statement] });

new RuleTester().run('policy-not-principal-allow', rule, {
  valid: [
    {
      name: 'trust policies that name their principals',
      snapshot: { accounts: { [PROD]: { roles: [{ roleName: 'github-deploy', trustPolicy: githubOidcTrust }, { roleName: 'vendor', trustPolicy: vendorTrust }] } } },
    },
    {
      name: 'Deny with NotPrincipal: deny everyone but the break-glass role',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [
              {
                roleName: 'audit',
                trustPolicy: {
                  Version: V,
                  Statement: [
                    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'sts:AssumeRole' },
                    { Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${MANAGEMENT}:role/break-glass` }, Action: 'sts:AssumeRole' },
                  ],
                },
              },
            ],
          },
        },
      },
    },
    {
      name: 'NotPrincipal in an identity policy is policy-malformed\'s to report',
      snapshot: {
        accounts: { [PROD]: { policies: [policy('odd', { Version: V, Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${PROD}:root` }, Action: 's3:GetObject', Resource: '*' }] })] } },
      },
    },
    {
      name: 'an account whose authorization details could not be read is not evaluated',
      snapshot: {
        gaps: [{ section: 'iam.authorizationDetails', accountId: SANDBOX, call: 'iam:GetAccountAuthorizationDetails', error: 'AccessDenied' }],
        accounts: {
          [PROD]: { roles: [{ roleName: 'vendor', trustPolicy: vendorTrust }] },
          [SANDBOX]: { roles: [{ roleName: 'legacy', trustPolicy: trust({ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${SANDBOX}:user/mallory` }, Action: 'sts:AssumeRole' }) }] },
        },
      },
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.authorizationDetails'] }],
    },
  ],
  invalid: [
    {
      name: 'Allow with NotPrincipal trusts the whole world but one user',
      snapshot: { accounts: { [PROD]: { roles: [{ roleName: 'shared', trustPolicy: trust({ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${PROD}:user/intern` }, Action: 'sts:AssumeRole' }) }] } } },
      errors: [
        {
          messageId: 'notPrincipalAllow',
          data: { policy: 'trust policy of role shared', statement: '0', excluded: `arn:aws:iam::${PROD}:user/intern` },
          resource: `arn:aws:iam::${PROD}:role/shared`,
          kind: 'Role',
          pointer: '/roles/0/trustPolicy/Statement/0/NotPrincipal',
        },
      ],
    },
    {
      name: 'NotPrincipal listing several principal types',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [
              {
                roleName: 'pipeline',
                trustPolicy: trust({ Sid: 'AllButOthers', Effect: 'Allow', NotPrincipal: { AWS: [`arn:aws:iam::${SANDBOX}:root`], Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
              },
            ],
          },
        },
      },
      errors: [{ messageId: 'notPrincipalAllow', data: { statement: '"AllButOthers"', excluded: `arn:aws:iam::${SANDBOX}:root, ec2.amazonaws.com` } }],
    },
    {
      name: 'a single-statement trust policy',
      snapshot: {
        accounts: { [PROD]: { roles: [{ roleName: 'legacy', trustPolicy: { Version: V, Statement: { Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${SANDBOX}:root` }, Action: 'sts:AssumeRole' } } }] } },
      },
      errors: [{ messageId: 'notPrincipalAllow', pointer: '/roles/0/trustPolicy/Statement/NotPrincipal' }],
    },
    {
      name: 'one finding per offending role, in each account',
      snapshot: {
        accounts: {
          [PROD]: { roles: [{ roleName: 'a', trustPolicy: trust({ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${SANDBOX}:root` }, Action: 'sts:AssumeRole' }) }, { roleName: 'vendor', trustPolicy: vendorTrust }] },
          [SANDBOX]: { roles: [{ roleName: 'b', trustPolicy: trust({ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${PROD}:root` }, Action: 'sts:AssumeRole' }) }] },
        },
      },
      errors: [
        { messageId: 'notPrincipalAllow', resource: `arn:aws:iam::${PROD}:role/a`, accountId: PROD },
        { messageId: 'notPrincipalAllow', resource: `arn:aws:iam::${SANDBOX}:role/b`, accountId: SANDBOX },
      ],
    },
  ],
});
