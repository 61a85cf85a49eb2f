import { defineRule } from '@iamlint/core';
import { policyVisitors } from '../util/policy-sources.js';

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow two statements with the same Sid in one policy document.',
      recommended: true,
    },
    severity: 'low',
    requires: [],
    messages: {
      duplicate: '{{policy}}: statements {{first}} and {{index}} share the Sid "{{sid}}"; each statement of a policy needs its own.',
    },
    schema: [],
  },
  create(context) {
    return policyVisitors((source) => {
      const firstBySid = new Map<string, number>();
      for (const entry of source.statements) {
        const { sid, index } = entry.statement;
        if (sid === undefined || sid === '') continue;
        const first = firstBySid.get(sid);
        if (first === undefined) {
          firstBySid.set(sid, index);
          continue;
        }
        context.report({
          node: source.node,
          messageId: 'duplicate',
          data: { policy: source.label, sid, first, index },
          pointer: entry.pointerTo('Sid'),
          discriminator: `${sid}#${index}`,
        });
      }
    });
  },
});
