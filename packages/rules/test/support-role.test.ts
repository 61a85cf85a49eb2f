import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/access/support-role.js';

const MANAGEMENT = '111122223333';
const PRODUCTION = '444455556666';
const SANDBOX = '777788889999';
const SUPPORT_ACCESS = 'arn:aws:iam::aws:policy/AWSSupportAccess';
const authorizationDenied = { section: 'iam.authorizationDetails' as const, accountId: SANDBOX, call: 'iam:GetAccountAuthorizationDetails', error: 'AccessDenied' };

const sameAccountTrust = (accountId: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }],
});
const supportRole = (accountId: string) => ({ roleName: 'AWSSupportResponders', trustPolicy: sameAccountTrust(accountId), attachedManagedPolicies: [SUPPORT_ACCESS] });
const organization = {
  managementAccountId: MANAGEMENT,
  accounts: [
    { id: MANAGEMENT, name: 'acme-management' },
    { id: PRODUCTION, name: 'acme-production' },
  ],
};

new RuleTester().run('support-role', rule, {
  valid: [
    {
      name: 'each account has a role with AWSSupportAccess',
      snapshot: { accounts: { [MANAGEMENT]: { roles: [supportRole(MANAGEMENT)] }, [PRODUCTION]: { roles: [supportRole(PRODUCTION)] } } },
    },
    {
      name: 'a group with the policy counts for Security Hub IAM.18 (the default)',
      snapshot: { accounts: { [PRODUCTION]: { groups: [{ groupName: 'SupportCaseManagers', attachedManagedPolicies: [SUPPORT_ACCESS] }] } } },
    },
    {
      name: 'the policy in the GovCloud partition',
      snapshot: { accounts: { [PRODUCTION]: { roles: [{ roleName: 'Support', attachedManagedPolicies: ['arn:aws-us-gov:iam::aws:policy/AWSSupportAccess'] }] } } },
    },
    {
      name: 'a permission set with AWSSupportAccess provisioned to the account is a role there',
      snapshot: {
        organization,
        accounts: { [MANAGEMENT]: { roles: [supportRole(MANAGEMENT)] }, [PRODUCTION]: {} },
        identityCenter: { permissionSets: [{ name: 'SupportUser', managedPolicies: [SUPPORT_ACCESS], provisionedAccounts: [PRODUCTION] }] },
      },
    },
    {
      name: 'an account whose authorization details could not be read is not evaluated',
      snapshot: { gaps: [authorizationDenied], accounts: { [PRODUCTION]: { roles: [supportRole(PRODUCTION)] }, [SANDBOX]: {} } },
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.authorizationDetails'] }],
    },
  ],
  invalid: [
    {
      name: 'an account with no principal holding AWSSupportAccess (AdministratorAccess does not count)',
      snapshot: {
        organization,
        accounts: {
          [MANAGEMENT]: { roles: [supportRole(MANAGEMENT)] },
          [PRODUCTION]: { roles: [{ roleName: 'OrganizationAccountAccessRole', trustPolicy: sameAccountTrust(MANAGEMENT), attachedManagedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] }] },
        },
      },
      errors: [
        {
          messageId: 'noSupportRole',
          data: { account: 'acme-production', accountId: PRODUCTION, principals: 'IAM role, user or group' },
          resource: PRODUCTION,
          kind: 'Account',
        },
      ],
    },
    {
      name: 'rolesOnly (CIS 1.16): a user or group with the policy is not a support role',
      options: [{ rolesOnly: true }],
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            groups: [{ groupName: 'SupportCaseManagers', attachedManagedPolicies: [SUPPORT_ACCESS] }],
            users: [{ userName: 'support.desk', attachedManagedPolicies: [SUPPORT_ACCESS] }],
          },
        },
      },
      errors: [{ messageId: 'noSupportRole', data: { principals: 'IAM role' }, resource: PRODUCTION }],
    },
    {
      name: 'a permission set that is not provisioned to the account does not count',
      snapshot: {
        organization,
        accounts: { [MANAGEMENT]: { roles: [supportRole(MANAGEMENT)] }, [PRODUCTION]: {} },
        identityCenter: { permissionSets: [{ name: 'SupportUser', managedPolicies: [SUPPORT_ACCESS], provisionedAccounts: [MANAGEMENT] }] },
      },
      errors: [{ messageId: 'noSupportRole', resource: PRODUCTION }],
    },
  ],
});
