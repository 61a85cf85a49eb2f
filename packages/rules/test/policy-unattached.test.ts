import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/policy/policy-unattached.js';
import { PROD, lambdaDeployer, policy, policyArn, s3ReadArtifacts } from './fixtures/policies.js';

new RuleTester().run('policy-unattached', rule, {
  valid: [
    {
      name: 'attached, or used as a permissions boundary',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              { ...policy('lambda-deployer', lambdaDeployer), attachmentCount: 2 },
              { ...policy('developer-boundary', s3ReadArtifacts), attachmentCount: 0, permissionsBoundaryUsageCount: 4 },
            ],
          },
        },
      },
    },
    {
      name: 'AWS managed policies in the snapshot are not the account\'s to delete',
      snapshot: { accounts: { [PROD]: { policies: [{ policyName: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', attachmentCount: 0, document: s3ReadArtifacts }] } } },
    },
    {
      name: 'referenced by a permission set (by path and name), which attaches it where it is provisioned',
      snapshot: {
        accounts: { [PROD]: { policies: [{ ...policy('read-artifacts', s3ReadArtifacts), path: '/sso/', attachmentCount: 0 }] } },
        identityCenter: { permissionSets: [{ name: 'BuildEngineer', customerManagedPolicies: [{ name: 'read-artifacts', path: '/sso/' }] }] },
      },
    },
    {
      name: 'minAgeDays leaves a policy changed last week alone',
      options: [{ minAgeDays: 30 }],
      snapshot: { collectedAt: '2026-11-20T06:00:00Z', accounts: { [PROD]: { policies: [{ ...policy('new-pipeline', lambdaDeployer), attachmentCount: 0, updateDate: '2026-11-13T09:30:00Z' }] } } },
    },
  ],
  invalid: [
    {
      name: 'attached to nothing; a same-named policy on another path referenced by a permission set does not count',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              { ...policy('old-deployer', lambdaDeployer), attachmentCount: 0, updateDate: '2024-06-11T14:02:00Z' },
              { ...policy('read-artifacts', s3ReadArtifacts), attachmentCount: 0, updateDate: '2025-01-20T08:00:00Z' },
            ],
          },
        },
        identityCenter: { permissionSets: [{ name: 'BuildEngineer', customerManagedPolicies: [{ name: 'read-artifacts', path: '/sso/' }] }] },
      },
      errors: [
        { messageId: 'unattached', data: { policy: 'old-deployer', updated: '2024-06-11' }, resource: policyArn('old-deployer') },
        { messageId: 'unattached', data: { policy: 'read-artifacts', updated: '2025-01-20' } },
      ],
    },
  ],
});
