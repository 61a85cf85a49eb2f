import { describe, expect, it } from 'vitest';
import { RuleTester, type IdentityCenterSpec } from '@iamlint/core/testing';
import rule from '../src/identity-center/permission-set-user-assignment.js';

const MANAGEMENT = '111122223333';
const PRODUCTION = '444455556666';
const SANDBOX = '777788889999';

const INSTANCE = 'ssoins-7223a2e5f1c1d4b0';
const permissionSetArn = (id: string) => `arn:aws:sso:::permissionSet/${INSTANCE}/${id}`;
const ADMINISTRATOR = { name: 'AdministratorAccess', arn: permissionSetArn('ps-6f2a1c9e4b7d3a05'), managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] };
const READ_ONLY = { name: 'ReadOnly', arn: permissionSetArn('ps-0b8e4d2a6c1f9e37'), managedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] };
const BREAK_GLASS = { name: 'BreakGlass-Emergency', arn: permissionSetArn('ps-93c5a7e1d0b4f268'), managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] };

const MARIA = { userId: '9067642ac7-3b1d5f7a-2c4e-4a6b-8d0f-1e3a5c7b9d2f', userName: 'maria.gonzalez@acme.example', displayName: 'Maria Gonzalez' };
const JONAS = { userId: '9067642ac7-8e2a4c6d-1f3b-4d5e-9a7c-0b2d4f6a8c1e', userName: 'jonas.weber@acme.example', displayName: 'Jonas Weber' };
const DEPARTED_USER_ID = '9067642ac7-c4e6a8b0-5d7f-4b1a-8c3e-2f4a6b8d0e1c';
const PLATFORM_ADMINS = { groupId: '9067642ac7-1f0e5a3b-8c2d-4e6f-9a1b-3c5d7e9f0a2b', displayName: 'platform-admins', members: [MARIA.userId] };

const identityCenter = (assignments: IdentityCenterSpec['assignments']): IdentityCenterSpec => ({
  permissionSets: [ADMINISTRATOR, READ_ONLY, BREAK_GLASS],
  users: [MARIA, JONAS],
  groups: [PLATFORM_ADMINS],
  assignments,
});
const toUser = (accountId: string, permissionSet: string, principalId: string) => ({ accountId, permissionSet, principalType: 'USER' as const, principalId });
const toGroup = (accountId: string, permissionSet: string, principalId: string) => ({ accountId, permissionSet, principalType: 'GROUP' as const, principalId });
const assignmentId = (accountId: string, setArn: string, userId: string) => `${accountId}/${setArn}/USER/${userId}`;

const accounts = { [MANAGEMENT]: {}, [PRODUCTION]: {}, [SANDBOX]: {} };

