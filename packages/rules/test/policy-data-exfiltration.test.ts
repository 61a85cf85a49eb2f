import { actionCatalog } from '@iamlint/core';
import { RuleTester } from '@iamlint/core/testing';
import { expect, it } from 'vitest';
import rule, { DATA_EXFILTRATION_ACTIONS } from '../src/policy/policy-data-exfiltration.js';
import { PROD, V, inline, policy, policyArn, s3ReadArtifacts } from './fixtures/policies.js';

const allow = (Action: unknown, Resource: unknown = '*', extra: object = {}) => ({ Version: V, Statement: [{ Effect: 'Allow', Action, Resource, ...extra }] });

it('lists real actions that a policy can scope by resource', () => {
  for (const name of DATA_EXFILTRATION_ACTIONS) {
    const info = actionCatalog.action(name);
    expect(info?.fullName, name).toBe(name);
    expect(info?.wildcardOnly, name).toBe(false);
  }
});

it('refuses an action the catalogue does not know, or one only "*" can name, in one line', () => {
  const snapshot = { accounts: { [PROD]: { policies: [policy('read', allow('s3:GetObject'))] } } };
  expect(() => RuleTester.lint('policy-data-exfiltration', rule, { snapshot, options: [{ actions: ['s3:GetObjekt'] }] })).toThrow(
    'policy-data-exfiltration: option actions: "s3:GetObjekt" is not an IAM action',
  );
  expect(() => RuleTester.lint('policy-data-exfiltration', rule, { snapshot, options: [{ actions: ['secretsmanager:BatchGetSecretValue'] }] })).toThrow(
    'secretsmanager:BatchGetSecretValue accepts only "Resource": "*"',
  );
});

new RuleTester().run('policy-data-exfiltration', rule, {
  valid: [
    {
      name: 'reads scoped to named buckets, parameters under a per-team path, a secret by name',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('read-artifacts', s3ReadArtifacts),
              policy('team-parameters', allow(['ssm:GetParameter', 'ssm:GetParametersByPath'], `arn:aws:ssm:eu-west-1:${PROD}:parameter/\${aws:PrincipalTag/team}/*`)),
              policy('db-secret', allow('secretsmanager:GetSecretValue', `arn:aws:secretsmanager:eu-west-1:${PROD}:secret:prod/orders/db-AbCdEf`)),
              policy('logs-bucket', allow('s3:GetObject', 'arn:aws:s3:::acme-*-logs/*')),
            ],
          },
        },
      },
    },
    {
      name: 'on "*" but under a condition (tag-based access), or taken back by a Deny in the same document',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('abac-secrets', allow('secretsmanager:GetSecretValue', '*', { Condition: { StringEquals: { 'secretsmanager:ResourceTag/team': '${aws:PrincipalTag/team}' } } })),
              policy('allow-and-deny', { Version: V, Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:Get*', Resource: '*' }] }),
            ],
          },
        },
      },
    },
    {
      name: 'AWS managed ReadOnlyAccess and AmazonSSMManagedInstanceCore are AWS\'s to fix: left out by default',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [{ roleName: 'ec2-app', attachedManagedPolicies: ['arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'] }],
            policies: [{ policyName: 'AmazonSSMManagedInstanceCore', arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore', document: allow(['ssm:DescribeAssociation', 'ssm:GetParameter', 'ssm:GetParameters']) }],
          },
        },
      },
    },
    {
      name: '"*" on "*" is the full-administrator rules\' finding; writes are not reads',
      snapshot: { accounts: { [PROD]: { policies: [policy('admin', allow('*')), policy('uploader', allow(['s3:PutObject', 's3:PutObjectAcl']))] } } },
    },
  ],
  invalid: [
    {
      name: 'Cloudsplaining\'s OverprivilegedEC2: s3:GetObject and secretsmanager:GetSecretValue on "*", one finding per policy',
      snapshot: { accounts: { [PROD]: { roles: [{ roleName: 'OverprivilegedEC2', inlinePolicies: [inline('SupYo', allow(['secretsmanager:GetSecretValue', 's3:GetObject', 'iam:CreateAccessKey'], '*', { Sid: 'VisualEditor0' }))] }] } } },
      errors: [
        {
          messageId: 'unscoped',
          data: { policy: 'inline policy SupYo of role OverprivilegedEC2', actions: 's3:GetObject, secretsmanager:GetSecretValue', statements: '"VisualEditor0"', resource: '"*"', count: 2 },
          kind: 'InlinePolicy',
          pointer: '/roles/0/inlinePolicies/0/document/Statement/0/Resource',
        },
      ],
    },
    {
      name: 'ARN patterns that name no bucket or parameter in particular are as wide as "*"',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('all-objects', allow('s3:GetObject*', ['arn:aws:s3:::acme-build-artifacts/*', 'arn:aws:s3:::*/*'])),
              policy('all-parameters', allow('ssm:GetParameter*', `arn:aws:ssm:eu-west-1:${PROD}:parameter/*`)),
            ],
          },
        },
      },
      errors: [
        { messageId: 'unscoped', data: { actions: 's3:GetObject, s3:GetObjectVersion', resource: 'arn:aws:s3:::*/*' }, resource: policyArn('all-objects'), pointer: '/policies/0/document/Statement/0/Resource/1' },
        { messageId: 'unscoped', data: { actions: 'ssm:GetParameter, ssm:GetParameterHistory, ssm:GetParameters, ssm:GetParametersByPath', resource: `arn:aws:ssm:eu-west-1:${PROD}:parameter/*` } },
      ],
    },
    {
      name: 'NotAction and NotResource reach every resource too; a Deny on one bucket takes back only that bucket',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('almost-everything', { Version: V, Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }] }),
              policy('all-but-audit', { Version: V, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::acme-audit-logs/*' }] }),
              policy('read-but-not-payroll', { Version: V, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-payroll/*' }] }),
            ],
          },
        },
      },
      errors: [
        { messageId: 'unscoped', data: { policy: 'managed policy almost-everything', count: 7 } },
        { messageId: 'unscoped', data: { actions: 's3:GetObject', resource: 'every resource except arn:aws:s3:::acme-audit-logs/*' }, pointer: '/policies/1/document/Statement/0/NotResource' },
        { messageId: 'unscoped', data: { policy: 'managed policy read-but-not-payroll', resource: '"*"' } },
      ],
    },
    {
      name: 'includeAwsManaged reports AWS managed policies too, and a custom list replaces the default',
      options: [{ actions: ['ssm:GetParameters', 'kms:Decrypt'], includeAwsManaged: true }],
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [{ roleName: 'ec2-app', attachedManagedPolicies: ['arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'] }],
            policies: [
              { policyName: 'AmazonSSMManagedInstanceCore', arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore', document: allow(['ssm:DescribeAssociation', 'ssm:GetParameter', 'ssm:GetParameters']) },
              policy('decrypt-anything', allow('kms:Decrypt')),
            ],
          },
        },
      },
      errors: [
        { messageId: 'unscoped', data: { policy: 'AWS managed policy AmazonSSMManagedInstanceCore', actions: 'ssm:GetParameters' }, resource: `arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore@${PROD}` },
        { messageId: 'unscoped', data: { actions: 'kms:Decrypt' } },
      ],
    },
  ],
});
