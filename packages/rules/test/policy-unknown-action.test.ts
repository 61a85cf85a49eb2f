import { actionCatalog } from '@iamlint/core';
import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/policy/policy-unknown-action.js';
import {
  denyOutsideRegionsScp,
  enforceOrgIdentitiesRcp,
  githubOidcTrust,
  inline,
  lambdaDeployer,
  MANAGEMENT,
  manageOwnCredentials,
  policy,
  policyArn,
  PROD,
  SANDBOX,
  rcp,
  scp,
  V,
} from './fixtures/policies.js';

const allow = (Action: unknown, Resource: unknown = '*') => ({ Version: V, Statement: [{ Effect: 'Allow', Action, Resource }] });
const catalogueDate = actionCatalog.data.updatedAt.slice(0, 10);

/** AWS's AWSIoT1ClickReadOnlyAccess, copied into an account: AWS retired IoT 1-Click, so its prefix left the catalogue. */
const iot1ClickReadOnly = { Version: V, Statement: [{ Action: ['iot1click:Describe*', 'iot1click:Get*', 'iot1click:List*'], Effect: 'Allow', Resource: '*' }] };

new RuleTester().run('policy-unknown-action', rule, {
  valid: [
    {
      name: 'real actions, wildcards that match, SCP and RCP action lists',
      snapshot: {
        organization: { managementAccountId: MANAGEMENT, policies: [scp('deny-outside-eu', denyOutsideRegionsScp), rcp('enforce-org-identities', enforceOrgIdentitiesRcp)] },
        accounts: {
          [PROD]: {
            users: [{ userName: 'alice', inlinePolicies: [inline('manage-own-credentials', manageOwnCredentials)] }],
            roles: [{ roleName: 'github-deploy', trustPolicy: githubOidcTrust }],
            policies: [policy('lambda-deployer', lambdaDeployer)],
          },
        },
      },
    },
    {
      name: 'actions are case-insensitive, as IAM reads them',
      snapshot: { accounts: { [PROD]: { policies: [policy('mixed-case', allow(['S3:getobject', 'EC2:Describe*', 'iam:list*']))] } } },
    },
    {
      name: 'Action "*" and a wildcard in the middle',
      snapshot: { accounts: { [PROD]: { policies: [policy('admin', allow('*')), policy('objects', allow('s3:*Object*', 'arn:aws:s3:::acme-data/*'))] } } },
    },
    {
      name: 'an AWS managed policy naming a retired action is not reported',
      snapshot: { accounts: { [PROD]: { policies: [{ policyName: 'OldManaged', arn: 'arn:aws:iam::aws:policy/OldManaged', document: allow('s3:GetBucketPolicyStatusLegacy') }] } } },
    },
    {
      name: 'permission set inline policy with real actions',
      snapshot: { accounts: { [PROD]: {} }, identityCenter: { permissionSets: [{ name: 'Billing', inlinePolicy: allow(['aws-portal:ViewBilling', 'ce:Get*', 'budgets:ViewBudget']) }] } },
    },
  ],
  invalid: [
    {
      name: 'the same typo in two accounts and in NotAction is reported at each place, the real action next to it at none',
      snapshot: {
        accounts: {
          [PROD]: { policies: [policy('baseline-read', allow(['s3:GetObjects', 's3:GetObject'], 'arn:aws:s3:::acme-build-artifacts/*'))] },
          [SANDBOX]: {
            policies: [
              policy('baseline-read', allow(['s3:GetObjects', 's3:GetObject'], 'arn:aws:s3:::acme-build-artifacts/*')),
              policy('not-read', { Version: V, Statement: [{ Effect: 'Allow', NotAction: 's3:GetObjects', Resource: '*' }] }),
            ],
          },
        },
      },
      errors: [
        { messageId: 'unknownActionSuggestion', data: { action: 's3:GetObjects', element: 'Action', suggestion: 's3:GetObject' }, resource: policyArn('baseline-read'), pointer: '/policies/0/document/Statement/0/Action/0' },
        { messageId: 'unknownActionSuggestion', data: { action: 's3:GetObjects', element: 'Action', suggestion: 's3:GetObject' }, resource: policyArn('baseline-read', SANDBOX), pointer: '/policies/0/document/Statement/0/Action/0' },
        { messageId: 'unknownActionSuggestion', data: { action: 's3:GetObjects', element: 'NotAction', suggestion: 's3:GetObject' }, resource: policyArn('not-read', SANDBOX), pointer: '/policies/1/document/Statement/0/NotAction' },
      ],
    },
    {
      name: 'a typo in an action name, with the closest real action suggested',
      snapshot: { accounts: { [PROD]: { policies: [policy('read-artifacts', allow(['s3:GetObjects', 's3:ListBucket'], ['arn:aws:s3:::acme-build-artifacts', 'arn:aws:s3:::acme-build-artifacts/*']))] } } },
      errors: [
        {
          messageId: 'unknownActionSuggestion',
          data: { action: 's3:GetObjects', service: 's3', suggestion: 's3:GetObject', element: 'Action', statement: '0', policy: 'managed policy read-artifacts' },
          resource: policyArn('read-artifacts'),
          pointer: '/policies/0/document/Statement/0/Action/0',
        },
      ],
    },
    {
      name: 'an unknown service prefix and a name that is nothing like a real action',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'ops', inlinePolicies: [inline('ops', allow(['cloudwatchlogs:PutLogEvents', 'lambda:DoEverythingPlease']))] }] } } },
      errors: [
        { messageId: 'unknownService', data: { action: 'cloudwatchlogs:PutLogEvents', service: 'cloudwatchlogs', catalogueDate }, pointer: '/users/0/inlinePolicies/0/document/Statement/0/Action/0' },
        { messageId: 'unknownAction', data: { action: 'lambda:DoEverythingPlease', service: 'lambda' }, pointer: '/users/0/inlinePolicies/0/document/Statement/0/Action/1' },
      ],
    },
    {
      name: 'a typo in the NotAction of a region-restriction SCP widens the deny: reported',
      snapshot: {
        organization: {
          managementAccountId: MANAGEMENT,
          policies: [
            scp('deny-outside-eu', {
              Version: V,
              Statement: [{ Sid: 'DenyAllOutsideEU', Effect: 'Deny', NotAction: ['iam:*', 'organisations:*', 'support:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }],
            }),
          ],
        },
      },
      errors: [
        {
          messageId: 'unknownServiceSuggestion',
          data: { action: 'organisations:*', service: 'organisations', suggestion: 'organizations:*', element: 'NotAction', statement: '"DenyAllOutsideEU"' },
          kind: 'Scp',
          pointer: '/policies/0/document/Statement/0/NotAction/1',
        },
      ],
    },
    {
      name: 'a wildcard that matches nothing, and an action written without its service',
      snapshot: { accounts: { [PROD]: { roles: [{ roleName: 'batch', inlinePolicies: [inline('queues', allow(['sqs:*Messages', 'SendMessage']))] }] } } },
      errors: [
        { messageId: 'noMatch', data: { action: 'sqs:*Messages' }, pointer: '/roles/0/inlinePolicies/0/document/Statement/0/Action/0' },
        { messageId: 'invalidFormat', data: { action: 'SendMessage' }, pointer: '/roles/0/inlinePolicies/0/document/Statement/0/Action/1' },
      ],
    },
    {
      name: 'a single-statement document and a trust policy with a misspelt action',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [{ roleName: 'github', trustPolicy: { ...githubOidcTrust, Statement: [{ ...githubOidcTrust.Statement[0], Action: 'sts:AssumeRoleWithWebIdentify' }] } }],
            policies: [policy('one-statement', { Version: V, Statement: { Effect: 'Allow', Action: 'dynamodb:GetItems', Resource: '*' } })],
          },
        },
      },
      errors: [
        { messageId: 'unknownActionSuggestion', data: { suggestion: 'sts:AssumeRoleWithWebIdentity', policy: 'trust policy of role github' }, kind: 'Role', pointer: '/roles/0/trustPolicy/Statement/0/Action' },
        { messageId: 'unknownActionSuggestion', data: { suggestion: 'dynamodb:GetItem' }, pointer: '/policies/0/document/Statement/Action' },
      ],
    },
      {
      name: 'a discontinued service (IoT 1-Click, copied from AWS managed AWSIoT1ClickReadOnlyAccess): every pattern, no suggestion',
      snapshot: { accounts: { [PROD]: { policies: [policy('iot1click-read-only', iot1ClickReadOnly)] } } },
      errors: ['iot1click:Describe*', 'iot1click:Get*', 'iot1click:List*'].map((action, i) => ({
        messageId: 'unknownService',
        data: { action, service: 'iot1click', catalogueDate },
        pointer: `/policies/0/document/Statement/0/Action/${i}`,
      })),
    },
    {
      name: 'a mistyped prefix: the same action under the nearest real prefix, or the real action a prefix away',
      snapshot: {
        accounts: {
          [PROD]: { policies: [policy('ci-runner', allow(['ec22:DescribeInstances', 'sns:SendMessage', 'sqs:GetQueueUrl'], '*'))] },
        },
      },
      errors: [
        { messageId: 'unknownServiceSuggestion', data: { action: 'ec22:DescribeInstances', service: 'ec22', suggestion: 'ec2:DescribeInstances' }, pointer: '/policies/0/document/Statement/0/Action/0' },
        { messageId: 'unknownActionSuggestion', data: { action: 'sns:SendMessage', service: 'sns', suggestion: 'sms:SendMessage or sqs:SendMessage' }, pointer: '/policies/0/document/Statement/0/Action/1' },
      ],
    },
    {
      name: 'an action name far from every real one gets no guess (AWS\'s AWSManagedSettingsAdminAccess writes payments:Get)',
      snapshot: { accounts: { [PROD]: { policies: [policy('billing-settings', allow(['payments:Get', 'payments:ListPaymentPreferences']))] } } },
      errors: [{ messageId: 'unknownAction', data: { action: 'payments:Get', service: 'payments', suggestion: '' }, pointer: '/policies/0/document/Statement/0/Action/0' }],
    },
  ],
});
