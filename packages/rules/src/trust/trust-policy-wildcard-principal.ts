import { defineRule } from '@iamlint/core';
import { policyVisitors } from '../util/policy-sources.js';

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow role trust policies that let any principal, in any AWS account, assume the role without a condition.',
      recommended: true,
    },
    severity: 'critical',
    requires: ['iam.authorizationDetails'],
    messages: {
      wildcardPrincipal:
        'Role {{role}} trusts every principal: statement {{statement}} of its trust policy allows {{actions}} to Principal "*" with no Condition, so anyone with an AWS account can assume it.',
    },
    schema: [],
  },
  create(context) {
    return policyVisitors(
      (source) => {
        for (const entry of source.statements) {
          const { effect, principal, conditions } = entry.statement;
          if (effect !== 'Allow' || principal?.wildcard !== true || conditions.length > 0) continue;
          const actions = entry.values('Action').map((action) => action.value);
          context.report({
            node: source.node,
            messageId: 'wildcardPrincipal',
            data: { role: source.node.name, statement: entry.label, actions: actions.length > 0 ? actions.join(', ') : 'its actions' },
            pointer: entry.pointerTo('Principal'),
            discriminator: entry.key,
          });
        }
      },
      ['trust'],
    );
  },
});
