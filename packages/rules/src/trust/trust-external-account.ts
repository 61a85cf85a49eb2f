import { defineRule, OptionObject } from '@iamlint/core';
import { AccountIds, isOrganizationMember } from '../util/accounts.js';
import { AWS_PRINCIPAL, trustStatementsAllowing } from '../util/trust.js';

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow role trust policies that let accounts outside the organization, and not on an allow-list, assume the role.',
      recommended: true,
    },
    severity: 'high',
    requires: ['iam.authorizationDetails'],
    messages: {
      outsideOrganization:
        'Role {{role}} can be assumed from account {{trustedAccount}}, which is not in the organization and not in allowedAccounts (statement {{statement}} of its trust policy).',
      noOrganization:
        'Role {{role}} can be assumed from account {{trustedAccount}}, which is not in allowedAccounts (statement {{statement}} of its trust policy); the snapshot has no organization.json, so only the role\'s own account and allowedAccounts count as trusted.',
    },
    schema: [
      OptionObject({
        allowedAccounts: AccountIds('Account ids outside the organization that roles may trust, such as a vendor\'s (monitoring, backup, security tooling).'),
      }),
    ],
    defaultOptions: [{ allowedAccounts: [] }],
  },
  create(context) {
    const [{ allowedAccounts }] = context.options;
    const { model } = context;
    const allowed = new Set(allowedAccounts);
    const hasOrganization = model.isCollected('organization', null);
    const isInside = (accountId: string, roleAccountId: string): boolean =>
      accountId === roleAccountId || allowed.has(accountId) || isOrganizationMember(model, accountId);

    return {
      Role(role) {
        const reported = new Set<string>();
        for (const entry of trustStatementsAllowing(role, 'sts:assumerole')) {
          const { statement } = entry;
          for (const value of statement.principal?.byType.get('AWS') ?? []) {
            const match = AWS_PRINCIPAL.exec(value);
            const trustedAccount = match?.[1] ?? match?.[2];
            if (trustedAccount === undefined || reported.has(trustedAccount) || isInside(trustedAccount, role.accountId)) continue;
            reported.add(trustedAccount);
            context.report({
              node: role,
              messageId: hasOrganization ? 'outsideOrganization' : 'noOrganization',
              data: { role: role.roleName, trustedAccount, statement: entry.label },
              pointer: entry.pointerTo('Principal'),
              discriminator: trustedAccount,
            });
          }
        }
      },
    };
  },
});
