import { defineRule } from '@iamlint/core';
import { policyVisitors } from '../util/policy-sources.js';

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow Allow statements with NotAction, which grant every action they do not name, of every service, future ones included.',
      recommended: true,
    },
    severity: 'medium',
    requires: [],
    messages: {
      notAction:
        '{{policy}}: statement {{statement}} allows every action except {{excluded}}, including actions of services that do not exist yet; list the actions to allow instead.',
    },
    schema: [],
  },
  create(context) {
    return policyVisitors((source) => {
      for (const entry of source.statements) {
        // NotResource is policy-allow-not-resource's.
        if (entry.statement.effect !== 'Allow' || entry.statement.notActions === undefined) continue;
        const excluded = entry.values('NotAction').map((item) => item.value);
        context.report({
          node: source.node,
          messageId: 'notAction',
          data: { policy: source.label, statement: entry.label, excluded: excluded.length > 0 ? excluded.join(', ') : '(nothing)' },
          pointer: entry.pointerTo('NotAction'),
          discriminator: `${entry.key}:NotAction`,
        });
      }
    });
  },
});
