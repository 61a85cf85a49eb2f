import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/policy/policy-allow-not-resource.js';
import { inline, MANAGEMENT, policy, PROD, s3ReadArtifacts, scp, V } from './fixtures/policies.js';

new RuleTester().run('policy-allow-not-resource', rule, {
  valid: [
    {
      name: 'Deny with NotResource protecting everything but one bucket',
      snapshot: {
        accounts: {
          [PROD]: { policies: [policy('only-artifacts', { Version: V, Statement: [{ Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::acme-build-artifacts', 'arn:aws:s3:::acme-build-artifacts/*'] }] })] },
        },
      },
    },
    {
      name: 'Allow with NotAction and Resource "*" is policy-allow-not-action\'s finding',
      snapshot: {
        organization: {
          managementAccountId: MANAGEMENT,
          policies: [scp('sandbox', { Version: V, Statement: [{ Effect: 'Allow', NotAction: 'aws-portal:*', Resource: '*' }] })],
        },
      },
    },
    {
      name: 'AWS managed policies are AWS\'s own',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              {
                policyName: 'VendorNotResource',
                arn: 'arn:aws:iam::aws:policy/VendorNotResource',
                document: { Version: V, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' }] },
              },
            ],
          },
        },
      },
    },
    {
      name: 'plain Allow statements with Action and Resource',
      snapshot: { accounts: { [PROD]: { policies: [policy('read-build-artifacts', s3ReadArtifacts)] } } },
    },
  ],
  invalid: [
    {
      name: 'Allow with NotResource: everything but the audit bucket, in every account',
      snapshot: {
        accounts: {
          [PROD]: {
            groups: [{ groupName: 'developers', inlinePolicies: [inline('s3', { Version: V, Statement: [{ Sid: 'AllButAudit', Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::acme-audit-logs/*' }] })] }],
          },
        },
      },
      errors: [{ messageId: 'notResource', data: { excluded: 'arn:aws:s3:::acme-audit-logs/*', statement: '"AllButAudit"' }, pointer: '/groups/0/inlinePolicies/0/document/Statement/0/NotResource' }],
    },
    {
      name: 'with NotAction too, this rule reports the NotResource element',
      snapshot: {
        accounts: { [PROD]: {} },
        identityCenter: { permissionSets: [{ name: 'Everything', inlinePolicy: { Version: V, Statement: { Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::acme-audit-logs/*' } } }] },
      },
      errors: [{ messageId: 'notResource', kind: 'InlinePolicy', pointer: '/instances/0/permissionSets/0/inlinePolicy/Statement/NotResource' }],
    },
  ],
});
