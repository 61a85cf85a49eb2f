import {
  defineRule,
  normalizePolicy,
  OptionObject,
  Type,
  type AnyNode,
  type RoleNode,
  type UserNode,
} from '@iamlint/core';
import { BreakGlassTag, DEFAULT_BREAK_GLASS, isBreakGlassUser, NamePatterns } from '../util/break-glass.js';

const SAML_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::[0-9]{12}:saml-provider\//;

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require accounts that rely on federation or IAM Identity Center to keep a few well-protected break-glass IAM administrators besides root.',
      recommended: true,
    },
    severity: 'high',
    requires: ['iam.authorizationDetails', 'iam.credentialReport', 'iam.accessKeys'],
    messages: {
      tooFew:
        'Account {{accountId}} relies on federation or IAM Identity Center but has {{count}} break-glass IAM user(s) besides root (minimum {{minimum}}): when the identity provider is down, only root can get in.',
      tooMany:
        'Account {{accountId}} has {{count}} break-glass IAM users ({{users}}), more than the {{maximum}} allowed: each one is a standing credential to guard.',
      unexpected:
        'Break-glass user {{user}} is in account {{accountId}}, but break-glass users are expected only in the management account {{managementAccount}}.',
      notAdministrator: 'Break-glass user {{user}} in account {{accountId}} is not an administrator: {{reason}}.',
      noMfa: 'Break-glass user {{user}} in account {{accountId}} has no MFA device.',
      noHardwareMfa:
        'Break-glass user {{user}} in account {{accountId}} has only virtual MFA devices; register a hardware MFA device or FIDO security key kept with its password.',
      accessKey:
        'Break-glass user {{user}} in account {{accountId}} has active access key {{keyId}}: break-glass access is console sign-in only, keep no keys that can leak.',
      noConsolePassword:
        'Break-glass user {{user}} in account {{accountId}} has no console password, so it cannot sign in when federation is unavailable.',
    },
    schema: [
      OptionObject({
        minimum: Type.Integer({ minimum: 0, description: 'The fewest break-glass IAM users an account that relies on federation or Identity Center must have.' }),
        maximum: Type.Integer({ minimum: 1, description: 'The most break-glass IAM users an account may have.' }),
        namePatterns: NamePatterns,
        tag: BreakGlassTag,
        requireMfa: Type.Boolean({ description: 'Report break-glass users without an MFA device.' }),
        requireHardwareMfa: Type.Boolean({ description: 'Report break-glass users whose only MFA devices are virtual (authenticator apps).' }),
        allowAccessKeys: Type.Boolean({ description: 'Accept active access keys on break-glass users.' }),
        managementAccountOnly: Type.Boolean({ description: 'Expect break-glass users only in the management account (checked when any account relies on federation) and report them elsewhere.' }),
      }),
    ],
    defaultOptions: [
      {
        minimum: 1,
        maximum: 2,
        namePatterns: [...DEFAULT_BREAK_GLASS.namePatterns],
        tag: { ...DEFAULT_BREAK_GLASS.tag },
        requireMfa: true,
        requireHardwareMfa: false,
        allowAccessKeys: false,
        managementAccountOnly: false,
      },
    ],
  },
  create(context) {
    const [options] = context.options;
    const { model } = context;
    const managementAccountId = options.managementAccountOnly ? model.managementAccountId : null;
    const accountsWithAssignments = new Set(model.all('AccountAssignment').map((assignment) => assignment.accountId));
    const federationEvidence = (accountId: string): AnyNode[] => [
      ...model.inAccount('SamlProvider', accountId),
      ...model.inAccount('Role', accountId).filter(trustsSamlProvider),
    ];
    const reliesOnFederation = (accountId: string): boolean =>
      accountsWithAssignments.has(accountId) || federationEvidence(accountId).length > 0;
    let organizationRelies: boolean | undefined;
    const organizationReliesOnFederation = (): boolean =>
      (organizationRelies ??= model.accounts.some((account) => reliesOnFederation(account.accountId)));

    const isBreakGlass = (user: UserNode): boolean => isBreakGlassUser(user, options);

    return {
      Account(account) {
        const { accountId } = account;
        if (managementAccountId !== null) {
          if (accountId !== managementAccountId || !organizationReliesOnFederation()) return;
        } else if (!reliesOnFederation(accountId)) {
          return;
        }
        const breakGlass = model.inAccount('User', accountId).filter(isBreakGlass);
        const data = { accountId, count: breakGlass.length, minimum: options.minimum, maximum: options.maximum };
        if (breakGlass.length < options.minimum) {
          context.report({ node: account, messageId: 'tooFew', data, related: federationEvidence(accountId) });
        } else if (breakGlass.length > options.maximum) {
          const users = breakGlass.map((user) => user.userName).join(', ');
          context.report({ node: account, messageId: 'tooMany', data: { ...data, users }, related: breakGlass });
        }
      },
      User(user) {
        if (!isBreakGlass(user)) return;
        const base = { user: user.userName, accountId: user.accountId };
        if (managementAccountId !== null && user.accountId !== managementAccountId) {
          context.report({ node: user, messageId: 'unexpected', data: { ...base, managementAccount: managementAccountId } });
          return;
        }
        const administrator = context.policy.isAdmin(user);
        if (!administrator.admin) {
          const reason = administrator.reason ?? 'its policies do not allow every action on every resource';
          context.report({ node: user, messageId: 'notAdministrator', data: { ...base, reason }, discriminator: 'administrator' });
        }
        if (options.requireMfa && user.mfaDevices.length === 0) {
          context.report({ node: user, messageId: 'noMfa', data: base, discriminator: 'mfa', pointer: '/mfaDevices' });
        } else if (options.requireHardwareMfa && user.mfaDevices.length > 0 && user.mfaDevices.every((device) => device.type === 'virtual')) {
          context.report({ node: user, messageId: 'noHardwareMfa', data: base, discriminator: 'hardware-mfa', pointer: '/mfaDevices' });
        }
        if (!options.allowAccessKeys) {
          user.accessKeys.forEach((key, index) => {
            if (key.status !== 'Active') return;
            context.report({
              node: user,
              messageId: 'accessKey',
              data: { ...base, keyId: key.accessKeyId },
              discriminator: `access-key:${key.accessKeyId}`,
              pointer: `/accessKeys/${index}`,
            });
          });
        }
        if (user.loginProfile === null) {
          context.report({ node: user, messageId: 'noConsolePassword', data: base, discriminator: 'console-password', pointer: '/loginProfile' });
        }
      },
    };
  },
});

/** A role that federated users reach through an IAM SAML provider (Identity Center's own roles included). */
function trustsSamlProvider(role: RoleNode): boolean {
  return normalizePolicy(role.trustPolicy).statements.some(
    (statement) =>
      statement.effect === 'Allow' &&
      ((statement.principal?.byType.get('Federated') ?? []).some((arn) => SAML_PROVIDER_ARN.test(arn)) ||
        (statement.actions ?? []).includes('sts:assumerolewithsaml')),
  );
}
