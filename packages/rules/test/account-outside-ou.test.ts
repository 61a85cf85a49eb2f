import { describe, expect, it } from 'vitest';
import { RuleTester, type OrganizationSpec, type SnapshotSpec } from '@iamlint/core/testing';
import rule from '../src/organization/account-outside-ou.js';

const MANAGEMENT = '311842569027';
const DATA_PROD = '097352618404';
const WEB_DEV = '183640257719';
const LEGACY = '402719835614';
const WORKLOADS = 'ou-8f3k-fk9eu8ct';
const PROD = 'ou-8f3k-0l85xfq7';
const organizationalUnits = [
  { id: WORKLOADS, name: 'Workloads' },
  { id: PROD, name: 'Prod', parentId: WORKLOADS },
];

const snapshot = (accounts: OrganizationSpec['accounts']): SnapshotSpec => ({
  organization: { managementAccountId: MANAGEMENT, rootId: 'r-8f3k', organizationalUnits, accounts },
});

new RuleTester().run('account-outside-ou', rule, {
  valid: [
    {
      name: 'the management account at the root, members in OUs at any depth',
      snapshot: snapshot([
        { id: MANAGEMENT, name: 'acme-management' },
        { id: DATA_PROD, name: 'acme-data-prod', parentId: PROD },
        { id: WEB_DEV, name: 'acme-web-dev', parentId: WORKLOADS },
      ]),
    },
    {
      name: 'a closed (suspended) account left at the root',
      snapshot: snapshot([{ id: MANAGEMENT }, { id: LEGACY, name: 'acme-legacy', status: 'SUSPENDED' }]),
    },
    {
      name: 'an account file without an organization entry (a standalone account snapshot)',
      snapshot: { accounts: { [DATA_PROD]: {} } },
      notEvaluated: [{ accountId: null, sections: ['organization'] }],
    },
  ],
  invalid: [
    {
      name: 'a member account directly under the root',
      snapshot: snapshot([
        { id: MANAGEMENT, name: 'acme-management' },
        { id: DATA_PROD, name: 'acme-data-prod', parentId: PROD },
        { id: LEGACY, name: 'acme-legacy-analytics', parentId: 'r-8f3k', joinedMethod: 'INVITED' },
      ]),
      errors: [{ messageId: 'atRoot', data: { account: 'acme-legacy-analytics', accountId: LEGACY }, resource: LEGACY, kind: 'Account', accountId: LEGACY, pointer: '/accounts/2' }],
    },
    {
      name: 'every member account at the root is its own finding',
      snapshot: snapshot([{ id: MANAGEMENT }, { id: WEB_DEV, name: 'acme-web-dev' }, { id: DATA_PROD, name: 'acme-data-prod', status: 'PENDING_CLOSURE' }, { id: LEGACY, name: 'acme-legacy' }]),
      errors: [
        { messageId: 'atRoot', data: { accountId: WEB_DEV } },
        { messageId: 'atRoot', data: { accountId: LEGACY } },
      ],
    },
  ],
});

describe('account-outside-ou', () => {
  it('renders the message', () => {
    const result = RuleTester.lint('account-outside-ou', rule, { snapshot: snapshot([{ id: MANAGEMENT }, { id: LEGACY, name: 'acme-legacy' }]) });
    expect(result.findings.map((finding) => finding.message)).toEqual([
      `Account acme-legacy (${LEGACY}) sits directly under the organization root, outside any OU, so only the policies attached to the root govern it; move it into the OU of its environment or workload.`,
    ]);
  });
});
