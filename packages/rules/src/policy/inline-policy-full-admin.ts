import { defineRule } from '@iamlint/core';
import { adminEquivalentMessages, adminEquivalentReport, findAdminEquivalent, findFullAdmin, fullAdminMessages, fullAdminReport } from '../util/full-admin.js';
import { policySources } from '../util/policy-sources.js';

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow inline policies of users, groups, roles and permission sets that allow every action on every resource ("Action": "*", "Resource": "*"), or the IAM actions to grant oneself that (`iam:*` on `*`).',
      recommended: true,
    },
    severity: 'high',
    requires: ['iam.authorizationDetails'],
    messages: { ...fullAdminMessages, ...adminEquivalentMessages },
    schema: [],
  },
  create(context) {
    return {
      InlinePolicy(node) {
        const source = policySources(node)[0];
        if (!source) return;
        const found = findFullAdmin(source.statements);
        const equivalent = found ? undefined : findAdminEquivalent(source);
        if (!found && !equivalent) return;
        const { messageId, data, pointer } = found ? fullAdminReport(found, source.label) : adminEquivalentReport(equivalent as NonNullable<typeof equivalent>, source.label);
        context.report({ node, messageId, data: { ...data, owner: node.owner.name }, pointer });
      },
    };
  },
});
