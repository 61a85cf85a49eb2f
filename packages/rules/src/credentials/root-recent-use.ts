import { daysSince, defineRule, OptionObject, Type } from '@iamlint/core';

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Report root users that signed in or used an access key recently.',
      recommended: false,
    },
    severity: 'medium',
    compliance: [{ framework: 'cis-aws', version: '5.0', control: '1.6' }],
    requires: ['iam.rootUser'],
    messages: {
      passwordUsed:
        'The root user of account {{accountId}} signed in to the console on {{lastUsed}}, {{days}} days ago (window {{withinDays}} days): keep root for the few tasks that need it, and use IAM Identity Center or roles for the rest.',
      keyUsed:
        'The root user of account {{accountId}} used its access key in slot {{slot}} on {{lastUsed}}, {{days}} days ago (window {{withinDays}} days): move that automation to a role and delete the root key.',
    },
    schema: [
      OptionObject({
        withinDays: Type.Integer({ minimum: 1, description: 'Report a root user last used this many days ago or less (counted in UTC days to the snapshot time).' }),
      }),
    ],
    defaultOptions: [{ withinDays: 90 }],
  },
  create(context) {
    const [{ withinDays }] = context.options;
    return {
      RootUser(root) {
        const uses = [
          ...(root.passwordLastUsed === null ? [] : [{ day: root.passwordLastUsed, slot: null, pointer: '/passwordLastUsed' }]),
          ...root.accessKeys.flatMap((key, index) =>
            key.lastUsedDate === null ? [] : [{ day: key.lastUsedDate, slot: key.slot, pointer: `/accessKeys/${index}/lastUsedDate` }],
          ),
        ];
        // The latest use, the password first on a tie: a console sign-in is what the finding is mostly about.
        const latest = uses.reduce<(typeof uses)[number] | undefined>((best, use) => (best === undefined || use.day > best.day ? use : best), undefined);
        if (latest === undefined) return;
        const days = daysSince(latest.day, context.now);
        if (days > withinDays) return;
        const data = { accountId: root.accountId, lastUsed: latest.day, days, withinDays };
        if (latest.slot === null) context.report({ node: root, messageId: 'passwordUsed', data, pointer: latest.pointer });
        else context.report({ node: root, messageId: 'keyUsed', data: { ...data, slot: latest.slot }, pointer: latest.pointer });
      },
    };
  },
});
