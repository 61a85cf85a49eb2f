import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/policy/policy-version.js';
import { denyLeaveOrgScp, githubOidcTrust, inline, MANAGEMENT, manageOwnCredentials, policy, policyArn, PROD, s3ReadArtifacts, scp } from './fixtures/policies.js';

const oldStyle = {
  Version: '2008-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::acme-home/${aws:username}/*' }],
};

new RuleTester().run('policy-version', rule, {
  valid: [
    {
      name: 'current Version everywhere',
      snapshot: {
        organization: { managementAccountId: MANAGEMENT, policies: [scp('deny-leave-org', denyLeaveOrgScp)] },
        accounts: {
          [PROD]: {
            users: [{ userName: 'alice', inlinePolicies: [inline('manage-own-credentials', manageOwnCredentials)] }],
            roles: [{ roleName: 'github-deploy', trustPolicy: githubOidcTrust }],
            policies: [policy('read-build-artifacts', s3ReadArtifacts)],
          },
        },
      },
    },
    {
      name: 'an old AWS managed policy is AWS\'s to update',
      snapshot: { accounts: { [PROD]: { policies: [{ policyName: 'AmazonEC2RoleforSSM', arn: 'arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM', document: oldStyle }] } } },
    },
    {
      name: 'a document that is not JSON is policy-malformed\'s, not reported twice',
      snapshot: { accounts: { [PROD]: { policies: [policy('truncated', '{"Statement":[')] } } },
    },
    {
      name: 'a Version that is not a string is policy-malformed\'s',
      snapshot: { accounts: { [PROD]: { policies: [policy('numeric-version', { Version: 2012, Statement: s3ReadArtifacts.Statement })] } } },
    },
    {
      name: 'permission set inline policy with the current Version',
      snapshot: { accounts: { [PROD]: {} }, identityCenter: { permissionSets: [{ name: 'ReadArtifacts', inlinePolicy: s3ReadArtifacts }] } },
    },
  ],
  invalid: [
    {
      name: 'a home-folder policy on 2008-10-17, where ${aws:username} is literal text',
      snapshot: { accounts: { [PROD]: { policies: [policy('home-folders', oldStyle)] } } },
      errors: [{ messageId: 'old', data: { policy: 'managed policy home-folders' }, resource: policyArn('home-folders'), pointer: '/policies/0/document/Version' }],
    },
    {
      name: 'a trust policy written without Version',
      snapshot: {
        accounts: { [PROD]: { roles: [{ roleName: 'ec2-app', trustPolicy: { Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } }] } },
      },
      errors: [{ messageId: 'missing', data: { policy: 'trust policy of role ec2-app' }, kind: 'Role', pointer: '/roles/0/trustPolicy' }],
    },
    {
      name: 'an SCP with a made-up Version',
      snapshot: {
        organization: { managementAccountId: MANAGEMENT, policies: [scp('deny-leave-org', { ...denyLeaveOrgScp, Version: '2012-10-18' })] },
      },
      errors: [{ messageId: 'unknown', data: { version: '2012-10-18', policy: 'SCP deny-leave-org' }, kind: 'Scp', pointer: '/policies/0/document/Version' }],
    },
    {
      name: 'permission set and role inline policies without Version',
      snapshot: {
        accounts: { [PROD]: { roles: [{ roleName: 'reporting', inlinePolicies: [inline('read', { Statement: s3ReadArtifacts.Statement })] }] } },
        identityCenter: { permissionSets: [{ name: 'Billing', inlinePolicy: { Statement: [{ Effect: 'Allow', Action: ['aws-portal:ViewBilling', 'ce:Get*'], Resource: '*' }] } }] },
      },
      errors: [
        { messageId: 'missing', data: { policy: 'inline policy read of role reporting' }, pointer: '/roles/0/inlinePolicies/0/document' },
        { messageId: 'missing', data: { policy: 'inline policy of permission set Billing' }, kind: 'InlinePolicy', pointer: '/instances/0/permissionSets/0/inlinePolicy' },
      ],
    },
  ],
});
