import { defineRule, type RootUserNode } from '@iamlint/core';
import { accountLabel } from '../util/accounts.js';

const ROOT_CREDENTIALS_MANAGEMENT = 'RootCredentialsManagement';

/** What a member account's root user still holds; empty when its root credentials are gone. */
function rootCredentials(root: RootUserNode): string[] {
  // passwordEnabled null: the credential report has no root credentials to report at all.
  if (root.passwordEnabled === null) return [];
  const activeKeys = root.accessKeys.filter((key) => key.active).length;
  const inactiveKeys = root.accessKeys.length - activeKeys;
  return [
    ...(root.passwordEnabled ? ['a console password'] : []),
    ...(activeKeys > 0 ? [`${activeKeys} active access key(s)`] : []),
    ...(inactiveKeys > 0 ? [`${inactiveKeys} inactive access key(s)`] : []),
    ...(root.mfaActive ? ['an MFA device'] : []),
    ...(root.signingCertificatesActive > 0 ? [`${root.signingCertificatesActive} signing certificate(s)`] : []),
  ];
}

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require member accounts to have no root credentials once the organization manages root access centrally.',
      recommended: false,
    },
    severity: 'medium',
    requires: ['organization.iamFeatures', 'iam.rootUser'],
    messages: {
      rootCredentials:
        'The root user of member account {{account}} still has {{credentials}}, although organization {{organizationId}} manages root access centrally: delete them with a root task session (sts:AssumeRoot) from the management account.',
    },
    schema: [],
  },
  create(context) {
    const { model } = context;
    const organization = model.organization;
    // iamFeatures null: collected before the field existed, so nothing says root access is centralized.
    const centralized = organization?.iamFeatures?.includes(ROOT_CREDENTIALS_MANAGEMENT) ?? false;
    return {
      RootUser(root) {
        if (!organization || !centralized) return;
        const account = model.account(root.accountId);
        // Central root management covers active member accounts only: never the management account, nor accounts outside the organization.
        if (!account?.organizationEntry || account.isManagementAccount || account.organizationEntry.status !== 'ACTIVE') return;
        const credentials = rootCredentials(root);
        if (credentials.length === 0) return;
        context.report({
          node: root,
          messageId: 'rootCredentials',
          data: { account: accountLabel(model, root.accountId), credentials: credentials.join(', '), organizationId: organization.id },
        });
      },
    };
  },
});
