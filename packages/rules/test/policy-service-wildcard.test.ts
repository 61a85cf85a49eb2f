import { actionCatalog } from '@iamlint/core';
import { RuleTester } from '@iamlint/core/testing';
import { expect, it } from 'vitest';
import rule, { SENSITIVE_SERVICES } from '../src/policy/policy-service-wildcard.js';
import { PROD, V, inline, policy, policyArn } from './fixtures/policies.js';

const allow = (Action: unknown, Resource: unknown = '*', extra: object = {}) => ({ Version: V, Statement: [{ Effect: 'Allow', Action, Resource, ...extra }] });
const FSBP = [{ services: ['*'], includeInline: false, excludePermissionsBoundaries: true }];
const KEY = `arn:aws:kms:eu-west-1:${PROD}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

it('lists only services the catalogue knows', () => {
  expect(SENSITIVE_SERVICES.filter((service) => !actionCatalog.hasService(service))).toEqual([]);
});

new RuleTester().run('policy-service-wildcard', rule, {
  valid: [
    {
      name: 'prefixed wildcards (iam:Get*, iam:List*) are not the whole service',
      snapshot: { accounts: { [PROD]: { policies: [policy('iam-read', allow(['iam:Get*', 'iam:List*', 'sts:GetCallerIdentity']))] } } },
    },
    {
      name: 'ec2:* and s3:* are outside the default sensitive list',
      snapshot: { accounts: { [PROD]: { policies: [policy('ec2-operator', allow(['ec2:*', 's3:*', 'elasticloadbalancing:*']))] } } },
    },
    {
      name: 'Allow iam:* and an unconditional Deny iam:* on "*" in the same document (Cloudsplaining\'s fp1-allow-and-deny)',
      snapshot: { accounts: { [PROD]: { policies: [policy('fp1-allow-and-deny', { Version: V, Statement: [{ Action: 'iam:*', Effect: 'Allow', Resource: '*' }, { Action: 'iam:*', Effect: 'Deny', Resource: '*' }] })] } } },
    },
    {
      name: '"*" is the full-administrator rules\' finding and NotAction policy-allow-not-action\'s',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('admin', allow('*')),
              policy('power-user', { Version: V, Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }] }),
              policy('deny-kms-deletion', { Version: V, Statement: [{ Effect: 'Deny', Action: 'kms:*', Resource: '*' }] }),
            ],
          },
        },
      },
    },
    {
      name: 'permission set inline policies are permission-set-inline-wildcard\'s',
      snapshot: { accounts: { [PROD]: {} }, identityCenter: { permissionSets: [{ name: 'KeyAdmin', inlinePolicy: allow('kms:*') }] } },
    },
    {
      name: 'FSBP options skip inline policies and boundary-only policies',
      options: FSBP,
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [{ roleName: 'app', inlinePolicies: [inline('dynamo', allow('dynamodb:*', `arn:aws:dynamodb:eu-west-1:${PROD}:table/orders`))], permissionsBoundary: policyArn('workload-boundary') }],
            policies: [{ ...policy('workload-boundary', allow(['s3:*', 'dynamodb:*', 'sqs:*'])), attachmentCount: 0, permissionsBoundaryUsageCount: 1 }],
          },
        },
      },
    },
  ],
  invalid: [
    {
      name: 'iam:* among other actions on "*" (Cloudsplaining\'s privesc-sre-admin-policy)',
      snapshot: { accounts: { [PROD]: { policies: [policy('privesc-sre-admin-policy', { Version: V, Statement: [{ Action: ['iam:*', 'ec2:*', 's3:*'], Effect: 'Allow', Resource: '*' }] })] } } },
      errors: [
        {
          messageId: 'serviceWildcard',
          data: { policy: 'managed policy privesc-sre-admin-policy', statement: '0', services: 'iam', patterns: 'iam:*', resources: 'every resource ("*")' },
          resource: policyArn('privesc-sre-admin-policy'),
          pointer: '/policies/0/document/Statement/0/Action/0',
        },
      ],
    },
    {
      name: 'kms:* on one key still grants kms:PutKeyPolicy and kms:ScheduleKeyDeletion on it; case does not matter',
      snapshot: { accounts: { [PROD]: { policies: [policy('key-admin', allow('KMS:*', KEY, { Sid: 'KeyAdmin' }))] } } },
      errors: [{ messageId: 'serviceWildcard', data: { statement: '"KeyAdmin"', services: 'kms', patterns: 'KMS:*', resources: KEY }, pointer: '/policies/0/document/Statement/0/Action' }],
    },
    {
      name: 'inline policies too, by default: sts:* and secretsmanager:* in one statement of a role',
      snapshot: { accounts: { [PROD]: { roles: [{ roleName: 'batch', inlinePolicies: [inline('secrets', allow(['sts:*', 'secretsmanager:*', 'logs:CreateLogStream']))] }] } } },
      errors: [{ messageId: 'serviceWildcard', kind: 'InlinePolicy', data: { services: 'secretsmanager, sts', patterns: 'secretsmanager:*, sts:*', policy: 'inline policy secrets of role batch' } }],
    },
    {
      name: 'a conditional Deny does not take the service back; one finding per statement',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('org-admin', {
                Version: V,
                Statement: [
                  { Sid: 'Org', Effect: 'Allow', Action: 'organizations:*', Resource: '*' },
                  { Sid: 'Trail', Effect: 'Allow', Action: ['cloudtrail:*'], Resource: `arn:aws:cloudtrail:eu-west-1:${PROD}:trail/org-trail` },
                  { Effect: 'Deny', Action: 'organizations:*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
                ],
              }),
            ],
          },
        },
      },
      errors: [
        { messageId: 'serviceWildcard', data: { statement: '"Org"', services: 'organizations' } },
        { messageId: 'serviceWildcard', data: { statement: '"Trail"', services: 'cloudtrail' }, pointer: '/policies/0/document/Statement/1/Action/0' },
      ],
    },
    {
      name: 'FSBP IAM.21 options report every service',
      options: FSBP,
      snapshot: { accounts: { [PROD]: { policies: [policy('ec2-operator', allow(['ec2:*', 's3:*', 'cloudwatch:GetMetricData']))] } } },
      errors: [{ messageId: 'serviceWildcard', data: { services: 'ec2, s3', patterns: 'ec2:*, s3:*' } }],
    },
  ],
});
