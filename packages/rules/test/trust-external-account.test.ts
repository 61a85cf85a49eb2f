import { describe, expect, it } from 'vitest';
import { RuleTester, type AccountSpec, type SnapshotSpec } from '@iamlint/core/testing';
import rule from '../src/trust/trust-external-account.js';
import { githubOidcTrust, lambdaTrust, MANAGEMENT, PROD, SANDBOX, V } from './fixtures/policies.js';

/** Datadog's AWS integration account, as its setup guide names it. */
const DATADOG = '464622532012';
const FORMER_SUBSIDIARY = '730335522146';

const trust = (...Statement: object[]) => ({ Version: V, Statement });
const assume = (AWS: string | string[], extra: object = {}) => ({ Effect: 'Allow', Principal: { AWS }, Action: 'sts:AssumeRole', ...extra });
const organization = {
  managementAccountId: MANAGEMENT,
  accounts: [
    { id: MANAGEMENT, name: 'acme-management' },
    { id: PROD, name: 'acme-prod' },
    { id: SANDBOX, name: 'acme-sandbox', status: 'SUSPENDED' as const },
  ],
};
const roleArn = (name: string, account = PROD) => `arn:aws:iam::${account}:role/${name}`;
/** Every organization account has its file, so none is reported as not evaluated. */
const inOrganization = (accounts: Record<string, AccountSpec>): SnapshotSpec => ({ organization, accounts: { [MANAGEMENT]: {}, [SANDBOX]: {}, ...accounts } });

