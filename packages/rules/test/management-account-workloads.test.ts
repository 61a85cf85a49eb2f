import { describe, expect, it } from 'vitest';
import { RuleTester, type AccountSpec, type SnapshotSpec } from '@iamlint/core/testing';
import rule from '../src/organization/management-account-workloads.js';

const MANAGEMENT = '311842569027';
const DATA_PROD = '097352618404';
const SAML_JUMPCLOUD = `arn:aws:iam::${MANAGEMENT}:saml-provider/JumpCloud`;
const GITHUB_OIDC = `arn:aws:iam::${MANAGEMENT}:oidc-provider/token.actions.githubusercontent.com`;

const trust = (principal: object, action = 'sts:AssumeRole', condition?: object) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: principal, Action: action, ...(condition ? { Condition: condition } : {}) }],
});
const ADMINISTRATION_ROLES: NonNullable<AccountSpec['roles']> = [
  { roleName: 'AWSServiceRoleForOrganizations', path: '/aws-service-role/organizations.amazonaws.com/', trustPolicy: trust({ Service: 'organizations.amazonaws.com' }) },
  { roleName: 'AWSServiceRoleForSSO', path: '/aws-service-role/sso.amazonaws.com/', trustPolicy: trust({ Service: 'sso.amazonaws.com' }) },
  {
    roleName: 'AWSReservedSSO_Admin_b7461e0d85a191ed',
    path: '/aws-reserved/sso.amazonaws.com/',
    trustPolicy: trust({ Federated: `arn:aws:iam::${MANAGEMENT}:saml-provider/AWSSSO_6573097885544bd9_DO_NOT_DELETE` }, 'sts:AssumeRoleWithSAML'),
  },
  { roleName: 'AWSCloudFormationStackSetAdministrationRole', trustPolicy: trust({ Service: 'cloudformation.amazonaws.com' }) },
  { roleName: 'AWSControlTowerAdmin', path: '/service-role/', trustPolicy: trust({ Service: 'controltower.amazonaws.com' }) },
  { roleName: 'JumpCloudAdmin', trustPolicy: trust({ Federated: SAML_JUMPCLOUD }, 'sts:AssumeRoleWithSAML', { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } }) },
];
const BREAK_GLASS_USERS: NonNullable<AccountSpec['users']> = [
  { userName: 'break-glass-1', groups: ['BreakGlass'] },
  { userName: 'vault-keeper', tags: { 'iamlint:break-glass': 'TRUE' } },
];
const management = (extra: AccountSpec = {}): SnapshotSpec => ({
  organization: {
    managementAccountId: MANAGEMENT,
    accounts: [
      { id: MANAGEMENT, name: 'acme-management' },
      { id: DATA_PROD, name: 'acme-data-prod' },
    ],
  },
  accounts: {
    [MANAGEMENT]: { users: [...BREAK_GLASS_USERS, ...(extra.users ?? [])], roles: [...ADMINISTRATION_ROLES, ...(extra.roles ?? [])] },
    [DATA_PROD]: {
      users: [{ userName: 'airflow-legacy', path: '/service/' }],
      roles: [{ roleName: 'glue-etl', trustPolicy: trust({ Service: 'glue.amazonaws.com' }) }],
    },
  },
});

