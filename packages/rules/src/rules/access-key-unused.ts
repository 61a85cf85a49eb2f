import { daysSince, defineRule } from '@iamlint/core';
import { BREAK_GLASS_OPTION_SCHEMA, defaultBreakGlass, isBreakGlassUser, type BreakGlassDeclaration } from '../util/break-glass.js';

type Options = readonly [{ maxUnusedDays: number; breakGlass: BreakGlassDeclaration | null }];
const defaultOptions: Options = [{ maxUnusedDays: 45, breakGlass: defaultBreakGlass() }];

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow active access keys that have not been used recently, or ever.',
      recommended: true,
    },
    severity: 'medium',
    // Together with user-password-unused, which checks the console passwords these controls also cover.
    compliance: [
      { framework: 'cis-aws', version: '5.0', control: '1.11', options: [{ maxUnusedDays: 45, breakGlass: null }] },
      // The presets merge mappings in order, so the stricter IAM.22 comes last and wins.
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.8', options: [{ maxUnusedDays: 90, breakGlass: null }] },
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.22', options: [{ maxUnusedDays: 45, breakGlass: null }] },
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
          breakGlass: BREAK_GLASS_OPTION_SCHEMA,
        },
        additionalProperties: false,
      },
    ],
    defaultOptions,
  },
  create(context) {
    const [{ maxUnusedDays, breakGlass }] = context.options;
    return {
      AccessKey(key) {
        if (key.status !== 'Active' || isBreakGlassUser(key.user, breakGlass)) return;
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
