import { defineRule, OptionObject, Type, type AccountAssignmentNode } from '@iamlint/core';
import { accountList } from '../util/accounts.js';
import { permissionSetMatches } from '../util/permission-sets.js';

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Assign IAM Identity Center permission sets to groups, not directly to users.',
      recommended: true,
    },
    severity: 'low',
    requires: ['identityCenter'],
    messages: {
      userAssignment:
        'Permission set {{permissionSet}} is assigned directly to user {{user}} in {{count}} account(s) ({{accounts}}); assign it to a group the user belongs to, so access follows membership.',
    },
    schema: [
      OptionObject({
        allowedPermissionSets: Type.Array(Type.String({ minLength: 1 }), { description: 'Permission sets (names or ARNs, `*` and `?` wildcards, case-insensitive) that may be assigned to users directly, e.g. a break-glass set.' }),
      }),
    ],
    defaultOptions: [{ allowedPermissionSets: [] }],
  },
  create(context) {
    const [{ allowedPermissionSets }] = context.options;
    const { model } = context;
    const assignmentsByUserAndSet = new Map<string, AccountAssignmentNode[]>();
    // A permission set missing from the snapshot can still be allowed by its ARN.
    const isAllowed = (permissionSetArn: string): boolean =>
      permissionSetMatches(allowedPermissionSets, model.permissionSet(permissionSetArn) ?? { name: permissionSetArn, arn: permissionSetArn });
    return {
      AccountAssignment(assignment) {
        if (assignment.principalType !== 'USER' || isAllowed(assignment.permissionSetArn)) return;
        const key = `${assignment.instanceArn}\u0000${assignment.permissionSetArn}\u0000${assignment.principalId}`;
        const list = assignmentsByUserAndSet.get(key);
        if (list) list.push(assignment);
        else assignmentsByUserAndSet.set(key, [assignment]);
      },
      'Snapshot:exit'() {
        for (const [first, ...others] of assignmentsByUserAndSet.values() as Iterable<[AccountAssignmentNode, ...AccountAssignmentNode[]]>) {
          const accountIds = new Set([first, ...others].map((assignment) => assignment.accountId));
          context.report({
            node: first,
            messageId: 'userAssignment',
            data: {
              permissionSet: model.permissionSet(first.permissionSetArn)?.name ?? first.permissionSetArn,
              user: model.identityStoreUser(first.instanceArn, first.principalId)?.userName ?? first.principalId,
              accounts: accountList(model, accountIds),
              count: accountIds.size,
            },
            related: others,
          });
        }
      },
    };
  },
});
