import { describe, expect, it } from 'vitest';
import { RuleTester, type IdentityCenterSpec, type SnapshotSpec } from '@iamlint/core/testing';
import rule from '../src/identity-center/permission-set-admin.js';

const MANAGEMENT = '311842569027';
const INSTANCE = 'ssoins-7223a2e5f1c1d4b0';
const permissionSetArn = (id: string) => `arn:aws:sso:::permissionSet/${INSTANCE}/${id}`;

const POWER_USER_ACCESS = {
  policyName: 'PowerUserAccess',
  arn: 'arn:aws:iam::aws:policy/PowerUserAccess',
  document: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['account:GetAccountInformation', 'account:ListRegions', 'iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization'],
        Resource: '*',
      },
    ],
  },
};
const READ_ONLY_ACCESS = {
  policyName: 'ReadOnlyAccess',
  arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
  document: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['ec2:Describe*', 'iam:Get*', 'iam:List*', 's3:Get*', 's3:List*', 'lambda:Get*', 'lambda:List*'], Resource: '*' }],
  },
};

const ADMIN = { name: 'Admin', arn: permissionSetArn('ps-3a9f1c7e5b2d8046'), managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] };
const POWER_USER = { name: 'PowerUser', arn: permissionSetArn('ps-8e4b2d6f1a9c7350'), managedPolicies: [POWER_USER_ACCESS.arn] };
const READ_ONLY = { name: 'ReadOnly', arn: permissionSetArn('ps-c5d17a3e9f2b4681'), managedPolicies: [READ_ONLY_ACCESS.arn] };
const DATA_PLATFORM_ADMIN = {
  name: 'DataPlatformAdmin',
  arn: permissionSetArn('ps-1d7e3b9a5c2f8064'),
  inlinePolicy: { Version: '2012-10-17', Statement: [{ Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' }] },
};
const BREAK_GLASS = { name: 'BreakGlass-Emergency', arn: permissionSetArn('ps-93c5a7e1d0b4f268'), managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] };

const snapshot = (permissionSets: IdentityCenterSpec['permissionSets']): SnapshotSpec => ({
  accounts: { [MANAGEMENT]: { policies: [POWER_USER_ACCESS, READ_ONLY_ACCESS] } },
  identityCenter: { permissionSets },
});

new RuleTester().run('permission-set-admin', rule, {
  valid: [
    {
      name: 'one administrator set; PowerUserAccess (NotAction iam, organizations, account) and ReadOnly are not administrators',
      snapshot: snapshot([ADMIN, POWER_USER, READ_ONLY]),
    },
    {
      name: 'a second administrator set that is allowed by a wildcard is not counted',
      snapshot: snapshot([ADMIN, BREAK_GLASS, READ_ONLY]),
      options: [{ allowedPermissionSets: ['breakglass-*'] }],
    },
    { name: 'two administrator sets within a maximum of 2', snapshot: snapshot([ADMIN, BREAK_GLASS]), options: [{ maximum: 2 }] },
    {
      name: 'AdministratorAccess capped by a read-only permissions boundary is not an administrator',
      snapshot: snapshot([ADMIN, { name: 'BoundedAdmin', managedPolicies: [ADMIN.managedPolicies[0] as string], permissionsBoundary: { managedPolicyArn: READ_ONLY_ACCESS.arn } }]),
    },
    {
      name: 'an inline Allow * with a Deny on iam:* is not an administrator',
      snapshot: snapshot([
        ADMIN,
        {
          name: 'NoIam',
          inlinePolicy: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: '*', Resource: '*' },
              { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
            ],
          },
        },
      ]),
    },
    {
      name: 'a set whose only policy is a customer managed reference the snapshot cannot read is not counted',
      snapshot: snapshot([ADMIN, { name: 'PlatformEngineer', customerManagedPolicies: [{ name: 'platform-engineer', path: '/' }] }]),
    },
    { name: 'no identity-center.json: not evaluated', snapshot: { accounts: { [MANAGEMENT]: {} } }, notEvaluated: [{ accountId: null, sections: ['identityCenter'] }] },
  ],
  invalid: [
    {
      name: 'AdministratorAccess and an inline Allow * on *: both named, each a finding',
      snapshot: snapshot([ADMIN, POWER_USER, DATA_PLATFORM_ADMIN]),
      errors: [
        {
          messageId: 'tooMany',
          data: { permissionSet: 'Admin', grantedBy: 'AWS managed policy AdministratorAccess', count: 2, permissionSets: 'Admin, DataPlatformAdmin', maximum: 1 },
          resource: ADMIN.arn,
          kind: 'PermissionSet',
          pointer: '/instances/0/permissionSets/0',
          related: [DATA_PLATFORM_ADMIN.arn],
        },
        { messageId: 'tooMany', data: { permissionSet: 'DataPlatformAdmin', grantedBy: 'its inline policy' }, resource: DATA_PLATFORM_ADMIN.arn, related: [ADMIN.arn] },
      ],
    },
    {
      name: 'an administrator grant that requires MFA still counts',
      snapshot: snapshot([
        ADMIN,
        {
          name: 'AdminWithMfa',
          arn: permissionSetArn('ps-4b8c2e6a0d3f9157'),
          inlinePolicy: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }],
          },
        },
      ]),
      errors: [
        { messageId: 'tooMany', data: { permissionSet: 'Admin' } },
        { messageId: 'tooMany', data: { permissionSet: 'AdminWithMfa', grantedBy: 'its inline policy' } },
      ],
    },
    {
      name: 'AdministratorAccess next to a customer managed policy is still an administrator',
      snapshot: snapshot([ADMIN, { ...BREAK_GLASS, customerManagedPolicies: [{ name: 'deny-billing', path: '/guardrails/' }] }]),
      errors: [
        { messageId: 'tooMany', data: { permissionSet: 'Admin' } },
        { messageId: 'tooMany', data: { permissionSet: 'BreakGlass-Emergency', grantedBy: 'AWS managed policy AdministratorAccess' } },
      ],
    },
    {
      name: 'with maximum 0 the single administrator set is reported',
      snapshot: snapshot([ADMIN, READ_ONLY]),
      options: [{ maximum: 0 }],
      errors: [{ messageId: 'tooMany', data: { permissionSet: 'Admin', count: 1, permissionSets: 'Admin', maximum: 0 }, related: [] }],
    },
    {
      name: 'an allow-list that names another set does not excuse these',
      snapshot: snapshot([ADMIN, BREAK_GLASS]),
      options: [{ allowedPermissionSets: ['ReadOnly'] }],
      errors: [{ messageId: 'tooMany', data: { permissionSet: 'Admin' } }, { messageId: 'tooMany', data: { permissionSet: 'BreakGlass-Emergency' } }],
    },
  ],
});

describe('permission-set-admin', () => {
  it('renders the message', () => {
    const result = RuleTester.lint('permission-set-admin', rule, { snapshot: snapshot([ADMIN, DATA_PLATFORM_ADMIN]) });
    expect(result.findings[0]?.message).toBe(
      'Permission set Admin grants administrator access through AWS managed policy AdministratorAccess; 2 permission sets do (Admin, DataPlatformAdmin), more than the 1 expected: merge them, or scope the others down.',
    );
  });

  it('an SCP that denies everything does not hide an administrator set: SCPs depend on the account it is provisioned into', () => {
    const result = RuleTester.lint('permission-set-admin', rule, {
      snapshot: {
        ...snapshot([ADMIN]),
        organization: {
          managementAccountId: MANAGEMENT,
          policies: [{ name: 'DenyEverything', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] } }],
        },
      },
      options: [{ maximum: 0 }],
    });
    expect(result.findings.map((finding) => finding.data.permissionSet)).toEqual(['Admin']);
  });
});
