import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/access/managed-policy-quota.js';
import { PROD, SANDBOX } from './fixtures/policies.js';

/** Real AWS managed policy ARNs, as teams pile them onto a role. */
const MANAGED = [
  'AmazonS3ReadOnlyAccess',
  'AmazonDynamoDBReadOnlyAccess',
  'AmazonSQSFullAccess',
  'AmazonSNSReadOnlyAccess',
  'CloudWatchLogsReadOnlyAccess',
  'AWSXrayWriteOnlyAccess',
  'AmazonEC2ContainerRegistryReadOnly',
  'AmazonSSMReadOnlyAccess',
  'SecretsManagerReadWrite',
  'AWSLambda_ReadOnlyAccess',
  'AmazonKinesisReadOnlyAccess',
].map((name) => `arn:aws:iam::aws:policy/${name}`);
const first = (count: number) => MANAGED.slice(0, count);

new RuleTester().run('managed-policy-quota', rule, {
  valid: [
    {
      name: 'eight of ten attached is two short: outside the default margin of one',
      snapshot: { accounts: { [PROD]: { roles: [{ roleName: 'orders-api', attachedManagedPolicies: first(8) }], users: [{ userName: 'ci' }] } } },
    },
    {
      name: 'eleven attached proves a raised quota the snapshot does not state: nothing to compare with',
      snapshot: { accounts: { [PROD]: { roles: [{ roleName: 'data-pipeline', attachedManagedPolicies: first(11) }] } } },
    },
    {
      name: 'margin 0 reports only principals at the quota',
      options: [{ margin: 0 }],
      snapshot: { accounts: { [PROD]: { groups: [{ groupName: 'developers', attachedManagedPolicies: first(9) }] } } },
    },
    {
      name: 'not evaluated where the account summary could not be read',
      snapshot: {
        gaps: [{ section: 'iam.accountSummary', accountId: PROD, call: 'iam:GetAccountSummary', error: 'AccessDenied' }],
        accounts: { [PROD]: { roles: [{ roleName: 'orders-api', attachedManagedPolicies: first(10) }] } },
      },
      notEvaluated: [{ accountId: PROD, sections: ['iam.accountSummary'] }],
    },
  ],
  invalid: [
    {
      name: 'nine attached to a role, ten to a group',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [{ roleName: 'orders-api', attachedManagedPolicies: first(9) }],
            groups: [{ groupName: 'developers', attachedManagedPolicies: first(10) }],
          },
        },
      },
      errors: [
        { messageId: 'nearQuota', data: { kind: 'Group', principal: 'developers', count: 10, quota: 10, remaining: 0, standing: 'the whole quota of' }, pointer: '/groups/0/attachedManagedPolicies' },
        {
          messageId: 'nearQuota',
          data: { kind: 'Role', principal: 'orders-api', count: 9, remaining: 1, standing: '1 short of the quota of', quotaSource: ' (AWS default; the account summary does not state it)' },
          resource: `arn:aws:iam::${PROD}:role/orders-api`,
        },
      ],
    },
    {
      name: 'a permission set with ten managed policies, provisioned into two accounts',
      snapshot: {
        accounts: { [PROD]: {}, [SANDBOX]: {} },
        identityCenter: {
          permissionSets: [{ name: 'DataEngineer', managedPolicies: first(8), customerManagedPolicies: [{ name: 'glue-jobs', path: '/' }, { name: 'athena-workgroup', path: '/' }], provisionedAccounts: [PROD, SANDBOX] }],
        },
      },
      errors: [{ messageId: 'permissionSetNearQuota', data: { permissionSet: 'DataEngineer', count: 10, quota: 10, accounts: `${PROD}, ${SANDBOX}` }, kind: 'PermissionSet' }],
    },
  ],
});
