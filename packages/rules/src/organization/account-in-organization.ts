import { defineRule } from '@iamlint/core';

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every account in the snapshot to be a member of the snapshot\'s AWS Organizations organization.',
      recommended: false,
    },
    severity: 'medium',
    compliance: [{ framework: 'aws-fsbp', version: '1.0', control: 'Account.2' }],
    requires: ['organization'],
    messages: {
      notMember:
        'Account {{account}} is in the snapshot but not a member of organization {{organizationId}}: none of its SCPs, RCPs or Identity Center assignments govern it; invite it into the organization.',
    },
    schema: [],
  },
  create(context) {
    const { model } = context;
    return {
      Account(account) {
        const organization = model.organization;
        if (!organization || account.organizationEntry !== null) return;
        context.report({
          node: account,
          messageId: 'notMember',
          data: { account: account.name, accountId: account.accountId, organizationId: organization.id },
        });
      },
    };
  },
});
