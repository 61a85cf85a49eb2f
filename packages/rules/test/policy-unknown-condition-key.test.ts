import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/policy/policy-unknown-condition-key.js';
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
  rcp,
  scp,
  V,
  vendorTrust,
} from './fixtures/policies.js';

const statement = (Action: unknown, Condition: unknown, Resource: unknown = '*') => ({ Version: V, Statement: [{ Effect: 'Allow', Action, Resource, Condition }] });

new RuleTester().run('policy-unknown-condition-key', rule, {
  valid: [
    {
      name: 'placeholders as AWS\'s reference spells them (tag-key, <key>) and global keys its list omits',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('secrets-by-owner', statement('secretsmanager:GetSecretValue', { StringEquals: { 'secretsmanager:ResourceTag/Owner': '${aws:username}' } }, '*')),
              policy('tagged-uploads', statement('s3:PutObject', { StringEquals: { 's3:RequestObjectTag/classification': 'internal' } }, 'arn:aws:s3:::acme-data/*')),
              policy('ssm-by-team', statement('ssm:StartSession', { StringEquals: { 'ssm:resourceTag/team': 'web' } }, '*')),
              policy('from-management', statement('s3:GetObject', { StringEquals: { 'aws:PrincipalOrgMasterAccountId': MANAGEMENT } }, 'arn:aws:s3:::acme-data/*')),
            ],
          },
        },
      },
    },
    {
      name: 'global keys, service keys, SCP and RCP perimeter keys',
      snapshot: {
        organization: { managementAccountId: MANAGEMENT, policies: [scp('deny-outside-eu', denyOutsideRegionsScp), rcp('enforce-org-identities', enforceOrgIdentitiesRcp)] },
        accounts: {
          [PROD]: {
            users: [{ userName: 'alice', inlinePolicies: [inline('manage-own-credentials', manageOwnCredentials)] }],
            roles: [{ roleName: 'vendor', trustPolicy: vendorTrust }],
            policies: [policy('lambda-deployer', lambdaDeployer)],
          },
        },
      },
    },
    {
      name: 'GitHub OIDC keys are named after the provider and known to no catalogue',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [
              { roleName: 'github-deploy', trustPolicy: githubOidcTrust },
              {
                roleName: 'eks-irsa',
                trustPolicy: {
                  Version: V,
                  Statement: [
                    {
                      Effect: 'Allow',
                      Principal: { Federated: `arn:aws:iam::${PROD}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5C2D0A6B8E4F1C3D` },
                      Action: 'sts:AssumeRoleWithWebIdentity',
                      Condition: { StringEquals: { 'oidc.eks.eu-west-1.amazonaws.com/id/5C2D0A6B8E4F1C3D:sub': 'system:serviceaccount:payments:api' } },
                    },
                  ],
                },
              },
            ],
          },
        },
      },
    },
    {
      name: 'tag keys with a variable part, including S3 object tags documented as <key>',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('abac', statement(['ec2:StartInstances', 'ec2:StopInstances'], { StringEquals: { 'ec2:ResourceTag/team': '${aws:PrincipalTag/team}', 'aws:ResourceTag/env': 'dev' } })),
              policy('tagged-objects', statement('s3:GetObject', { StringEquals: { 's3:ExistingObjectTag/classification': 'public' } }, 'arn:aws:s3:::acme-data/*')),
            ],
          },
        },
      },
    },
    {
      name: 'keys are case-insensitive; NotAction and wildcard services leave applicability open',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('require-tls', { Version: V, Statement: [{ Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { Bool: { 'AWS:SECURETRANSPORT': 'false' }, StringEquals: { 's3:x-amz-acl': 'public-read' } } }] }),
              policy('kms-via', statement('*:Decrypt', { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } })),
            ],
          },
        },
      },
    },
    {
      name: 'a key of another prefix that the service lists, in any case',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('connect-as-ec2-user', statement('ec2-instance-connect:SendSSHPublicKey', { StringEquals: { 'ec2:osuser': 'ec2-user' } }, `arn:aws:ec2:eu-west-1:${PROD}:instance/*`)),
              policy('connect-as-admin', statement('ec2-instance-connect:SendSSHPublicKey', { StringEquals: { 'EC2:OSUser': 'admin' } }, `arn:aws:ec2:eu-west-1:${PROD}:instance/*`)),
            ],
          },
        },
      },
    },
  ],
  invalid: [
    {
      name: 'the same key on a service that does not list it',
      snapshot: { accounts: { [PROD]: { policies: [policy('read-as-ec2-user', statement('s3:GetObject', { StringEquals: { 'ec2:osuser': 'ec2-user' } }, 'arn:aws:s3:::acme-data/*'))] } } },
      errors: [{ messageId: 'inapplicableKey', data: { key: 'ec2:osuser', services: 's3' } }],
    },
    {
      name: 'a placeholder spelling matches only below its own prefix',
      snapshot: { accounts: { [PROD]: { policies: [policy('secrets-by-owner', statement('secretsmanager:GetSecretValue', { StringEquals: { 'secretsmanager:ResourceTags/Owner': 'alice' } }, '*'))] } } },
      errors: [{ messageId: 'unknownKey', data: { key: 'secretsmanager:ResourceTags/Owner' } }],
    },
    {
      name: 'a misspelt global key',
      snapshot: { accounts: { [PROD]: { policies: [policy('office-only', statement('s3:GetObject', { IpAddress: { 'aws:SourceIP4': '203.0.113.0/24' } }, 'arn:aws:s3:::acme-data/*'))] } } },
      errors: [
        {
          messageId: 'unknownKey',
          data: { key: 'aws:SourceIP4', statement: '0', policy: 'managed policy office-only' },
          resource: policyArn('office-only'),
          pointer: '/policies/0/document/Statement/0/Condition/IpAddress/aws:SourceIP4',
        },
      ],
    },
    {
      name: 'an EC2 key on S3 actions: never present in an S3 request',
      snapshot: {
        accounts: { [PROD]: { users: [{ userName: 'analyst', inlinePolicies: [inline('eu-data', statement(['s3:GetObject', 's3:ListBucket'], { StringEquals: { 'ec2:Region': 'eu-west-1' } }, 'arn:aws:s3:::acme-data*'))] }] } },
      },
      errors: [{ messageId: 'inapplicableKey', data: { key: 'ec2:Region', services: 's3' }, pointer: '/users/0/inlinePolicies/0/document/Statement/0/Condition/StringEquals/ec2:Region' }],
    },
    {
      name: 'a made-up service key in an SCP',
      snapshot: {
        organization: {
          managementAccountId: MANAGEMENT,
          policies: [scp('protect-cloudtrail', { Version: V, Statement: [{ Sid: 'ProtectTrail', Effect: 'Deny', Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'], Resource: '*', Condition: { StringNotEquals: { 'cloudtrail:TrailOwner': 'security' } } }] })],
        },
      },
      errors: [{ messageId: 'unknownKey', data: { key: 'cloudtrail:TrailOwner', statement: '"ProtectTrail"' }, kind: 'Scp', pointer: '/policies/0/document/Statement/0/Condition/StringNotEquals/cloudtrail:TrailOwner' }],
    },
    {
      name: 'iam:PassedToService on an sts action in a permission set',
      snapshot: {
        accounts: { [PROD]: {} },
        identityCenter: { permissionSets: [{ name: 'Deployer', inlinePolicy: statement('sts:AssumeRole', { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } }, `arn:aws:iam::${PROD}:role/deploy`) }] },
      },
      errors: [{ messageId: 'inapplicableKey', data: { key: 'iam:PassedToService', services: 'sts' }, kind: 'InlinePolicy', pointer: '/instances/0/permissionSets/0/inlinePolicy/Statement/0/Condition/StringEquals/iam:PassedToService' }],
    },
  ],
});
