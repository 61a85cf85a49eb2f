import { describe, expect, it } from 'vitest';
import { RuleTester, type OrganizationSpec, type SnapshotSpec } from '@iamlint/core/testing';
import rule from '../src/organization/scp-guardrails-missing.js';

const MANAGEMENT = '311842569027';
const LOG_ARCHIVE = '264158930472';
const DATA_PROD = '097352618404';
const WEB_DEV = '183640257719';
const SANDBOX_ACCOUNT = '590318264797';
const SANDBOX_2 = '658104729361';
const ROOT = 'r-8f3k';
const SECURITY = 'ou-8f3k-dks6sfhj';
const WORKLOADS = 'ou-8f3k-fk9eu8ct';
const PROD = 'ou-8f3k-0l85xfq7';
const NON_PROD = 'ou-8f3k-2eyygmh2';
const SANDBOX = 'ou-8f3k-twwh1vqd';
const ALL_TARGETS = [ROOT, SECURITY, WORKLOADS, PROD, NON_PROD, SANDBOX, MANAGEMENT, LOG_ARCHIVE, DATA_PROD, WEB_DEV, SANDBOX_ACCOUNT, SANDBOX_2];
const ALL_GUARDRAILS = 'cloudtrail:StopLogging, cloudtrail:DeleteTrail, config:StopConfigurationRecorder, guardduty:DeleteDetector, organizations:LeaveOrganization';

const FULL_AWS_ACCESS = {
  id: 'p-FullAWSAccess',
  arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
  name: 'FullAWSAccess',
  awsManaged: true,
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  targets: ALL_TARGETS,
};
const deny = (name: string, actions: string[], targets: string[], condition?: object) => ({
  name,
  document: { Version: '2012-10-17', Statement: [{ Sid: name, Effect: 'Deny', Action: actions, Resource: '*', ...(condition ? { Condition: condition } : {}) }] },
  targets,
});
const DENY_LEAVE = (targets: string[]) => deny('DenyLeaveOrganization', ['organizations:LeaveOrganization'], targets);
const PROTECT_CLOUDTRAIL = (targets: string[]) =>
  deny('ProtectCloudTrail', ['cloudtrail:DeleteTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:StopLogging', 'cloudtrail:UpdateTrail'], targets, {
    ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/OrganizationAccountAccessRole' },
  });
const PROTECT_SECURITY_SERVICES = (targets: string[]) =>
  deny('ProtectSecurityServices', ['config:StopConfigurationRecorder', 'config:DeleteConfigurationRecorder', 'config:DeleteDeliveryChannel', 'guardduty:DeleteDetector', 'guardduty:Disassociate*'], targets);

const organization = (policies: OrganizationSpec['policies'], accounts?: OrganizationSpec['accounts']): SnapshotSpec => ({
  organization: {
    managementAccountId: MANAGEMENT,
    rootId: ROOT,
    organizationalUnits: [
      { id: SECURITY, name: 'Security' },
      { id: WORKLOADS, name: 'Workloads' },
      { id: PROD, name: 'Prod', parentId: WORKLOADS },
      { id: NON_PROD, name: 'NonProd', parentId: WORKLOADS },
      { id: SANDBOX, name: 'Sandbox' },
    ],
    accounts: accounts ?? [
      { id: MANAGEMENT, name: 'acme-management' },
      { id: LOG_ARCHIVE, name: 'acme-log-archive', parentId: SECURITY },
      { id: DATA_PROD, name: 'acme-data-prod', parentId: PROD },
      { id: WEB_DEV, name: 'acme-web-dev', parentId: NON_PROD },
      { id: SANDBOX_ACCOUNT, name: 'acme-platform-sandbox', parentId: SANDBOX },
      { id: SANDBOX_2, name: 'acme-sandbox-2', parentId: SANDBOX },
    ],
    policies,
  },
});

