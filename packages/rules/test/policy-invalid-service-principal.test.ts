import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/policy/policy-invalid-service-principal.js';
import { enforceOrgIdentitiesRcp, lambdaTrust, MANAGEMENT, PROD, rcp, V } from './fixtures/policies.js';

const trust = (Service: unknown, extra: Record<string, unknown> = {}) => ({
  Version: V,
  Statement: [{ Effect: 'Allow', Principal: { Service }, Action: 'sts:AssumeRole', ...extra }],
});

new RuleTester().run('policy-invalid-service-principal', rule, {
  valid: [
    {
      name: 'global, regional, multi-label and other partitions\' service principals',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [
              { roleName: 'orders-fn', trustPolicy: lambdaTrust },
              { roleName: 'ecs-task', trustPolicy: trust(['ecs-tasks.amazonaws.com', 'ec2.application-autoscaling.amazonaws.com']) },
              { roleName: 'step-functions', trustPolicy: trust('states.eu-west-1.amazonaws.com') },
              { roleName: 'log-delivery', trustPolicy: trust(['logs.eu-west-1.amazonaws.com', 'delivery.logs.amazonaws.com']) },
              { roleName: 'emr-china', trustPolicy: trust(['elasticmapreduce.amazonaws.com.cn', 'ec2.amazonaws.com.cn']) },
              { roleName: 'iso', trustPolicy: trust(['ec2.c2s.ic.gov', 'ec2.sc2s.sgov.gov', 'ec2.cloud.adc-e.uk', 'ec2.csp.hci.ic.gov', 'ec2.amazonaws.eu']) },
              {
                roleName: 'deploy',
                trustPolicy: { Version: V, Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PROD}:root` }, Action: 'sts:AssumeRole' }] },
              },
            ],
          },
        },
      },
    },
    {
      name: 'an RCP whose Principal is "*"',
      snapshot: { organization: { managementAccountId: MANAGEMENT, policies: [rcp('enforce-org-identities', enforceOrgIdentitiesRcp)] }, accounts: { [PROD]: {} } },
    },
  ],
  invalid: [
    {
      name: 'an ARN and an account id under Service, where they belong under AWS',
      snapshot: { accounts: { [PROD]: { roles: [{ roleName: 'cross-account', trustPolicy: trust([`arn:aws:iam::${PROD}:role/deployer`, '464622532012']) }] } } },
      errors: [
        { messageId: 'accountOrArn', data: { value: `arn:aws:iam::${PROD}:role/deployer`, element: 'Principal' }, kind: 'Role', pointer: '/roles/0/trustPolicy/Statement/0/Principal/Service/0' },
        { messageId: 'accountOrArn', data: { value: '464622532012' }, pointer: '/roles/0/trustPolicy/Statement/0/Principal/Service/1' },
      ],
    },
    {
      name: 'a name without its domain, a trailing space, upper case, a wrong domain, a URL and a wildcard, each with the likely fix',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [
              {
                roleName: 'typos',
                trustPolicy: trust(['lambda', 'ecs-tasks.amazonaws.com ', 'EC2.amazonaws.com', 'glue.amazon.com', 'https://states.amazonaws.com/', '*.amazonaws.com']),
              },
            ],
          },
        },
      },
      errors: [
        { messageId: 'missingDomain', data: { value: 'lambda', suggestion: 'lambda.amazonaws.com' }, pointer: '/roles/0/trustPolicy/Statement/0/Principal/Service/0' },
        { messageId: 'whitespace', data: { value: 'ecs-tasks.amazonaws.com ', suggestion: 'ecs-tasks.amazonaws.com' }, pointer: '/roles/0/trustPolicy/Statement/0/Principal/Service/1' },
        { messageId: 'upperCase', data: { value: 'EC2.amazonaws.com', suggestion: 'ec2.amazonaws.com' }, pointer: '/roles/0/trustPolicy/Statement/0/Principal/Service/2' },
        { messageId: 'wrongDomain', data: { value: 'glue.amazon.com', suggestion: 'glue.amazonaws.com' }, pointer: '/roles/0/trustPolicy/Statement/0/Principal/Service/3' },
        { messageId: 'wrongDomain', data: { value: 'https://states.amazonaws.com/', suggestion: 'states.amazonaws.com' }, pointer: '/roles/0/trustPolicy/Statement/0/Principal/Service/4' },
        { messageId: 'wildcard', data: { value: '*.amazonaws.com', suggestion: '' }, pointer: '/roles/0/trustPolicy/Statement/0/Principal/Service/5' },
      ],
    },
    {
      name: 'a single-string Service in an RCP\'s NotPrincipal',
      snapshot: {
        organization: {
          managementAccountId: MANAGEMENT,
          policies: [
            rcp('deny-outside-org', {
              Version: V,
              Statement: [
                { Sid: 'DenyOthers', Effect: 'Deny', NotPrincipal: { Service: 'cloudtrail' }, Action: 's3:PutObject', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } },
              ],
            }),
          ],
        },
        accounts: { [PROD]: {} },
      },
      errors: [{ messageId: 'missingDomain', data: { value: 'cloudtrail', element: 'NotPrincipal', statement: '"DenyOthers"' }, kind: 'Rcp', pointer: '/policies/0/document/Statement/0/NotPrincipal/Service' }],
    },
  ],
});
