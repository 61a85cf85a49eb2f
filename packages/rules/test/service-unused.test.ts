import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/access/service-unused.js';
import { PROD, SANDBOX } from './fixtures/policies.js';

// Snapshots default to collectedAt 2026-11-20; 90 days before is 2026-08-22.
const role = (name: string, extra: object = {}) => ({ roleName: name, createDate: '2024-03-04T10:15:00Z', ...extra });
const arnOf = (kind: string, name: string, account = PROD) => `arn:aws:iam::${account}:${kind}/${name}`;

new RuleTester().run('service-unused', rule, {
  valid: [
    {
      name: 'every granted service used within 90 days; used exactly 90 days ago still counts',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [role('orders-api')],
            serviceLastAccessed: {
              [arnOf('role', 'orders-api')]: [
                { service: 'dynamodb', lastAuthenticated: '2026-11-19' },
                { service: 'sqs', lastAuthenticated: '2026-08-22' },
              ],
            },
          },
        },
      },
    },
    {
      name: 'a role created last month is not judged on services it has not used yet',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [role('reports-batch', { createDate: '2026-10-28T12:00:00Z' })],
            serviceLastAccessed: { [arnOf('role', 'reports-batch')]: [{ service: 'athena', lastAuthenticated: null }, { service: 's3', lastAuthenticated: '2026-11-18' }] },
          },
        },
      },
    },
    {
      name: 'service-linked and Identity Center roles are left out by default; ARNs not in the snapshot are skipped',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [
              role('AWSServiceRoleForECS', { path: '/aws-service-role/ecs.amazonaws.com/' }),
              role('AWSReservedSSO_ReadOnly_0a1b2c3d4e5f6789', { path: '/aws-reserved/sso.amazonaws.com/eu-west-1/' }),
            ],
            serviceLastAccessed: {
              'arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS': [{ service: 'elasticloadbalancing', lastAuthenticated: null }],
              'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_ReadOnly_0a1b2c3d4e5f6789': [{ service: 'ec2', lastAuthenticated: '2025-01-02' }],
              [arnOf('role', 'deleted-yesterday')]: [{ service: 's3', lastAuthenticated: null }],
            },
          },
        },
      },
    },
    {
      name: 'a declared break-glass user holds access it is meant never to use',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [{ userName: 'breakglass-admin', createDate: '2022-01-10T09:00:00Z' }],
            serviceLastAccessed: { [arnOf('user', 'breakglass-admin')]: [{ service: 'iam', lastAuthenticated: null }, { service: 'ec2', lastAuthenticated: '2024-02-01' }] },
          },
        },
      },
    },
    {
      name: 'collected without --last-accessed: not evaluated, not a pass',
      snapshot: { accounts: { [PROD]: { roles: [role('orders-api')] }, [SANDBOX]: { roles: [role('sandbox-admin')], serviceLastAccessed: {} } } },
      notEvaluated: [{ accountId: PROD, sections: ['iam.serviceLastAccessed'] }],
    },
  ],
  invalid: [
    {
      name: 'a role that stopped using two of its three services: the unused ones are named',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [role('orders-api')],
            serviceLastAccessed: {
              [arnOf('role', 'orders-api')]: [
                { service: 'dynamodb', lastAuthenticated: '2026-11-19' },
                { service: 'kms', lastAuthenticated: '2026-08-21' },
                { service: 'sns', lastAuthenticated: null },
              ],
            },
          },
        },
      },
      errors: [{ messageId: 'unused', data: { kind: 'Role', principal: 'orders-api', count: 2, granted: 3, services: 'kms, sns', maxUnusedDays: 90 }, resource: arnOf('role', 'orders-api') }],
    },
    {
      name: 'a user and a group that used nothing; a tighter limit of 30 days',
      options: [{ maxUnusedDays: 30 }],
      snapshot: {
        accounts: {
          [SANDBOX]: {
            users: [{ userName: 'legacy-jenkins', createDate: '2021-05-17T08:00:00Z' }],
            groups: [{ groupName: 'data-science' }],
            serviceLastAccessed: {
              [arnOf('user', 'legacy-jenkins', SANDBOX)]: [{ service: 'ecr', lastAuthenticated: '2025-12-01' }, { service: 's3', lastAuthenticated: null }],
              [arnOf('group', 'data-science', SANDBOX)]: [{ service: 'sagemaker', lastAuthenticated: '2026-10-01' }, { service: 'athena', lastAuthenticated: '2026-11-02' }],
            },
          },
        },
      },
      errors: [
        { messageId: 'noneUsed', data: { kind: 'IAM user', principal: 'legacy-jenkins', granted: 2, services: 'ecr, s3', maxUnusedDays: 30 }, accountId: SANDBOX },
        { messageId: 'unused', data: { kind: 'Group', principal: 'data-science', count: 1, services: 'sagemaker' } },
      ],
    },
    {
      name: 'long lists are cut in the message',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [role('kitchen-sink')],
            serviceLastAccessed: {
              [arnOf('role', 'kitchen-sink')]: ['athena', 'cloudformation', 'dynamodb', 'ec2', 'ecr', 'ecs', 'glue', 'kinesis', 'kms', 'lambda', 's3', 'sns', 'sqs', 'ssm'].map((service) => ({ service, lastAuthenticated: service === 's3' ? '2026-11-20' : null })),
            },
          },
        },
      },
      errors: [{ messageId: 'unused', data: { count: 13, granted: 14, services: 'athena, cloudformation, dynamodb, ec2, ecr, ecs, glue, kinesis, kms, lambda, sns, sqs and 1 more' } }],
    },
  ],
});
