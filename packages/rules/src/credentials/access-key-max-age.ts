import { daysSince, defineRule, OptionObject, Type } from '@iamlint/core';

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Require active access keys to be rotated before they reach a maximum age.',
      recommended: true,
    },
    severity: 'medium',
    compliance: [
      { framework: 'cis-aws', version: '5.0', control: '1.13' },
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.3' },
    ],
    requires: ['iam.accessKeys'],
    messages: {
      tooOld: 'Access key {{keyId}} of {{user}} is {{age}} days old (limit {{maxAgeDays}}).',
    },
    schema: [
      OptionObject({
        maxAgeDays: Type.Integer({ minimum: 1, description: 'The oldest an active access key may be, in days since it was created.' }),
      }),
    ],
    defaultOptions: [{ maxAgeDays: 90 }],
  },
  create(context) {
    const [{ maxAgeDays }] = context.options;
    return {
      AccessKey(key) {
        if (key.status !== 'Active') return;
        const age = daysSince(key.createDate, context.now);
        if (age <= maxAgeDays) return;
        context.report({
          node: key,
          messageId: 'tooOld',
          data: { user: key.user.userName, keyId: key.accessKeyId, age, maxAgeDays },
        });
      },
    };
  },
});
