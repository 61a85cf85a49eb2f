import { defineRule, OptionObject, Type } from '@iamlint/core';

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Require MFA on the root user of every account that still has root credentials.',
      recommended: true,
    },
    severity: 'critical',
    // Hardware MFA stays an option rather than a rule of its own, so a root user without MFA gets one finding, not two.
    // The presets merge mappings in order: the hardware controls come last so their option wins.
    compliance: [
      { framework: 'cis-aws', version: '5.0', control: '1.4', options: [{ requireHardware: false }], messageIds: ['noMfa'] },
      { framework: 'cis-aws', version: '5.0', control: '1.5', options: [{ requireHardware: true }] },
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.9', options: [{ requireHardware: false }], messageIds: ['noMfa'] },
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.6', options: [{ requireHardware: true }] },
    ],
    requires: ['iam.rootUser'],
    messages: {
      noMfa: 'The root user of account {{accountId}} has no MFA device.',
      virtualMfa: 'The root user of account {{accountId}} is protected by a virtual MFA device only; use a hardware security key.',
    },
    schema: [
      OptionObject({
        requireHardware: Type.Boolean({ description: 'Also report a root user whose only MFA is a virtual (authenticator app) device.' }),
      }),
    ],
    defaultOptions: [{ requireHardware: false }],
  },
  create(context) {
    const [{ requireHardware }] = context.options;
    return {
      RootUser(root) {
        // Centrally managed root access removes the root credentials and password recovery: nothing to protect.
        if (root.passwordEnabled === null) return;
        if (!root.mfaActive) {
          context.report({ node: root, messageId: 'noMfa', data: { accountId: root.accountId }, pointer: '/mfaActive' });
          return;
        }
        if (requireHardware && root.mfaType === 'virtual') {
          context.report({ node: root, messageId: 'virtualMfa', data: { accountId: root.accountId }, pointer: '/mfaType' });
        }
      },
    };
  },
});