new RuleTester().run('permission-set-user-assignment', rule, {
  valid: [
    {
      name: 'every permission set is assigned to groups',
      snapshot: {
        accounts,
        identityCenter: identityCenter([
          toGroup(PRODUCTION, 'AdministratorAccess', PLATFORM_ADMINS.groupId),
          toGroup(SANDBOX, 'AdministratorAccess', PLATFORM_ADMINS.groupId),
          toGroup(PRODUCTION, 'ReadOnly', PLATFORM_ADMINS.groupId),
        ]),
      },
    },
    {
      name: 'a break-glass permission set may be assigned to a user when allowed by a wildcard',
      snapshot: { accounts, identityCenter: identityCenter([toUser(MANAGEMENT, 'BreakGlass-Emergency', JONAS.userId)]) },
      options: [{ allowedPermissionSets: ['BreakGlass-*'] }],
    },
    {
      name: 'allowed names match case-insensitively',
      snapshot: { accounts, identityCenter: identityCenter([toUser(MANAGEMENT, 'BreakGlass-Emergency', JONAS.userId)]) },
      options: [{ allowedPermissionSets: ['breakglass-emergency'] }],
    },
    {
      name: 'allowed by permission set ARN',
      snapshot: { accounts, identityCenter: identityCenter([toUser(PRODUCTION, 'ReadOnly', MARIA.userId)]) },
      options: [{ allowedPermissionSets: [READ_ONLY.arn] }],
    },
    {
      name: 'permission sets without any assignment',
      snapshot: { accounts, identityCenter: identityCenter([]) },
    },
    {
      name: 'no identity-center.json: not evaluated, not a pass',
      snapshot: { accounts },
      notEvaluated: [{ accountId: null, sections: ['identityCenter'] }],
    },
  ],
  invalid: [
    {
      name: 'a permission set assigned directly to a user',
      snapshot: { accounts, identityCenter: identityCenter([toUser(PRODUCTION, 'AdministratorAccess', MARIA.userId)]) },
      errors: [
        {
          messageId: 'userAssignment',
          data: { permissionSet: 'AdministratorAccess', user: MARIA.userName, accounts: PRODUCTION, count: 1 },
          resource: assignmentId(PRODUCTION, ADMINISTRATOR.arn, MARIA.userId),
          kind: 'AccountAssignment',
          accountId: PRODUCTION,
          pointer: '/instances/0/assignments/0',
          related: [],
        },
      ],
    },
    {
      name: 'the same user and permission set in three accounts is one finding, named by the organization',
      snapshot: {
        organization: {
          managementAccountId: MANAGEMENT,
          accounts: [
            { id: MANAGEMENT, name: 'acme-management' },
            { id: PRODUCTION, name: 'acme-production' },
            { id: SANDBOX, name: 'acme-sandbox' },
          ],
        },
        accounts,
        identityCenter: identityCenter([
          toUser(SANDBOX, 'ReadOnly', JONAS.userId),
          toGroup(PRODUCTION, 'ReadOnly', PLATFORM_ADMINS.groupId),
          toUser(MANAGEMENT, 'ReadOnly', JONAS.userId),
          toUser(PRODUCTION, 'ReadOnly', JONAS.userId),
        ]),
      },
      errors: [
        {
          messageId: 'userAssignment',
          data: { permissionSet: 'ReadOnly', user: JONAS.userName, accounts: 'acme-management, acme-production, acme-sandbox', count: 3 },
          resource: assignmentId(SANDBOX, READ_ONLY.arn, JONAS.userId),
          related: [assignmentId(MANAGEMENT, READ_ONLY.arn, JONAS.userId), assignmentId(PRODUCTION, READ_ONLY.arn, JONAS.userId)],
        },
      ],
    },
    {
      name: 'two users with the same permission set are two findings',
      snapshot: {
        accounts,
        identityCenter: identityCenter([toUser(PRODUCTION, 'AdministratorAccess', MARIA.userId), toUser(PRODUCTION, 'AdministratorAccess', JONAS.userId)]),
      },
      errors: [
        { messageId: 'userAssignment', data: { user: MARIA.userName, permissionSet: 'AdministratorAccess' } },
        { messageId: 'userAssignment', data: { user: JONAS.userName, permissionSet: 'AdministratorAccess' } },
      ],
    },
    {
      name: 'one user with two permission sets is two findings',
      snapshot: {
        accounts,
        identityCenter: identityCenter([toUser(SANDBOX, 'AdministratorAccess', MARIA.userId), toUser(PRODUCTION, 'ReadOnly', MARIA.userId)]),
      },
      errors: [
        { messageId: 'userAssignment', data: { permissionSet: 'AdministratorAccess', accounts: SANDBOX } },
        { messageId: 'userAssignment', data: { permissionSet: 'ReadOnly', accounts: PRODUCTION } },
      ],
    },
    {
      name: 'a user the identity store no longer lists is named by id',
      snapshot: { accounts, identityCenter: identityCenter([toUser(PRODUCTION, 'AdministratorAccess', DEPARTED_USER_ID)]) },
      errors: [{ messageId: 'userAssignment', data: { user: DEPARTED_USER_ID }, resource: assignmentId(PRODUCTION, ADMINISTRATOR.arn, DEPARTED_USER_ID) }],
    },
    {
      name: 'an allow-list that does not match the permission set does not excuse it',
      snapshot: {
        accounts,
        identityCenter: identityCenter([toUser(MANAGEMENT, 'BreakGlass-Emergency', JONAS.userId), toUser(PRODUCTION, 'AdministratorAccess', JONAS.userId)]),
      },
      options: [{ allowedPermissionSets: ['BreakGlass-*'] }],
      errors: [{ messageId: 'userAssignment', data: { permissionSet: 'AdministratorAccess', user: JONAS.userName }, pointer: '/instances/0/assignments/1' }],
    },
  ],
});

describe('permission-set-user-assignment', () => {
  it('renders the recommendation with the account list', () => {
    const result = RuleTester.lint('permission-set-user-assignment', rule, {
      snapshot: { accounts, identityCenter: identityCenter([toUser(PRODUCTION, 'ReadOnly', MARIA.userId), toUser(SANDBOX, 'ReadOnly', MARIA.userId)]) },
    });
    expect(result.findings.map((finding) => finding.message)).toEqual([
      `Permission set ReadOnly is assigned directly to user ${MARIA.userName} in 2 account(s) (${PRODUCTION}, ${SANDBOX}); assign it to a group the user belongs to, so access follows membership.`,
    ]);
  });
});