new RuleTester().run('trust-external-account', rule, {
  valid: [
    {
      name: 'trust inside the organization: the management account, a suspended member, the account itself',
      snapshot: inOrganization({
          [PROD]: {
            roles: [
              { roleName: 'OrganizationAccountAccessRole', trustPolicy: trust(assume(`arn:aws:iam::${MANAGEMENT}:root`)) },
              { roleName: 'sandbox-reader', trustPolicy: trust(assume([SANDBOX, `arn:aws:iam::${PROD}:role/ci`])) },
            ],
          },
        }),
    },
    {
      name: 'an allow-listed vendor',
      snapshot: inOrganization({ [PROD]: { roles: [{ roleName: 'DatadogIntegrationRole', trustPolicy: trust(assume(`arn:aws:iam::${DATADOG}:root`, { Condition: { StringEquals: { 'sts:ExternalId': '8a3f0c5e2b9d4e71a6c0f3b2d5e8a1c4' } } })) }] } }),
      options: [{ allowedAccounts: [DATADOG] }],
    },
    {
      name: 'service and web identity trust name no account',
      snapshot: inOrganization({ [PROD]: { roles: [{ roleName: 'fn', trustPolicy: lambdaTrust }, { roleName: 'github-deploy', trustPolicy: githubOidcTrust }] } }),
    },
    {
      name: 'an external account only in a Deny, or only for tagging, is no trust to assume',
      snapshot: inOrganization({
          [PROD]: {
            roles: [
              {
                roleName: 'guarded',
                trustPolicy: trust(assume(`arn:aws:iam::${MANAGEMENT}:root`), { Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${DATADOG}:root` }, Action: 'sts:AssumeRole' }, { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${FORMER_SUBSIDIARY}:root` }, Action: 'sts:TagSession' }),
              },
            ],
          },
        }),
    },
    {
      name: 'without organization.json the account itself still counts as inside',
      snapshot: { accounts: { [PROD]: { roles: [{ roleName: 'self', trustPolicy: trust(assume(`arn:aws:iam::${PROD}:root`)) }] } } },
    },
    {
      name: 'roles of an account whose authorization details are missing are not evaluated',
      snapshot: {
        ...inOrganization({ [PROD]: { roles: [{ roleName: 'vendor', trustPolicy: trust(assume(`arn:aws:iam::${DATADOG}:root`)) }] } }),
        gaps: [{ section: 'iam.authorizationDetails', accountId: PROD, call: 'iam:GetAccountAuthorizationDetails', error: 'AccessDenied' }],
      },
      notEvaluated: [{ accountId: PROD, sections: ['iam.authorizationDetails'] }],
    },
  ],
  invalid: [
    {
      name: 'a vendor account outside the organization',
      snapshot: inOrganization({ [PROD]: { roles: [{ roleName: 'DatadogIntegrationRole', trustPolicy: trust(assume(`arn:aws:iam::${DATADOG}:root`, { Condition: { StringEquals: { 'sts:ExternalId': '8a3f0c5e2b9d4e71a6c0f3b2d5e8a1c4' } } })) }] } }),
      errors: [
        {
          messageId: 'outsideOrganization',
          data: { role: 'DatadogIntegrationRole', trustedAccount: DATADOG, statement: '0' },
          resource: roleArn('DatadogIntegrationRole'),
          kind: 'Role',
          pointer: '/roles/0/trustPolicy/Statement/0/Principal',
        },
      ],
    },
    {
      name: 'a specific role, a bare account id and an STS ARN of two outside accounts: one finding per account, allow-list honoured',
      snapshot: inOrganization({
          [PROD]: {
            roles: [
              {
                roleName: 'partner-exchange',
                trustPolicy: trust(
                  { Sid: 'Partner', ...assume([`arn:aws:iam::${FORMER_SUBSIDIARY}:role/etl-runner`, FORMER_SUBSIDIARY, `arn:aws:iam::${MANAGEMENT}:root`]) },
                  { Sid: 'Legacy', Effect: 'Allow', Principal: { AWS: [`arn:aws:sts::${DATADOG}:assumed-role/DatadogAWSIntegration/session`, `arn:aws:iam::${PROD}:root`] }, Action: 'sts:*' },
                ),
              },
            ],
          },
        }),
      errors: [
        { messageId: 'outsideOrganization', data: { trustedAccount: FORMER_SUBSIDIARY, statement: '"Partner"' }, pointer: '/roles/0/trustPolicy/Statement/0/Principal' },
        { messageId: 'outsideOrganization', data: { trustedAccount: DATADOG, statement: '"Legacy"' }, pointer: '/roles/0/trustPolicy/Statement/1/Principal' },
      ],
    },
    {
      name: 'allow-listing one vendor does not allow another',
      snapshot: inOrganization({ [PROD]: { roles: [{ roleName: 'two-vendors', trustPolicy: trust(assume([`arn:aws:iam::${DATADOG}:root`, `arn:aws:iam::${FORMER_SUBSIDIARY}:root`])) }] } }),
      options: [{ allowedAccounts: [DATADOG] }],
      errors: [{ messageId: 'outsideOrganization', data: { trustedAccount: FORMER_SUBSIDIARY } }],
    },
    {
      name: 'NotAction that leaves sts:AssumeRole allowed still grants it',
      snapshot: inOrganization({ [PROD]: { roles: [{ roleName: 'odd', trustPolicy: trust({ Effect: 'Allow', Principal: { AWS: DATADOG }, NotAction: 'sts:TagSession' }) }] } }),
      errors: [{ messageId: 'outsideOrganization', data: { trustedAccount: DATADOG } }],
    },
    {
      name: 'without organization.json, another account of the snapshot is outside unless allow-listed',
      snapshot: {
        accounts: {
          [MANAGEMENT]: {},
          [PROD]: { roles: [{ roleName: 'OrganizationAccountAccessRole', trustPolicy: trust(assume(`arn:aws:iam::${MANAGEMENT}:root`)) }, { roleName: 'vendor', trustPolicy: trust(assume(`arn:aws:iam::${DATADOG}:root`)) }] },
        },
      },
      options: [{ allowedAccounts: [DATADOG] }],
      errors: [{ messageId: 'noOrganization', data: { role: 'OrganizationAccountAccessRole', trustedAccount: MANAGEMENT }, accountId: PROD }],
    },
  ],
});

describe('trust-external-account', () => {
  it('keeps one fingerprint per trusted account, whatever the statement order', () => {
    const lint = (statements: object[]) =>
      RuleTester.lint('trust-external-account', rule, { snapshot: inOrganization({ [PROD]: { roles: [{ roleName: 'r', trustPolicy: trust(...statements) }] } }) });
    const a = assume(`arn:aws:iam::${DATADOG}:root`);
    const b = assume(`arn:aws:iam::${FORMER_SUBSIDIARY}:root`);
    const first = lint([a, b]).findings.map((finding) => finding.fingerprint).sort();
    const second = lint([b, a]).findings.map((finding) => finding.fingerprint).sort();
    expect(first).toHaveLength(2);
    expect(second).toEqual(first);
  });

  it('rejects an allow-list entry that is not an account id', () => {
    expect(() => RuleTester.lint('trust-external-account', rule, { snapshot: { accounts: { [PROD]: {} } }, options: [{ allowedAccounts: ['datadog'] }] })).toThrow();
  });
});
