import { describe, expect, it } from 'vitest';
import { RuleTester, type IdentityCenterSpec, type SnapshotSpec } from '@iamlint/core/testing';
import rule from '../src/identity-center/permission-set-boundary.js';

const MANAGEMENT = '311842569027';
const INSTANCE = 'ssoins-7223a2e5f1c1d4b0';
const permissionSetArn = (id: string) => `arn:aws:sso:::permissionSet/${INSTANCE}/${id}`;

const CUSTOMER_BOUNDARY = { customerManagedPolicy: { name: 'acme-workload-boundary', path: '/boundaries/' } };
const DEVELOPER = { name: 'Developer', arn: permissionSetArn('ps-8e4b2d6f1a9c7350'), managedPolicies: ['arn:aws:iam::aws:policy/PowerUserAccess'], permissionsBoundary: CUSTOMER_BOUNDARY };
const DATA_ANALYST = {
  name: 'DataAnalyst',
  arn: permissionSetArn('ps-0d4a8e2c6f1b9357'),
  managedPolicies: ['arn:aws:iam::aws:policy/job-function/DataScientist'],
  permissionsBoundary: { managedPolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' },
};
const ADMIN = { name: 'Admin', arn: permissionSetArn('ps-3a9f1c7e5b2d8046'), managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] };
const READ_ONLY = { name: 'ReadOnly', arn: permissionSetArn('ps-c5d17a3e9f2b4681'), managedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] };

const snapshot = (permissionSets: IdentityCenterSpec['permissionSets']): SnapshotSpec => ({ accounts: { [MANAGEMENT]: {} }, identityCenter: { permissionSets } });

new RuleTester().run('permission-set-boundary', rule, {
  valid: [
    { name: 'customer managed and AWS managed boundaries, any accepted', snapshot: snapshot([DEVELOPER, DATA_ANALYST]) },
    { name: 'the administrator set is exempt by name', snapshot: snapshot([DEVELOPER, ADMIN]), options: [{ exemptPermissionSets: ['admin'] }] },
    {
      name: 'the expected boundary, named with or without its path, or by wildcard',
      snapshot: snapshot([DEVELOPER, DATA_ANALYST]),
      options: [{ boundaries: ['/boundaries/acme-workload-boundary', 'PowerUser*'] }],
    },
    { name: 'an AWS managed boundary named by ARN', snapshot: snapshot([DATA_ANALYST]), options: [{ boundaries: ['arn:aws:iam::aws:policy/PowerUserAccess'] }] },
  ],
  invalid: [
    {
      name: 'sets without a boundary',
      snapshot: snapshot([DEVELOPER, ADMIN, READ_ONLY]),
      errors: [
        { messageId: 'missing', data: { permissionSet: 'Admin' }, resource: ADMIN.arn, kind: 'PermissionSet', pointer: '/instances/0/permissionSets/1' },
        { messageId: 'missing', data: { permissionSet: 'ReadOnly' }, resource: READ_ONLY.arn },
      ],
    },
    {
      name: 'a boundary that is not the expected one',
      snapshot: snapshot([DEVELOPER, DATA_ANALYST]),
      options: [{ boundaries: ['acme-workload-boundary'] }],
      errors: [
        {
          messageId: 'unexpectedBoundary',
          data: { permissionSet: 'DataAnalyst', boundary: 'PowerUserAccess', expected: 'acme-workload-boundary' },
          pointer: '/instances/0/permissionSets/1/permissionsBoundary',
        },
      ],
    },
    {
      name: 'a customer managed boundary of the same name under another path is not the expected one',
      snapshot: snapshot([{ ...DEVELOPER, permissionsBoundary: { customerManagedPolicy: { name: 'acme-workload-boundary', path: '/sandbox/' } } }]),
      options: [{ boundaries: ['/boundaries/acme-workload-boundary'] }],
      errors: [{ messageId: 'unexpectedBoundary', data: { boundary: '/sandbox/acme-workload-boundary' } }],
    },
    {
      name: 'an exemption for another set does not excuse this one',
      snapshot: snapshot([READ_ONLY, ADMIN]),
      options: [{ exemptPermissionSets: ['Admin'] }],
      errors: [{ messageId: 'missing', data: { permissionSet: 'ReadOnly' } }],
    },
  ],
});

describe('permission-set-boundary', () => {
  it('renders the message', () => {
    const result = RuleTester.lint('permission-set-boundary', rule, { snapshot: snapshot([READ_ONLY]) });
    expect(result.findings.map((finding) => finding.message)).toEqual([
      "Permission set ReadOnly has no permissions boundary, so its policies alone decide what its users can do; set the organization's boundary policy on it.",
    ]);
  });
});
