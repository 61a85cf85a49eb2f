import { defineRule, OptionObject, Type, type PermissionSetNode } from '@iamlint/core';
import { permissionSetAdministrator, permissionSetMatches } from '../util/permission-sets.js';

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Keep the IAM Identity Center permission sets that grant administrator access to the few an organization needs.',
      recommended: false,
    },
    severity: 'info',
    requires: ['identityCenter'],
    messages: {
      tooMany:
        'Permission set {{permissionSet}} grants administrator access through {{grantedBy}}; {{count}} permission sets do ({{permissionSets}}), more than the {{maximum}} expected: merge them, or scope the others down.',
    },
    schema: [
      OptionObject({
        maximum: Type.Integer({ minimum: 0, description: 'How many administrator permission sets an Identity Center instance may have before each one is reported.' }),
        allowedPermissionSets: Type.Array(Type.String({ minLength: 1 }), { description: 'Administrator permission sets (names or ARNs, `*` and `?` wildcards, case-insensitive) that are expected, such as a break-glass set: they are neither counted nor reported.' }),
      }),
    ],
    defaultOptions: [{ maximum: 1, allowedPermissionSets: [] }],
  },
  create(context) {
    const [{ maximum, allowedPermissionSets }] = context.options;
    const byInstance = new Map<string, Array<{ node: PermissionSetNode; grantedBy: string }>>();
    return {
      PermissionSet(permissionSet) {
        if (permissionSetMatches(allowedPermissionSets, permissionSet)) return;
        const verdict = permissionSetAdministrator(context, permissionSet);
        if (!verdict.admin) return;
        const list = byInstance.get(permissionSet.instanceArn) ?? [];
        list.push({ node: permissionSet, grantedBy: verdict.grantedBy });
        byInstance.set(permissionSet.instanceArn, list);
      },
      'Snapshot:exit'() {
        for (const administrators of byInstance.values()) {
          if (administrators.length <= maximum) continue;
          const permissionSets = administrators.map(({ node }) => node.name).join(', ');
          for (const { node, grantedBy } of administrators) {
            context.report({
              node,
              messageId: 'tooMany',
              data: { permissionSet: node.name, grantedBy, count: administrators.length, permissionSets, maximum },
              related: administrators.filter((other) => other.node !== node).map((other) => other.node),
            });
          }
        }
      },
    };
  },
});
