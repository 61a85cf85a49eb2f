import { RuleTester } from 'iamlint';
import { describe, it } from 'vitest';
import rule from '../src/rules/role-owner-tag.js';

RuleTester.describe = describe;
RuleTester.it = it;

const PAYMENTS_PROD = '418273645091';
const DATA_SANDBOX = '730194826355';
const lambdaTrust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

new RuleTester().run('role-owner-tag', rule, {
  valid: [
    {
      name: 'roles tagged with their owning team',
      snapshot: {
        accounts: {
          [PAYMENTS_PROD]: {
            roles: [
              { roleName: 'payments-api', trustPolicy: lambdaTrust, tags: { owner: 'team-payments', 'cost-center': 'cc-4410' } },
              { roleName: 'github-deploy', path: '/ci/', tags: { owner: 'platform' } },
            ],
          },
        },
      },
    },
    {
      name: 'service-linked roles are AWS\'s, not ours to tag',
      snapshot: { accounts: { [PAYMENTS_PROD]: { roles: [{ roleName: 'AWSServiceRoleForSupport', path: '/aws-service-role/' }] } } },
    },
    {
      name: 'a custom tag key',
      options: [{ tag: 'acme:team' }],
      snapshot: { accounts: { [PAYMENTS_PROD]: { roles: [{ roleName: 'ledger-reader', tags: { 'acme:team': 'finance-data' } }] } } },
    },
    {
      name: 'ignored paths, with a wildcard',
      options: [{ ignorePaths: ['/stacksets/*'] }],
      snapshot: { accounts: { [DATA_SANDBOX]: { roles: [{ roleName: 'AWSCloudFormationStackSetExecutionRole', path: '/stacksets/baseline/' }] } } },
    },
    {
      name: 'an account whose roles could not be read is not evaluated, not passed',
      snapshot: {
        gaps: [{ section: 'iam.authorizationDetails', accountId: DATA_SANDBOX, call: 'iam:GetAccountAuthorizationDetails', error: 'AccessDenied' }],
        accounts: {
          [PAYMENTS_PROD]: { roles: [{ roleName: 'payments-api', tags: { owner: 'team-payments' } }] },
          [DATA_SANDBOX]: { roles: [{ roleName: 'notebook-runner' }] },
        },
      },
      notEvaluated: [{ accountId: DATA_SANDBOX, sections: ['iam.authorizationDetails'] }],
    },
  ],
  invalid: [
    {
      name: 'a role without the tag, beside a tagged one',
      snapshot: {
        accounts: {
          [PAYMENTS_PROD]: {
            roles: [
              { roleName: 'payments-api', tags: { owner: 'team-payments' } },
              { roleName: 'legacy-batch', trustPolicy: lambdaTrust, tags: { 'cost-center': 'cc-4410' } },
            ],
          },
        },
      },
      errors: [{ messageId: 'missing', resource: `arn:aws:iam::${PAYMENTS_PROD}:role/legacy-batch`, kind: 'Role', accountId: PAYMENTS_PROD, data: { role: 'legacy-batch', tag: 'owner' } }],
    },
    {
      name: 'an empty owner, pointed at the tag itself',
      snapshot: { accounts: { [DATA_SANDBOX]: { roles: [{ roleName: 'notebook-runner', tags: { owner: ' ' } }] } } },
      errors: [{ messageId: 'empty', resource: 'notebook-runner', pointer: '/roles/0/tags/owner' }],
    },
    {
      name: 'the default tag no longer counts when the config names another',
      options: [{ tag: 'acme:team' }],
      snapshot: { accounts: { [PAYMENTS_PROD]: { roles: [{ roleName: 'ledger-reader', tags: { owner: 'finance-data' } }] } } },
      errors: [{ messageId: 'missing', data: { tag: 'acme:team' } }],
    },
    {
      name: 'an ignored path does not cover the paths beside it',
      options: [{ ignorePaths: ['/stacksets/*'] }],
      snapshot: { accounts: { [DATA_SANDBOX]: { roles: [{ roleName: 'etl-runner', path: '/data/' }] } } },
      errors: [{ messageId: 'missing', resource: `arn:aws:iam::${DATA_SANDBOX}:role/data/etl-runner` }],
    },
  ],
});
