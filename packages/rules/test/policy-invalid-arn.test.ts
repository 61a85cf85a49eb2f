import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/policy/policy-invalid-arn.js';
import { denyOutsideRegionsScp, githubOidcTrust, inline, lambdaDeployer, MANAGEMENT, manageOwnCredentials, policy, policyArn, PROD, s3ReadArtifacts, scp, V } from './fixtures/policies.js';

const statement = (Resource: unknown, Action: unknown = 's3:GetObject') => ({ Version: V, Statement: [{ Effect: 'Allow', Action, Resource }] });

new RuleTester().run('policy-invalid-arn', rule, {
  valid: [
    {
      name: 'full ARNs, "*", S3 ARNs with empty region and account, policy variables',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [{ userName: 'alice', inlinePolicies: [inline('manage-own-credentials', manageOwnCredentials)] }],
            policies: [policy('read-build-artifacts', s3ReadArtifacts), policy('lambda-deployer', lambdaDeployer)],
          },
        },
      },
    },
    {
      name: 'wildcards inside each part of the ARN',
      snapshot: { accounts: { [PROD]: { policies: [policy('logs', statement(['arn:aws:logs:*:*:log-group:/aws/lambda/*', 'arn:aws:sns:*:*:*'], 'logs:PutLogEvents'))] } } },
    },
    {
      name: 'ARNs in other partitions and with colons in the resource part',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('gov', statement(['arn:aws-us-gov:s3:::gov-data/*', 'arn:aws-cn:s3:::cn-data/*'])),
              policy('log-stream', statement(`arn:aws:logs:eu-west-1:${PROD}:log-group:app:log-stream:*`, 'logs:PutLogEvents')),
            ],
          },
        },
      },
    },
    {
      name: 'SCPs on "*", trust policies without Resource',
      snapshot: {
        organization: { managementAccountId: MANAGEMENT, policies: [scp('deny-outside-eu', denyOutsideRegionsScp)] },
        accounts: { [PROD]: { roles: [{ roleName: 'github-deploy', trustPolicy: githubOidcTrust }] } },
      },
    },
  ],
  invalid: [
    {
      name: 'a bucket name where the ARN should be',
      snapshot: { accounts: { [PROD]: { policies: [policy('read-reports', statement(['acme-reports', 'arn:aws:s3:::acme-reports/*']))] } } },
      errors: [
        {
          messageId: 'notArn',
          data: { resource: 'acme-reports', element: 'Resource', statement: '0', policy: 'managed policy read-reports', parts: 1 },
          resource: policyArn('read-reports'),
          pointer: '/policies/0/document/Statement/0/Resource/0',
        },
      ],
    },
    {
      name: 'an S3 ARN missing two colons, an IAM ARN missing the region part',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [
              {
                roleName: 'ci',
                inlinePolicies: [
                  inline('deploy', {
                    Version: V,
                    Statement: [
                      { Sid: 'Artifacts', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:acme-artifacts/*' },
                      { Sid: 'PassRole', Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam:${PROD}:role/app` },
                    ],
                  }),
                ],
              },
            ],
          },
        },
      },
      errors: [
        { messageId: 'tooFewParts', data: { resource: 'arn:aws:s3:acme-artifacts/*', parts: 4, statement: '"Artifacts"' }, pointer: '/roles/0/inlinePolicies/0/document/Statement/0/Resource' },
        { messageId: 'tooFewParts', data: { parts: 5, statement: '"PassRole"' }, pointer: '/roles/0/inlinePolicies/0/document/Statement/1/Resource' },
      ],
    },
    {
      name: 'NotResource in an SCP with an account id instead of an ARN',
      snapshot: {
        organization: {
          managementAccountId: MANAGEMENT,
          policies: [scp('protect-security-roles', { Version: V, Statement: [{ Effect: 'Deny', Action: 'iam:*', NotResource: ['arn:aws:iam::*:role/security-*', PROD] }] })],
        },
      },
      errors: [{ messageId: 'notArn', data: { resource: PROD, element: 'NotResource' }, kind: 'Scp', pointer: '/policies/0/document/Statement/0/NotResource/1' }],
    },
    {
      name: 'upper-case ARN prefix and an empty string in a permission set',
      snapshot: {
        accounts: { [PROD]: {} },
        identityCenter: { permissionSets: [{ name: 'Data', inlinePolicy: statement(['ARN:aws:s3:::acme-data/*', '']) }] },
      },
      errors: [
        { messageId: 'notArn', data: { resource: 'ARN:aws:s3:::acme-data/*' }, pointer: '/instances/0/permissionSets/0/inlinePolicy/Statement/0/Resource/0' },
        { messageId: 'notArn', data: { resource: '' }, pointer: '/instances/0/permissionSets/0/inlinePolicy/Statement/0/Resource/1' },
      ],
    },
  ],
});
