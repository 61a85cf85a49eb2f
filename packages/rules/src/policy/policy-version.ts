import { defineRule } from '@iamlint/core';
import { policyVisitors } from '../util/policy-sources.js';

const CURRENT = '2012-10-17';
const OLD = '2008-10-17';

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require policy documents to declare Version "2012-10-17", the only version in which policy variables work.',
      recommended: true,
    },
    severity: 'low',
    requires: [],
    messages: {
      missing: '{{policy}} has no Version; AWS reads it as "2008-10-17", where policy variables such as ${aws:username} are literal text. Add "Version": "2012-10-17".',
      old: '{{policy}} uses Version "2008-10-17", where policy variables such as ${aws:username} are literal text; use "2012-10-17".',
      unknown: '{{policy}} has Version "{{version}}", which AWS does not define; use "2012-10-17".',
    },
    schema: [],
  },
  create(context) {
    return policyVisitors((source) => {
      const { policy, node } = source;
      // A document that is not an object, or whose Version is not a string, is policy-malformed's to report.
      if (policy.problems.some((problem) => problem.code === 'invalid-json' || problem.code === 'not-an-object' || problem.path[0] === 'Version')) return;
      const { version } = policy;
      if (version === CURRENT) return;
      const messageId = version === undefined ? 'missing' : version === OLD ? 'old' : 'unknown';
      context.report({
        node,
        messageId,
        data: { policy: source.label, version: version ?? '' },
        pointer: version === undefined ? source.pointer : source.pointerTo(['Version']),
      });
    });
  },
});
