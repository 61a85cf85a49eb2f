import { defineRule } from '@iamlint/core';
import { isBreakGlassUser } from '../util/break-glass.js';
import { UNUSED_CREDENTIAL_CONTROLS, unusedCredentialDefaults, unusedCredentialSchema, unusedPastLimit } from '../util/unused.js';

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow console passwords that have not been used recently, or ever.',
      recommended: true,
    },
    severity: 'medium',
    compliance: UNUSED_CREDENTIAL_CONTROLS,
    requires: ['iam.authorizationDetails', 'iam.credentialReport'],
    messages: {
      unusedSince:
        'The console password of IAM user {{user}} in account {{accountId}} was last used on {{lastUsedDate}}, {{days}} days ago (limit {{maxUnusedDays}}); remove it.',
      notUsedSinceSet:
        'The console password of IAM user {{user}} in account {{accountId}} was set on {{setDate}}, {{days}} days ago, and has not been used since (limit {{maxUnusedDays}}); remove it.',
      neverUsed:
        'The console password of IAM user {{user}} in account {{accountId}} was set on {{setDate}}, {{days}} days ago, and never used (limit {{maxUnusedDays}}); remove it.',
    },
    schema: unusedCredentialSchema('The longest a console password may go unused, in days; a password never used counts from when it was set.'),
    defaultOptions: unusedCredentialDefaults(),
  },
  create(context) {
    const [{ maxUnusedDays, breakGlass }] = context.options;
    return {
      User(user) {
        const { loginProfile, passwordLastUsed } = user;
        if (loginProfile === null || isBreakGlassUser(user, breakGlass)) return;
        const base = { user: user.userName, accountId: user.accountId, maxUnusedDays };
        const setDate = loginProfile.createDate.slice(0, 10);
        // A sign-in before the current password was set (the login profile was deleted and created again) says nothing about this password.
        const lastUse = passwordLastUsed !== null && passwordLastUsed >= setDate ? passwordLastUsed : null;
        const unused = unusedPastLimit(lastUse, loginProfile.createDate, context.now, maxUnusedDays);
        if (unused === undefined) return;
        const { days } = unused;
        if (unused.lastUsed !== null) {
          context.report({ node: user, messageId: 'unusedSince', data: { ...base, lastUsedDate: unused.lastUsed, days }, pointer: '/passwordLastUsed' });
          return;
        }
        context.report({
          node: user,
          messageId: passwordLastUsed === null ? 'neverUsed' : 'notUsedSinceSet',
          data: { ...base, setDate, days },
          pointer: '/loginProfile',
        });
      },
    };
  },
});
