import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/policy/policy-condition-set-operator.js';
import { enforceOrgIdentitiesRcp, githubOidcTrust, inline, policy, PROD, rcp, MANAGEMENT, V } from './fixtures/policies.js';

/** AWS's example: deny tagging with keys outside an allowed list, and deny requests without tags at all. */
const allowedTagKeysOnly = {
  Version: V,
  Statement: [
    {
      Sid: 'DenyUnapprovedTagKeys',
      Effect: 'Deny',
      Action: ['ec2:CreateTags', 'ec2:RunInstances'],
      Resource: '*',
      Condition: { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['CostCenter', 'Owner', 'Environment'] } },
    },
    { Sid: 'DenyUntagged', Effect: 'Deny', Action: 'ec2:RunInstances', Resource: 'arn:aws:ec2:*:*:instance/*', Condition: { Null: { 'aws:TagKeys': 'true' } } },
  ],
};

/** AWS's aws:CalledVia example: KMS only when CloudFormation calls it on the principal's behalf. */
const kmsViaCloudFormation = {
  Version: V,
  Statement: [
    {
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: `arn:aws:kms:eu-west-1:${PROD}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      Condition: { 'ForAnyValue:StringEquals': { 'aws:CalledVia': ['cloudformation.amazonaws.com'] }, StringEquals: { 'aws:ResourceTag/Project': 'orders' } },
    },
  ],
};

/** Cognito's unauthenticated role, as AWS documents it: amr is a list although AWS's reference types it String. */
const cognitoUnauthenticatedTrust = {
  Version: V,
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: 'cognito-identity.amazonaws.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { 'cognito-identity.amazonaws.com:aud': 'eu-west-1:12345678-abcd-abcd-abcd-123456789012' },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' },
      },
    },
  ],
};

/** How AWS's SageMaker Studio policies allow tagging: "only these tag keys, if any". */
const tagOnlyProjectKeys = {
  Version: V,
  Statement: [
    {
      Sid: 'TagSession',
      Effect: 'Allow',
      Action: 'sts:TagSession',
      Resource: `arn:aws:iam::${PROD}:role/datazone-*`,
      Condition: { 'ForAllValues:StringLike': { 'aws:TagKeys': ['datazone*', 'AmazonDataZone*'] } },
    },
  ],
};

new RuleTester().run('policy-condition-set-operator', rule, {
  valid: [
    {
      name: 'qualifiers on multivalued keys, Null without one, plain operators on single-valued keys, an RCP',
      snapshot: {
        organization: { managementAccountId: MANAGEMENT, policies: [rcp('enforce-org-identities', enforceOrgIdentitiesRcp)] },
        accounts: {
          [PROD]: {
            roles: [{ roleName: 'github-deploy', trustPolicy: githubOidcTrust }, { roleName: 'Cognito_OrdersUnauth_Role', trustPolicy: cognitoUnauthenticatedTrust }],
            policies: [policy('allowed-tag-keys', allowedTagKeysOnly), policy('kms-via-cloudformation', kmsViaCloudFormation)],
          },
        },
      },
    },
    {
      name: 'ForAllValues in an Allow is left alone by default, and with the option when the statement requires the key',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('tag-project-keys', tagOnlyProjectKeys),
              policy('tag-project-keys-present', {
                Version: V,
                Statement: [{ ...tagOnlyProjectKeys.Statement[0], Condition: { ...tagOnlyProjectKeys.Statement[0]!.Condition, Null: { 'aws:TagKeys': 'false' } } }],
              }),
            ],
          },
        },
      },
      options: [{ forAllValuesInAllow: false }],
    },
    {
      name: 'with the option on, a Null "false" check of the same key closes the empty-list match',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('tag-project-keys-present', {
                Version: V,
                Statement: [{ ...tagOnlyProjectKeys.Statement[0], Condition: { ...tagOnlyProjectKeys.Statement[0]!.Condition, Null: { 'aws:TagKeys': 'false' } } }],
              }),
            ],
          },
        },
      },
      options: [{ forAllValuesInAllow: true }],
    },
  ],
  invalid: [
    {
      name: 'a multivalued key with a plain operator: org paths, tag keys, and EventBridge detail types as AWS Audit Manager\'s policy writes them',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('org-paths', {
                Version: V,
                Statement: [
                  { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-shared/*', Condition: { StringLike: { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*' } } },
                  { Sid: 'TagOnlyOwner', Effect: 'Allow', Action: 'ec2:CreateTags', Resource: '*', Condition: { StringEquals: { 'aws:TagKeys': 'Owner' } } },
                ],
              }),
              policy('audit-manager-events', {
                Version: V,
                Statement: [
                  {
                    Sid: 'CreateEventsAccess',
                    Effect: 'Allow',
                    Action: ['events:PutRule'],
                    Resource: '*',
                    Condition: { StringEquals: { 'events:detail-type': 'Security Hub Findings - Imported' }, 'ForAllValues:StringEquals': { 'events:source': ['aws.securityhub'] } },
                  },
                ],
              }),
            ],
          },
        },
      },
      errors: [
        { messageId: 'missingQualifier', data: { key: 'aws:PrincipalOrgPaths', type: 'ArrayOfString', operator: 'StringLike', base: 'StringLike' }, pointer: '/policies/0/document/Statement/0/Condition/StringLike/aws:PrincipalOrgPaths' },
        { messageId: 'missingQualifier', data: { key: 'aws:TagKeys', operator: 'StringEquals', statement: '"TagOnlyOwner"' }, pointer: '/policies/0/document/Statement/1/Condition/StringEquals/aws:TagKeys' },
        { messageId: 'missingQualifier', data: { key: 'events:detail-type', operator: 'StringEquals' }, pointer: '/policies/1/document/Statement/0/Condition/StringEquals/events:detail-type' },
      ],
    },
    {
      name: 'a set qualifier on a single-valued key: GitHub\'s subject in a trust policy, and AWS\'s AmazonMacieHandshakeRole',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [
              {
                roleName: 'github-deploy',
                trustPolicy: {
                  ...githubOidcTrust,
                  Statement: [{ ...githubOidcTrust.Statement[0], Condition: { 'ForAllValues:StringLike': { 'token.actions.githubusercontent.com:sub': 'repo:acme/infrastructure:*' } } }],
                },
              },
            ],
            users: [
              {
                userName: 'macie-admin',
                inlinePolicies: [
                  inline('macie-handshake', {
                    Version: V,
                    Statement: [{ Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'iam:AWSServiceName': 'macie.amazonaws.com' } } }],
                  }),
                ],
              },
            ],
          },
        },
      },
      errors: [
        {
          messageId: 'singleValuedKey',
          data: { key: 'iam:AWSServiceName', type: 'String', operator: 'ForAnyValue:StringEquals', base: 'StringEquals', policy: 'inline policy macie-handshake of user macie-admin' },
          pointer: '/users/0/inlinePolicies/0/document/Statement/0/Condition/ForAnyValue:StringEquals/iam:AWSServiceName',
        },
        {
          messageId: 'singleValuedKey',
          data: { key: 'token.actions.githubusercontent.com:sub', operator: 'ForAllValues:StringLike', base: 'StringLike' },
          kind: 'Role',
          pointer: '/roles/0/trustPolicy/Statement/0/Condition/ForAllValues:StringLike/token.actions.githubusercontent.com:sub',
        },
      ],
    },
    {
      name: 'with forAllValuesInAllow, ForAllValues in an Allow without a Null check (SageMaker Studio\'s tagging statement)',
      snapshot: { accounts: { [PROD]: { policies: [policy('tag-project-keys', tagOnlyProjectKeys)] } } },
      options: [{ forAllValuesInAllow: true }],
      errors: [
        {
          messageId: 'forAllValuesAllow',
          data: { key: 'aws:TagKeys', operator: 'ForAllValues:StringLike', base: 'StringLike', statement: '"TagSession"' },
          pointer: '/policies/0/document/Statement/0/Condition/ForAllValues:StringLike/aws:TagKeys',
        },
      ],
    },
  ],
});
