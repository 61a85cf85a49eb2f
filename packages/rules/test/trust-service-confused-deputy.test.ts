import { describe, expect, it } from 'vitest';
import { RuleTester } from '@iamlint/core/testing';
import rule, { CONFUSED_DEPUTY_SERVICES } from '../src/trust/trust-service-confused-deputy.js';
import { lambdaTrust, PROD, V } from './fixtures/policies.js';

const trust = (...Statement: object[]) => ({ Version: V, Statement });
const service = (Service: string | string[], Condition?: object) => ({ Effect: 'Allow', Principal: { Service }, Action: 'sts:AssumeRole', ...(Condition ? { Condition } : {}) });
const role = (roleName: string, trustPolicy: object, extra: object = {}) => ({ roleName, trustPolicy, ...extra });
const snapshot = (...roles: object[]) => ({ accounts: { [PROD]: { roles: roles as Array<{ roleName: string }> } } });

/** Step Functions' documented trust policy for a state machine role. */
const stepFunctionsTrust = trust(
  service('states.amazonaws.com', {
    StringEquals: { 'aws:SourceAccount': PROD },
    ArnLike: { 'aws:SourceArn': `arn:aws:states:eu-west-1:${PROD}:stateMachine:*` },
  }),
);

new RuleTester().run('trust-service-confused-deputy', rule, {
  valid: [
    {
      name: 'documented trust policies with source conditions',
      snapshot: snapshot(
        role('orders-state-machine', stepFunctionsTrust),
        role('ecs-task', trust(service('ecs-tasks.amazonaws.com', { ArnLike: { 'aws:SourceArn': `arn:aws:ecs:eu-west-1:${PROD}:*` } }))),
        role('bedrock-batch', trust(service('bedrock.amazonaws.com', { StringEquals: { 'aws:SourceOrgID': 'o-a1b2c3d4e5' } }))),
        role('cognito-sms', trust(service('cognito-idp.amazonaws.com', { StringEquals: { 'sts:ExternalId': '4f1c2e8a-5b7d-4c3e-9a60-2d8b1f7e3c5a' } }))),
      ),
    },
    {
      name: 'services that do not send source keys when they assume a role are not checked',
      snapshot: snapshot(
        role('fn', lambdaTrust),
        role('instance', trust(service('ec2.amazonaws.com'))),
        role('glue-job', trust(service('glue.amazonaws.com'))),
        role('backup', trust(service('backup.amazonaws.com'))),
      ),
    },
    {
      name: 'service-linked roles cannot be edited and are skipped',
      snapshot: snapshot(role('AWSServiceRoleForConfig', trust(service('config.amazonaws.com')), { path: '/aws-service-role/config.amazonaws.com/' })),
    },
    {
      name: 'an ignored service',
      snapshot: snapshot(role('scheduler', trust(service('scheduler.amazonaws.com')))),
      options: [{ ignoredServices: ['scheduler.amazonaws.com'] }],
    },
  ],
  invalid: [
    {
      name: 'Step Functions trusted with no condition',
      snapshot: snapshot(role('orders-state-machine', trust(service('states.amazonaws.com')))),
      errors: [
        {
          messageId: 'noSourceCondition',
          data: { role: 'orders-state-machine', service: 'states.amazonaws.com', statement: '0' },
          resource: `arn:aws:iam::${PROD}:role/orders-state-machine`,
          pointer: '/roles/0/trustPolicy/Statement/0/Principal',
        },
      ],
    },
    {
      name: 'conditions that name no source: wildcard account, IfExists, negated, another key',
      snapshot: snapshot(
        role('any-account', trust(service('sagemaker.amazonaws.com', { ArnLike: { 'aws:SourceArn': 'arn:aws:sagemaker:*:*:*' } }))),
        role('if-exists', trust(service('sagemaker.amazonaws.com', { StringEqualsIfExists: { 'aws:SourceAccount': PROD } }))),
        role('negated', trust(service('sagemaker.amazonaws.com', { StringNotEquals: { 'aws:SourceAccount': '999988887777' } }))),
        role('region-only', trust(service('sagemaker.amazonaws.com', { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } }))),
        role('wrong-service-external-id', trust(service('transfer.amazonaws.com', { StringEquals: { 'sts:ExternalId': PROD } }))),
      ),
      errors: [
        { messageId: 'noSourceCondition', data: { role: 'any-account', service: 'sagemaker.amazonaws.com' } },
        { messageId: 'noSourceCondition', data: { role: 'if-exists' } },
        { messageId: 'noSourceCondition', data: { role: 'negated' } },
        { messageId: 'noSourceCondition', data: { role: 'region-only' } },
        { messageId: 'noSourceCondition', data: { role: 'wrong-service-external-id', service: 'transfer.amazonaws.com' } },
      ],
    },
    {
      name: 'one statement for several services reports only the listed ones; a regional principal is its service',
      snapshot: snapshot(role('pipeline', trust(service(['lambda.amazonaws.com', 'states.eu-west-1.amazonaws.com', 'scheduler.amazonaws.com'])))),
      errors: [
        { messageId: 'noSourceCondition', data: { service: 'states.amazonaws.com' } },
        { messageId: 'noSourceCondition', data: { service: 'scheduler.amazonaws.com' } },
      ],
    },
    {
      name: 'a service added by option',
      snapshot: snapshot(role('codebuild', trust(service('codebuild.amazonaws.com')))),
      options: [{ additionalServices: ['codebuild.amazonaws.com'] }],
      errors: [{ messageId: 'noSourceCondition', data: { service: 'codebuild.amazonaws.com' } }],
    },
  ],
});

describe('trust-service-confused-deputy', () => {
  it('keeps its service list to principals that can carry source conditions', () => {
    expect(CONFUSED_DEPUTY_SERVICES).toContain('states.amazonaws.com');
    for (const absent of ['ec2.amazonaws.com', 'lambda.amazonaws.com', 'edgelambda.amazonaws.com', 'apigateway.amazonaws.com']) {
      expect(CONFUSED_DEPUTY_SERVICES).not.toContain(absent);
    }
    expect([...CONFUSED_DEPUTY_SERVICES].sort()).toEqual(CONFUSED_DEPUTY_SERVICES);
  });
});
