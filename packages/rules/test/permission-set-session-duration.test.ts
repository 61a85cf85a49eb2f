import { describe, expect, it } from 'vitest';
import { RuleTester, type IdentityCenterSpec, type SnapshotSpec } from '@iamlint/core/testing';
import rule, { durationHours } from '../src/identity-center/permission-set-session-duration.js';

const MANAGEMENT = '311842569027';
const INSTANCE = 'ssoins-7223a2e5f1c1d4b0';
const permissionSetArn = (id: string) => `arn:aws:sso:::permissionSet/${INSTANCE}/${id}`;
const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READ_ONLY_ACCESS = {
  policyName: 'ReadOnlyAccess',
  arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ec2:Describe*', 's3:Get*', 's3:List*'], Resource: '*' }] },
};

const admin = (sessionDuration: string) => ({ name: 'Admin', arn: permissionSetArn('ps-3a9f1c7e5b2d8046'), managedPolicies: [ADMINISTRATOR_ACCESS], sessionDuration });
const readOnly = (sessionDuration: string) => ({ name: 'ReadOnly', arn: permissionSetArn('ps-c5d17a3e9f2b4681'), managedPolicies: [READ_ONLY_ACCESS.arn], sessionDuration });

const snapshot = (permissionSets: IdentityCenterSpec['permissionSets']): SnapshotSpec => ({
  accounts: { [MANAGEMENT]: { policies: [READ_ONLY_ACCESS] } },
  identityCenter: { permissionSets },
});

new RuleTester().run('permission-set-session-duration', rule, {
  valid: [
    { name: 'AWS default of one hour for admin, 8 hours for read-only', snapshot: snapshot([admin('PT1H'), readOnly('PT8H')]) },
    { name: 'exactly at both limits (4 h admin, 8 h other)', snapshot: snapshot([admin('PT4H'), readOnly('PT8H')]) },
    { name: 'minutes are read: 3 h 59 min', snapshot: snapshot([admin('PT3H59M')]) },
    { name: 'raised limits', snapshot: snapshot([admin('PT8H'), readOnly('PT12H')]), options: [{ maxHours: 12, maxAdminHours: 8 }] },
  ],
  invalid: [
    {
      name: 'a 12-hour read-only session',
      snapshot: snapshot([admin('PT1H'), readOnly('PT12H')]),
      errors: [
        {
          messageId: 'tooLong',
          data: { permissionSet: 'ReadOnly', hours: 12, duration: 'PT12H', limit: 8 },
          resource: permissionSetArn('ps-c5d17a3e9f2b4681'),
          pointer: '/instances/0/permissionSets/1/sessionDuration',
        },
      ],
    },
    {
      name: 'an 8-hour administrator session is within the general limit but not the administrator one',
      snapshot: snapshot([admin('PT8H'), readOnly('PT8H')]),
      errors: [{ messageId: 'adminTooLong', data: { permissionSet: 'Admin', hours: 8, limit: 4 }, pointer: '/instances/0/permissionSets/0/sessionDuration' }],
    },
    {
      name: 'hours and minutes: 4 h 30 min for an administrator set',
      snapshot: snapshot([admin('PT4H30M')]),
      errors: [{ messageId: 'adminTooLong', data: { hours: 4.5, duration: 'PT4H30M' } }],
    },
    {
      name: 'an administrator limit above the general one applies to administrator sets only',
      snapshot: snapshot([admin('PT10H'), readOnly('PT10H')]),
      options: [{ maxHours: 6, maxAdminHours: 12 }],
      errors: [{ messageId: 'tooLong', data: { permissionSet: 'ReadOnly', limit: 6 } }],
    },
    {
      name: 'a duration that is not an ISO-8601 time duration',
      snapshot: snapshot([readOnly('PT8 hours')]),
      errors: [{ messageId: 'unreadable', data: { permissionSet: 'ReadOnly', duration: 'PT8 hours' } }],
    },
  ],
});

describe('durationHours', () => {
  it.each([
    ['PT1H', 1],
    ['PT12H', 12],
    ['PT90M', 1.5],
    ['PT2H15M', 2.25],
    ['PT3600S', 1],
  ])('%s is %d hours', (duration, hours) => expect(durationHours(duration)).toBe(hours));

  it.each(['PT', 'P1D', 'PT8h', 'PT-1H', 'PTH'])('%s is unreadable', (duration) => expect(durationHours(duration)).toBeUndefined());
});
