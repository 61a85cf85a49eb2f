import { describe, expect, it } from 'vitest';
import { RuleTester } from '@iamlint/core/testing';
import rule, { globsIntersect } from '../src/policy/policy-resource-mismatch.js';
import { denyLeaveOrgScp, inline, lambdaDeployer, MANAGEMENT, manageOwnCredentials, policy, policyArn, PROD, s3ReadArtifacts, SANDBOX, scp, V } from './fixtures/policies.js';

const statement = (Action: unknown, Resource: unknown, extra: object = {}) => ({ Version: V, Statement: [{ Effect: 'Allow', Action, Resource, ...extra }] });

describe('globsIntersect', () => {
  it.each([
    ['arn:aws:s3:::acme-data/*', 'arn:*:s3:::*/*', true],
    ['arn:aws:s3:::acme-data', 'arn:*:s3:::*/*', false],
    ['arn:aws:s3:::acme-*', 'arn:*:s3:::*/*', true],
    ['arn:aws:iam::123456789012:role/app', 'arn:*:iam::*:role/*', true],
    ['arn:aws:iam::123456789012:user/app', 'arn:*:iam::*:role/*', false],
    ['arn:aws:iam::?23456789012:role/app', 'arn:*:iam::*:role/*', true],
    ['*', 'arn:*:s3:::*', true],
    ['', '', true],
    ['a', '', false],
    // One side without wildcards: whether the other matches it.
    ['arn:aws:dynamodb:eu-west-1:123456789012:table/orders', 'arn:?*:dynamodb:?*:?*:table/?*', true],
    ['arn:aws:dynamodb:eu-west-1:123456789012:table/', 'arn:?*:dynamodb:?*:?*:table/?*', false],
    ['arn:aws:s3:::acme-data', 'arn:?*:s3:::?*/?*', false],
    ['arn:aws:s3:::acme-data/reports/2026.csv', 'arn:?*:s3:::?*/?*', true],
    ['arn:aws:s3:::acme-data', 'arn:aws:s3:::acme-data', true],
    ['arn:aws:s3:::acme-data', 'arn:aws:s3:::acme-date', false],
    ['arn:aws:s3:::acme-data/*', 'arn:aws:s3:::acme-data/reports', true],
    ['arn:aws:s3:::acme-data/?', 'arn:aws:s3:::acme-data/ab', false],
  ])('%s ∩ %s → %s', (a, b, expected) => {
    expect(globsIntersect(a, b)).toBe(expected);
    expect(globsIntersect(b, a)).toBe(expected);
  });

  it('answers each pair afresh, alternating small pairs with one too large for the shared cells', () => {
    const bucket = 'arn:aws:s3:::acme-data';
    const objects = 'arn:*:s3:::*/*';
    const longKeys = `arn:*:s3:::*/${'?'.repeat(300)}*`;
    for (let round = 0; round < 3; round++) {
      expect(globsIntersect(`${bucket}/*`, objects)).toBe(true);
      expect(globsIntersect(bucket, objects)).toBe(false);
      expect(globsIntersect(`${bucket}/${'reports/'.repeat(40)}`, longKeys)).toBe(true);
      expect(globsIntersect(`arn:aws:s3:::${'acme-data-'.repeat(35)}`, longKeys)).toBe(false);
    }
  });

  it('stays fast on hostile patterns', () => {
    expect(globsIntersect(`${'*a'.repeat(2000)}b`, `${'a*'.repeat(2000)}c`)).toBe(false);
  });
});

