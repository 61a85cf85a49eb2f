import { defineRule, OptionObject, Type, type AccountAssignmentNode, type PermissionSetNode } from '@iamlint/core';
import { accountList } from '../util/accounts.js';
import { permissionSetAdministrator, permissionSetMatches } from '../util/permission-sets.js';

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description:
        'Assign IAM Identity Center permission sets that grant administrator access only to small groups, never to users directly.',
      recommended: true,
    },
    severity: 'medium',
    requires: ['identityCenter'],
    messages: {
      userAssignment:
        'Administrator permission set {{permissionSet}} is assigned directly to user {{user}} in {{count}} account(s) ({{accounts}}); assign it to a small administrators group instead, so administrator access is a membership someone reviews.',
      largeGroup:
        'Administrator permission set {{permissionSet}} is assigned to group {{group}} with {{members}} members (limit {{maxGroupMembers}}) in {{count}} account(s) ({{accounts}}); keep administrator access to a small group and give the others a narrower permission set.',
    },
    schema: [
      OptionObject({
        maxGroupMembers: Type.Integer({ minimum: 1, description: 'The most members a group assigned an administrator permission set may have.' }),
        allowedPermissionSets: Type.Array(Type.String({ minLength: 1 }), { description: 'Administrator permission sets (names or ARNs, `*` and `?` wildcards, case-insensitive) exempt from the rule, such as a break-glass set held by named people.' }),
      }),
    ],
    defaultOptions: [{ maxGroupMembers: 10, allowedPermissionSets: [] }],
  },
  create(context) {
    const [{ maxGroupMembers, allowedPermissionSets }] = context.options;
    const { model } = context;
    const administrator = new Map<string, boolean>();
    const isAdministrator = (permissionSet: PermissionSetNode): boolean => {
      let admin = administrator.get(permissionSet.arn);
      if (admin === undefined) {
        admin = !permissionSetMatches(allowedPermissionSets, permissionSet) && permissionSetAdministrator(context, permissionSet).admin;
        administrator.set(permissionSet.arn, admin);
      }
      return admin;
    };
    const byPrincipalAndSet = new Map<string, AccountAssignmentNode[]>();
    return {
      AccountAssignment(assignment) {
        const permissionSet = model.permissionSet(assignment.permissionSetArn);
        if (permissionSet === undefined || !isAdministrator(permissionSet)) return;
        if (assignment.principalType === 'GROUP') {
          const group = model.identityStoreGroup(assignment.instanceArn, assignment.principalId);
          // A group the identity store does not list cannot be counted; a group rule would only guess.
          if (group === undefined || group.members.length <= maxGroupMembers) return;
        }
        const key = `${assignment.instanceArn}\u0000${assignment.permissionSetArn}\u0000${assignment.principalType}\u0000${assignment.principalId}`;
        const list = byPrincipalAndSet.get(key);
        if (list) list.push(assignment);
        else byPrincipalAndSet.set(key, [assignment]);
      },
      'Snapshot:exit'() {
        for (const [first, ...others] of byPrincipalAndSet.values() as Iterable<[AccountAssignmentNode, ...AccountAssignmentNode[]]>) {
          const accountIds = new Set([first, ...others].map((assignment) => assignment.accountId));
          const common = {
            permissionSet: model.permissionSet(first.permissionSetArn)?.name ?? first.permissionSetArn,
            accounts: accountList(model, accountIds),
            count: accountIds.size,
          };
          if (first.principalType === 'USER') {
            const user = model.identityStoreUser(first.instanceArn, first.principalId)?.userName ?? first.principalId;
            context.report({ node: first, messageId: 'userAssignment', data: { ...common, user }, related: others });
          } else {
            const group = model.identityStoreGroup(first.instanceArn, first.principalId);
            context.report({
              node: first,
              messageId: 'largeGroup',
              data: { ...common, group: group?.displayName ?? first.principalId, members: group?.members.length ?? 0, maxGroupMembers },
              related: others,
            });
          }
        }
      },
    };
  },
});
