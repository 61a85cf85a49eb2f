import { defineRule, OptionObject, Type } from '@iamlint/core';

/** AWSSupportAccess in any partition (aws, aws-cn, aws-us-gov…). */
const SUPPORT_ACCESS_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/AWSSupportAccess$/;

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require each account to have an IAM role (or user or group) with the AWSSupportAccess managed policy to work AWS Support cases.',
      recommended: false,
    },
    severity: 'low',
    compliance: [
      { framework: 'cis-aws', version: '5.0', control: '1.16', options: [{ rolesOnly: true }] },
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.18', options: [{ rolesOnly: false }] },
    ],
    requires: ['iam.authorizationDetails'],
    messages: {
      noSupportRole:
        'Account {{account}} has no {{principals}} with the AWSSupportAccess policy: only administrators or root can open and follow AWS Support cases during an incident; attach it to a role that your responders can assume.',
    },
    schema: [
      OptionObject({
        rolesOnly: Type.Boolean({ description: 'Count only roles (CIS); false also counts users and groups that have the policy (Security Hub IAM.18).' }),
      }),
    ],
    defaultOptions: [{ rolesOnly: false }],
  },
  create(context) {
    const [{ rolesOnly }] = context.options;
    const { model } = context;
    const hasSupportAccess = (principal: { attachedManagedPolicies: readonly string[] }) =>
      principal.attachedManagedPolicies.some((arn) => SUPPORT_ACCESS_POLICY.test(arn));
    return {
      Account(account) {
        const { accountId } = account;
        const principals = [
          ...model.inAccount('Role', accountId),
          ...(rolesOnly ? [] : [...model.inAccount('User', accountId), ...model.inAccount('Group', accountId)]),
        ];
        if (principals.some(hasSupportAccess)) return;
        // A provisioned permission set is a role in the account (AWSReservedSSO_…), even in a snapshot that leaves those roles out.
        const viaPermissionSet = model
          .all('PermissionSet')
          .some((set) => set.provisionedAccounts.includes(accountId) && set.managedPolicies.some((arn) => SUPPORT_ACCESS_POLICY.test(arn)));
        if (viaPermissionSet) return;
        context.report({
          node: account,
          messageId: 'noSupportRole',
          data: { account: account.name, accountId, principals: rolesOnly ? 'IAM role' : 'IAM role, user or group' },
        });
      },
    };
  },
});
