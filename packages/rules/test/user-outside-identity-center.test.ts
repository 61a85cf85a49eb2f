import { ConfigError } from '@iamlint/core';
import { RuleTester, type IdentityCenterSpec, type SnapshotSpec } from '@iamlint/core/testing';
import { describe, expect, it } from 'vitest';
import rule from '../src/identity-center/user-outside-identity-center.js';

const MANAGEMENT = '111122223333';
const PRODUCTION = '444455556666';
const SANDBOX = '777788889999';
const STANDALONE = '999988887777';
const PLATFORM_GROUP_ID = '9067642ac7-1f0e5a3b-8c2d-4e6f-9a1b-3c5d7e9f0a2b';
const userArn = (accountId: string, name: string, path = '/') => `arn:aws:iam::${accountId}:user${path}${name}`;

const organization = {
  managementAccountId: MANAGEMENT,
  accounts: [
    { id: MANAGEMENT, name: 'acme-management' },
    { id: PRODUCTION, name: 'acme-production' },
    { id: SANDBOX, name: 'acme-sandbox' },
  ],
};
const identityCenter: IdentityCenterSpec = {
  permissionSets: [{ name: 'ReadOnlyAccess', managedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], provisionedAccounts: [PRODUCTION] }],
  groups: [{ groupId: PLATFORM_GROUP_ID, displayName: 'platform-engineers' }],
  assignments: [{ accountId: PRODUCTION, permissionSet: 'ReadOnlyAccess', principalType: 'GROUP', principalId: PLATFORM_GROUP_ID }],
};
const withUsers = (users: Record<string, NonNullable<SnapshotSpec['accounts']>[string]['users']>, ic: IdentityCenterSpec | null = identityCenter): SnapshotSpec => ({
  organization,
  ...(ic ? { identityCenter: ic } : {}),
  accounts: Object.fromEntries([MANAGEMENT, PRODUCTION, SANDBOX, ...Object.keys(users)].map((accountId) => [accountId, { users: users[accountId] ?? [] }])),
});

new RuleTester().run('user-outside-identity-center', rule, {
  valid: [
    {
      name: 'member accounts hold only break-glass and declared service users; the management account is not checked by default',
      snapshot: withUsers({
        [MANAGEMENT]: [{ userName: 'terraform-bootstrap' }],
        [PRODUCTION]: [
          { userName: 'break-glass-admin' },
          { userName: 'ci-deploy', tags: { 'iamlint:service-user': 'true' } },
        ],
      }),
    },
    {
      name: 'service users declared by path',
      options: [{ servicePathPatterns: ['/service/*'] }],
      snapshot: withUsers({ [SANDBOX]: [{ userName: 'artifact-sync', path: '/service/ci/' }] }),
    },
    {
      name: 'an Identity Center instance without any assignment gives nobody access yet',
      snapshot: withUsers({ [PRODUCTION]: [{ userName: 'alice.martin' }] }, { permissionSets: [{ name: 'ReadOnlyAccess' }] }),
    },
    {
      name: 'an account outside the organization is not a member account',
      snapshot: withUsers({ [STANDALONE]: [{ userName: 'alice.martin' }] }),
    },
    {
      name: 'no identity-center.json: not evaluated, not a pass',
      snapshot: withUsers({ [PRODUCTION]: [{ userName: 'alice.martin' }] }, null),
      notEvaluated: [{ accountId: null, sections: ['identityCenter'] }],
    },
  ],
  invalid: [
    {
      name: 'people as IAM users in member accounts',
      snapshot: withUsers({
        [PRODUCTION]: [{ userName: 'alice.martin' }, { userName: 'break-glass-admin' }],
        [SANDBOX]: [{ userName: 'bob.smith', path: '/engineering/' }],
      }),
      errors: [
        {
          messageId: 'localUser',
          data: { user: 'alice.martin', account: 'acme-production', accountId: PRODUCTION },
          resource: userArn(PRODUCTION, 'alice.martin'),
          kind: 'User',
        },
        { messageId: 'localUser', data: { user: 'bob.smith', account: 'acme-sandbox' }, resource: userArn(SANDBOX, 'bob.smith', '/engineering/') },
      ],
    },
    {
      name: 'includeManagementAccount checks the management account; serviceTag: null stops declaring service users by tag',
      options: [{ includeManagementAccount: true, serviceTag: null }],
      snapshot: withUsers({ [MANAGEMENT]: [{ userName: 'ci-deploy', tags: { 'iamlint:service-user': 'true' } }] }),
      errors: [{ messageId: 'localUser', data: { user: 'ci-deploy', account: 'acme-management' } }],
    },
    {
      name: 'breakGlass: null checks break-glass users too; a tag value must match',
      options: [{ breakGlass: null }],
      snapshot: withUsers({ [PRODUCTION]: [{ userName: 'break-glass-admin' }, { userName: 'etl', tags: { 'iamlint:service-user': 'false' } }] }),
      errors: [
        { messageId: 'localUser', data: { user: 'break-glass-admin' } },
        { messageId: 'localUser', data: { user: 'etl' } },
      ],
    },
  ],
});

describe('user-outside-identity-center options', () => {
  it.each([[{ servicePathPatterns: '/service/*' }], [{ serviceTag: { key: '' } }], [{ serviceTag: 'iamlint:service-user' }], [{ includeManagementAccount: 1 }]])('rejects %j', (option) => {
    expect(() =>
      RuleTester.lint('user-outside-identity-center', rule, { snapshot: withUsers({ [PRODUCTION]: [] }), options: [option] }),
    ).toThrow(ConfigError);
  });
});
