import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/access/user-direct-admin.js';
import { PROD, V, inline, policy, policyArn, s3ReadArtifacts } from './fixtures/policies.js';

const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const S3_ONLY_BOUNDARY = { Version: V, Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

new RuleTester().run('user-direct-admin', rule, {
  valid: [
    {
      name: 'iam:* attached directly, but a permissions boundary allows only S3 and IAM: what it grants itself stays capped',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [{ userName: 'iam-contractor', attachedManagedPolicies: [policyArn('iam-full')], permissionsBoundary: policyArn('s3-iam-boundary') }],
            policies: [
              policy('iam-full', { Version: V, Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] }),
              { ...policy('s3-iam-boundary', { Version: V, Statement: [{ Effect: 'Allow', Action: ['s3:*', 'iam:*'], Resource: '*' }] }), attachmentCount: 0, permissionsBoundaryUsageCount: 1 },
            ],
          },
        },
      },
    },
    {
      name: 'administrators through a group',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'alice', groups: ['admins'] }], groups: [{ groupName: 'admins', attachedManagedPolicies: [ADMIN_ARN] }] } } },
    },
    {
      name: 'a directly attached read-only policy is user-no-direct-policies\' finding, not an administrator',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'auditor', attachedManagedPolicies: ['arn:aws:iam::aws:policy/SecurityAudit'], inlinePolicies: [inline('artifacts', s3ReadArtifacts)] }] } } },
    },
    {
      name: 'AdministratorAccess attached directly, but a permissions boundary allows only S3: not an administrator',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [{ userName: 'contractor', attachedManagedPolicies: [ADMIN_ARN], permissionsBoundary: policyArn('s3-only-boundary') }],
            policies: [{ ...policy('s3-only-boundary', S3_ONLY_BOUNDARY), attachmentCount: 0, permissionsBoundaryUsageCount: 1 }],
          },
        },
      },
    },
    {
      name: 'declared break-glass users (by name or by tag) are administrators kept out of groups on purpose',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [
              { userName: 'breakglass-01', attachedManagedPolicies: [ADMIN_ARN] },
              { userName: 'emergency-ops', attachedManagedPolicies: [ADMIN_ARN], tags: { 'iamlint:break-glass': 'true' } },
            ],
          },
        },
      },
    },
  ],
  invalid: [
    {
      name: 'a customer managed iam:* on * attached to the user: an administrator by another name, attached directly',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [{ userName: 'identity-admin', attachedManagedPolicies: [policyArn('iam-full')] }],
            policies: [policy('iam-full', { Version: V, Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] })],
          },
        },
      },
      errors: [
        {
          messageId: 'directAdminEquivalent',
          data: { user: 'identity-admin', policies: 'iam-full', actions: 'iam:PutUserPolicy and iam:PutRolePolicy' },
          pointer: '/users/0/attachedManagedPolicies/0',
        },
      ],
    },
    {
      name: 'AdministratorAccess attached to the user, even with the same policy through a group (Cloudsplaining\'s obama)',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [{ userName: 'obama', groups: ['admin'], attachedManagedPolicies: ['arn:aws:iam::aws:policy/job-function/ViewOnlyAccess', ADMIN_ARN] }],
            groups: [{ groupName: 'admin', attachedManagedPolicies: [ADMIN_ARN] }],
          },
        },
      },
      errors: [{ messageId: 'directAdmin', data: { user: 'obama', policies: 'AdministratorAccess' }, resource: `arn:aws:iam::${PROD}:user/obama`, pointer: '/users/0/attachedManagedPolicies/1' }],
    },
    {
      name: 'an inline "*" on "*" and a customer managed one, both attached to the user',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [{ userName: 'terraform', attachedManagedPolicies: [policyArn('full-admin')], inlinePolicies: [inline('artifacts', s3ReadArtifacts), inline('everything', { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })] }],
            policies: [policy('full-admin', { Version: V, Statement: [{ Effect: 'Allow', Action: ['*'], Resource: ['*'] }] })],
          },
        },
      },
      errors: [{ messageId: 'directAdmin', data: { policies: 'inline policy everything, full-admin' }, pointer: '/users/0/inlinePolicies/1' }],
    },
    {
      name: 'admin only with MFA',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'ops', inlinePolicies: [inline('admin-mfa', { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] })] }] } } },
      errors: [{ messageId: 'directAdminConditional', data: { user: 'ops', policies: 'inline policy admin-mfa' } }],
    },
    {
      name: 'breakGlass: null checks every user',
      options: [{ breakGlass: null }],
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'breakglass-01', attachedManagedPolicies: [ADMIN_ARN] }] } } },
      errors: [{ messageId: 'directAdmin', data: { user: 'breakglass-01' } }],
    },
  ],
});
