import { describe, expect, it } from 'vitest';
import { RuleTester, type OrganizationSpec, type SnapshotSpec } from '@iamlint/core/testing';
import rule from '../src/organization/scp-ineffective.js';

const MANAGEMENT = '311842569027';
const DATA_PROD = '097352618404';
const WEB_DEV = '183640257719';
const SANDBOX_ACCOUNT = '590318264797';
const ROOT = 'r-8f3k';
const WORKLOADS = 'ou-8f3k-fk9eu8ct';
const PROD = 'ou-8f3k-0l85xfq7';
const SANDBOX = 'ou-8f3k-twwh1vqd';

const FULL_AWS_ACCESS = {
  id: 'p-FullAWSAccess',
  arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
  name: 'FullAWSAccess',
  awsManaged: true,
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  targets: [ROOT, WORKLOADS, PROD, SANDBOX, MANAGEMENT, DATA_PROD, WEB_DEV, SANDBOX_ACCOUNT],
};
const DENY_LEAVE = {
  id: 'p-dezdjlxd',
  name: 'DenyLeaveOrganization',
  document: { Version: '2012-10-17', Statement: [{ Sid: 'DenyLeaveOrganization', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] },
  targets: [ROOT],
};
const REGION_ALLOW_LIST = {
  id: 'p-r3g10n5a',
  name: 'AllowEuRegionsOnly',
  document: {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'EuOnly', Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'sts:*', 'support:*'], Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } } },
      { Sid: 'Global', Effect: 'Allow', Action: ['iam:*', 'organizations:*', 'sts:*', 'support:*'], Resource: '*' },
    ],
  },
  targets: [SANDBOX],
};

const organization = (policies: OrganizationSpec['policies']): SnapshotSpec => ({
  organization: {
    managementAccountId: MANAGEMENT,
    rootId: ROOT,
    organizationalUnits: [
      { id: WORKLOADS, name: 'Workloads' },
      { id: PROD, name: 'Prod', parentId: WORKLOADS },
      { id: SANDBOX, name: 'Sandbox' },
    ],
    accounts: [
      { id: MANAGEMENT, name: 'acme-management' },
      { id: DATA_PROD, name: 'acme-data-prod', parentId: PROD },
      { id: WEB_DEV, name: 'acme-web-dev', parentId: WORKLOADS },
      { id: SANDBOX_ACCOUNT, name: 'acme-platform-sandbox', parentId: SANDBOX },
    ],
    policies,
  },
});

