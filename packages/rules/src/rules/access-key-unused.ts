import { daysSince, defineRule } from '@iamlint/core';

type Options = readonly [{ maxUnusedDays: number }];
const defaultOptions: Options = [{ maxUnusedDays: 45 }];

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow active access keys that have not been used recently, or ever.',
      recommended: true,
    },
    severity: 'medium',
    compliance: [
      { framework: 'cis-aws', version: '5.0', control: '1.11' },
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.8' },
    ],
    requires: ['iam.accessKeys'],
    messages: {
      unusedSince: 'Access key {{keyId}} of {{user}} was last used on {{lastUsedDate}}, {{days}} days ago (limit {{maxUnusedDays}}).',
      neverUsed: 'Access key {{keyId}} of {{user}} was created {{age}} days ago and never used (limit {{maxUnusedDays}}).',
    },
    schema: [
      {
        type: 'object',
        properties: {
          maxUnusedDays: {
            type: 'integer',
            minimum: 1,
            description: 'The longest an active access key may go unused, in days; a key never used counts from its creation.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions,
  },
  create(context) {
    const [{ maxUnusedDays }] = context.options;
    return {
      AccessKey(key) {
        if (key.status !== 'Active') return;
        const base = { user: key.user.userName, keyId: key.accessKeyId, maxUnusedDays };
        if (key.lastUsedDate !== null) {
          const days = daysSince(key.lastUsedDate, context.now);
          if (days > maxUnusedDays) {
            context.report({ node: key, messageId: 'unusedSince', data: { ...base, lastUsedDate: key.lastUsedDate, days } });
          }
          return;
        }
        const age = daysSince(key.createDate, context.now);
        if (age > maxUnusedDays) context.report({ node: key, messageId: 'neverUsed', data: { ...base, age } });
      },
    };
  },
});
