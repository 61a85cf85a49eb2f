import { defineRule } from '@iamlint/core';
import { policyVisitors } from '../util/policy-sources.js';

const ARN_PARTS = 6;

/** Whether the text has at least `count` colons. */
function hasColons(text: string, count: number): boolean {
  let at = -1;
  for (let found = 0; found < count; found++) {
    at = text.indexOf(':', at + 1);
    if (at < 0) return false;
  }
  return true;
}

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every Resource and NotResource entry to be "*" or an ARN (arn:partition:service:region:account:resource).',
      recommended: true,
    },
    severity: 'medium',
    requires: [],
    messages: {
      notArn: '{{policy}}: statement {{statement}} lists "{{resource}}" in {{element}}, which is neither "*" nor an ARN starting with "arn:".',
      tooFewParts:
        '{{policy}}: statement {{statement}} lists "{{resource}}" in {{element}}, which has {{parts}} colon-separated parts where an ARN has at least 6 (arn:partition:service:region:account:resource).',
    },
    schema: [],
  },
  create(context) {
    return policyVisitors((source) => {
      for (const entry of source.statements) {
        for (const element of ['Resource', 'NotResource'] as const) {
          for (const written of entry.values(element)) {
            const resource = written.value;
            if (resource === '*') continue;
            const arn = resource.startsWith('arn:');
            // Counting colons (parts - 1) spares splitting every resource of every statement; only a finding needs the parts.
            if (arn && hasColons(resource, ARN_PARTS - 1)) continue;
            const parts = resource.split(':').length;
            const messageId = arn ? 'tooFewParts' : 'notArn';
            context.report({
              node: source.node,
              messageId,
              data: { policy: source.label, statement: entry.label, element, resource, parts },
              pointer: written.pointer,
              discriminator: `${entry.key}:${element}:${resource}`,
            });
          }
        }
      }
    });
  },
});
