import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/policy/cloudshell-full-access.js';
import { PROD, SANDBOX, V, policy } from './fixtures/policies.js';

const CLOUDSHELL = 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess';
/** AWS's documented way to grant CloudShell without file transfer. */
const cloudShellNoTransfer = {
  Version: V,
  Statement: [
    { Sid: 'CloudShellUser', Effect: 'Allow', Action: ['cloudshell:*'], Resource: '*' },
    { Sid: 'DenyUploadDownload', Effect: 'Deny', Action: ['cloudshell:GetFileDownloadUrls', 'cloudshell:GetFileUploadUrls'], Resource: '*' },
  ],
};
const ssoRole = `/aws-reserved/sso.amazonaws.com/eu-west-1/`;

new RuleTester().run('cloudshell-full-access', rule, {
  valid: [
    {
      name: 'CloudShell granted with file transfer denied, and other AWS managed policies',
      snapshot: {
        accounts: {
          [PROD]: {
            groups: [{ groupName: 'developers', attachedManagedPolicies: [`arn:aws:iam::${PROD}:policy/cloudshell-no-transfer`, 'arn:aws:iam::aws:policy/ReadOnlyAccess'] }],
            policies: [policy('cloudshell-no-transfer', cloudShellNoTransfer)],
          },
        },
        identityCenter: { permissionSets: [{ name: 'ReadOnly', managedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }] },
      },
    },
  ],
  invalid: [
    {
      name: 'attached to a user, a group and a role (FSBP IAM.27 checks all three)',
      snapshot: {
        accounts: {
          [PROD]: {
            users: [{ userName: 'alice', attachedManagedPolicies: ['arn:aws:iam::aws:policy/IAMUserChangePassword', CLOUDSHELL] }],
            groups: [{ groupName: 'support', attachedManagedPolicies: [CLOUDSHELL] }],
            roles: [{ roleName: 'ops-console', attachedManagedPolicies: [CLOUDSHELL] }],
          },
        },
      },
      errors: [
        { messageId: 'attached', data: { kind: 'IAM user', principal: 'alice' }, pointer: '/users/0/attachedManagedPolicies/1' },
        { messageId: 'attached', data: { kind: 'Group', principal: 'support' }, pointer: '/groups/0/attachedManagedPolicies/0' },
        { messageId: 'attached', data: { kind: 'Role', principal: 'ops-console' }, resource: `arn:aws:iam::${PROD}:role/ops-console` },
      ],
    },
    {
      name: 'a permission set is reported once, not again on the roles it provisions; a reserved role without its permission set is',
      snapshot: {
        accounts: {
          [PROD]: {
            roles: [
              { roleName: 'AWSReservedSSO_Developer_0a1b2c3d4e5f6789', path: ssoRole, attachedManagedPolicies: [CLOUDSHELL] },
              { roleName: 'AWSReservedSSO_LegacyOps_89abcdef01234567', path: ssoRole, attachedManagedPolicies: [CLOUDSHELL] },
            ],
          },
          [SANDBOX]: {},
        },
        identityCenter: { permissionSets: [{ name: 'Developer', managedPolicies: ['arn:aws:iam::aws:policy/PowerUserAccess', CLOUDSHELL], provisionedAccounts: [PROD, SANDBOX] }] },
      },
      errors: [
        { messageId: 'attached', data: { principal: 'AWSReservedSSO_LegacyOps_89abcdef01234567' } },
        { messageId: 'permissionSet', data: { permissionSet: 'Developer', accounts: `${PROD}, ${SANDBOX}` }, kind: 'PermissionSet', pointer: '/instances/0/permissionSets/0/managedPolicies/1' },
      ],
    },
  ],
});
