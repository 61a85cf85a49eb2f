import { RuleTester, type AccountSpec, type SnapshotSpec } from '@iamlint/core/testing';
import rule from '../src/trust/role-admin-external-trust.js';
import { githubOidcTrust, MANAGEMENT, PROD, SANDBOX, V } from './fixtures/policies.js';

const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READ_ONLY_ACCESS = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const DATADOG = '464622532012';
const SECURITY_TOOLING = '902184637215';

const trust = (...Statement: object[]) => ({ Version: V, Statement });
const assume = (AWS: string | string[], Condition?: object) => ({ Effect: 'Allow', Principal: { AWS }, Action: 'sts:AssumeRole', ...(Condition ? { Condition } : {}) });
const admin = (roleName: string, trustPolicy: object, extra: object = {}) => ({ roleName, trustPolicy, attachedManagedPolicies: [ADMINISTRATOR_ACCESS], ...extra });
const organization = { managementAccountId: MANAGEMENT, accounts: [{ id: MANAGEMENT, name: 'acme-management' }, { id: PROD, name: 'acme-prod' }, { id: SANDBOX, name: 'acme-sandbox' }] };
const inOrganization = (prod: AccountSpec, others: Record<string, AccountSpec> = {}): SnapshotSpec => ({
  organization,
  accounts: { [MANAGEMENT]: {}, [SANDBOX]: {}, ...others, [PROD]: prod },
});
const roleArn = (name: string) => `arn:aws:iam::${PROD}:role/${name}`;

new RuleTester().run('role-admin-external-trust', rule, {
  valid: [
    {
      name: 'administrators trusted from the organization, by SAML, or by the account itself; a read-only role trusted by a vendor',
      snapshot: inOrganization({
        roles: [
          admin('OrganizationAccountAccessRole', trust(assume(`arn:aws:iam::${MANAGEMENT}:root`))),
          admin('OktaAdmin', trust({ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${PROD}:saml-provider/Okta` }, Action: 'sts:AssumeRoleWithSAML' })),
          admin('local-admin', trust(assume(`arn:aws:iam::${PROD}:root`))),
          { roleName: 'DatadogIntegrationRole', trustPolicy: trust(assume(`arn:aws:iam::${DATADOG}:root`, { StringEquals: { 'sts:ExternalId': '8a3f0c5e' } })), attachedManagedPolicies: [READ_ONLY_ACCESS] },
        ],
      }),
    },
    {
      name: 'an allow-listed security tooling account',
      snapshot: inOrganization({ roles: [admin('security-audit-admin', trust(assume(`arn:aws:iam::${SECURITY_TOOLING}:role/incident-response`)))] }),
      options: [{ allowedAccounts: [SECURITY_TOOLING] }],
    },
    {
      name: 'web identity is not reported when turned off; a service trust never is',
      snapshot: inOrganization({
        roles: [admin('github-deploy', githubOidcTrust), admin('cfn-exec', trust({ Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' }, Action: 'sts:AssumeRole' }))],
      }),
      options: [{ includeWebIdentity: false }],
    },
    {
      name: 'a vendor trust on a role whose boundary keeps it from being an administrator',
      snapshot: inOrganization({
        roles: [
          admin('bounded', trust(assume(`arn:aws:iam::${DATADOG}:root`)), { permissionsBoundary: READ_ONLY_ACCESS }),
        ],
        policies: [{ policyName: 'ReadOnlyAccess', arn: READ_ONLY_ACCESS, path: '/', document: { Version: V, Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 'ec2:Describe*'], Resource: '*' }] } }],
      }),
    },
  ],
  invalid: [
    {
      name: 'AdministratorAccess trusted by an account outside the organization',
      snapshot: inOrganization({ roles: [admin('vendor-admin', trust(assume(`arn:aws:iam::${DATADOG}:root`, { StringEquals: { 'sts:ExternalId': '8a3f0c5e' } })))] }),
      errors: [
        {
          messageId: 'externalAdmin',
          data: { role: 'vendor-admin', account: 'acme-prod', why: 'AdministratorAccess is attached', assumers: `account ${DATADOG}` },
          resource: roleArn('vendor-admin'),
          pointer: '/roles/0/trustPolicy',
        },
      ],
    },
    {
      name: 'an inline policy allowing everything, trusted by GitHub Actions and a principal "*" within the organization',
      snapshot: inOrganization({
        roles: [
          {
            roleName: 'deploy',
            trustPolicy: trust(githubOidcTrust.Statement[0] as object, { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }),
            inlinePolicies: [{ name: 'everything', document: { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
          },
        ],
      }),
      errors: [
        {
          messageId: 'externalAdmin',
          data: {
            why: 'its policies allow every action on every resource',
            assumers: `any AWS principal that meets the trust policy's conditions, web identity provider arn:aws:iam::${PROD}:oidc-provider/token.actions.githubusercontent.com`,
          },
        },
      ],
    },
    {
      name: 'organization accounts and SAML included by option; a principal of a whole account is not listed twice',
      snapshot: inOrganization(
        {
          roles: [
            admin('OrganizationAccountAccessRole', trust(assume([`arn:aws:iam::${MANAGEMENT}:root`, `arn:aws:iam::${MANAGEMENT}:role/ops`]))),
            admin('OktaAdmin', trust({ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${PROD}:saml-provider/Okta` }, Action: 'sts:AssumeRoleWithSAML' })),
          ],
        },
        { [MANAGEMENT]: { roles: [{ roleName: 'ops', trustPolicy: trust(assume(`arn:aws:iam::${MANAGEMENT}:root`)), inlinePolicies: [{ name: 'assume', document: { Version: V, Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } }] }] } },
      ),
      options: [{ includeOrganizationAccounts: true, includeSaml: true }],
      errors: [
        { messageId: 'externalAdmin', data: { role: 'OrganizationAccountAccessRole', assumers: 'account acme-management' } },
        { messageId: 'externalAdmin', data: { role: 'OktaAdmin', assumers: `SAML provider arn:aws:iam::${PROD}:saml-provider/Okta` } },
      ],
    },
    {
      name: 'without organization.json the management account is another account',
      snapshot: { accounts: { [PROD]: { roles: [admin('OrganizationAccountAccessRole', trust(assume(`arn:aws:iam::${MANAGEMENT}:root`)))] } } },
      errors: [{ messageId: 'externalAdmin', data: { account: PROD, assumers: `account ${MANAGEMENT}` } }],
    },
  ],
});
