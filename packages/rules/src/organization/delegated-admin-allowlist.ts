import { defineRule, OptionObject, Type, wildcardMatch } from '@iamlint/core';

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Allow delegated administration of AWS services only to the accounts an allow-list names, and never to an account that left or is closing.',
      recommended: false,
    },
    severity: 'medium',
    requires: ['organization'],
    messages: {
      notAllowed:
        'Account {{account}} ({{accountId}}) is delegated administrator for {{service}}, which the allow-list does not permit: a delegated administrator can read or change that service across every account of the organization.',
      notActive:
        'Account {{accountId}} is still delegated administrator for {{service}} but is {{state}}; deregister it so a closed or departed account keeps no organization-wide control.',
    },
    schema: [
      OptionObject({
        allowed: Type.Array(
          Type.Object({ accountId: Type.Optional(Type.String()), servicePrincipal: Type.Optional(Type.String()) }, { additionalProperties: false }),
          {
            description:
              'Permitted delegations: each entry an account id and/or a service principal (`*` and `?` wildcards). Empty: only delegations to suspended or departed accounts are reported.',
          },
        ),
      }),
    ],
    defaultOptions: [{ allowed: [] }],
  },
  create(context) {
    const [{ allowed }] = context.options;
    const permitted = (accountId: string, service: string) =>
      allowed.some(
        (entry) =>
          (entry.accountId === undefined || wildcardMatch(entry.accountId, accountId)) &&
          (entry.servicePrincipal === undefined || wildcardMatch(entry.servicePrincipal, service)),
      );
    return {
      Organization(organization) {
        for (const delegation of organization.delegatedAdministrators) {
          const account = context.model.account(delegation.accountId);
          const entry = account?.organizationEntry ?? null;
          const base = { accountId: delegation.accountId, service: delegation.servicePrincipal };
          if (entry === null || entry.status !== 'ACTIVE') {
            context.report({
              node: account && entry ? account : organization,
              messageId: 'notActive',
              discriminator: `${delegation.accountId}/${delegation.servicePrincipal}`,
              data: { ...base, state: entry === null ? 'not a member of the organization' : entry.status.toLowerCase().replace('_', ' ') },
            });
          } else if (allowed.length > 0 && !permitted(delegation.accountId, delegation.servicePrincipal)) {
            context.report({
              node: account as NonNullable<typeof account>,
              messageId: 'notAllowed',
              discriminator: delegation.servicePrincipal,
              data: { ...base, account: entry.name },
            });
          }
        }
      },
    };
  },
});
