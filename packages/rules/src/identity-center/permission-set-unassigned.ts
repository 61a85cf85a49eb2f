import { defineRule, OptionObject, Type } from '@iamlint/core';
import { accountList } from '../util/accounts.js';
import { permissionSetMatches } from '../util/permission-sets.js';

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Delete IAM Identity Center permission sets that are not assigned to anyone in any account.',
      recommended: true,
    },
    severity: 'low',
    requires: ['identityCenter'],
    messages: {
      unassigned:
        'Permission set {{permissionSet}} is not assigned to any user or group in any account; delete it, or it stays one more set of permissions to review and keep current.',
      unassignedProvisioned:
        'Permission set {{permissionSet}} is not assigned to any user or group, though still provisioned to {{count}} account(s) ({{accounts}}); delete it, or it stays one more set of permissions to review and keep current.',
    },
    schema: [
      OptionObject({
        allowedPermissionSets: Type.Array(Type.String({ minLength: 1 }), { description: 'Permission sets (names or ARNs, `*` and `?` wildcards, case-insensitive) that may stay unassigned, such as a break-glass set assigned only during an incident.' }),
      }),
    ],
    defaultOptions: [{ allowedPermissionSets: [] }],
  },
  create(context) {
    const [{ allowedPermissionSets }] = context.options;
    const { model } = context;
    return {
      PermissionSet(permissionSet) {
        if (model.assignmentsOf(permissionSet).length > 0 || permissionSetMatches(allowedPermissionSets, permissionSet)) return;
        const provisioned = permissionSet.provisionedAccounts;
        if (provisioned.length === 0) {
          context.report({ node: permissionSet, messageId: 'unassigned', data: { permissionSet: permissionSet.name } });
        } else {
          context.report({
            node: permissionSet,
            messageId: 'unassignedProvisioned',
            data: { permissionSet: permissionSet.name, count: new Set(provisioned).size, accounts: accountList(model, provisioned) },
            pointer: '/provisionedAccounts',
          });
        }
      },
    };
  },
});
