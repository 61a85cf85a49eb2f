import { daysSince, defineRule } from '@iamlint/core';
import { BREAK_GLASS_OPTION_SCHEMA, defaultBreakGlass, isBreakGlassUser, type BreakGlassDeclaration } from '../util/break-glass.js';

type Options = readonly [{ maxUnusedDays: number; breakGlass: BreakGlassDeclaration | null }];
const defaultOptions: Options = [{ maxUnusedDays: 45, breakGlass: defaultBreakGlass() }];

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow console passwords that have not been used recently, or ever.',
      recommended: true,
    },
    severity: 'medium',
    // Together with access-key-unused, which checks the access keys these controls also cover.
    compliance: [
      { framework: 'cis-aws', version: '5.0', control: '1.11', options: [{ maxUnusedDays: 45, breakGlass: null }] },
      // The presets merge mappings in order, so the stricter IAM.22 comes last and wins.
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.8', options: [{ maxUnusedDays: 90, breakGlass: null }] },
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.22', options: [{ maxUnusedDays: 45, breakGlass: null }] },
    ],
    requires: ['iam.authorizationDetails', 'iam.credentialReport'],
    messages: {
      unusedSince:
        'The console password of IAM user {{user}} in account {{accountId}} was last used on {{lastUsedDate}}, {{days}} days ago (limit {{maxUnusedDays}}); remove it.',
      notUsedSinceSet:
        'The console password of IAM user {{user}} in account {{accountId}} was set on {{setDate}}, {{days}} days ago, and has not been used since (limit {{maxUnusedDays}}); remove it.',
      neverUsed:
        'The console password of IAM user {{user}} in account {{accountId}} was set on {{setDate}}, {{days}} days ago, and never used (limit {{maxUnusedDays}}); remove it.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          maxUnusedDays: {
            type: 'integer',
            minimum: 1,
            description: 'The longest a console password may go unused, in days; a password never used counts from when it was set.',
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
      User(user) {
        const { loginProfile, passwordLastUsed } = user;
        if (loginProfile === null || isBreakGlassUser(user, breakGlass)) return;
        const base = { user: user.userName, accountId: user.accountId, maxUnusedDays };
        const setDate = loginProfile.createDate.slice(0, 10);
        // A sign-in before the current password was set (the login profile was deleted and created again) says nothing about this password.
        if (passwordLastUsed !== null && passwordLastUsed >= setDate) {
          const days = daysSince(passwordLastUsed, context.now);
          if (days > maxUnusedDays) {
            context.report({ node: user, messageId: 'unusedSince', data: { ...base, lastUsedDate: passwordLastUsed, days }, pointer: '/passwordLastUsed' });
          }
          return;
        }
        const days = daysSince(loginProfile.createDate, context.now);
        if (days <= maxUnusedDays) return;
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
