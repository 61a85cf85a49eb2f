import { defineRule, type GroupNode, type PermissionSetNode, type RoleNode, type UserNode } from '@iamlint/core';
import { accountList } from '../util/accounts.js';

const CLOUDSHELL_FULL_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/AWSCloudShellFullAccess$/;
/** Roles IAM Identity Center provisions for a permission set: `AWSReservedSSO_<permission set>_<16 hex>`. */
const RESERVED_SSO_ROLE = /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/;

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow the AWS managed policy AWSCloudShellFullAccess, which lets its holder move files between the account and any computer.',
      recommended: false,
    },
    severity: 'medium',
    compliance: [
      { framework: 'cis-aws', version: '5.0', control: '1.21' },
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.27' },
    ],
    requires: ['iam.authorizationDetails'],
    messages: {
      attached:
        '{{kind}} {{principal}} has AWSCloudShellFullAccess attached: CloudShell gives it a shell with sudo and internet access and file upload and download, a channel for data out of the account. Grant CloudShell with file transfer denied instead.',
      permissionSet:
        'Permission set {{permissionSet}} includes AWSCloudShellFullAccess, so everyone assigned to it in {{accounts}} gets CloudShell with file upload and download. Grant CloudShell with file transfer denied instead.',
    },
    schema: [],
  },
  create(context) {
    const { model } = context;
    const reportedPermissionSets = new Set(
      model.all('PermissionSet').filter((set) => set.managedPolicies.some((arn) => CLOUDSHELL_FULL_ACCESS.test(arn))).map((set) => set.name),
    );
    const check = (principal: UserNode | GroupNode | RoleNode) => {
      const index = principal.attachedManagedPolicies.findIndex((arn) => CLOUDSHELL_FULL_ACCESS.test(arn));
      if (index < 0) return;
      // The permission set is the thing to fix and is reported itself; its provisioned roles would only repeat it.
      const reserved = principal.kind === 'Role' ? RESERVED_SSO_ROLE.exec(principal.roleName) : null;
      if (reserved && reportedPermissionSets.has(reserved[1] as string)) return;
      context.report({
        node: principal,
        messageId: 'attached',
        data: { kind: principal.kind === 'User' ? 'IAM user' : principal.kind === 'Group' ? 'Group' : 'Role', principal: principal.name },
        pointer: `/attachedManagedPolicies/${index}`,
      });
    };
    return {
      User: check,
      Group: check,
      Role: check,
      PermissionSet(set: PermissionSetNode) {
        const index = set.managedPolicies.findIndex((arn) => CLOUDSHELL_FULL_ACCESS.test(arn));
        if (index < 0) return;
        context.report({
          node: set,
          messageId: 'permissionSet',
          data: {
            permissionSet: set.name,
            accounts: set.provisionedAccounts.length > 0 ? accountList(model, set.provisionedAccounts) : 'no account yet (not provisioned)',
          },
          pointer: `/managedPolicies/${index}`,
        });
      },
    };
  },
});
