import { defineRule } from '@iamlint/core';

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an MFA device on every IAM user, including users without a console password.',
      recommended: false,
    },
    severity: 'medium',
    compliance: [{ framework: 'aws-fsbp', version: '1.0', control: 'IAM.19' }],
    requires: ['iam.authorizationDetails', 'iam.credentialReport'],
    messages: {
      noMfa: 'IAM user {{user}} in account {{accountId}} has no MFA device ({{access}}).',
    },
    schema: [],
  },
  create(context) {
    return {
      User(user) {
        if (user.mfaDevices.length > 0) return;
        const activeKeys = user.accessKeys.filter((key) => key.status === 'Active').length;
        const access = [
          ...(user.loginProfile === null ? [] : ['console password']),
          ...(activeKeys > 0 ? [`${activeKeys} active access key(s)`] : []),
        ];
        context.report({
          node: user,
          messageId: 'noMfa',
          data: { user: user.userName, accountId: user.accountId, access: access.length > 0 ? access.join(', ') : 'no active credentials' },
          pointer: '/mfaDevices',
        });
      },
    };
  },
});
