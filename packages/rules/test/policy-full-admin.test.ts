import { RuleTester } from '@iamlint/core/testing';
import { describe, expect, it } from 'vitest';
import rule from '../src/policy/policy-full-admin.js';
import { coversEveryAction } from '../src/util/full-admin.js';
import { PROD, SANDBOX, V, lambdaTrust, policy, policyArn } from './fixtures/policies.js';

const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
/** AWS's AdministratorAccess, default version v1, as get-account-authorization-details returns it. */
const administratorAccess = {
  policyName: 'AdministratorAccess',
  arn: ADMIN_ARN,
  policyId: 'ANPAIWMBCKSKIEE64ZLYK',
  createDate: '2015-02-06T18:39:46Z',
  attachmentCount: 2,
  document: { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};
const allowAll = (extra: object = {}) => ({ Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', ...extra }] });

describe('coversEveryAction', () => {
  it('knows "*" and "*:*" grant every action, today\'s and future ones, and service wildcards do not', () => {
    expect(['*', '*:*', '**', '*:?*'].map(coversEveryAction)).toEqual([true, true, true, true]);
    expect(['iam:*', 's3*:*', '*:Get*', 'a*', '*Get*'].map(coversEveryAction)).toEqual([false, false, false, false, false]);
  });

  it('counts the catalogue for patterns that would also match a future service, whatever their spelling', () => {
    // Shapes the quick test does not know: every action of today's catalogue, and any future one.
    expect(['?*:*', '*?:?*', '*:*?', 'I*:*', '*:*ACTION'].map(coversEveryAction)).toEqual([true, true, true, false, false]);
  });
});

new RuleTester().run('policy-full-admin', rule, {
  valid: [
    {
      name: 'AWS managed AdministratorAccess on an admin role: AWS owns it, and FSBP IAM.1 checks customer managed policies only',
      snapshot: { accounts: { [PROD]: { roles: [{ roleName: 'Admin', attachedManagedPolicies: [ADMIN_ARN], trustPolicy: lambdaTrust }], policies: [administratorAccess] } } },
    },
    {
      name: 'service wildcards together are not "*:*", and without iam:* nobody grants itself the rest',
      snapshot: { accounts: { [PROD]: { policies: [policy('sre-ops', { Version: V, Statement: [{ Action: ['ec2:*', 's3:*', 'iam:Get*', 'iam:List*'], Effect: 'Allow', Resource: '*' }] })] } } },
    },
    {
      name: 'iam:PutUserPolicy on every user alone is an escalation, not admin by another name (roles are out of reach)',
      snapshot: { accounts: { [PROD]: { policies: [policy('user-policies', { Version: V, Statement: [{ Effect: 'Allow', Action: ['iam:PutUserPolicy', 'iam:AttachUserPolicy'], Resource: '*' }] })] } } },
    },
    {
      name: 'iam:* on IAM ARNs but with a deny of attaching and writing role policies in the same document',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [policy('iam-but-roles', { Version: V, Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }, { Effect: 'Deny', Action: ['iam:PutRolePolicy', 'iam:AttachRolePolicy'], Resource: '*' }] })],
          },
        },
      },
    },
    {
      name: 'the CIS and FSBP controls ask about "*:*" only: adminEquivalent false leaves iam:* out',
      options: [{ adminEquivalent: false }],
      snapshot: { accounts: { [PROD]: { policies: [policy('privesc-sre-admin-policy', { Version: V, Statement: [{ Action: ['iam:*', 'ec2:*', 's3:*'], Effect: 'Allow', Resource: '*' }] })] } } },
    },
    {
      name: '"Action": "*" with NotResource, and NotAction, are policy-allow-not-action\'s findings',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('all-but-audit', { Version: V, Statement: [{ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::acme-audit-logs/*' }] }),
              policy('power-user', { Version: V, Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }] }),
            ],
          },
        },
      },
    },
    {
      name: 'every action on one bucket only',
      snapshot: { accounts: { [PROD]: { policies: [policy('artifacts-owner', { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: ['arn:aws:s3:::acme-build-artifacts', 'arn:aws:s3:::acme-build-artifacts/*'] }] })] } } },
    },
    {
      name: 'an Allow "*" that the same document denies unconditionally is no grant at all',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [policy('quarantine', { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'DenyAll', Effect: 'Deny', Action: '*', Resource: '*' }] })],
          },
        },
      },
    },
    {
      name: 'a permissions boundary that allows everything caps nothing; it is skipped by default',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [{ userName: 'deploy', permissionsBoundary: policyArn('developer-boundary') }],
            policies: [{ ...policy('developer-boundary', allowAll()), attachmentCount: 0, permissionsBoundaryUsageCount: 1 }],
          },
        },
      },
    },
    {
      name: 'onlyAttached (CIS 1.15) leaves an unattached admin policy alone',
      options: [{ onlyAttached: true }],
      snapshot: { accounts: { [PROD]: { policies: [{ ...policy('legacy-admin', allowAll()), attachmentCount: 0 }] } } },
    },
    {
      name: 'a Deny-only policy',
      snapshot: { accounts: { [PROD]: { policies: [policy('deny-all', { Version: V, Statement: [{ Action: '*', Effect: 'Deny', Resource: '*' }] })] } } },
    },
  ],
  invalid: [
    {
      name: 'iam:* on * (Cloudsplaining\'s privesc-sre-admin-policy) is an administrator by another name, naming who holds it',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [{ roleName: 'privesc-sre-role', attachedManagedPolicies: [policyArn('privesc-sre-admin-policy')], trustPolicy: lambdaTrust }],
            policies: [policy('privesc-sre-admin-policy', { Version: V, Statement: [{ Action: ['iam:*', 'ec2:*', 's3:*'], Effect: 'Allow', Resource: '*' }] })],
          },
        },
      },
      errors: [
        {
          messageId: 'adminEquivalent',
          data: { actions: 'iam:PutUserPolicy and iam:PutRolePolicy', holders: 'role privesc-sre-role', statement: '0' },
          pointer: '/policies/0/document/Statement/0/Action',
        },
      ],
    },
    {
      name: 'iam:*Policy* under MFA: admin by another name when the condition holds',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [policy('policy-admin', { Version: V, Statement: [{ Sid: 'ManagePolicies', Effect: 'Allow', Action: 'iam:*Policy*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] })],
          },
        },
      },
      errors: [{ messageId: 'adminEquivalentConditional', data: { statement: '"ManagePolicies"' } }],
    },
    {
      name: 'the finding names the principals the policy reaches, five at most, and counts the rest',
      snapshot: {
        accounts: {
          [PROD]: {
            users: ['ana', 'ben', 'cai', 'dee', 'eli', 'fay'].map((userName) => ({ userName, attachedManagedPolicies: [policyArn('ops-everything')] })),
            groups: [{ groupName: 'operators', attachedManagedPolicies: [policyArn('ops-everything')] }],
            policies: [policy('ops-everything', allowAll())],
          },
        },
      },
      errors: [{ messageId: 'fullAdmin', data: { holders: 'user ana, user ben, user cai, user dee, user eli and 2 more' } }],
    },
    {
      name: 'the classic: "Action": "*", "Resource": "*" in a customer managed policy',
      snapshot: { accounts: { [PROD]: { policies: [policy('privesc-high-priv-service-policy', allowAll())] } } },
      errors: [
        {
          messageId: 'fullAdmin',
          data: { policy: 'managed policy privesc-high-priv-service-policy', statement: '0', holders: 'no user, group or role of the snapshot' },
          resource: policyArn('privesc-high-priv-service-policy'),
          pointer: '/policies/0/document/Statement/0/Action',
        },
      ],
    },
    {
      name: '"Action": ["*"] is the same grant; the pointer lands on the item',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [policy('ops-admin', { Version: V, Statement: [{ Sid: 'ReadLogs', Effect: 'Allow', Action: 'logs:Get*', Resource: '*' }, { Sid: 'AdminAccess', Effect: 'Allow', Action: ['*'], Resource: ['*'] }] })],
          },
        },
      },
      errors: [{ messageId: 'fullAdmin', data: { statement: '"AdminAccess"' }, pointer: '/policies/0/document/Statement/1/Action/0' }],
    },
    {
      name: '"*:*" and a single Statement object',
      snapshot: { accounts: { [PROD]: { policies: [policy('star-colon-star', { Version: V, Statement: { Effect: 'Allow', Action: '*:*', Resource: '*' } })] } } },
      errors: [{ messageId: 'fullAdmin', pointer: '/policies/0/document/Statement/Action' }],
    },
    {
      name: 'admin only with MFA is still admin, under a condition',
      snapshot: { accounts: { [PROD]: { policies: [policy('admin-with-mfa', allowAll({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))] } } },
      errors: [{ messageId: 'fullAdminConditional', data: { conditions: 'aws:MultiFactorAuthPresent' } }],
    },
    {
      name: 'a conditional deny of everything (outside the corporate network) leaves a conditional admin',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('office-admin', {
                Version: V,
                Statement: [
                  { Effect: 'Allow', Action: '*', Resource: '*' },
                  { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } } },
                ],
              }),
            ],
          },
        },
      },
      errors: [{ messageId: 'fullAdminConditional', data: { conditions: 'aws:SourceIp', statement: '0' } }],
    },
    {
      name: 'denying IAM and Organizations carves something out, but the policy still allows "*" on "*"',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('platform-admin', {
                Version: V,
                Statement: [
                  { Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' },
                  { Sid: 'NoIdentity', Effect: 'Deny', Action: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
                ],
              }),
            ],
          },
        },
      },
      errors: [{ messageId: 'fullAdminExcept', data: { statement: '"Everything"', exceptions: '"NoIdentity"' } }],
    },
    {
      name: 'attached as a boundary and to a role: it grants, so it is reported; excludePermissionsBoundaries: false reports the boundary-only one too',
      options: [{ excludePermissionsBoundaries: false }],
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              { ...policy('developer-boundary', allowAll()), attachmentCount: 0, permissionsBoundaryUsageCount: 3 },
              { ...policy('ci-admin', allowAll()), attachmentCount: 1, permissionsBoundaryUsageCount: 1 },
            ],
          },
        },
      },
      errors: [
        { messageId: 'fullAdmin', resource: policyArn('developer-boundary') },
        { messageId: 'fullAdmin', resource: policyArn('ci-admin') },
      ],
    },
    {
      name: 'CIS 1.15 options: attached AWS managed AdministratorAccess, in each account that uses it',
      options: [{ onlyAttached: true, includeAwsManaged: true, excludePermissionsBoundaries: false }],
      snapshot: {
        accounts: {
          [PROD]: { roles: [{ roleName: 'Admin', attachedManagedPolicies: [ADMIN_ARN] }], policies: [administratorAccess] },
          [SANDBOX]: { groups: [{ groupName: 'admins', attachedManagedPolicies: [ADMIN_ARN] }], policies: [{ ...administratorAccess, attachmentCount: 1 }] },
        },
      },
      errors: [
        { messageId: 'fullAdmin', data: { policy: 'AWS managed policy AdministratorAccess' }, resource: `${ADMIN_ARN}@${PROD}`, accountId: PROD },
        { messageId: 'fullAdmin', resource: `${ADMIN_ARN}@${SANDBOX}`, accountId: SANDBOX },
      ],
    },
  ],
});