new RuleTester().run('scp-guardrails-missing', rule, {
  valid: [
    {
      name: 'guardrails attached at the root cover every member account',
      snapshot: organization([FULL_AWS_ACCESS, DENY_LEAVE([ROOT]), PROTECT_CLOUDTRAIL([ROOT]), PROTECT_SECURITY_SERVICES([ROOT])]),
    },
    {
      name: 'guardrails spread over the OUs, one of them an allow-list that never allows CloudTrail, Config or GuardDuty',
      snapshot: organization([
        { ...FULL_AWS_ACCESS, targets: ALL_TARGETS.filter((target) => target !== SANDBOX) },
        DENY_LEAVE([ROOT]),
        PROTECT_CLOUDTRAIL([SECURITY, WORKLOADS]),
        PROTECT_SECURITY_SERVICES([SECURITY, WORKLOADS]),
        {
          name: 'SandboxAllowList',
          document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ec2:*', 's3:*', 'lambda:*', 'dynamodb:*', 'organizations:Describe*'], Resource: '*' }] },
          targets: [SANDBOX],
        },
      ]),
    },
    {
      name: 'a Deny with NotAction that exempts only the billing console still denies the guardrail actions',
      snapshot: organization([
        FULL_AWS_ACCESS,
        { name: 'DenyAllButBilling', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotAction: ['aws-portal:*', 'billing:*'], Resource: '*' }] }, targets: [ROOT] },
      ]),
    },
    {
      name: 'the management account is not governed by SCPs, and a suspended account is on its way out',
      snapshot: organization(
        [FULL_AWS_ACCESS, DENY_LEAVE([WORKLOADS]), PROTECT_CLOUDTRAIL([WORKLOADS]), PROTECT_SECURITY_SERVICES([WORKLOADS])],
        [
          { id: MANAGEMENT, name: 'acme-management' },
          { id: DATA_PROD, name: 'acme-data-prod', parentId: PROD },
          { id: SANDBOX_ACCOUNT, name: 'acme-closed', parentId: SANDBOX, status: 'SUSPENDED' },
        ],
      ),
    },
    {
      name: 'only the configured actions are required',
      snapshot: organization([FULL_AWS_ACCESS, DENY_LEAVE([ROOT])]),
      options: [{ actions: ['organizations:LeaveOrganization'] }],
    },
    {
      name: 'no organization.json: not evaluated',
      snapshot: { accounts: { [MANAGEMENT]: {} } },
      notEvaluated: [{ accountId: null, sections: ['organization', 'organization.policies'] }],
    },
  ],
  invalid: [
    {
      name: 'only FullAWSAccess: one finding for the organization',
      snapshot: organization([FULL_AWS_ACCESS]),
      errors: [
        {
          messageId: 'missing',
          data: {
            target: 'in the organization',
            missing: ALL_GUARDRAILS,
            count: 5,
            accounts: 'acme-data-prod, acme-web-dev, acme-log-archive, acme-platform-sandbox, acme-sandbox-2',
          },
          resource: 'o-a1b2c3d4e5',
          kind: 'Organization',
          pointer: '/organization',
        },
      ],
    },
    {
      name: 'guardrails only on Workloads: Security and Sandbox are reported once each, not account by account',
      snapshot: organization([FULL_AWS_ACCESS, DENY_LEAVE([WORKLOADS]), PROTECT_CLOUDTRAIL([WORKLOADS]), PROTECT_SECURITY_SERVICES([WORKLOADS])]),
      errors: [
        { messageId: 'missing', data: { target: 'on the path of OU Security', missing: ALL_GUARDRAILS, count: 1, accounts: 'acme-log-archive' }, resource: SECURITY, kind: 'OrganizationalUnit' },
        { messageId: 'missing', data: { target: 'on the path of OU Sandbox', count: 2, accounts: 'acme-platform-sandbox, acme-sandbox-2' }, resource: SANDBOX },
      ],
    },
    {
      name: 'nested OUs sharing one gap are reported on their parent OU, with only the missing actions',
      snapshot: organization([FULL_AWS_ACCESS, DENY_LEAVE([ROOT]), PROTECT_CLOUDTRAIL([ROOT]), PROTECT_SECURITY_SERVICES([SECURITY, SANDBOX])]),
      errors: [
        {
          messageId: 'missing',
          data: { target: 'on the path of OU Workloads', missing: 'config:StopConfigurationRecorder, guardduty:DeleteDetector', count: 2, accounts: 'acme-data-prod, acme-web-dev' },
          resource: WORKLOADS,
        },
      ],
    },
    {
      name: 'an account-level guardrail covers one sandbox account; the other is reported on its own',
      snapshot: organization([
        FULL_AWS_ACCESS,
        DENY_LEAVE([ROOT]),
        PROTECT_CLOUDTRAIL([ROOT]),
        PROTECT_SECURITY_SERVICES([SECURITY, WORKLOADS, SANDBOX_ACCOUNT]),
      ]),
      errors: [
        {
          messageId: 'missing',
          data: { target: 'on the path of account acme-sandbox-2', missing: 'config:StopConfigurationRecorder, guardduty:DeleteDetector', count: 1, accounts: 'acme-sandbox-2' },
          resource: SANDBOX_2,
          kind: 'Account',
          accountId: SANDBOX_2,
        },
      ],
    },
    {
      name: 'a deny that names only some trails still counts as a guardrail; a deny of another action does not',
      snapshot: organization([
        FULL_AWS_ACCESS,
        deny('ProtectOrgTrail', ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'], [ROOT]),
        deny('DenyRootUser', ['*'], [ROOT], { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } }),
        deny('DenyLeaveOrganizationTypo', ['organizations:LeaveOrganisation'], [ROOT]),
      ]),
      options: [{ actions: ['cloudtrail:StopLogging', 'organizations:LeaveOrganization'] }],
      errors: [{ messageId: 'missing', data: { target: 'in the organization', missing: 'organizations:LeaveOrganization' } }],
    },
    {
      name: 'custom guardrail actions',
      snapshot: organization([FULL_AWS_ACCESS, DENY_LEAVE([ROOT]), PROTECT_CLOUDTRAIL([ROOT]), PROTECT_SECURITY_SERVICES([ROOT])]),
      options: [{ actions: ['securityhub:DisableSecurityHub', 'access-analyzer:DeleteAnalyzer'] }],
      errors: [{ messageId: 'missing', data: { missing: 'securityhub:DisableSecurityHub, access-analyzer:DeleteAnalyzer' } }],
    },
  ],
});

