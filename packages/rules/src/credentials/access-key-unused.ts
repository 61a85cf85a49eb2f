import { defineRule } from '@iamlint/core';
import { isBreakGlassUser } from '../util/break-glass.js';
import { UNUSED_CREDENTIAL_CONTROLS, unusedCredentialDefaults, unusedCredentialSchema, unusedPastLimit } from '../util/unused.js';

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow active access keys that have not been used recently, or ever.',
      recommended: true,
    },
    severity: 'medium',
    compliance: UNUSED_CREDENTIAL_CONTROLS,
    requires: ['iam.accessKeys'],
    messages: {
      unusedSince: 'Access key {{keyId}} of {{user}} was last used on {{lastUsedDate}}, {{days}} days ago (limit {{maxUnusedDays}}).',
      neverUsed: 'Access key {{keyId}} of {{user}} was created {{age}} days ago and never used (limit {{maxUnusedDays}}).',
    },
    schema: unusedCredentialSchema('The longest an active access key may go unused, in days; a key never used counts from its creation.'),
    defaultOptions: unusedCredentialDefaults(),
  },
  create(context) {
    const [{ maxUnusedDays, breakGlass }] = context.options;
    return {
      AccessKey(key) {
        if (key.status !== 'Active' || isBreakGlassUser(key.user, breakGlass)) return;
        const base = { user: key.user.userName, keyId: key.accessKeyId, maxUnusedDays };
        const unused = unusedPastLimit(key.lastUsedDate, key.createDate, context.now, maxUnusedDays);
        if (unused === undefined) return;
        if (unused.lastUsed !== null) context.report({ node: key, messageId: 'unusedSince', data: { ...base, lastUsedDate: unused.lastUsed, days: unused.days } });
        else context.report({ node: key, messageId: 'neverUsed', data: { ...base, age: unused.days } });
      },
    };
  },
});
