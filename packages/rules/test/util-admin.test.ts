import { describe, expect, it } from 'vitest';
import type { UserNode } from '@iamlint/core';
import { buildModel } from '@iamlint/core/testing';
import { administratorCheck, allowsFullAccess, deniesFullAccess, isAdministratorAccessArn } from '../src/util/admin.js';

const ACCOUNT = '444455556666';
const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
const policy = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });

describe('allowsFullAccess', () => {
  it('recognises Allow of "*" or "*:*" on "*", as a single statement or in lists', () => {
    expect(allowsFullAccess({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } })).toBe(true);
    expect(allowsFullAccess(policy({ Effect: 'Allow', Action: '*:*', Resource: '*' }))).toBe(true);
    expect(allowsFullAccess(policy({ Effect: 'Allow', Action: ['iam:*', '*'], Resource: ['arn:aws:s3:::acme-logs', '*'] }))).toBe(true);
    expect(allowsFullAccess(policy({ Effect: 'Allow', Action: '*', Resource: '*', Condition: {} }))).toBe(true);
  });

  it('does not count a Condition, NotAction, narrower actions or resources, or a Deny', () => {
    expect(allowsFullAccess(policy({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))).toBe(false);
    expect(allowsFullAccess(policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }))).toBe(false);
    expect(allowsFullAccess(policy({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }))).toBe(false);
    expect(allowsFullAccess(policy({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::acme-logs/*' }))).toBe(false);
    expect(allowsFullAccess(policy({ Effect: 'Deny', Action: '*', Resource: '*' }))).toBe(false);
  });

  it('treats documents it cannot read as granting nothing', () => {
    for (const document of [undefined, null, 'Allow *', 42, {}, { Statement: 'nope' }, { Statement: [null, ['*']] }]) {
      expect(allowsFullAccess(document)).toBe(false);
    }
  });
});

describe('deniesFullAccess', () => {
  it('recognises only an unconditional Deny of everything', () => {
    expect(deniesFullAccess(policy({ Effect: 'Deny', Action: '*', Resource: '*' }))).toBe(true);
    expect(deniesFullAccess(policy({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }))).toBe(false);
    expect(deniesFullAccess(policy({ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }))).toBe(false);
  });
});

describe('isAdministratorAccessArn', () => {
  it('matches the AWS managed AdministratorAccess policy in every partition, nothing else', () => {
    expect(isAdministratorAccessArn(ADMINISTRATOR_ACCESS)).toBe(true);
    expect(isAdministratorAccessArn('arn:aws-us-gov:iam::aws:policy/AdministratorAccess')).toBe(true);
    expect(isAdministratorAccessArn('arn:aws:iam::aws:policy/AdministratorAccess-Amplify')).toBe(false);
    expect(isAdministratorAccessArn(`arn:aws:iam::${ACCOUNT}:policy/AdministratorAccess`)).toBe(false);
    expect(isAdministratorAccessArn(undefined)).toBe(false);
  });
});

describe('administratorCheck', () => {
  const model = buildModel({
    accounts: {
      [ACCOUNT]: {
        policies: [
          { policyName: 'AcmeFullAdmin', document: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) },
          { policyName: 'RequireMfaEverywhere', document: policy({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }) },
          { policyName: 'S3OnlyBoundary', document: policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) },
        ],
        groups: [{ groupName: 'Admins', attachedManagedPolicies: [`arn:aws:iam::${ACCOUNT}:policy/AcmeFullAdmin`] }],
        roles: [{ roleName: 'OrganizationAccountAccessRole', attachedManagedPolicies: [ADMINISTRATOR_ACCESS] }],
        users: [
          { userName: 'via-group', groups: ['Admins'] },
          { userName: 'aws-managed-without-document', attachedManagedPolicies: [ADMINISTRATOR_ACCESS] },
          { userName: 'conditional-deny', attachedManagedPolicies: [ADMINISTRATOR_ACCESS, `arn:aws:iam::${ACCOUNT}:policy/RequireMfaEverywhere`] },
          { userName: 'admin-boundary', attachedManagedPolicies: [ADMINISTRATOR_ACCESS], permissionsBoundary: ADMINISTRATOR_ACCESS },
          { userName: 's3-boundary', groups: ['Admins'], permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/S3OnlyBoundary` },
          { userName: 'unknown-boundary', attachedManagedPolicies: [ADMINISTRATOR_ACCESS], permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/NotCollected` },
          { userName: 'read-only', attachedManagedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] },
          { userName: 'group-missing', groups: ['DeletedGroup'] },
        ],
      },
    },
  });
  const user = (name: string) => model.all('User').find((node) => node.userName === name) as UserNode;

  it('finds full access through a group, and names the policy and group', () => {
    const check = administratorCheck(model, user('via-group'));
    expect(check.administrator).toBe(true);
    if (check.administrator) {
      expect(check.grantedBy.arn).toBe(`arn:aws:iam::${ACCOUNT}:policy/AcmeFullAdmin`);
      expect(check.grantedBy.via?.groupName).toBe('Admins');
    }
  });

  it('counts AdministratorAccess even when the snapshot lacks its document', () => {
    expect(administratorCheck(model, user('aws-managed-without-document')).administrator).toBe(true);
  });

  it('ignores a conditional Deny of everything (the usual "deny without MFA" guard)', () => {
    expect(administratorCheck(model, user('conditional-deny')).administrator).toBe(true);
  });

  it('accepts a boundary that itself allows everything, rejects one that does not or is not in the snapshot', () => {
    expect(administratorCheck(model, user('admin-boundary')).administrator).toBe(true);
    expect(administratorCheck(model, user('s3-boundary'))).toEqual({ administrator: false, reason: 'boundary', boundaryArn: `arn:aws:iam::${ACCOUNT}:policy/S3OnlyBoundary` });
    expect(administratorCheck(model, user('unknown-boundary'))).toMatchObject({ administrator: false, reason: 'boundary' });
  });

  it('reports no full access for narrower policies and for groups the snapshot lacks', () => {
    expect(administratorCheck(model, user('read-only'))).toEqual({ administrator: false, reason: 'no-full-access' });
    expect(administratorCheck(model, user('group-missing'))).toEqual({ administrator: false, reason: 'no-full-access' });
  });

  it('works for roles too', () => {
    const role = model.all('Role')[0];
    expect(role && administratorCheck(model, role).administrator).toBe(true);
  });
});
