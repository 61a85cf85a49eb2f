import { defineRule } from '@iamlint/core';

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Place every member account of the organization in an organizational unit, not directly under the root.',
      recommended: true,
    },
    severity: 'low',
    requires: ['organization'],
    messages: {
      atRoot:
        'Account {{account}} ({{accountId}}) sits directly under the organization root, outside any OU, so only the policies attached to the root govern it; move it into the OU of its environment or workload.',
    },
    schema: [],
  },
  create(context) {
    return {
      Account(account) {
        const entry = account.organizationEntry;
        // Closed and closing accounts are on their way out; the management account is not governed by OUs.
        if (entry === null || account.isManagementAccount || entry.status !== 'ACTIVE') return;
        if (!entry.parentId.startsWith('r-')) return;
        context.report({ node: account, messageId: 'atRoot', data: { account: entry.name, accountId: account.accountId } });
      },
    };
  },
});
