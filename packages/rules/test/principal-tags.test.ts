import { ConfigError } from '@iamlint/core';
import { RuleTester } from '@iamlint/core/testing';
import { describe, expect, it } from 'vitest';
import rule from '../src/access/principal-tags.js';

const PROD = '123456789012';
const LAMBDA_TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const OWNED = { owner: 'platform-team', 'cost-center': 'CC-1042' };

new RuleTester().run('principal-tags', rule, {
  valid: [
    {
      name: 'tagged users and roles',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'ci-deploy', tags: OWNED }], roles: [{ roleName: 'orders-api-lambda', trustPolicy: LAMBDA_TRUST, tags: { owner: 'orders' } }] } } },
    },
    {
      name: 'principals: [User] leaves untagged roles alone',
      options: [{ principals: ['User'] }],
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'ci-deploy', tags: OWNED }], roles: [{ roleName: 'orders-api-lambda', trustPolicy: LAMBDA_TRUST }] } } },
    },
    {
      name: 'every required key present (extra tags are fine)',
      options: [{ requiredTagKeys: ['owner', 'cost-center'] }],
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'ci-deploy', tags: { ...OWNED, team: 'platform' } }] } } },
    },
  ],
  invalid: [
    {
      name: 'an untagged user and a role carrying only an aws: system tag',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [{ userName: 'alice.martin' }],
            roles: [{ roleName: 'stack-custom-resource', trustPolicy: LAMBDA_TRUST, tags: { 'aws:cloudformation:stack-name': 'orders' } }],
          },
        },
      },
      errors: [
        { messageId: 'untaggedUser', data: { name: 'alice.martin', accountId: PROD }, kind: 'User', pointer: '/users/0/tags' },
        { messageId: 'untaggedRole', data: { name: 'stack-custom-resource' }, kind: 'Role', pointer: '/roles/0/tags' },
      ],
    },
    {
      name: 'required keys are case-sensitive, as in IAM',
      options: [{ requiredTagKeys: ['owner', 'cost-center'], principals: ['Role'] }],
      snapshot: { accounts: { [PROD]: { roles: [{ roleName: 'orders-api-lambda', trustPolicy: LAMBDA_TRUST, tags: { Owner: 'orders' } }] } } },
      errors: [{ messageId: 'missingKeysRole', data: { name: 'orders-api-lambda', missing: 'owner, cost-center' } }],
    },
    {
      name: 'a user missing one required key',
      options: [{ requiredTagKeys: ['owner', 'cost-center'] }],
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'ci-deploy', tags: { owner: 'platform-team' } }] } } },
      errors: [{ messageId: 'missingKeysUser', data: { name: 'ci-deploy', missing: 'cost-center' } }],
    },
  ],
});

describe('principal-tags options', () => {
  it.each([[{ principals: [] }], [{ principals: ['Group'] }], [{ requiredTagKeys: [''] }], [{ requiredTagKeys: ['owner', 'owner'] }]])('rejects %j', (option) => {
    expect(() => RuleTester.lint('principal-tags', rule, { snapshot: { accounts: { [PROD]: {} } }, options: [option] })).toThrow(ConfigError);
  });
});
