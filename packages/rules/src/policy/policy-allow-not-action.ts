import { defineRule } from '@iamlint/core';
import { policyVisitors } from '../util/policy-sources.js';

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow Allow statements with NotAction or NotResource, which grant everything they do not name.',
      recommended: true,
    },
    severity: 'medium',
    requires: [],
    messages: {
      notAction:
        '{{policy}}: statement {{statement}} allows every action except {{excluded}}, including actions of services that do not exist yet; list the actions to allow instead.',
      notResource:
        '{{policy}}: statement {{statement}} allows its actions on every resource except {{excluded}}, in every account; list the resources to allow instead.',
    },
    schema: [],
  },
  create(context) {
    return policyVisitors((source) => {
      for (const entry of source.statements) {
        if (entry.statement.effect !== 'Allow') continue;
        for (const [element, messageId] of [
          ['NotAction', 'notAction'],
          ['NotResource', 'notResource'],
        ] as const) {
          if ((element === 'NotAction' ? entry.statement.notActions : entry.statement.notResources) === undefined) continue;
          const excluded = entry.values(element).map((item) => item.value);
          context.report({
            node: source.node,
            messageId,
            data: { policy: source.label, statement: entry.label, excluded: excluded.length > 0 ? excluded.join(', ') : '(nothing)' },
            pointer: entry.pointerTo(element),
            discriminator: `${entry.key}:${element}`,
          });
        }
      }
    });
  },
});
