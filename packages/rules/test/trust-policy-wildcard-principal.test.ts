import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/trust/trust-policy-wildcard-principal.js';
import { enforceOrgIdentitiesRcp, githubOidcTrust, lambdaTrust, MANAGEMENT, policy, PROD, rcp, SANDBOX, V, vendorTrust } from './fixtures/policies.js';

const trust = (...Statement: object[]) => ({ Version: V, Statement });

new RuleTester().run('trust-policy-wildcard-principal', rule, {
  valid: [
    {
      name: 'service, OIDC and cross-account trust',
      snapshot: {
        accounts: {
          [PROD]: { roles: [{ roleName: 'fn', trustPolicy: lambdaTrust }, { roleName: 'github-deploy', trustPolicy: githubOidcTrust }, { roleName: 'vendor', trustPolicy: vendorTrust }] },
        },
      },
    },
    {
      name: 'Principal "*" narrowed by the organization id',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [
              {
                roleName: 'org-readers',
                trustPolicy: trust({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }),
              },
            ],
          },
        },
      },
    },
    {
      name: 'a Deny with Principal "*" is no grant',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [
              {
                roleName: 'guarded',
                trustPolicy: trust(
                  { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'sts:AssumeRole' },
                  { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
                ),
              },
            ],
          },
        },
      },
    },
    {
      name: 'Principal "*" in an RCP or an identity policy is not a trust policy',
      snapshot: {
        organization: { managementAccountId: MANAGEMENT, policies: [rcp('enforce-org-identities', { ...enforceOrgIdentitiesRcp, Statement: [{ ...enforceOrgIdentitiesRcp.Statement[0], Condition: undefined }] })] },
        accounts: { [MANAGEMENT]: {}, [PROD]: { policies: [policy('odd', trust({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }))] } },
      },
    },
    {
      name: 'an account whose authorization details could not be read is not evaluated',
      snapshot: {
        gaps: [{ section: 'iam.authorizationDetails', accountId: SANDBOX, call: 'iam:GetAccountAuthorizationDetails', error: 'AccessDenied' }],
        accounts: { [PROD]: { roles: [{ roleName: 'fn', trustPolicy: lambdaTrust }] }, [SANDBOX]: { roles: [{ roleName: 'open', trustPolicy: trust({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }) }] } },
      },
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.authorizationDetails'] }],
    },
  ],
  invalid: [
    {
      name: 'Principal "*" with no condition',
      snapshot: { accounts: { [PROD]: { roles: [{ roleName: 'open', trustPolicy: trust({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }) }] } } },
      errors: [
        {
          messageId: 'wildcardPrincipal',
          data: { role: 'open', statement: '0', actions: 'sts:AssumeRole' },
          resource: `arn:aws:iam::${PROD}:role/open`,
          kind: 'Role',
          pointer: '/roles/0/trustPolicy/Statement/0/Principal',
        },
      ],
    },
    {
      name: '{"AWS": "*"} among other principals, next to a proper statement',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [
              {
                roleName: 'cross-account-admin',
                trustPolicy: trust(
                  { Sid: 'Vendor', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::464622532012:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'x' } } },
                  { Sid: 'Debug', Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${SANDBOX}:root`, '*'] }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
                ),
              },
            ],
          },
        },
      },
      errors: [{ messageId: 'wildcardPrincipal', data: { statement: '"Debug"', actions: 'sts:AssumeRole, sts:TagSession' }, pointer: '/roles/0/trustPolicy/Statement/1/Principal' }],
    },
    {
      name: 'a single-statement trust policy written with {"AWS": "*"}',
      snapshot: { accounts: { [PROD]: { roles: [{ roleName: 'legacy', path: '/legacy/', trustPolicy: { Version: V, Statement: { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' } } }] } } },
      errors: [{ messageId: 'wildcardPrincipal', resource: `arn:aws:iam::${PROD}:role/legacy/legacy`, pointer: '/roles/0/trustPolicy/Statement/Principal' }],
    },
    {
      name: 'an empty Condition object is no condition',
      snapshot: { accounts: { [PROD]: { roles: [{ roleName: 'tf-generated', trustPolicy: trust({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: {} }) }] } } },
      errors: [{ messageId: 'wildcardPrincipal', data: { role: 'tf-generated' } }],
    },
  ],
});