new RuleTester().run('scp-ineffective', rule, {
  valid: [
    { name: 'FullAWSAccess everywhere (including, as AWS attaches it, the management account) and a deny guardrail', snapshot: organization([FULL_AWS_ACCESS, DENY_LEAVE]) },
    {
      name: 'an allow-list at an OU with conditions and NotAction in Allow statements, supported since September 2025',
      snapshot: organization([{ ...FULL_AWS_ACCESS, targets: FULL_AWS_ACCESS.targets.filter((target) => target !== SANDBOX) }, DENY_LEAVE, REGION_ALLOW_LIST]),
    },
    {
      name: 'a deny with wildcards in the middle of action names, and one with NotAction',
      snapshot: organization([
        FULL_AWS_ACCESS,
        { ...DENY_LEAVE, document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['ec2:*VpcPeering*', 'guardduty:Delete*'], Resource: '*' }] } },
        { name: 'DenyOutsideBilling', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotAction: ['aws-portal:*'], Resource: '*' }] }, targets: [SANDBOX_ACCOUNT] },
      ]),
    },
    {
      name: 'no organization.json: not evaluated',
      snapshot: { accounts: { [MANAGEMENT]: {} } },
      notEvaluated: [{ accountId: null, sections: ['organization', 'organization.policies'] }],
    },
  ],
  invalid: [
    {
      name: 'an SCP attached nowhere',
      snapshot: organization([FULL_AWS_ACCESS, { ...DENY_LEAVE, targets: [] }]),
      errors: [{ messageId: 'unattached', data: { policy: 'DenyLeaveOrganization' }, resource: 'p-dezdjlxd', kind: 'Scp', pointer: '/policies/1/targets' }],
    },
    {
      name: 'an SCP attached only to the management account',
      snapshot: organization([FULL_AWS_ACCESS, { ...DENY_LEAVE, targets: [MANAGEMENT] }]),
      errors: [{ messageId: 'managementAccountOnly', data: { policy: 'DenyLeaveOrganization', account: 'acme-management' }, pointer: '/policies/1/targets/0' }],
    },
    {
      name: 'an SCP attached to an OU and to the management account',
      snapshot: organization([FULL_AWS_ACCESS, { ...DENY_LEAVE, targets: [WORKLOADS, MANAGEMENT] }]),
      errors: [{ messageId: 'managementAccountTarget', data: { policy: 'DenyLeaveOrganization', account: 'acme-management' }, pointer: '/policies/1/targets/1' }],
    },
    {
      name: 'deny statements whose actions are all misspelt, an unknown service, or an empty list',
      snapshot: organization([
        FULL_AWS_ACCESS,
        {
          ...DENY_LEAVE,
          document: {
            Version: '2012-10-17',
            Statement: [
              { Sid: 'ProtectTrail', Effect: 'Deny', Action: ['cloudtrail:StopLoging', 'cloudtrial:DeleteTrail'], Resource: '*' },
              { Sid: 'DenyLeave', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
              { Sid: 'Nothing', Effect: 'Deny', Action: [], Resource: '*' },
              { Sid: 'ExemptEverything', Effect: 'Deny', NotAction: '*', Resource: '*' },
            ],
          },
        },
      ]),
      errors: [
        {
          messageId: 'denyNothing',
          data: { statement: '"ProtectTrail"', policy: 'DenyLeaveOrganization', actions: '"cloudtrail:StopLoging", "cloudtrial:DeleteTrail"' },
          pointer: '/policies/1/document/Statement/0/Action',
        },
        { messageId: 'denyNothing', data: { statement: '"Nothing"', actions: 'an empty list' }, pointer: '/policies/1/document/Statement/2/Action' },
        { messageId: 'denyNothing', data: { statement: '"ExemptEverything"', actions: 'everything but "*"' }, pointer: '/policies/1/document/Statement/3/NotAction' },
      ],
    },
    {
      name: 'FullAWSAccess detached from an OU that has only a deny: nothing is allowed below it',
      snapshot: organization([{ ...FULL_AWS_ACCESS, targets: FULL_AWS_ACCESS.targets.filter((target) => target !== WORKLOADS) }, { ...DENY_LEAVE, targets: [ROOT, WORKLOADS] }]),
      errors: [
        {
          messageId: 'nothingAllowed',
          data: { target: 'OU Workloads', policies: 'DenyLeaveOrganization', count: 2, accounts: 'acme-data-prod, acme-web-dev' },
          resource: WORKLOADS,
          kind: 'OrganizationalUnit',
        },
      ],
    },
    {
      name: 'at the root and at an account',
      snapshot: organization([
        { ...FULL_AWS_ACCESS, targets: FULL_AWS_ACCESS.targets.filter((target) => target !== ROOT && target !== SANDBOX_ACCOUNT) },
        { ...DENY_LEAVE, targets: [ROOT, SANDBOX_ACCOUNT] },
      ]),
      errors: [
        { messageId: 'nothingAllowed', data: { target: 'the organization root', count: 3 }, kind: 'Organization' },
        { messageId: 'nothingAllowed', data: { target: 'account acme-platform-sandbox', count: 1, accounts: 'acme-platform-sandbox' }, kind: 'Account', accountId: SANDBOX_ACCOUNT },
      ],
    },
  ],
});

describe('scp-ineffective', () => {
  it('does not report the management account for nothing allowed: SCPs do not apply there', () => {
    const result = RuleTester.lint('scp-ineffective', rule, {
      snapshot: organization([{ ...FULL_AWS_ACCESS, targets: FULL_AWS_ACCESS.targets.filter((target) => target !== MANAGEMENT) }, { ...DENY_LEAVE, targets: [ROOT, MANAGEMENT, WORKLOADS] }]),
    });
    expect(result.findings.map((finding) => finding.messageId)).toEqual(['managementAccountTarget']);
  });

  it('renders the nothing-allowed message', () => {
    const result = RuleTester.lint('scp-ineffective', rule, {
      snapshot: organization([{ ...FULL_AWS_ACCESS, targets: FULL_AWS_ACCESS.targets.filter((target) => target !== SANDBOX) }, { ...DENY_LEAVE, targets: [ROOT, SANDBOX] }]),
    });
    expect(result.findings.map((finding) => finding.message)).toEqual([
      'No SCP attached to OU Sandbox has an Allow statement (attached: DenyLeaveOrganization), so every IAM user and role in the 1 account(s) below it (acme-platform-sandbox) is denied every action; attach FullAWSAccess or an allow-list SCP there.',
    ]);
  });
});
