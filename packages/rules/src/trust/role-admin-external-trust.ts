import { ADMINISTRATOR_ACCESS, defineRule, OptionObject, Type, type RoleAssumer } from '@iamlint/core';
import { AccountIds, accountLabel, isOrganizationMember } from '../util/accounts.js';

const SAML_PROVIDER = /:saml-provider\//;

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow administrator roles that can be assumed from outside their account (other accounts, anyone, web identities).',
      recommended: true,
    },
    severity: 'critical',
    requires: ['iam.authorizationDetails'],
    messages: {
      externalAdmin:
        'Role {{role}} is an administrator of account {{account}} ({{why}}) and can be assumed from outside it by {{assumers}}.',
    },
    schema: [
      OptionObject({
        allowedAccounts: AccountIds('Accounts that may assume administrator roles, such as a security tooling or deployment account.'),
        includeOrganizationAccounts: Type.Boolean({ description: 'Also report trust from other accounts of the organization (such as OrganizationAccountAccessRole trusting the management account).' }),
        includeWebIdentity: Type.Boolean({ description: 'Report trust in OIDC and other web identity providers (GitHub Actions, EKS, Cognito…).' }),
        includeSaml: Type.Boolean({ description: 'Report trust in SAML providers (workforce federation into the account).' }),
      }),
    ],
    defaultOptions: [{ allowedAccounts: [], includeOrganizationAccounts: false, includeWebIdentity: true, includeSaml: false }],
  },
  create(context) {
    const [{ allowedAccounts, includeOrganizationAccounts, includeWebIdentity, includeSaml }] = context.options;
    const { model } = context;
    const allowed = new Set(allowedAccounts);
    const countsAsOutside = (accountId: string, roleAccountId: string): boolean => {
      if (accountId === roleAccountId || allowed.has(accountId)) return false;
      return includeOrganizationAccounts || !isOrganizationMember(model, accountId);
    };
    const describe = (assumer: RoleAssumer, roleAccountId: string): string | undefined => {
      switch (assumer.kind) {
        case 'anyone':
          return assumer.conditional ? "any AWS principal that meets the trust policy's conditions" : 'any AWS principal';
        case 'account':
          return countsAsOutside(assumer.accountId, roleAccountId) ? `account ${accountLabel(model, assumer.accountId)}` : undefined;
        case 'principal':
          return countsAsOutside(assumer.principal.accountId, roleAccountId) ? assumer.principal.arn : undefined;
        case 'federated': {
          const saml = SAML_PROVIDER.test(assumer.provider);
          return (saml ? includeSaml : includeWebIdentity) ? `${saml ? 'SAML' : 'web identity'} provider ${assumer.provider}` : undefined;
        }
        case 'service':
          return undefined;
      }
    };

    return {
      Role(role) {
        const assumers = context.policy.whoCanAssume(role);
        const accounts = new Set(assumers.flatMap((assumer) => (assumer.kind === 'account' ? [assumer.accountId] : [])));
        const outside = assumers
          // A principal of an account already listed as a whole adds nothing.
          .filter((assumer) => assumer.kind !== 'principal' || !accounts.has(assumer.principal.accountId))
          .flatMap((assumer) => describe(assumer, role.accountId) ?? []);
        if (outside.length === 0) return;
        const admin = context.policy.isAdmin(role);
        if (!admin.admin) return;
        const why = role.attachedManagedPolicies.some((arn) => ADMINISTRATOR_ACCESS.test(arn))
          ? 'AdministratorAccess is attached'
          : 'its policies allow every action on every resource';
        context.report({
          node: role,
          messageId: 'externalAdmin',
          data: { role: role.roleName, account: accountLabel(model, role.accountId), why, assumers: [...new Set(outside)].sort().join(', ') },
          pointer: '/trustPolicy',
        });
      },
    };
  },
});
