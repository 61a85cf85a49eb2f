import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/policy/policy-malformed.js';
import {
  denyLeaveOrgScp,
  denyOutsideRegionsScp,
  enforceOrgIdentitiesRcp,
  githubOidcTrust,
  inline,
  MANAGEMENT,
  manageOwnCredentials,
  policy,
  policyArn,
  PROD,
  rcp,
  s3ReadArtifacts,
  scp,
  V,
} from './fixtures/policies.js';

const organization = (policies: unknown[]) => ({ managementAccountId: MANAGEMENT, policies: policies as never });

new RuleTester().run('policy-malformed', rule, {
  valid: [
    {
      name: 'well-formed identity, trust, SCP and RCP documents',
      snapshot: {
        organization: organization([scp('deny-outside-eu', denyOutsideRegionsScp), scp('deny-leave-org', denyLeaveOrgScp), rcp('enforce-org-identities', enforceOrgIdentitiesRcp)]),
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
      name: 'a single Statement object (not a list) is valid grammar',
      snapshot: {
        accounts: { [PROD]: { policies: [policy('cloudwatch-logs', { Version: V, Statement: { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' } })] } },
      },
    },
    {
      name: 'IfExists and set operators are real operators',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('tag-on-create', {
                Version: V,
                Statement: [
                  {
                    Effect: 'Allow',
                    Action: 'ec2:CreateTags',
                    Resource: 'arn:aws:ec2:*:*:instance/*',
                    Condition: {
                      'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'cost-center'] },
                      StringEqualsIfExists: { 'aws:RequestTag/team': '${aws:PrincipalTag/team}' },
                      Null: { 'aws:RequestTag/cost-center': 'false' },
                    },
                  },
                ],
              }),
            ],
          },
        },
      },
    },
    {
      name: 'an AWS managed policy is not the user\'s to fix, even when odd',
      snapshot: {
        accounts: { [PROD]: { policies: [{ policyName: 'LegacyPolicy', arn: 'arn:aws:iam::aws:policy/LegacyPolicy', document: { Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets' }] } }] } },
      },
    },
    {
      name: 'a permission set inline policy without problems',
      snapshot: {
        accounts: { [PROD]: {} },
        identityCenter: { permissionSets: [{ name: 'DataEngineer', inlinePolicy: s3ReadArtifacts }] },
      },
    },
  ],
  invalid: [
    {
      name: 'Terraform-style slips in a single-statement customer policy: lowercase effect, numeric action',
      snapshot: {
        accounts: { [PROD]: { policies: [policy('broken-deploy', { Version: V, Statement: { Effect: 'allow', Action: 42, Resource: '*' } })] } },
      },
      errors: [
        { messageId: 'invalidValue', data: { policy: 'managed policy broken-deploy', element: 'Action', path: 'Statement/Action' }, resource: policyArn('broken-deploy'), pointer: '/policies/0/document/Statement/Action' },
        { messageId: 'invalidEffect', data: { statement: '0' }, pointer: '/policies/0/document/Statement/Effect' },
      ],
    },
    {
      name: 'a URL-encoded document (SDK export stored raw), and text that is not JSON',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [
              {
                userName: 'ci',
                inlinePolicies: [
                  inline('encoded', encodeURIComponent(JSON.stringify(s3ReadArtifacts))),
                  inline('truncated', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'),
                ],
              },
            ],
          },
        },
      },
      errors: [
        { messageId: 'urlEncoded', data: { policy: 'inline policy encoded of user ci' }, resource: `arn:aws:iam::${PROD}:user/ci#inline/encoded`, pointer: '/users/0/inlinePolicies/0/document' },
        { messageId: 'invalidJson', data: { policy: 'inline policy truncated of user ci' }, pointer: '/users/0/inlinePolicies/1/document' },
      ],
    },
    {
      name: 'a typo in a condition operator of an SCP, and a bucket-policy Principal pasted into it',
      snapshot: {
        organization: organization([
          scp('deny-s3-public', {
            Version: V,
            Statement: [
              { Sid: 'DenyPublicAcl', Effect: 'Deny', Principal: '*', Action: 's3:PutBucketAcl', Resource: '*', Condition: { StringEqualsIgnoreCaseIfExist: { 's3:x-amz-acl': 'public-read' } } },
            ],
          }),
        ]),
      },
      errors: [
        { messageId: 'unknownOperator', data: { operator: 'StringEqualsIgnoreCaseIfExist', statement: '"DenyPublicAcl"' }, kind: 'Scp', accountId: null, pointer: '/policies/0/document/Statement/0/Condition/StringEqualsIgnoreCaseIfExist' },
        { messageId: 'elementNotSupported', data: { element: 'Principal', kind: 'a service control policy' }, pointer: '/policies/0/document/Statement/0/Principal' },
      ],
    },
    {
      name: 'identity policy copied from a bucket policy keeps its Principal; another statement forgets Resource',
      snapshot: {
        accounts: {
          [PROD]: {
            groups: [
              {
                groupName: 'analysts',
                inlinePolicies: [
                  inline('athena', {
                    Version: V,
                    Statement: [
                      { Sid: 'ReadResults', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PROD}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-athena-results/*' },
                      { Sid: 'RunQueries', Effect: 'Allow', Action: ['athena:StartQueryExecution', 'athena:GetQueryResults'] },
                    ],
                  }),
                ],
              },
            ],
          },
        },
      },
      errors: [
        { messageId: 'elementNotSupported', data: { element: 'Principal', statement: '"ReadResults"', kind: 'an identity policy' }, pointer: '/groups/0/inlinePolicies/0/document/Statement/0/Principal' },
        { messageId: 'resourceRequired', data: { statement: '"RunQueries"' }, pointer: '/groups/0/inlinePolicies/0/document/Statement/1' },
      ],
    },
    {
      name: 'a trust policy with Resource and a statement without Principal',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [
              {
                roleName: 'ecs-task',
                trustPolicy: {
                  Version: V,
                  Statement: [
                    { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${PROD}:role/ecs-task` },
                    { Effect: 'Allow', Action: 'sts:TagSession' },
                  ],
                },
              },
            ],
          },
        },
      },
      errors: [
        { messageId: 'elementNotSupported', data: { element: 'Resource', kind: 'a trust policy' }, kind: 'Role', pointer: '/roles/0/trustPolicy/Statement/0/Resource' },
        { messageId: 'principalRequired', data: { statement: '1' }, pointer: '/roles/0/trustPolicy/Statement/1' },
      ],
    },
    {
      name: 'permission set inline policy: missing Effect, both Action and NotAction',
      snapshot: {
        accounts: { [PROD]: {} },
        identityCenter: {
          permissionSets: [
            {
              name: 'Support',
              inlinePolicy: {
                Version: V,
                Statement: [
                  { Action: 'support:*', Resource: '*' },
                  { Effect: 'Deny', Action: 'iam:*', NotAction: 'iam:Get*', Resource: '*' },
                ],
              },
            },
          ],
        },
      },
      errors: [
        { messageId: 'missingEffect', data: { policy: 'inline policy of permission set Support', statement: '0' }, kind: 'InlinePolicy', accountId: null, pointer: '/instances/0/permissionSets/0/inlinePolicy/Statement/0' },
        { messageId: 'actionAndNotAction', data: { statement: '1' }, pointer: '/instances/0/permissionSets/0/inlinePolicy/Statement/1' },
      ],
    },
    {
      name: 'an RCP with NotPrincipal, and a document without Statement',
      snapshot: {
        organization: organization([
          rcp('deny-external', { Version: V, Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${PROD}:root` }, Action: 's3:*', Resource: '*' }] }),
          scp('empty', { Version: V }),
        ]),
      },
      errors: [
        { messageId: 'elementNotSupported', data: { element: 'NotPrincipal', kind: 'a resource control policy' }, kind: 'Rcp', pointer: '/policies/0/document/Statement/0/NotPrincipal' },
        { messageId: 'missingStatement', data: { policy: 'SCP empty' }, kind: 'Scp', pointer: '/policies/1/document' },
      ],
    },
  ],
});
