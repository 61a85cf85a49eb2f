import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/policy/inline-policy-full-admin.js';
import { PROD, V, githubOidcTrust, inline, s3ReadArtifacts } from './fixtures/policies.js';

const allowAll = (extra: object = {}) => ({ Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', ...extra }] });

new RuleTester().run('inline-policy-full-admin', rule, {
  valid: [
    {
      name: 'iam:* on the team\'s own path of roles only is no admin by another name',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [{ roleName: 'data-iam', trustPolicy: githubOidcTrust, inlinePolicies: [inline('team-roles', { Version: V, Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: `arn:aws:iam::${PROD}:role/data/*` }] })] }],
          },
        },
      },
    },
    {
      name: 'scoped inline policies of a user, a group and a role',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [{ userName: 'build-bot', inlinePolicies: [inline('read-artifacts', s3ReadArtifacts)] }],
            groups: [{ groupName: 'developers', inlinePolicies: [inline('logs', { Version: V, Statement: [{ Effect: 'Allow', Action: ['logs:Get*', 'logs:Describe*', 'logs:FilterLogEvents'], Resource: '*' }] })] }],
            roles: [{ roleName: 'github-deploy', trustPolicy: githubOidcTrust, inlinePolicies: [inline('deploy', { Version: V, Statement: [{ Effect: 'Allow', Action: ['s3:*', 'cloudfront:CreateInvalidation'], Resource: '*' }] })] }],
          },
        },
      },
    },
    {
      name: 'AWS managed AdministratorAccess is attached, not inline: not this rule\'s business',
      snapshot: { accounts: { [PROD]: { roles: [{ roleName: 'Admin', attachedManagedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] }] } } },
    },
    {
      name: 'an inline Allow "*" cancelled by an unconditional Deny "*" in the same document',
      snapshot: {
        accounts: { [PROD]: { roles: [{ roleName: 'quarantined', inlinePolicies: [inline('frozen', { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: '*:*', Resource: '*' }] })] }] } },
      },
    },
  ],
  invalid: [
    {
      name: 'iam:* on * in a role\'s inline policy: an administrator by another name',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [{ roleName: 'identity-bootstrap', trustPolicy: githubOidcTrust, inlinePolicies: [inline('manage-iam', { Version: V, Statement: [{ Sid: 'ManageIam', Effect: 'Allow', Action: ['iam:*', 'sts:GetCallerIdentity'], Resource: '*' }] })] }],
          },
        },
      },
      errors: [{ messageId: 'adminEquivalent', data: { actions: 'iam:PutUserPolicy and iam:PutRolePolicy', statement: '"ManageIam"', owner: 'identity-bootstrap' } }],
    },
    {
      name: 'a role\'s inline "*" on "*"',
      snapshot: { accounts: { [PROD]: { roles: [{ roleName: 'terraform', trustPolicy: githubOidcTrust, inlinePolicies: [inline('everything', allowAll())] }] } } },
      errors: [
        {
          messageId: 'fullAdmin',
          data: { policy: 'inline policy everything of role terraform', statement: '0', owner: 'terraform' },
          kind: 'InlinePolicy',
          resource: `arn:aws:iam::${PROD}:role/terraform#inline/everything`,
          pointer: '/roles/0/inlinePolicies/0/document/Statement/0/Action',
        },
      ],
    },
    {
      name: 'a user\'s and a group\'s, one under an MFA condition',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [{ userName: 'alice', inlinePolicies: [inline('read-artifacts', s3ReadArtifacts), inline('god-mode', { Version: V, Statement: [{ Effect: 'Allow', Action: ['*'], Resource: '*' }] })] }],
            groups: [{ groupName: 'admins', inlinePolicies: [inline('admin-mfa', allowAll({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))] }],
          },
        },
      },
      errors: [
        { messageId: 'fullAdmin', data: { policy: 'inline policy god-mode of user alice' }, pointer: '/users/0/inlinePolicies/1/document/Statement/0/Action/0' },
        { messageId: 'fullAdminConditional', data: { policy: 'inline policy admin-mfa of group admins', conditions: 'aws:MultiFactorAuthPresent' } },
      ],
    },
    {
      name: 'a permission set\'s inline policy, and one that denies only a few services',
      snapshot: {
        accounts: { [PROD]: {} },
        identityCenter: {
          permissionSets: [
            { name: 'Operator', inlinePolicy: allowAll() },
            { name: 'PlatformEngineer', inlinePolicy: { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: ['organizations:*', 'account:*'], Resource: '*' }] } },
          ],
        },
      },
      errors: [
        { messageId: 'fullAdmin', data: { policy: 'inline policy of permission set Operator' }, pointer: '/instances/0/permissionSets/0/inlinePolicy/Statement/0/Action' },
        { messageId: 'fullAdminExcept', data: { policy: 'inline policy of permission set PlatformEngineer', exceptions: '1' } },
      ],
    },
  ],
});
