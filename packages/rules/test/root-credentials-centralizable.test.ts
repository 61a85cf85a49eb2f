import type { RootUser } from '@iamlint/core';
import { RuleTester, type SnapshotSpec } from '@iamlint/core/testing';
import rule from '../src/credentials/root-credentials-centralizable.js';

const MANAGEMENT = '111122223333';
const PRODUCTION = '444455556666';
const SANDBOX = '777788889999';
const CLOSED = '123412341234';
const rootArn = (accountId: string) => `arn:aws:iam::${accountId}:root`;
const CENTRALIZED_FEATURES = ['RootCredentialsManagement', 'RootSessions'];

const CENTRALIZED: Partial<RootUser> = { passwordEnabled: null, passwordLastUsed: null, mfaActive: false, mfaType: null, accessKeys: [], signingCertificatesActive: 0 };
const FULL_ROOT: Partial<RootUser> = { passwordEnabled: true, passwordLastUsed: '2023-05-17', mfaActive: true, mfaType: 'hardware' };

const snapshot = (roots: Record<string, Partial<RootUser>>, iamFeatures: string[] | null = CENTRALIZED_FEATURES): SnapshotSpec => ({
  organization: {
    managementAccountId: MANAGEMENT,
    accounts: [
      { id: MANAGEMENT, name: 'acme-management' },
      { id: PRODUCTION, name: 'acme-production' },
      { id: SANDBOX, name: 'acme-sandbox' },
      { id: CLOSED, name: 'acme-legacy', status: 'SUSPENDED' },
    ],
    ...(iamFeatures ? { iamFeatures } : {}),
  },
  accounts: Object.fromEntries(
    [MANAGEMENT, PRODUCTION, SANDBOX, CLOSED].map((accountId) => [accountId, { root: roots[accountId] ?? CENTRALIZED }]),
  ),
});

new RuleTester().run('root-credentials-centralizable', rule, {
  valid: [
    {
      name: 'member roots without credentials; the management account keeps its own (central management does not cover it)',
      snapshot: snapshot({ [MANAGEMENT]: FULL_ROOT }),
    },
    {
      name: 'a suspended member account is left alone',
      snapshot: snapshot({ [CLOSED]: FULL_ROOT }),
    },
    {
      name: 'RootSessions alone does not centralize root credentials',
      snapshot: snapshot({ [PRODUCTION]: FULL_ROOT }, ['RootSessions']),
    },
    {
      name: 'an organization collected before iamFeatures existed says nothing about it',
      snapshot: snapshot({ [PRODUCTION]: FULL_ROOT }, null),
    },
    {
      name: 'no organization.json: not evaluated',
      snapshot: { accounts: { [PRODUCTION]: { root: FULL_ROOT } } },
      notEvaluated: [{ accountId: null, sections: ['organization'] }],
    },
    {
      name: 'an account whose credential report could not be read is not evaluated',
      snapshot: {
        ...snapshot({ [SANDBOX]: FULL_ROOT }),
        gaps: [{ section: 'iam.credentialReport', accountId: SANDBOX, call: 'iam:GenerateCredentialReport', error: 'AccessDenied' }],
      },
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.credentialReport'] }],
    },
  ],
  invalid: [
    {
      name: 'member roots that still have credentials, each listed',
      snapshot: snapshot({
        [MANAGEMENT]: FULL_ROOT,
        [PRODUCTION]: FULL_ROOT,
        [SANDBOX]: {
          passwordEnabled: false,
          mfaActive: false,
          mfaType: null,
          accessKeys: [
            { slot: 1, active: true, lastRotated: '2020-01-09T10:00:00Z', lastUsedDate: '2021-03-04' },
            { slot: 2, active: false, lastRotated: '2020-06-09T10:00:00Z', lastUsedDate: null },
          ],
          signingCertificatesActive: 1,
        },
      }),
      errors: [
        {
          messageId: 'rootCredentials',
          data: { account: 'acme-production', credentials: 'a console password, an MFA device', organizationId: 'o-a1b2c3d4e5' },
          resource: rootArn(PRODUCTION),
          kind: 'RootUser',
          pointer: '/root',
        },
        {
          messageId: 'rootCredentials',
          data: { account: 'acme-sandbox', credentials: '1 active access key(s), 1 inactive access key(s), 1 signing certificate(s)' },
          resource: rootArn(SANDBOX),
        },
      ],
    },
    {
      name: 'a deleted root password with the MFA device still registered is not fully cleaned up',
      snapshot: snapshot({ [PRODUCTION]: { passwordEnabled: false, mfaActive: true, mfaType: 'virtual' } }),
      errors: [{ messageId: 'rootCredentials', data: { credentials: 'an MFA device' }, accountId: PRODUCTION }],
    },
  ],
});
