import { describe, expect, it } from 'vitest';
import { RuleTester, type IdentityCenterSpec, type SnapshotSpec } from '@iamlint/core/testing';
import rule from '../src/identity-center/permission-set-unassigned.js';

const MANAGEMENT = '311842569027';
const DATA_PROD = '097352618404';
const WEB_DEV = '183640257719';
const INSTANCE = 'ssoins-7223a2e5f1c1d4b0';
const permissionSetArn = (id: string) => `arn:aws:sso:::permissionSet/${INSTANCE}/${id}`;

const READ_ONLY = { name: 'ReadOnly', arn: permissionSetArn('ps-c5d17a3e9f2b4681'), managedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], provisionedAccounts: [DATA_PROD] };
const BILLING = { name: 'Billing', arn: permissionSetArn('ps-2f6b0d8e4a1c9375'), managedPolicies: ['arn:aws:iam::aws:policy/job-function/Billing'] };
const LEGACY_DEVELOPER = {
  name: 'LegacyDeveloper',
  arn: permissionSetArn('ps-7a3d9f1b5e8c2046'),
  managedPolicies: ['arn:aws:iam::aws:policy/PowerUserAccess'],
  provisionedAccounts: [WEB_DEV, DATA_PROD],
};
const BREAK_GLASS = { name: 'BreakGlass-Emergency', arn: permissionSetArn('ps-93c5a7e1d0b4f268'), managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] };
const SECURITY = { groupId: '9067c4b2a1-abb6f097-b66a-4134-9aff-bf2e31469eac', displayName: 'Security', members: [] };

const snapshot = (permissionSets: IdentityCenterSpec['permissionSets'], assignments: IdentityCenterSpec['assignments'] = []): SnapshotSpec => ({
  organization: {
    managementAccountId: MANAGEMENT,
    accounts: [
      { id: MANAGEMENT, name: 'acme-management' },
      { id: DATA_PROD, name: 'acme-data-prod' },
      { id: WEB_DEV, name: 'acme-web-dev' },
    ],
  },
  identityCenter: { permissionSets, groups: [SECURITY], assignments },
});
const readOnlyToSecurity = { accountId: DATA_PROD, permissionSet: 'ReadOnly', principalType: 'GROUP' as const, principalId: SECURITY.groupId };

new RuleTester().run('permission-set-unassigned', rule, {
  valid: [
    { name: 'every permission set is assigned', snapshot: snapshot([READ_ONLY], [readOnlyToSecurity]) },
    {
      name: 'a break-glass set kept unassigned until an incident, allowed by name',
      snapshot: snapshot([READ_ONLY, BREAK_GLASS], [readOnlyToSecurity]),
      options: [{ allowedPermissionSets: ['BreakGlass-*'] }],
    },
    { name: 'no permission sets at all', snapshot: snapshot([]) },
  ],
  invalid: [
    {
      name: 'a permission set never assigned nor provisioned',
      snapshot: snapshot([READ_ONLY, BILLING], [readOnlyToSecurity]),
      errors: [{ messageId: 'unassigned', data: { permissionSet: 'Billing' }, resource: BILLING.arn, kind: 'PermissionSet', pointer: '/instances/0/permissionSets/1' }],
    },
    {
      name: 'a set whose assignments were removed but which is still provisioned in two accounts',
      snapshot: snapshot([READ_ONLY, LEGACY_DEVELOPER], [readOnlyToSecurity]),
      errors: [
        {
          messageId: 'unassignedProvisioned',
          data: { permissionSet: 'LegacyDeveloper', count: 2, accounts: 'acme-data-prod, acme-web-dev' },
          pointer: '/instances/0/permissionSets/1/provisionedAccounts',
        },
      ],
    },
    {
      name: 'an allow-list for another set does not excuse this one',
      snapshot: snapshot([BILLING, BREAK_GLASS]),
      options: [{ allowedPermissionSets: ['BreakGlass-*'] }],
      errors: [{ messageId: 'unassigned', data: { permissionSet: 'Billing' } }],
    },
  ],
});

describe('permission-set-unassigned', () => {
  it('renders the message', () => {
    const result = RuleTester.lint('permission-set-unassigned', rule, { snapshot: snapshot([BILLING]) });
    expect(result.findings.map((finding) => finding.message)).toEqual([
      'Permission set Billing is not assigned to any user or group in any account; delete it, or it stays one more set of permissions to review and keep current.',
    ]);
  });
});
