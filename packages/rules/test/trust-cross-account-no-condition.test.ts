import { RuleTester, type AccountSpec, type SnapshotSpec } from '@iamlint/core/testing';
import rule from '../src/trust/trust-cross-account-no-condition.js';
import { MANAGEMENT, PROD, SANDBOX, V, vendorTrust } from './fixtures/policies.js';

const DATADOG = '464622532012';
const CONTRACTOR = '730335522146';
const EXTERNAL_ID = '8a3f0c5e2b9d4e71a6c0f3b2d5e8a1c4';

const trust = (...Statement: object[]) => ({ Version: V, Statement });
const assume = (AWS: string | string[], Condition?: object) => ({ Effect: 'Allow', Principal: { AWS }, Action: 'sts:AssumeRole', ...(Condition ? { Condition } : {}) });
const role = (roleName: string, trustPolicy: object) => ({ roleName, trustPolicy });
const organization = { managementAccountId: MANAGEMENT, accounts: [{ id: MANAGEMENT, name: 'acme-management' }, { id: PROD, name: 'acme-prod' }, { id: SANDBOX, name: 'acme-sandbox' }] };
const inOrganization = (prod: AccountSpec): SnapshotSpec => ({ organization, accounts: { [MANAGEMENT]: {}, [SANDBOX]: {}, [PROD]: prod } });

new RuleTester().run('trust-cross-account-no-condition', rule, {
  valid: [
    {
      name: 'a vendor with an external id, a contractor that must use MFA',
      snapshot: inOrganization({
        roles: [
          role('vendor', vendorTrust),
          role('contractor-admin', trust(assume(`arn:aws:iam::${CONTRACTOR}:root`, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }))),
          role('contractor-recent-mfa', trust(assume(`arn:aws:iam::${CONTRACTOR}:root`, { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }))),
          role('vendor-like', trust(assume(`arn:aws:iam::${DATADOG}:role/DatadogAWSIntegration`, { StringLike: { 'sts:ExternalId': 'acme-*' } }))),
        ],
      }),
    },
    {
      name: 'organization accounts are not checked by default',
      snapshot: inOrganization({ roles: [role('OrganizationAccountAccessRole', trust(assume(`arn:aws:iam::${MANAGEMENT}:root`)))] }),
    },
    {
      name: 'with organization accounts included: a named role, or a root pinned by aws:PrincipalArn, passes',
      snapshot: inOrganization({
        roles: [
          role('deployer', trust(assume(`arn:aws:iam::${MANAGEMENT}:role/github-deploy`))),
          role('OrganizationAccountAccessRole', trust(assume(MANAGEMENT, { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${MANAGEMENT}:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_PlatformAdmin_*` } }))),
        ],
      }),
      options: [{ includeOrganizationAccounts: true }],
    },
    {
      name: 'the account trusting itself is not cross-account',
      snapshot: inOrganization({ roles: [role('self', trust(assume(`arn:aws:iam::${PROD}:root`)))] }),
    },
  ],
  invalid: [
    {
      name: 'a vendor account with no condition',
      snapshot: inOrganization({ roles: [role('DatadogIntegrationRole', trust(assume(`arn:aws:iam::${DATADOG}:root`)))] }),
      errors: [
        {
          messageId: 'thirdParty',
          data: { role: 'DatadogIntegrationRole', accounts: DATADOG, statement: '0' },
          resource: `arn:aws:iam::${PROD}:role/DatadogIntegrationRole`,
          pointer: '/roles/0/trustPolicy/Statement/0/Principal',
        },
      ],
    },
    {
      name: 'conditions that do not pin the caller: IfExists, wildcard or negated external id, BoolIfExists MFA, Null, source IP',
      snapshot: inOrganization({
        roles: [
          role('if-exists', trust(assume(DATADOG, { StringEqualsIfExists: { 'sts:ExternalId': EXTERNAL_ID } }))),
          role('wildcard', trust(assume(DATADOG, { StringLike: { 'sts:ExternalId': '*' } }))),
          role('negated', trust(assume(DATADOG, { StringNotEquals: { 'sts:ExternalId': 'attacker' } }))),
          role('mfa-if-exists', trust(assume(CONTRACTOR, { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }))),
          role('any-external-id', trust(assume(DATADOG, { Null: { 'sts:ExternalId': 'false' } }))),
          role('office-ip', trust(assume(CONTRACTOR, { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }))),
        ],
      }),
      errors: ['if-exists', 'wildcard', 'negated', 'mfa-if-exists', 'any-external-id', 'office-ip'].map((name) => ({ messageId: 'thirdParty', data: { role: name } })),
    },
    {
      name: 'aws:PrincipalArn pins nothing against a confused deputy at a third party',
      snapshot: inOrganization({ roles: [role('vendor-pinned', trust(assume(`arn:aws:iam::${DATADOG}:root`, { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${DATADOG}:role/DatadogAWSIntegration` } })))] }),
      errors: [{ messageId: 'thirdParty', data: { accounts: DATADOG } }],
    },
    {
      name: 'one statement, accounts inside and outside: the outside ones are named, by organization name when known',
      snapshot: inOrganization({ roles: [role('mixed', trust({ Sid: 'Readers', ...assume([`arn:aws:iam::${CONTRACTOR}:root`, `arn:aws:iam::${MANAGEMENT}:root`, DATADOG]) }))] }),
      options: [{ includeOrganizationAccounts: true }],
      errors: [
        { messageId: 'organizationAccount', data: { accounts: 'acme-management', statement: '"Readers"' } },
        { messageId: 'thirdParty', data: { accounts: `${DATADOG}, ${CONTRACTOR}`, statement: '"Readers"' } },
      ],
    },
    {
      name: 'organization root trusted with a wildcard aws:PrincipalArn',
      snapshot: inOrganization({ roles: [role('OrganizationAccountAccessRole', trust(assume(`arn:aws:iam::${MANAGEMENT}:root`, { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${MANAGEMENT}:role/*` } })))] }),
      options: [{ includeOrganizationAccounts: true }],
      errors: [{ messageId: 'organizationAccount', data: { role: 'OrganizationAccountAccessRole', accounts: 'acme-management' } }],
    },
    {
      name: 'without organization.json every other account is treated as a third party',
      snapshot: { accounts: { [PROD]: { roles: [role('OrganizationAccountAccessRole', trust(assume(`arn:aws:iam::${MANAGEMENT}:root`)))] } } },
      errors: [{ messageId: 'thirdParty', data: { accounts: MANAGEMENT } }],
    },
  ],
});
