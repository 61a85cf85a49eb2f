import { defineRule } from '@iamlint/core';
import { findFullAdmin, fullAdminMessages, fullAdminReport } from '../util/full-admin.js';
import { policySources } from '../util/policy-sources.js';

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow inline policies of users, groups, roles and permission sets that allow every action on every resource ("Action": "*", "Resource": "*").',
      recommended: true,
    },
    severity: 'high',
    requires: ['iam.authorizationDetails'],
    messages: fullAdminMessages,
    schema: [],
  },
  create(context) {
    return {
      InlinePolicy(node) {
        const source = policySources(node)[0];
        const found = source && findFullAdmin(source.statements);
        if (!source || !found) return;
        const { messageId, data, pointer } = fullAdminReport(found, source.label);
        context.report({ node, messageId, data: { ...data, owner: node.owner.name }, pointer });
      },
    };
  },
});
