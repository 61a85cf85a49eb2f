import { defineRule } from '@iamlint/core';

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an MFA device on every IAM user who can sign in to the console.',
      recommended: true,
    },
    severity: 'high',
    compliance: [
      { framework: 'cis-aws', version: '5.0', control: '1.9' },
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.5' },
    ],
    requires: ['iam.authorizationDetails', 'iam.credentialReport'],
    messages: {
      noMfa: 'IAM user {{user}} in account {{accountId}} has a console password but no MFA device.',
    },
    schema: [],
  },
  create(context) {
    return {
      User(user) {
        if (user.loginProfile === null || user.mfaDevices.length > 0) return;
        context.report({
          node: user,
          messageId: 'noMfa',
          data: { user: user.userName, accountId: user.accountId },
          pointer: '/loginProfile',
        });
      },
    };
  },
});
