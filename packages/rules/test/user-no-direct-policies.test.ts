import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/access/user-no-direct-policies.js';

const PROD = '123456789012';
const SANDBOX = '210987654321';
const authorizationDetailsDenied = { section: 'iam.authorizationDetails' as const, accountId: SANDBOX, call: 'iam:GetAccountAuthorizationDetails', error: 'AccessDenied' };
const readArtifacts = {
  name: 'read-build-artifacts',
  document: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::acme-build-artifacts', 'arn:aws:s3:::acme-build-artifacts/*'] }],
  },
};
const developers = { groupName: 'developers', attachedManagedPolicies: ['arn:aws:iam::aws:policy/PowerUserAccess'], inlinePolicies: [readArtifacts] };

new RuleTester().run('user-no-direct-policies', rule, {
  valid: [
    {
      name: 'permissions come through a group',
      snapshot: { accounts: { [PROD]: { groups: [developers], users: [{ userName: 'alice', groups: ['developers'] }] } } },
    },
    {
      name: 'a permissions boundary limits, it does not grant',
      snapshot: {
        accounts: {
          [PROD]: {
            groups: [developers],
            users: [{ userName: 'bob', groups: ['developers'], permissionsBoundary: `arn:aws:iam::${PROD}:policy/developer-boundary` }],
          },
        },
      },
    },
    {
      name: 'a user with no permissions at all',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'carol' }] } } },
    },
    {
      name: 'group-based users in several accounts',
      snapshot: {
        accounts: {
          [PROD]: { groups: [developers], users: [{ userName: 'alice', groups: ['developers'] }] },
          [SANDBOX]: { groups: [developers], users: [{ userName: 'alice', groups: ['developers'] }] },
        },
      },
    },
    {
      name: 'an account whose authorization details could not be read is not evaluated',
      snapshot: {
        gaps: [authorizationDetailsDenied],
        accounts: {
          [PROD]: { users: [{ userName: 'carol' }] },
          [SANDBOX]: { users: [{ userName: 'dave', attachedManagedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] }] },
        },
      },
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.authorizationDetails'] }],
    },
  ],
  invalid: [
    {
      name: 'an AWS managed policy attached to the user',
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'alice', attachedManagedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }] } } },
      errors: [
        {
          messageId: 'directPolicies',
          data: { user: 'alice', managedCount: 1, inlineCount: 0, policies: 'ReadOnlyAccess' },
          resource: `arn:aws:iam::${PROD}:user/alice`,
          kind: 'User',
          accountId: PROD,
          pointer: '/users/0/attachedManagedPolicies',
        },
      ],
    },
    {
      name: 'an inline policy on the user, pointed at the inline policies',
      snapshot: { accounts: { [PROD]: { groups: [developers], users: [{ userName: 'ci-deploy', path: '/service/', groups: ['developers'], inlinePolicies: [readArtifacts] }] } } },
      errors: [
        {
          messageId: 'directPolicies',
          data: { user: 'ci-deploy', managedCount: 0, inlineCount: 1, policies: 'read-build-artifacts (inline)' },
          resource: `arn:aws:iam::${PROD}:user/service/ci-deploy`,
          pointer: '/users/0/inlinePolicies',
        },
      ],
    },
    {
      name: 'managed and inline policies together make one finding that names them all',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [
              {
                userName: 'dave',
                attachedManagedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess', `arn:aws:iam::${PROD}:policy/teams/data/DataEngineering`],
                inlinePolicies: [readArtifacts],
              },
            ],
          },
        },
      },
      errors: [
        {
          messageId: 'directPolicies',
          data: { managedCount: 2, inlineCount: 1, policies: 'AdministratorAccess, DataEngineering, read-build-artifacts (inline)' },
          resource: `arn:aws:iam::${PROD}:user/dave`,
          pointer: '/users/0/attachedManagedPolicies',
        },
      ],
    },
    {
      name: 'direct policies in two accounts',
      snapshot: {
        accounts: {
          [PROD]: { groups: [developers], users: [{ userName: 'alice', groups: ['developers'] }, { userName: 'erin', attachedManagedPolicies: ['arn:aws:iam::aws:policy/job-function/Billing'] }] },
          [SANDBOX]: { users: [{ userName: 'erin', attachedManagedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] }] },
        },
      },
      errors: [
        { messageId: 'directPolicies', data: { user: 'erin', policies: 'Billing' }, resource: `arn:aws:iam::${PROD}:user/erin`, pointer: '/users/1/attachedManagedPolicies' },
        { messageId: 'directPolicies', data: { user: 'erin', policies: 'AdministratorAccess' }, resource: `arn:aws:iam::${SANDBOX}:user/erin`, accountId: SANDBOX },
      ],
    },
    {
      name: 'a gap in one account does not hide the other',
      snapshot: {
        gaps: [authorizationDetailsDenied],
        accounts: {
          [PROD]: { users: [{ userName: 'alice', attachedManagedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }] },
          [SANDBOX]: { users: [{ userName: 'dave', attachedManagedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] }] },
        },
      },
      errors: [{ messageId: 'directPolicies', data: { user: 'alice' }, resource: `arn:aws:iam::${PROD}:user/alice` }],
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.authorizationDetails'] }],
    },
  ],
});
