import { defineRule } from '@iamlint/core';
import { findFullAdmin, fullAdminMessages, fullAdminReport } from '../util/full-admin.js';
import { identityPolicySource } from '../util/policy-sources.js';

type Options = readonly [{ onlyAttached: boolean; includeAwsManaged: boolean; excludePermissionsBoundaries: boolean }];
const defaultOptions: Options = [{ onlyAttached: false, includeAwsManaged: false, excludePermissionsBoundaries: true }];

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow managed policies that allow every action on every resource ("Action": "*", "Resource": "*").',
      recommended: true,
    },
    severity: 'high',
    compliance: [
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.1', options: [{ onlyAttached: false, includeAwsManaged: false, excludePermissionsBoundaries: true }] },
      { framework: 'cis-aws', version: '5.0', control: '1.15', options: [{ onlyAttached: true, includeAwsManaged: true, excludePermissionsBoundaries: false }] },
    ],
    requires: ['iam.authorizationDetails'],
    messages: fullAdminMessages,
    schema: [
      {
        type: 'object',
        properties: {
          onlyAttached: {
            type: 'boolean',
            description: 'Report only policies attached to at least one user, group or role (CIS checks attached policies only).',
          },
          includeAwsManaged: {
            type: 'boolean',
            description: 'Also report AWS managed policies in use that allow `*` on `*` (AdministratorAccess), once in each account that uses one.',
          },
          excludePermissionsBoundaries: {
            type: 'boolean',
            description: 'Skip customer managed policies used only as permissions boundaries, where `*` on `*` caps nothing rather than grants everything.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions,
  },
  create(context) {
    const [{ onlyAttached, includeAwsManaged, excludePermissionsBoundaries }] = context.options;
    return {
      ManagedPolicy(node) {
        if (onlyAttached && node.attachmentCount === 0) return;
        if (excludePermissionsBoundaries && node.attachmentCount === 0 && node.permissionsBoundaryUsageCount > 0) return;
        const source = identityPolicySource(node, includeAwsManaged);
        const found = source && findFullAdmin(source.statements);
        if (!source || !found) return;
        const { messageId, data, pointer } = fullAdminReport(found, source.label);
        context.report({
          node,
          messageId,
          data: { ...data, attachments: node.attachmentCount },
          pointer,
        });
      },
    };
  },
});
