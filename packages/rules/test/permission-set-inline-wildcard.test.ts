import { describe, expect, it } from 'vitest';
import { RuleTester, type SnapshotSpec } from '@iamlint/core/testing';
import rule from '../src/identity-center/permission-set-inline-wildcard.js';

const MANAGEMENT = '311842569027';
const INSTANCE = 'ssoins-7223a2e5f1c1d4b0';
const DATA_ENGINEER_ARN = `arn:aws:sso:::permissionSet/${INSTANCE}/ps-5c1e7a3f9b2d8064`;
const INLINE_ID = `${DATA_ENGINEER_ARN}#inline`;
const BASE = '/instances/0/permissionSets/0/inlinePolicy';

const withInline = (statements: unknown[] | unknown): SnapshotSpec => ({
  accounts: { [MANAGEMENT]: {} },
  identityCenter: {
    permissionSets: [
      { name: 'DataEngineer', arn: DATA_ENGINEER_ARN, managedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], inlinePolicy: { Version: '2012-10-17', Statement: statements } },
    ],
  },
});

new RuleTester().run('permission-set-inline-wildcard', rule, {
  valid: [
    {
      name: 'named actions on named resources',
      snapshot: withInline([
        { Sid: 'ReadLake', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::acme-data-lake', 'arn:aws:s3:::acme-data-lake/*'] },
        { Sid: 'RunQueries', Effect: 'Allow', Action: ['athena:StartQueryExecution', 'athena:GetQueryResults'], Resource: 'arn:aws:athena:eu-west-1:097352618404:workgroup/analysts' },
      ]),
    },
    {
      name: 'prefix wildcards such as s3:Get* and read actions on "*" are not reported',
      snapshot: withInline([{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 'glue:GetTable', 'cloudwatch:GetMetricData'], Resource: '*' }]),
    },
    { name: 'wildcards in a Deny restrict, they do not grant', snapshot: withInline([{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }]) },
    {
      name: '"*" on every resource is full administrator access, left to inline-policy-full-admin',
      snapshot: withInline([{ Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' }]),
    },
    {
      name: 'permissions management on "*" under a condition is left to the condition',
      snapshot: withInline([
        { Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'data' } } },
      ]),
    },
    {
      name: 'permissions management actions that support no resource but "*"',
      snapshot: withInline([{ Effect: 'Allow', Action: ['s3:PutAccountPublicAccessBlock', 'iam:DeleteAccountPasswordPolicy'], Resource: '*' }]),
    },
    {
      name: 'an IAM role inline policy is another rule\'s business',
      snapshot: {
        accounts: {
          [MANAGEMENT]: { roles: [{ roleName: 'glue-etl', inlinePolicies: [{ name: 'everything', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }] }] },
        },
        identityCenter: {},
      },
    },
  ],
  invalid: [
    {
      name: 'Action "*" on named resources',
      snapshot: withInline([
        { Sid: 'LakeOwner', Effect: 'Allow', Action: '*', Resource: ['arn:aws:s3:::acme-data-lake', 'arn:aws:s3:::acme-data-lake/*'] },
      ]),
      errors: [
        {
          messageId: 'allActions',
          data: { statement: '"LakeOwner"', permissionSet: 'DataEngineer', action: '*' },
          resource: INLINE_ID,
          kind: 'InlinePolicy',
          pointer: `${BASE}/Statement/0/Action`,
        },
      ],
    },
    {
      name: 'service wildcards, each at its own line, whatever the case, on scoped resources too',
      snapshot: withInline([
        { Sid: 'ReadLake', Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::acme-data-lake/*' },
        { Effect: 'Allow', Action: ['glue:GetTable', 'S3:*', 'athena:*'], Resource: ['arn:aws:s3:::acme-data-lake', 'arn:aws:athena:eu-west-1:097352618404:workgroup/analysts'] },
      ]),
      errors: [
        { messageId: 'serviceWildcard', data: { statement: '1', service: 's3', action: 'S3:*', scope: '' }, pointer: `${BASE}/Statement/1/Action/1` },
        { messageId: 'serviceWildcard', data: { statement: '1', service: 'athena', action: 'athena:*' }, pointer: `${BASE}/Statement/1/Action/2` },
      ],
    },
    {
      name: 'permissions management that could name resources, granted on "*"',
      snapshot: withInline([
        { Sid: 'ManagePolicies', Effect: 'Allow', Action: ['iam:PutRolePolicy', 'iam:AttachRolePolicy', 's3:PutBucketPolicy', 'iam:ListRoles'], Resource: '*' },
      ]),
      errors: [
        {
          messageId: 'permissionsManagementOnAnyResource',
          data: { statement: '"ManagePolicies"', actions: 'iam:AttachRolePolicy, iam:PutRolePolicy, s3:PutBucketPolicy' },
          pointer: `${BASE}/Statement/0/Resource`,
        },
      ],
    },
    {
      name: 'a wildcard pattern that expands to many permissions management actions is listed briefly',
      snapshot: withInline({ Effect: 'Allow', Action: 'iam:Put*', Resource: ['arn:aws:s3:::acme-data-lake', '*'] }),
      errors: [{ messageId: 'permissionsManagementOnAnyResource', data: { statement: '0' }, pointer: `${BASE}/Statement/Resource/1` }],
    },
  ],
});

describe('permission-set-inline-wildcard', () => {
  it('names at most five actions and counts the rest', () => {
    const lint = (actions: string[]) =>
      RuleTester.lint('permission-set-inline-wildcard', rule, { snapshot: withInline([{ Effect: 'Allow', Action: actions, Resource: '*' }]) }).findings.map(
        (finding) => finding.data.actions,
      );
    expect(lint(['iam:Put*'])).toEqual(['iam:PutGroupPolicy, iam:PutRolePermissionsBoundary, iam:PutRolePolicy, iam:PutUserPermissionsBoundary, iam:PutUserPolicy']);
    expect(lint(['iam:Put*', 's3:PutBucketPolicy'])).toEqual([
      'iam:PutGroupPolicy, iam:PutRolePermissionsBoundary, iam:PutRolePolicy, iam:PutUserPermissionsBoundary, iam:PutUserPolicy and 1 more',
    ]);
  });

  it('two findings on one statement have different fingerprints', () => {
    const result = RuleTester.lint('permission-set-inline-wildcard', rule, { snapshot: withInline([{ Effect: 'Allow', Action: ['ec2:*', 'rds:*'], Resource: '*' }]) });
    expect(result.findings).toHaveLength(2);
    expect(new Set(result.findings.map((finding) => finding.fingerprint)).size).toBe(2);
  });
});
