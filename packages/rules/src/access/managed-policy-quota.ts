import { defineRule, OptionObject, Type, type GroupNode, type RoleNode, type UserNode } from '@iamlint/core';
import { accountList } from '../util/accounts.js';

/** AWS's default for each principal kind, used where the account summary does not state the quota. */
const DEFAULT_QUOTA = 10;
const QUOTA_KEYS = {
  User: 'AttachedPoliciesPerUserQuota',
  Group: 'AttachedPoliciesPerGroupQuota',
  Role: 'AttachedPoliciesPerRoleQuota',
} as const;

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Report users, groups, roles and permission sets at or near the quota of managed policies they can have attached.',
      recommended: false,
    },
    severity: 'low',
    requires: ['iam.authorizationDetails', 'iam.accountSummary'],
    messages: {
      nearQuota:
        '{{kind}} {{principal}} has {{count}} managed policies attached, {{standing}} {{quota}}{{quotaSource}}; an attachment past the quota fails with LimitExceeded. Merge policies, or grant some through a group.',
      permissionSetNearQuota:
        'Permission set {{permissionSet}} attaches {{count}} managed policies to the role it provisions, {{standing}} {{quota}} for roles in {{accounts}}: provisioning fails where the permission set exceeds it. Merge policies into fewer.',
    },
    schema: [
      OptionObject({
        margin: Type.Integer({ minimum: 0, description: 'How many attachments short of the quota to start reporting; 0 reports only principals already at the quota.' }),
      }),
    ],
    defaultOptions: [{ margin: 1 }],
  },
  create(context) {
    const [{ margin }] = context.options;
    const { model } = context;
    const quotaOf = (kind: keyof typeof QUOTA_KEYS, accountId: string): { quota: number; stated: boolean } => {
      const value = model.account(accountId)?.accountSummary?.[QUOTA_KEYS[kind]];
      return typeof value === 'number' ? { quota: value, stated: true } : { quota: DEFAULT_QUOTA, stated: false };
    };

    const check = (principal: UserNode | GroupNode | RoleNode) => {
      const count = principal.attachedManagedPolicies.length;
      const { quota, stated } = quotaOf(principal.kind, principal.accountId);
      // More attachments than the default proves a raised quota the snapshot does not state: nothing to compare with.
      if (count === 0 || count < quota - margin || (!stated && count > quota)) return;
      context.report({
        node: principal,
        messageId: 'nearQuota',
        data: {
          kind: principal.kind === 'User' ? 'IAM user' : principal.kind,
          principal: principal.name,
          count,
          quota,
          remaining: quota - count,
          standing: standingOf(count, quota),
          quotaSource: stated ? '' : ' (AWS default; the account summary does not state it)',
        },
        pointer: '/attachedManagedPolicies',
      });
    };

    return {
      User: check,
      Group: check,
      Role: check,
      PermissionSet(set) {
        const count = set.managedPolicies.length + set.customerManagedPolicies.length;
        if (count === 0) return;
        const tight = set.provisionedAccounts.filter((accountId) => {
          if (!model.isCollected('iam.accountSummary', accountId) || !model.account(accountId)?.hasAccountFile) return false;
          const { quota, stated } = quotaOf('Role', accountId);
          return count >= quota - margin && (stated || count <= quota);
        });
        if (tight.length === 0) return;
        const quota = Math.min(...tight.map((accountId) => quotaOf('Role', accountId).quota));
        context.report({
          node: set,
          messageId: 'permissionSetNearQuota',
          data: { permissionSet: set.name, count, quota, remaining: quota - count, standing: standingOf(count, quota), accounts: accountList(model, tight) },
          pointer: '/managedPolicies',
        });
      },
    };
  },
});

function standingOf(count: number, quota: number): string {
  if (count > quota) return `${count - quota} over the quota of`;
  if (count === quota) return 'the whole quota of';
  return `${quota - count} short of the quota of`;
}