new RuleTester().run('management-account-workloads', rule, {
  valid: [
    { name: 'break-glass users, service-linked and Identity Center roles, StackSets and Control Tower, SAML access: and workloads in member accounts', snapshot: management() },
    {
      name: 'a role that administers the organization, declared in allowedRoles by name or ARN',
      snapshot: management({ roles: [{ roleName: 'iamlint-collector', trustPolicy: trust({ Federated: GITHUB_OIDC }, 'sts:AssumeRoleWithWebIdentity') }] }),
      options: [{ allowedRoles: ['OrganizationAccountAccessRole', `arn:aws:iam::${MANAGEMENT}:role/iamlint-*`, 'AWSCloudFormationStackSet*', 'AWSControlTower*'] }],
    },
    {
      name: 'no organization.json: not evaluated',
      snapshot: { accounts: { [MANAGEMENT]: {} } },
      notEvaluated: [{ accountId: null, sections: ['organization'] }],
    },
  ],
  invalid: [
    {
      name: 'an IAM user for a person and a service user with keys',
      snapshot: management({ users: [{ userName: 'jane.doe' }, { userName: 'terraform-ci', path: '/service/', accessKeys: [{ lastUsedDate: '2026-11-19' }] }] }),
      errors: [
        { messageId: 'user', data: { user: 'jane.doe', account: 'acme-management' }, resource: `arn:aws:iam::${MANAGEMENT}:user/jane.doe`, kind: 'User', accountId: MANAGEMENT },
        { messageId: 'user', data: { user: 'terraform-ci' }, resource: `arn:aws:iam::${MANAGEMENT}:user/service/terraform-ci` },
      ],
    },
    {
      name: 'a Lambda execution role, a CI role through GitHub OIDC and a role another account assumes',
      snapshot: management({
        roles: [
          { roleName: 'cost-report-exporter', path: '/service-role/', trustPolicy: trust({ Service: ['lambda.amazonaws.com'] }) },
          { roleName: 'iamlint-collector', trustPolicy: trust({ Federated: GITHUB_OIDC }, 'sts:AssumeRoleWithWebIdentity') },
          { roleName: 'datadog-integration', trustPolicy: trust({ AWS: 'arn:aws:iam::464622532012:root' }, 'sts:AssumeRole', { StringEquals: { 'sts:ExternalId': '9f2e7c41b3a84d0e' } }) },
        ],
      }),
      errors: [
        { messageId: 'role', data: { role: 'cost-report-exporter', trustedBy: 'the service lambda.amazonaws.com' }, kind: 'Role' },
        { messageId: 'role', data: { role: 'iamlint-collector', trustedBy: 'identity provider token.actions.githubusercontent.com' } },
        { messageId: 'role', data: { role: 'datadog-integration', trustedBy: 'account 464622532012' } },
      ],
    },
    {
      name: 'SAML federated roles when asked to report them; the allow-list still applies',
      snapshot: management(),
      options: [{ reportSamlRoles: true }],
      errors: [{ messageId: 'role', data: { role: 'JumpCloudAdmin', trustedBy: 'SAML provider JumpCloud' } }],
    },
    {
      name: 'a role trusted by SAML and by a service is not only people access',
      snapshot: management({
        roles: [
          {
            roleName: 'reporting',
            trustPolicy: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { Federated: SAML_JUMPCLOUD }, Action: 'sts:AssumeRoleWithSAML' },
                { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
              ],
            },
          },
        ],
      }),
      errors: [{ messageId: 'role', data: { role: 'reporting', trustedBy: 'SAML provider JumpCloud, the service ec2.amazonaws.com' } }],
    },
    {
      name: 'a custom break-glass declaration replaces the default name patterns; allowedUsers adds named users',
      snapshot: management({ users: [{ userName: 'billing-export', path: '/service/' }, { userName: 'jane.doe' }] }),
      options: [{ breakGlass: { namePatterns: ['emergency-*'], tag: { key: 'iamlint:break-glass', value: 'true' } }, allowedUsers: ['jane.*'] }],
      errors: [
        { messageId: 'user', data: { user: 'break-glass-1' } },
        { messageId: 'user', data: { user: 'billing-export' } },
      ],
    },
    {
      name: 'breakGlass null reports every IAM user',
      snapshot: management(),
      options: [{ breakGlass: null }],
      errors: [
        { messageId: 'user', data: { user: 'break-glass-1' } },
        { messageId: 'user', data: { user: 'vault-keeper' } },
      ],
    },
  ],
});

describe('management-account-workloads', () => {
  it('renders the role message', () => {
    const result = RuleTester.lint('management-account-workloads', rule, {
      snapshot: management({ roles: [{ roleName: 'cost-report-exporter', trustPolicy: trust({ Service: 'lambda.amazonaws.com' }) }] }),
    });
    expect(result.findings.map((finding) => finding.message)).toEqual([
      'Role cost-report-exporter in the management account acme-management is assumed by the service lambda.amazonaws.com: SCPs never restrict this account, so run workloads in member accounts, or list the role in allowedRoles if it administers the organization.',
    ]);
  });

  it('is not evaluated where the management account file lacks its IAM data', () => {
    const result = RuleTester.lint('management-account-workloads', rule, {
      snapshot: { ...management(), gaps: [{ section: 'iam.authorizationDetails', accountId: MANAGEMENT, call: 'iam:GetAccountAuthorizationDetails', error: 'AccessDenied' }] },
    });
    expect(result.findings).toEqual([]);
    expect(result.notEvaluated).toEqual([{ ruleId: 'management-account-workloads', accountId: MANAGEMENT, sections: ['iam.authorizationDetails'] }]);
  });
});
