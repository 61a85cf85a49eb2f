import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/policy/policy-passrole-star.js';
import { denyOutsideRegionsScp, githubOidcTrust, inline, lambdaDeployer, MANAGEMENT, policy, policyArn, PROD, SANDBOX, scp, V } from './fixtures/policies.js';

const allow = (Action: unknown, Resource: unknown = '*', extra: object = {}) => ({ Version: V, Statement: [{ Effect: 'Allow', Action, Resource, ...extra }] });

new RuleTester().run('policy-passrole-star', rule, {
  valid: [
    {
      name: 'PassRole limited to named roles; AssumeRole on a role ARN',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [policy('lambda-deployer', lambdaDeployer), policy('assume-deploy', allow('sts:AssumeRole', `arn:aws:iam::${SANDBOX}:role/deploy`))],
          },
        },
      },
    },
    {
      name: 'read-only IAM on "*" does not include PassRole',
      snapshot: { accounts: { [PROD]: { policies: [policy('iam-read', allow(['iam:Get*', 'iam:List*'])), policy('sts-identity', allow('sts:GetCallerIdentity'))] } } },
    },
    {
      name: 'a Deny of iam:PassRole on "*" and an SCP are not grants',
      snapshot: {
        organization: { managementAccountId: MANAGEMENT, policies: [scp('deny-outside-eu', denyOutsideRegionsScp)] },
        accounts: {
          [MANAGEMENT]: {},
          [PROD]: { roles: [{ roleName: 'github-deploy', trustPolicy: githubOidcTrust }], policies: [policy('no-pass', { Version: V, Statement: [{ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }] })] },
        },
      },
    },
    {
      name: 'PassRole on "*" narrowed to tagged roles (ABAC)',
      snapshot: { accounts: { [PROD]: { policies: [policy('pass-team-roles', allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:ResourceTag/team': '${aws:PrincipalTag/team}' } } }))] } } },
    },
    {
      name: 'Allow iam:* and an unconditional Deny iam:* in the same policy (cloudsplaining example fp1-allow-and-deny)',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [policy('fp1-allow-and-deny', { Version: V, Statement: [{ Action: 'iam:*', Effect: 'Allow', Resource: '*' }, { Action: 'iam:*', Effect: 'Deny', Resource: '*' }] })],
          },
        },
      },
    },
    {
      name: 'NotAction that excludes IAM and STS',
      snapshot: { accounts: { [PROD]: { policies: [policy('power-user', { Version: V, Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'sts:*', 'organizations:*'], Resource: '*' }] })] } } },
    },
  ],
  invalid: [
    {
      name: 'the classic CI policy: iam:PassRole on "*"',
      snapshot: { accounts: { [PROD]: { policies: [policy('ci-deploy', allow(['lambda:UpdateFunctionCode', 'iam:PassRole']))] } } },
      errors: [{ messageId: 'passRole', data: { grantedBy: 'iam:PassRole', statement: '0', policy: 'managed policy ci-deploy' }, resource: policyArn('ci-deploy'), pointer: '/policies/0/document/Statement/0/Resource' }],
    },
    {
      name: 'PassRole restricted to a service is still any role',
      snapshot: {
        accounts: {
          [PROD]: { users: [{ userName: 'ml', inlinePolicies: [inline('sagemaker', allow('iam:PassRole', ['*'], { Sid: 'PassToSageMaker', Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } } }))] }] },
        },
      },
      errors: [{ messageId: 'passRole', data: { statement: '"PassToSageMaker"' }, pointer: '/users/0/inlinePolicies/0/document/Statement/0/Resource/0' }],
    },
    {
      name: 'iam:* and sts:Assume* on "*" report both, through the patterns that grant them',
      snapshot: { accounts: { [PROD]: { groups: [{ groupName: 'platform', inlinePolicies: [inline('platform', allow(['iam:*', 'sts:Assume*', 'ec2:*']))] }] } } },
      errors: [
        { messageId: 'passRole', data: { grantedBy: 'iam:*' }, pointer: '/groups/0/inlinePolicies/0/document/Statement/0/Resource' },
        { messageId: 'assumeRole', data: { grantedBy: 'sts:Assume*' }, pointer: '/groups/0/inlinePolicies/0/document/Statement/0/Resource' },
      ],
    },
    {
      name: 'NotAction that forgets IAM grants PassRole; a permission set with sts:AssumeRole on "*"',
      snapshot: {
        accounts: { [PROD]: { policies: [policy('almost-power-user', { Version: V, Statement: [{ Effect: 'Allow', NotAction: ['organizations:*', 'account:*', 'sts:*'], Resource: '*' }] })] } },
        identityCenter: { permissionSets: [{ name: 'Jumpbox', inlinePolicy: allow('sts:AssumeRole') }] },
      },
      errors: [
        { messageId: 'passRole', data: { grantedBy: 'NotAction organizations:*, account:*, sts:*' }, pointer: '/policies/0/document/Statement/0/Resource' },
        { messageId: 'assumeRole', data: { policy: 'inline policy of permission set Jumpbox' }, kind: 'InlinePolicy', pointer: '/instances/0/permissionSets/0/inlinePolicy/Statement/0/Resource' },
      ],
    },
    {
      name: 'a conditional Deny in the same policy does not cancel the grant',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('deploy', {
                Version: V,
                Statement: [
                  { Effect: 'Allow', Action: ['iam:PassRole', 'ecs:RunTask'], Resource: '*' },
                  { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } },
                ],
              }),
            ],
          },
        },
      },
      errors: [{ messageId: 'passRole', data: { grantedBy: 'iam:PassRole' } }],
    },
    {
      name: 'Action "*" on "*" in a role\'s inline policy',
      snapshot: { accounts: { [PROD]: { roles: [{ roleName: 'admin', inlinePolicies: [inline('everything', allow('*'))] }] } } },
      errors: [
        { messageId: 'assumeRole', data: { grantedBy: '*' } },
        { messageId: 'passRole', data: { grantedBy: '*' } },
      ],
    },
  ],
});
