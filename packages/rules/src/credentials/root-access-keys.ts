import { defineRule, OptionObject, Type } from '@iamlint/core';

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow access keys on the root user.',
      recommended: true,
    },
    severity: 'critical',
    compliance: [
      { framework: 'cis-aws', version: '5.0', control: '1.3', options: [{ includeInactive: false }], messageIds: ['activeKey'] },
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.4', options: [{ includeInactive: true }] },
    ],
    requires: ['iam.rootUser'],
    messages: {
      activeKey: 'The root user of account {{accountId}} has an active access key in slot {{slot}} (last used: {{lastUsed}}).',
      inactiveKey: 'The root user of account {{accountId}} still has an inactive access key in slot {{slot}}; delete it.',
    },
    schema: [
      OptionObject({
        includeInactive: Type.Boolean({ description: 'Also report deactivated root keys. CIS counts only active keys; Security Hub IAM.4 counts any key that exists.' }),
      }),
    ],
    defaultOptions: [{ includeInactive: false }],
  },
  create(context) {
    const [{ includeInactive }] = context.options;
    return {
      RootUser(root) {
        root.accessKeys.forEach((key, index) => {
          if (!key.active && !includeInactive) return;
          context.report({
            node: root,
            messageId: key.active ? 'activeKey' : 'inactiveKey',
            data: { accountId: root.accountId, slot: key.slot, lastUsed: key.lastUsedDate ?? 'never' },
            discriminator: String(key.slot),
            pointer: `/accessKeys/${index}`,
          });
        });
      },
    };
  },
});