describe('scp-guardrails-missing', () => {
  it('says what an administrator could do, from the missing actions', () => {
    const messages = (policies: OrganizationSpec['policies'], options?: unknown[]) =>
      RuleTester.lint('scp-guardrails-missing', rule, { snapshot: organization(policies), ...(options ? { options } : {}) }).findings.map((finding) => finding.message);
    expect(messages([FULL_AWS_ACCESS, DENY_LEAVE([ROOT]), PROTECT_CLOUDTRAIL([ROOT])])).toEqual([
      'No SCP in the organization denies config:StopConfigurationRecorder, guardduty:DeleteDetector (5 account(s): acme-data-prod, acme-web-dev, acme-log-archive, acme-platform-sandbox, acme-sandbox-2), so an administrator there can stop recording configuration changes or switch off threat detection.',
    ]);
    expect(messages([FULL_AWS_ACCESS, PROTECT_CLOUDTRAIL([ROOT]), PROTECT_SECURITY_SERVICES([ROOT])], [{ actions: ['organizations:LeaveOrganization', 'kms:ScheduleKeyDeletion'] }])).toEqual([
      'No SCP in the organization denies organizations:LeaveOrganization, kms:ScheduleKeyDeletion (5 account(s): acme-data-prod, acme-web-dev, acme-log-archive, acme-platform-sandbox, acme-sandbox-2), so an administrator there can take the account out of the organization and its SCPs or call kms:ScheduleKeyDeletion.',
    ]);
  });
});
