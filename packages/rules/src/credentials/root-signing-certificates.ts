import { defineRule } from '@iamlint/core';

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow active X.509 signing certificates on the root user.',
      recommended: true,
    },
    severity: 'high',
    requires: ['iam.rootUser'],
    messages: {
      activeCertificates:
        'The root user of account {{accountId}} has {{count}} active X.509 signing certificate(s): a leaked private key signs requests as root without MFA; delete them.',
    },
    schema: [],
  },
  create(context) {
    return {
      RootUser(root) {
        if (root.signingCertificatesActive === 0) return;
        context.report({
          node: root,
          messageId: 'activeCertificates',
          data: { accountId: root.accountId, count: root.signingCertificatesActive },
          pointer: '/signingCertificatesActive',
        });
      },
    };
  },
});
