import type { NormalizedPrincipal } from '@iamlint/core';
import { defineRule } from '@iamlint/core';
import { policyVisitors } from '../util/policy-sources.js';

function describePrincipals(principal: NormalizedPrincipal): string {
  if (principal.wildcard && principal.byType.size === 0) return '*';
  const values = [...principal.byType.values()].flat();
  return values.length > 0 ? values.join(', ') : '(nothing)';
}

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow NotPrincipal with Effect Allow, which trusts every principal in the world except the ones listed.',
      recommended: true,
    },
    severity: 'high',
    requires: ['iam.authorizationDetails'],
    messages: {
      notPrincipalAllow:
        '{{policy}}: statement {{statement}} allows every principal except {{excluded}}, anonymous and other accounts\' principals included; name the trusted principals in Principal instead.',
    },
    schema: [],
  },
  create(context) {
    return policyVisitors(
      (source) => {
        for (const entry of source.statements) {
          const { effect, notPrincipal } = entry.statement;
          if (effect !== 'Allow' || notPrincipal === undefined) continue;
          context.report({
            node: source.node,
            messageId: 'notPrincipalAllow',
            data: { policy: source.label, statement: entry.label, excluded: describePrincipals(notPrincipal) },
            pointer: entry.pointerTo('NotPrincipal'),
            discriminator: entry.key,
          });
        }
      },
      ['trust'],
    );
  },
});
