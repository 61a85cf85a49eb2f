import { defineRule } from '@iamlint/core';
import { accountList } from '../util/accounts.js';

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Report IAM Identity Center permission sets that were changed but not provisioned again to the accounts that use them.',
      recommended: true,
    },
    severity: 'medium',
    requires: ['identityCenter.provisioning'],
    messages: {
      outdated:
        'Permission set {{permissionSet}} was changed but not provisioned again to {{count}} account(s) ({{accounts}}): its users there still get the previous permissions; provision it to all accounts.',
    },
    schema: [],
  },
  create(context) {
    const { model } = context;
    return {
      PermissionSet(permissionSet) {
        // Absent when the snapshot did not collect provisioning status: nothing is known, so nothing is reported.
        const outdated = [...new Set(permissionSet.outdatedAccounts ?? [])];
        if (outdated.length === 0) return;
        context.report({
          node: permissionSet,
          messageId: 'outdated',
          data: { permissionSet: permissionSet.name, count: outdated.length, accounts: accountList(model, outdated) },
          pointer: '/outdatedAccounts',
        });
      },
    };
  },
});
