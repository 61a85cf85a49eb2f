import { defineRule } from '@iamlint/core';

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow IAM users that have both a console password and an active access key.',
      recommended: false,
    },
    severity: 'low',
    requires: ['iam.authorizationDetails', 'iam.credentialReport', 'iam.accessKeys'],
    messages: {
      consoleAndKeys:
        'IAM user {{user}} in account {{accountId}} has a console password and {{count}} active access key(s) ({{keyIds}}): a person should sign in through federation, a workload should use a role; split the two or drop one.',
    },
    schema: [],
  },
  create(context) {
    return {
      User(user) {
        if (user.loginProfile === null) return;
        const activeKeys = user.accessKeys.filter((key) => key.status === 'Active');
        if (activeKeys.length === 0) return;
        context.report({
          node: user,
          messageId: 'consoleAndKeys',
          data: {
            user: user.userName,
            accountId: user.accountId,
            count: activeKeys.length,
            keyIds: activeKeys.map((key) => key.accessKeyId).join(', '),
          },
          pointer: '/accessKeys',
        });
      },
    };
  },
});
