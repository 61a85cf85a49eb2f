import { defineRule } from '@iamlint/core';

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow policies attached directly to IAM users; grant permissions through groups.',
      recommended: true,
    },
    severity: 'low',
    compliance: [
      { framework: 'cis-aws', version: '5.0', control: '1.14' },
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.2' },
    ],
    requires: ['iam.authorizationDetails'],
    messages: {
      directPolicies:
        'IAM user {{user}} has policies attached directly ({{managedCount}} managed, {{inlineCount}} inline: {{policies}}); grant them through a group instead.',
    },
    schema: [],
  },
  create(context) {
    return {
      User(user) {
        const managedCount = user.attachedManagedPolicies.length;
        const inlineCount = user.inlinePolicies.length;
        if (managedCount === 0 && inlineCount === 0) return;
        const managedNames = user.attachedManagedPolicies.map((arn) => arn.slice(arn.lastIndexOf('/') + 1));
        const inlineNames = user.inlinePolicies.map((policy) => `${policy.name} (inline)`);
        context.report({
          node: user,
          messageId: 'directPolicies',
          data: {
            user: user.userName,
            managedCount,
            inlineCount,
            policies: [...managedNames, ...inlineNames].join(', '),
          },
          pointer: managedCount > 0 ? '/attachedManagedPolicies' : '/inlinePolicies',
        });
      },
    };
  },
});
