import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/policy/policy-duplicate-sid.js';
import { denyOutsideRegionsScp, inline, lambdaDeployer, MANAGEMENT, manageOwnCredentials, policy, policyArn, PROD, s3ReadArtifacts, scp, V } from './fixtures/policies.js';

const allowLogs = (Sid?: string) => ({ ...(Sid === undefined ? {} : { Sid }), Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: 'arn:aws:logs:*:*:*' });

new RuleTester().run('policy-duplicate-sid', rule, {
  valid: [
    {
      name: 'distinct Sids in identity policies and SCPs',
      snapshot: {
        organization: { managementAccountId: MANAGEMENT, policies: [scp('deny-outside-eu', denyOutsideRegionsScp)] },
        accounts: {
          [PROD]: {
            users: [{ userName: 'alice', inlinePolicies: [inline('manage-own-credentials', manageOwnCredentials)] }],
            policies: [policy('read-build-artifacts', s3ReadArtifacts), policy('lambda-deployer', lambdaDeployer)],
          },
        },
      },
    },
    {
      name: 'statements without Sid, and empty Sids',
      snapshot: { accounts: { [PROD]: { policies: [policy('logs', { Version: V, Statement: [allowLogs(), allowLogs(), allowLogs(''), allowLogs('')] })] } } },
    },
    {
      name: 'the same Sid in two different policies',
      snapshot: { accounts: { [PROD]: { policies: [policy('logs-a', { Version: V, Statement: [allowLogs('Logs')] }), policy('logs-b', { Version: V, Statement: [allowLogs('Logs')] })] } } },
    },
    {
      name: 'Sids differing only in case are distinct',
      snapshot: { accounts: { [PROD]: { roles: [{ roleName: 'app', inlinePolicies: [inline('logs', { Version: V, Statement: [allowLogs('WriteLogs'), allowLogs('writelogs')] })] }] } } },
    },
  ],
  invalid: [
    {
      name: 'a statement copied and edited without renaming its Sid',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('read-artifacts', {
                Version: V,
                Statement: [
                  { Sid: 'ReadArtifacts', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::acme-build-artifacts' },
                  { Sid: 'ReadArtifacts', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-build-artifacts/*' },
                ],
              }),
            ],
          },
        },
      },
      errors: [{ messageId: 'duplicate', data: { sid: 'ReadArtifacts', first: 0, index: 1, policy: 'managed policy read-artifacts' }, resource: policyArn('read-artifacts'), pointer: '/policies/0/document/Statement/1/Sid' }],
    },
    {
      name: 'three statements with one Sid make two findings',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'ci', inlinePolicies: [inline('logs', { Version: V, Statement: [allowLogs('Logs'), allowLogs('Logs'), allowLogs('Logs')] })] }] } } },
      errors: [
        { messageId: 'duplicate', data: { first: 0, index: 1 }, pointer: '/users/0/inlinePolicies/0/document/Statement/1/Sid' },
        { messageId: 'duplicate', data: { first: 0, index: 2 }, pointer: '/users/0/inlinePolicies/0/document/Statement/2/Sid' },
      ],
    },
    {
      name: 'an SCP assembled from two examples',
      snapshot: {
        organization: {
          managementAccountId: MANAGEMENT,
          policies: [
            scp('guardrails', {
              Version: V,
              Statement: [
                { Sid: 'DenyAll', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
                { Sid: 'DenyAll', Effect: 'Deny', Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'], Resource: '*' },
              ],
            }),
          ],
        },
      },
      errors: [{ messageId: 'duplicate', data: { sid: 'DenyAll', policy: 'SCP guardrails' }, kind: 'Scp', pointer: '/policies/0/document/Statement/1/Sid' }],
    },
    {
      name: 'a trust policy and a permission set',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [
              {
                roleName: 'cross-account',
                trustPolicy: {
                  Version: V,
                  Statement: [
                    { Sid: 'Trust', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'sts:AssumeRole' },
                    { Sid: 'Trust', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'sts:TagSession' },
                  ],
                },
              },
            ],
          },
        },
        identityCenter: { permissionSets: [{ name: 'Logs', inlinePolicy: { Version: V, Statement: [allowLogs('Logs'), allowLogs('Logs')] } }] },
      },
      errors: [
        { messageId: 'duplicate', data: { sid: 'Trust' }, kind: 'Role', pointer: '/roles/0/trustPolicy/Statement/1/Sid' },
        { messageId: 'duplicate', data: { sid: 'Logs' }, kind: 'InlinePolicy', pointer: '/instances/0/permissionSets/0/inlinePolicy/Statement/1/Sid' },
      ],
    },
  ],
});
