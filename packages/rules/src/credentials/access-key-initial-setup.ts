import { defineRule, OptionObject, Type } from '@iamlint/core';

const MINUTE_MS = 60_000;

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow never-used access keys created together with their IAM user, during its initial setup.',
      recommended: false,
    },
    severity: 'low',
    compliance: [{ framework: 'cis-aws', version: '5.0', control: '1.10', options: [{ withinMinutes: 10, consoleUsersOnly: true }] }],
    requires: ['iam.authorizationDetails', 'iam.credentialReport', 'iam.accessKeys'],
    messages: {
      createdWithUser:
        'Access key {{keyId}} of IAM user {{user}} in account {{accountId}} was created {{minutes}} minute(s) after the user, on {{createDate}}, and has never been used: keys handed out at setup are rarely needed; delete it and let the user create one when needed.',
    },
    schema: [
      OptionObject({
        withinMinutes: Type.Integer({ minimum: 0, maximum: 1440, description: 'How soon after the user a key must have been created to count as created during its setup, in minutes.' }),
        consoleUsersOnly: Type.Boolean({ description: 'Check only users with a console password (people), as CIS does; false also checks users without one.' }),
      }),
    ],
    defaultOptions: [{ withinMinutes: 10, consoleUsersOnly: true }],
  },
  create(context) {
    const [{ withinMinutes, consoleUsersOnly }] = context.options;
    return {
      AccessKey(key) {
        const { user } = key;
        if (key.status !== 'Active' || key.lastUsedDate !== null) return;
        if (consoleUsersOnly && user.loginProfile === null) return;
        const afterUser = Date.parse(key.createDate) - Date.parse(user.createDate);
        if (afterUser < 0 || afterUser > withinMinutes * MINUTE_MS) return;
        context.report({
          node: key,
          messageId: 'createdWithUser',
          data: {
            keyId: key.accessKeyId,
            user: user.userName,
            accountId: key.accountId,
            minutes: Math.floor(afterUser / MINUTE_MS),
            createDate: key.createDate,
          },
        });
      },
    };
  },
});
