import { defineRule } from '@iamlint/core';

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow IAM users with more than one active access key.',
      recommended: true,
    },
    severity: 'low',
    compliance: [{ framework: 'cis-aws', version: '5.0', control: '1.12' }],
    requires: ['iam.accessKeys'],
    messages: {
      multipleActiveKeys: 'IAM user {{user}} has {{count}} active access keys ({{keyIds}}); keep one.',
    },
    schema: [],
  },
  create(context) {
    return {
      User(user) {
        const activeKeys = user.accessKeys.filter((key) => key.status === 'Active');
        if (activeKeys.length <= 1) return;
        context.report({
          node: user,
          messageId: 'multipleActiveKeys',
          data: { user: user.userName, count: activeKeys.length, keyIds: activeKeys.map((key) => key.accessKeyId).join(', ') },
          pointer: '/accessKeys',
        });
      },
    };
  },
});
