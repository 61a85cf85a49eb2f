import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/policy/policy-condition-type-mismatch.js';
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
} from './fixtures/policies.js';

const statement = (Condition: unknown, Action: unknown = 's3:GetObject', Resource: unknown = 'arn:aws:s3:::acme-data/*') => ({
  Version: V,
  Statement: [{ Effect: 'Allow', Action, Resource, Condition }],
});

new RuleTester().run('policy-condition-type-mismatch', rule, {
  valid: [
    {
      name: 'operators that fit: Bool on MFA, Arn on PrincipalArn, String on org id, String on OIDC keys',
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
      name: 'IP, date and numeric operators on keys of those types',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('office', statement({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] }, NotIpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' } })),
              policy('window', statement({ DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, DateLessThan: { 'aws:TokenIssueTime': '2026-12-31T23:59:59Z' } })),
              policy('fresh-mfa', statement({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } })),
            ],
          },
        },
      },
    },
    {
      name: 'aws:EpochTime takes Numeric operators too; String operators read ARN keys',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('epoch', statement({ NumericLessThanEquals: { 'aws:EpochTime': '1798761600' } })),
              policy('source-arn', statement({ StringLike: { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:*:alerts' } })),
            ],
          },
        },
      },
    },
    {
      name: 'Null fits any key; unknown keys and unknown operators are other rules\' findings',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('null-check', statement({ Null: { 'aws:MultiFactorAuthAge': 'false', 'aws:SourceIp': 'false' } })),
              policy('unknowns', statement({ StringEquals: { 'aws:SourceIP4': '203.0.113.7' }, StringEqualz: { 'aws:SourceIp': '203.0.113.7' } })),
            ],
          },
        },
      },
    },
  ],
  invalid: [
    {
      name: 'StringEquals on aws:SourceIp: the CIDR is compared as text and never matches',
      snapshot: { accounts: { [PROD]: { policies: [policy('office-only', statement({ StringEquals: { 'aws:SourceIp': '203.0.113.0/24' } }))] } } },
      errors: [
        {
          messageId: 'mismatch',
          data: { key: 'aws:SourceIp', type: 'IPAddress', operator: 'StringEquals', expected: 'IpAddress or NotIpAddress', policy: 'managed policy office-only', statement: '0' },
          resource: policyArn('office-only'),
          pointer: '/policies/0/document/Statement/0/Condition/StringEquals/aws:SourceIp',
        },
      ],
    },
    {
      name: 'StringEquals on SecureTransport, NumericLessThan on CurrentTime',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [
              {
                userName: 'ops',
                inlinePolicies: [
                  inline('guarded', {
                    Version: V,
                    Statement: [
                      { Sid: 'TlsOnly', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:SecureTransport': 'false' } } },
                      { Sid: 'UntilEndOfYear', Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { NumericLessThan: { 'aws:CurrentTime': '2026-12-31' } } },
                    ],
                  }),
                ],
              },
            ],
          },
        },
      },
      errors: [
        { messageId: 'mismatch', data: { key: 'aws:SecureTransport', type: 'Bool', expected: 'the Bool operator', statement: '"TlsOnly"' }, pointer: '/users/0/inlinePolicies/0/document/Statement/0/Condition/StringEquals/aws:SecureTransport' },
        { messageId: 'mismatch', data: { key: 'aws:CurrentTime', type: 'Date', statement: '"UntilEndOfYear"' }, pointer: '/users/0/inlinePolicies/0/document/Statement/1/Condition/NumericLessThan/aws:CurrentTime' },
      ],
    },
    {
      name: 'ArnLike on a string key, Bool on an ARN key, in an SCP',
      snapshot: {
        organization: {
          managementAccountId: MANAGEMENT,
          policies: [
            scp('protect-roles', {
              Version: V,
              Statement: [
                {
                  Effect: 'Deny',
                  Action: 'iam:DeleteRole',
                  Resource: '*',
                  Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin' }, BoolIfExists: { 'aws:SourceArn': 'true' }, 'ForAnyValue:DateEquals': { 'aws:TagKeys': 'x' } },
                },
              ],
            }),
          ],
        },
      },
      errors: [
        { messageId: 'mismatch', data: { key: 'aws:SourceArn', operator: 'BoolIfExists', type: 'ARN' }, kind: 'Scp', pointer: '/policies/0/document/Statement/0/Condition/BoolIfExists/aws:SourceArn' },
        { messageId: 'mismatch', data: { key: 'aws:TagKeys', operator: 'ForAnyValue:DateEquals', type: 'String' }, pointer: '/policies/0/document/Statement/0/Condition/ForAnyValue:DateEquals/aws:TagKeys' },
      ],
    },
    {
      name: 'IpAddress on a string key in a trust policy',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [
              {
                roleName: 'vendor',
                trustPolicy: {
                  Version: V,
                  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::464622532012:root' }, Action: 'sts:AssumeRole', Condition: { IpAddress: { 'sts:ExternalId': '10.0.0.0/8' } } }],
                },
              },
            ],
          },
        },
      },
      errors: [{ messageId: 'mismatch', data: { key: 'sts:ExternalId', type: 'String', expected: 'String operators (StringEquals, StringLike…)' }, kind: 'Role', pointer: '/roles/0/trustPolicy/Statement/0/Condition/IpAddress/sts:ExternalId' }],
    },
  ],
});
