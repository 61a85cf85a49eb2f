import { daysSince, defineRule, OptionObject, Type } from '@iamlint/core';
import { breakGlassOption, defaultBreakGlass, isBreakGlassUser } from '../util/break-glass.js';

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Report IAM users that have not used any credential (console password or access key) recently, or ever.',
      recommended: false,
    },
    severity: 'low',
    requires: ['iam.authorizationDetails', 'iam.credentialReport', 'iam.accessKeys'],
    messages: {
      inactiveSince:
        'IAM user {{user}} in account {{accountId}} last used a credential on {{lastActivity}}, {{days}} days ago (limit {{maxInactiveDays}}): delete the user if nobody needs it.',
      neverActive:
        'IAM user {{user}} in account {{accountId}} was created {{days}} days ago and has never used a credential (limit {{maxInactiveDays}}): delete the user if nobody needs it.',
    },
    schema: [
      OptionObject({
        maxInactiveDays: Type.Integer({ minimum: 1, description: 'The longest a user may go without using its password or any access key, in days; a user never active counts from its creation.' }),
        breakGlass: breakGlassOption(),
      }),
    ],
    defaultOptions: [{ maxInactiveDays: 90, breakGlass: defaultBreakGlass() }],
  },
  create(context) {
    const [{ maxInactiveDays, breakGlass }] = context.options;
    return {
      User(user) {
        if (isBreakGlassUser(user, breakGlass)) return;
        // Deactivated keys count too: their last use is still activity of this user.
        const uses = [user.passwordLastUsed, ...user.accessKeys.map((key) => key.lastUsedDate)].filter((day): day is string => day !== null);
        // A credential handed out recently (a new password or key) gets the same grace as a new user.
        const setUp = [user.createDate, user.loginProfile?.createDate, ...user.accessKeys.filter((key) => key.status === 'Active').map((key) => key.createDate)];
        if (setUp.some((date) => date !== undefined && daysSince(date, context.now) <= maxInactiveDays)) return;
        const base = { user: user.userName, accountId: user.accountId, maxInactiveDays };
        if (uses.length === 0) {
          context.report({ node: user, messageId: 'neverActive', data: { ...base, days: daysSince(user.createDate, context.now) } });
          return;
        }
        const lastActivity = uses.reduce((latest, day) => (day > latest ? day : latest));
        const days = daysSince(lastActivity, context.now);
        if (days > maxInactiveDays) context.report({ node: user, messageId: 'inactiveSince', data: { ...base, lastActivity, days } });
      },
    };
  },
});
