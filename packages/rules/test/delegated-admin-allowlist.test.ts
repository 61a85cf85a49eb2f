import { RuleTester, type SnapshotSpec } from '@iamlint/core/testing';
import rule from '../src/organization/delegated-admin-allowlist.js';

const MANAGEMENT = '311842569027';
const SECURITY = '527403918266';
const LOG_ARCHIVE = '658104729361';
const DEPARTED = '444455556666';

const organization = (delegatedAdministrators: Array<{ accountId: string; servicePrincipal: string }>, closing = false): SnapshotSpec => ({
  organization: {
    managementAccountId: MANAGEMENT,
    organizationalUnits: [{ id: 'ou-8f3k-secu1ty01', name: 'Security' }],
    accounts: [
      { id: MANAGEMENT, name: 'acme-management' },
      { id: SECURITY, name: 'acme-security-audit', parentId: 'ou-8f3k-secu1ty01' },
      { id: LOG_ARCHIVE, name: 'acme-log-archive', parentId: 'ou-8f3k-secu1ty01', ...(closing ? { status: 'PENDING_CLOSURE' as const } : {}) },
    ],
    delegatedAdministrators,
  },
});
const allowSecurityTooling = [{ allowed: [{ accountId: SECURITY, servicePrincipal: '*.amazonaws.com' }, { accountId: LOG_ARCHIVE, servicePrincipal: 'config.amazonaws.com' }] }];

new RuleTester().run('delegated-admin-allowlist', rule, {
  valid: [
    {
      name: 'without an allow-list, delegations to active member accounts pass',
      snapshot: organization([
        { accountId: SECURITY, servicePrincipal: 'guardduty.amazonaws.com' },
        { accountId: SECURITY, servicePrincipal: 'securityhub.amazonaws.com' },
      ]),
    },
    {
      name: 'every delegation matches an allow-list entry (account and service wildcards)',
      options: allowSecurityTooling,
      snapshot: organization([
        { accountId: SECURITY, servicePrincipal: 'access-analyzer.amazonaws.com' },
        { accountId: LOG_ARCHIVE, servicePrincipal: 'config.amazonaws.com' },
      ]),
    },
    { name: 'no delegated administrators', options: allowSecurityTooling, snapshot: organization([]) },
  ],
  invalid: [
    {
      name: 'a delegation the allow-list does not name (right account, wrong service)',
      options: allowSecurityTooling,
      snapshot: organization([
        { accountId: SECURITY, servicePrincipal: 'guardduty.amazonaws.com' },
        { accountId: LOG_ARCHIVE, servicePrincipal: 'sso.amazonaws.com' },
      ]),
      errors: [{ messageId: 'notAllowed', resource: LOG_ARCHIVE, kind: 'Account', data: { account: 'acme-log-archive', accountId: LOG_ARCHIVE, service: 'sso.amazonaws.com' } }],
    },
    {
      name: 'a delegation to an account that is closing, reported even without an allow-list',
      snapshot: organization([{ accountId: LOG_ARCHIVE, servicePrincipal: 'config.amazonaws.com' }], true),
      errors: [{ messageId: 'notActive', resource: LOG_ARCHIVE, data: { accountId: LOG_ARCHIVE, service: 'config.amazonaws.com', state: 'pending closure' } }],
    },
    {
      name: 'a delegation to an account that is no longer in the organization is placed on the organization',
      snapshot: organization([{ accountId: DEPARTED, servicePrincipal: 'securityhub.amazonaws.com' }]),
      errors: [{ messageId: 'notActive', kind: 'Organization', data: { accountId: DEPARTED, service: 'securityhub.amazonaws.com', state: 'not a member of the organization' } }],
    },
  ],
});