new RuleTester().run('policy-resource-mismatch', rule, {
  valid: [
    {
      name: 'bucket actions on the bucket, object actions on its objects, PassRole on roles',
      snapshot: { accounts: { [PROD]: { policies: [policy('read-build-artifacts', s3ReadArtifacts), policy('lambda-deployer', lambdaDeployer)] } } },
    },
    {
      name: 'one statement mixing bucket and object actions over both ARNs',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('artifacts-rw', statement(['s3:ListBucket', 's3:GetObject', 's3:PutObject'], ['arn:aws:s3:::acme-build-artifacts', 'arn:aws:s3:::acme-build-artifacts/*'])),
            ],
          },
        },
      },
    },
    {
      name: 'Resource "*", variables, and wildcard-only actions on "*" are not judged',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [{ userName: 'alice', inlinePolicies: [inline('manage-own-credentials', manageOwnCredentials)] }],
            policies: [
              policy('home', statement('s3:GetObject', 'arn:aws:s3:::acme-home/${aws:username}')),
              policy('describe', statement(['ec2:DescribeInstances', 's3:ListAllMyBuckets'], '*')),
            ],
          },
        },
      },
    },
    {
      name: 'wildcard-only actions with an ARN pattern (old S3 console example) are left alone',
      snapshot: { accounts: { [PROD]: { policies: [policy('console', statement(['s3:ListAllMyBuckets', 's3:GetBucketLocation'], 'arn:aws:s3:::*'))] } } },
    },
    {
      name: 'a statement mixing wildcard-only and resource-level actions, and an unknown action, are skipped',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('mixed', statement(['ec2:DescribeInstances', 'ec2:StartInstances'], `arn:aws:ec2:eu-west-1:${PROD}:instance/i-0abc`)),
              policy('typo', statement('s3:GetObjects', 'arn:aws:s3:::acme-data')),
            ],
          },
        },
      },
    },
    {
      name: 'an SCP on "*" and a NotAction statement',
      snapshot: {
        organization: { managementAccountId: MANAGEMENT, policies: [scp('deny-leave-org', denyLeaveOrgScp)] },
        accounts: { [PROD]: { policies: [policy('not-action', { Version: V, Statement: [{ Effect: 'Deny', NotAction: 's3:GetObject', Resource: 'arn:aws:s3:::acme-data' }] })] } },
      },
    },
  ],
  invalid: [
    {
      name: 'the same statement in every account is reported in each, and the same actions on the right ARN in none',
      snapshot: {
        accounts: {
          [PROD]: { policies: [policy('baseline-reports', statement(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::acme-reports'))] },
          [SANDBOX]: {
            policies: [
              policy('baseline-reports', statement(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::acme-reports')),
              policy('reports-fixed', statement(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::acme-reports/*')),
            ],
          },
        },
      },
      errors: [
        { messageId: 'mismatch', data: { policy: 'managed policy baseline-reports', expected: 's3:accesspointobject, s3:object' }, resource: policyArn('baseline-reports') },
        { messageId: 'mismatch', data: { policy: 'managed policy baseline-reports', expected: 's3:accesspointobject, s3:object' }, resource: policyArn('baseline-reports', SANDBOX) },
      ],
    },
    {
      name: 'object actions on the bucket ARN (the classic missing /*)',
      snapshot: { accounts: { [PROD]: { policies: [policy('upload-reports', statement(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::acme-reports'))] } } },
      errors: [
        {
          messageId: 'mismatch',
          data: { policy: 'managed policy upload-reports', statement: '0', actions: 's3:GetObject, s3:PutObject', resources: 'arn:aws:s3:::acme-reports', expected: 's3:accesspointobject, s3:object' },
          resource: policyArn('upload-reports'),
          pointer: '/policies/0/document/Statement/0/Resource',
        },
      ],
    },
    {
      name: 'iam:PassRole on an instance profile ARN instead of the role',
      snapshot: { accounts: { [PROD]: { roles: [{ roleName: 'ci', inlinePolicies: [inline('pass', statement('iam:PassRole', `arn:aws:iam::${PROD}:instance-profile/web`))] }] } } },
      errors: [{ messageId: 'mismatch', data: { expected: 'iam:role', policy: 'inline policy pass of role ci' }, pointer: '/roles/0/inlinePolicies/0/document/Statement/0/Resource' }],
    },
    {
      name: 'DynamoDB actions on a table ARN without region and account',
      snapshot: {
        accounts: { [PROD]: { policies: [policy('orders', { Version: V, Statement: { Sid: 'Orders', Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: 'arn:aws:dynamodb:::table/orders' } })] } },
      },
      errors: [{ messageId: 'mismatch', data: { statement: '"Orders"' }, pointer: '/policies/0/document/Statement/Resource' }],
    },
    {
      name: 'wildcard-only actions given a specific instance ARN',
      snapshot: {
        accounts: { [PROD]: {} },
        identityCenter: { permissionSets: [{ name: 'Viewer', inlinePolicy: statement(['ec2:DescribeInstances', 'ec2:DescribeVolumes'], `arn:aws:ec2:eu-west-1:${PROD}:instance/i-0abc1234`) }] },
      },
      errors: [{ messageId: 'wildcardOnly', data: { actions: 'ec2:DescribeInstances, ec2:DescribeVolumes' }, kind: 'InlinePolicy', pointer: '/instances/0/permissionSets/0/inlinePolicy/Statement/0/Resource' }],
    },
    {
      name: 'a Deny on the wrong resource type denies nothing either',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [
              {
                userName: 'contractor',
                inlinePolicies: [inline('no-secrets', { Version: V, Statement: [{ Effect: 'Deny', Action: 'secretsmanager:GetSecretValue', Resource: `arn:aws:kms:eu-west-1:${PROD}:key/1234abcd-12ab-34cd-56ef-1234567890ab` }] })],
              },
            ],
          },
        },
      },
      errors: [{ messageId: 'mismatch', data: { expected: 'secretsmanager:Secret' }, pointer: '/users/0/inlinePolicies/0/document/Statement/0/Resource' }],
    },
  ],
});
