import { defineRule } from '@iamlint/core';
import { policyVisitors } from '../util/policy-sources.js';

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow Allow statements with NotResource, which grant their actions on every resource they do not name, in every account.',
      recommended: true,
    },
    severity: 'medium',
    requires: [],
    messages: {
      notResource:
        '{{policy}}: statement {{statement}} allows its actions on every resource except {{excluded}}, in every account; list the resources to allow instead.',
    },
    schema: [],
  },
  create(context) {
    return policyVisitors((source) => {
      for (const entry of source.statements) {
        if (entry.statement.effect !== 'Allow' || entry.statement.notResources === undefined) continue;
        const excluded = entry.values('NotResource').map((item) => item.value);
        context.report({
          node: source.node,
          messageId: 'notResource',
          data: { policy: source.label, statement: entry.label, excluded: excluded.length > 0 ? excluded.join(', ') : '(nothing)' },
          pointer: entry.pointerTo('NotResource'),
          discriminator: `${entry.key}:NotResource`,
        });
      }
    });
  },
});
