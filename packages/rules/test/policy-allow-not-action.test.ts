import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/policy/policy-allow-not-action.js';
import { denyOutsideRegionsScp, inline, MANAGEMENT, manageOwnCredentials, policy, policyArn, PROD, s3ReadArtifacts, scp, V } from './fixtures/policies.js';

/** PowerUserAccess, as AWS publishes it. */
const powerUser = {
  Version: V,
  Statement: [
    { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
    { Effect: 'Allow', Action: ['iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization', 'account:ListRegions'], Resource: '*' },
  ],
};

new RuleTester().run('policy-allow-not-action', rule, {
  valid: [
    {
      name: 'Allow with NotResource and a plain Action is policy-allow-not-resource\'s finding',
      snapshot: {
        accounts: {
          [PROD]: {
            groups: [{ groupName: 'developers', inlinePolicies: [inline('s3', { Version: V, Statement: [{ Sid: 'AllButAudit', Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::acme-audit-logs/*' }] })] }],
          },
        },
      },
    },
    {
      name: 'Deny with NotAction: the "deny unless MFA" and region SCP patterns',
      snapshot: {
        organization: { managementAccountId: MANAGEMENT, policies: [scp('deny-outside-eu', denyOutsideRegionsScp)] },
        accounts: { [PROD]: { users: [{ userName: 'alice', inlinePolicies: [inline('manage-own-credentials', manageOwnCredentials)] }] } },
      },
    },
    {
      name: 'AWS managed PowerUserAccess is AWS\'s own',
      snapshot: { accounts: { [PROD]: { policies: [{ policyName: 'PowerUserAccess', arn: 'arn:aws:iam::aws:policy/PowerUserAccess', document: powerUser }] } } },
    },
    {
      name: 'Deny with NotResource protecting everything but one bucket',
      snapshot: {
        accounts: {
          [PROD]: { policies: [policy('only-artifacts', { Version: V, Statement: [{ Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::acme-build-artifacts', 'arn:aws:s3:::acme-build-artifacts/*'] }] })] },
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
      name: 'a customer copy of PowerUserAccess',
      snapshot: { accounts: { [PROD]: { policies: [policy('PowerUserCopy', powerUser)] } } },
      errors: [
        {
          messageId: 'notAction',
          data: { excluded: 'iam:*, organizations:*, account:*', statement: '0', policy: 'managed policy PowerUserCopy' },
          resource: policyArn('PowerUserCopy'),
          pointer: '/policies/0/document/Statement/0/NotAction',
        },
      ],
    },
    {
      name: 'a statement with both is reported here for its NotAction only (NotResource is policy-allow-not-resource\'s)',
      snapshot: {
        accounts: { [PROD]: {} },
        identityCenter: { permissionSets: [{ name: 'Everything', inlinePolicy: { Version: V, Statement: { Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::acme-audit-logs/*' } } }] },
      },
      errors: [
        { messageId: 'notAction', data: { excluded: 'iam:*' }, kind: 'InlinePolicy', pointer: '/instances/0/permissionSets/0/inlinePolicy/Statement/NotAction' },
      ],
    },
    {
      name: 'an SCP allow-list written with NotAction allows every service except one',
      snapshot: {
        organization: {
          managementAccountId: MANAGEMENT,
          policies: [scp('sandbox', { Version: V, Statement: [{ Sid: 'AllowAllButBilling', Effect: 'Allow', NotAction: 'aws-portal:*', Resource: '*' }] })],
        },
      },
      errors: [{ messageId: 'notAction', data: { policy: 'SCP sandbox' }, kind: 'Scp', pointer: '/policies/0/document/Statement/0/NotAction' }],
    },
  ],
});
