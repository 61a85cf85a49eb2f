import { describe, expect, it } from 'vitest';
import { RuleTester, type IdentityCenterSpec, type SnapshotSpec } from '@iamlint/core/testing';
import rule from '../src/identity-center/permission-set-admin-assignment.js';

const MANAGEMENT = '311842569027';
const ORDERS_TEST = '658104729361';
const ORDERS_PROD = '971530846182';
const INSTANCE = 'ssoins-7223a2e5f1c1d4b0';
const permissionSetArn = (id: string) => `arn:aws:sso:::permissionSet/${INSTANCE}/${id}`;

const READ_ONLY_ACCESS = {
  policyName: 'ReadOnlyAccess',
  arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ec2:Describe*', 'iam:Get*', 'iam:List*', 's3:Get*', 's3:List*'], Resource: '*' }] },
};
const ADMIN = { name: 'Admin', arn: permissionSetArn('ps-3a9f1c7e5b2d8046'), managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] };
const READ_ONLY = { name: 'ReadOnly', arn: permissionSetArn('ps-c5d17a3e9f2b4681'), managedPolicies: [READ_ONLY_ACCESS.arn] };
const BREAK_GLASS = { name: 'BreakGlass-Emergency', arn: permissionSetArn('ps-93c5a7e1d0b4f268'), managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] };
const INLINE_ADMIN = {
  name: 'OrdersAdmin',
  arn: permissionSetArn('ps-6e2a9c4f1b7d3058'),
  inlinePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

const userId = (suffix: string) => `9067c4b2a1-${suffix}`;
const DMITRI = { userId: userId('5f0e2d7c-8b41-4a6e-9c3d-1e7f2a9b6c05'), userName: 'dmitri.volkov@acme-analytics.example', displayName: 'Dmitri Volkov' };
const ENGINEERS_MEMBERS = Array.from({ length: 20 }, (_, i) => userId(`${(0x1000 + i).toString(16)}a1b2-4c3d-8e5f-9a0b-1c2d3e4f5a6b`));
const PLATFORM = { groupId: userId('0b7d3e9f-6a2c-4d18-b5e4-7c9f1a2d8e63'), displayName: 'Platform', members: ENGINEERS_MEMBERS.slice(0, 4) };
const ENGINEERS = { groupId: userId('b18a5b49-ae48-4b5a-90e6-db420d3858f9'), displayName: 'Engineers', members: ENGINEERS_MEMBERS };
const TEN = { groupId: userId('d5685a62-b2d1-43c4-89c7-ab8204e14e45'), displayName: 'DataTeam', members: ENGINEERS_MEMBERS.slice(0, 10) };
const UNKNOWN_GROUP = userId('7c1e9a3b-2d4f-4b6a-8c0e-5f7a9b1d3c2e');

const toUser = (accountId: string, permissionSet: string, principalId: string) => ({ accountId, permissionSet, principalType: 'USER' as const, principalId });
const toGroup = (accountId: string, permissionSet: string, principalId: string) => ({ accountId, permissionSet, principalType: 'GROUP' as const, principalId });
const assignmentId = (accountId: string, setArn: string, type: string, principalId: string) => `${accountId}/${setArn}/${type}/${principalId}`;

const snapshot = (assignments: IdentityCenterSpec['assignments']): SnapshotSpec => ({
  organization: {
    managementAccountId: MANAGEMENT,
    accounts: [
      { id: MANAGEMENT, name: 'acme-management' },
      { id: ORDERS_TEST, name: 'acme-orders-test' },
      { id: ORDERS_PROD, name: 'acme-orders-prod' },
    ],
  },
  accounts: { [MANAGEMENT]: { policies: [READ_ONLY_ACCESS] } },
  identityCenter: { permissionSets: [ADMIN, READ_ONLY, BREAK_GLASS, INLINE_ADMIN], users: [DMITRI], groups: [PLATFORM, ENGINEERS, TEN], assignments },
});

new RuleTester().run('permission-set-admin-assignment', rule, {
  valid: [
    {
      name: 'Admin to a 4-member group, ReadOnly to everyone and to a user',
      snapshot: snapshot([toGroup(ORDERS_PROD, 'Admin', PLATFORM.groupId), toGroup(ORDERS_PROD, 'ReadOnly', ENGINEERS.groupId), toUser(ORDERS_TEST, 'ReadOnly', DMITRI.userId)]),
    },
    { name: 'a group of exactly the limit', snapshot: snapshot([toGroup(ORDERS_TEST, 'Admin', TEN.groupId)]) },
    { name: 'a larger limit', snapshot: snapshot([toGroup(ORDERS_TEST, 'Admin', ENGINEERS.groupId)]), options: [{ maxGroupMembers: 25 }] },
    {
      name: 'an allowed break-glass set held by a named user',
      snapshot: snapshot([toUser(MANAGEMENT, 'BreakGlass-Emergency', DMITRI.userId)]),
      options: [{ allowedPermissionSets: ['BreakGlass-*'] }],
    },
    { name: 'a group the identity store does not list cannot be counted', snapshot: snapshot([toGroup(ORDERS_TEST, 'Admin', UNKNOWN_GROUP)]) },
  ],
  invalid: [
    {
      name: 'Admin assigned to a user in two accounts: one finding, named by organization',
      snapshot: snapshot([toGroup(ORDERS_TEST, 'Admin', PLATFORM.groupId), toUser(ORDERS_TEST, 'Admin', DMITRI.userId), toUser(ORDERS_PROD, 'Admin', DMITRI.userId)]),
      errors: [
        {
          messageId: 'userAssignment',
          data: { permissionSet: 'Admin', user: DMITRI.userName, count: 2, accounts: 'acme-orders-test, acme-orders-prod' },
          resource: assignmentId(ORDERS_TEST, ADMIN.arn, 'USER', DMITRI.userId),
          kind: 'AccountAssignment',
          accountId: ORDERS_TEST,
          pointer: '/instances/0/assignments/1',
          related: [assignmentId(ORDERS_PROD, ADMIN.arn, 'USER', DMITRI.userId)],
        },
      ],
    },
    {
      name: 'an inline Allow * set is an administrator set too',
      snapshot: snapshot([toUser(ORDERS_PROD, 'OrdersAdmin', DMITRI.userId)]),
      errors: [{ messageId: 'userAssignment', data: { permissionSet: 'OrdersAdmin', accounts: 'acme-orders-prod' } }],
    },
    {
      name: 'Admin to the 20-member Engineers group',
      snapshot: snapshot([toGroup(ORDERS_TEST, 'Admin', ENGINEERS.groupId), toGroup(ORDERS_TEST, 'ReadOnly', ENGINEERS.groupId)]),
      errors: [
        {
          messageId: 'largeGroup',
          data: { permissionSet: 'Admin', group: 'Engineers', members: 20, maxGroupMembers: 10, count: 1, accounts: 'acme-orders-test' },
          resource: assignmentId(ORDERS_TEST, ADMIN.arn, 'GROUP', ENGINEERS.groupId),
        },
      ],
    },
    {
      name: 'a lower limit catches the 10-member group; a break-glass set not allowed is reported',
      snapshot: snapshot([toGroup(ORDERS_TEST, 'Admin', TEN.groupId), toUser(MANAGEMENT, 'BreakGlass-Emergency', DMITRI.userId)]),
      options: [{ maxGroupMembers: 5 }],
      errors: [
        { messageId: 'largeGroup', data: { group: 'DataTeam', members: 10, maxGroupMembers: 5 } },
        { messageId: 'userAssignment', data: { permissionSet: 'BreakGlass-Emergency', accounts: 'acme-management' } },
      ],
    },
    {
      name: 'a user the identity store no longer lists is named by id',
      snapshot: snapshot([toUser(ORDERS_PROD, 'Admin', userId('c4e6a8b0-5d7f-4b1a-8c3e-2f4a6b8d0e1c'))]),
      errors: [{ messageId: 'userAssignment', data: { user: userId('c4e6a8b0-5d7f-4b1a-8c3e-2f4a6b8d0e1c') } }],
    },
  ],
});

describe('permission-set-admin-assignment', () => {
  it('renders the message', () => {
    const result = RuleTester.lint('permission-set-admin-assignment', rule, { snapshot: snapshot([toGroup(ORDERS_TEST, 'Admin', ENGINEERS.groupId)]) });
    expect(result.findings.map((finding) => finding.message)).toEqual([
      'Administrator permission set Admin is assigned to group Engineers with 20 members (limit 10) in 1 account(s) (acme-orders-test); keep administrator access to a small group and give the others a narrower permission set.',
    ]);
  });
});
