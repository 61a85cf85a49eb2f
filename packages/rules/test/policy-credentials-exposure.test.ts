import { actionCatalog } from '@iamlint/core';
import { RuleTester } from '@iamlint/core/testing';
import { expect, it } from 'vitest';
import rule, { CREDENTIALS_EXPOSURE_ACTIONS } from '../src/policy/policy-credentials-exposure.js';
import { PROD, V, inline, manageOwnCredentials, policy, policyArn } from './fixtures/policies.js';

const allow = (Action: unknown, Resource: unknown = '*', extra: object = {}) => ({ Version: V, Statement: [{ Effect: 'Allow', Action, Resource, ...extra }] });

it('lists real actions that a policy can scope by resource', () => {
  for (const name of CREDENTIALS_EXPOSURE_ACTIONS) {
    const info = actionCatalog.action(name);
    expect(info?.fullName, name).toBe(name);
    expect(info?.wildcardOnly, name).toBe(false);
  }
});

new RuleTester().run('policy-credentials-exposure', rule, {
  valid: [
    {
      name: 'AWS\'s "manage your own credentials" policy, scoped with ${aws:username}',
      snapshot: { accounts: { [PROD]: { groups: [{ groupName: 'everyone', inlinePolicies: [inline('self-service', manageOwnCredentials)] }] } } },
    },
    {
      name: 'ecr:GetAuthorizationToken accepts only "*" and sts:AssumeRole is policy-passrole-star\'s; IAM database auth for one user',
      snapshot: {
        accounts: {
          [PROD]: {
            policies: [
              policy('ecr-pull', allow(['ecr:GetAuthorizationToken', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'])),
              policy('assume-anything', allow('sts:AssumeRole')),
              policy('orders-db', allow('rds-db:connect', `arn:aws:rds-db:eu-west-1:${PROD}:dbuser:db-ABCDEFGHIJKLMNOPQRSTUVWXY1/orders_app`)),
            ],
          },
        },
      },
    },
    {
      name: 'on "*" only from the corporate network',
      snapshot: { accounts: { [PROD]: { policies: [policy('keys-from-office', allow('iam:CreateAccessKey', '*', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }))] } } },
    },
  ],
  invalid: [
    {
      name: 'iam:CreateAccessKey on "*" (Rhino\'s privesc4)',
      snapshot: { accounts: { [PROD]: { policies: [policy('privesc4-CreateAccessKey', allow('iam:CreateAccessKey'))] } } },
      errors: [
        {
          messageId: 'unscoped',
          data: { policy: 'managed policy privesc4-CreateAccessKey', actions: 'iam:CreateAccessKey', statements: '0', resource: '"*"' },
          resource: policyArn('privesc4-CreateAccessKey'),
          pointer: '/policies/0/document/Statement/0/Resource',
        },
      ],
    },
    {
      name: 'every database user of every instance, and Redshift credentials for any user',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [
              {
                roleName: 'analytics',
                inlinePolicies: [
                  inline('db', {
                    Version: V,
                    Statement: [
                      { Sid: 'AnyDbUser', Effect: 'Allow', Action: 'rds-db:connect', Resource: `arn:aws:rds-db:eu-west-1:${PROD}:dbuser:*/*` },
                      { Sid: 'Redshift', Effect: 'Allow', Action: ['redshift:GetClusterCredentials', 'redshift:DescribeClusters'], Resource: '*' },
                    ],
                  }),
                ],
              },
            ],
          },
        },
      },
      errors: [{ messageId: 'unscoped', data: { actions: 'rds-db:connect, redshift:GetClusterCredentials', statements: '"AnyDbUser", "Redshift"', resource: `arn:aws:rds-db:eu-west-1:${PROD}:dbuser:*/*`, count: 2 } }],
    },
    {
      name: 'iam:* grants six credential actions; the message lists them',
      snapshot: { accounts: { [PROD]: { policies: [policy('iam-admin', allow(['iam:*', 'ec2:*']))] } } },
      errors: [
        {
          messageId: 'unscoped',
          data: { actions: 'iam:CreateAccessKey, iam:CreateLoginProfile, iam:CreateServiceSpecificCredential, iam:ResetServiceSpecificCredential, iam:UpdateAccessKey, iam:UpdateLoginProfile', count: 6 },
        },
      ],
    },
  ],
});
