import { defineRule, normalizePolicy, OptionObject, Type, wildcardMatch, type RoleNode } from '@iamlint/core';
import { accountLabel } from '../util/accounts.js';
import { breakGlassOption, defaultBreakGlass, isBreakGlassUser } from '../util/break-glass.js';

/** Roles AWS itself creates and manages: service-linked roles and Identity Center's permission set roles. */
const AWS_MANAGED_ROLE_PATH = /^\/(aws-service-role|aws-reserved)\//;
const SAML_PROVIDER = /:saml-provider\//;

interface Trust {
  readonly via: string[];
  readonly samlOnly: boolean;
}

/** Who a role's trust policy lets in, in words for a message. */
function trustOf(role: RoleNode): Trust {
  const via = new Set<string>();
  let saml = 0;
  let other = 0;
  for (const statement of normalizePolicy(role.trustPolicy).statements) {
    if (statement.effect !== 'Allow') continue;
    const principal = statement.principal;
    if (principal === undefined || principal.wildcard) {
      via.add('anyone');
      other++;
      continue;
    }
    for (const service of principal.byType.get('Service') ?? []) {
      via.add(`the service ${service}`);
      other++;
    }
    for (const provider of principal.byType.get('Federated') ?? []) {
      const isSaml = SAML_PROVIDER.test(provider);
      via.add(`${isSaml ? 'SAML provider' : 'identity provider'} ${provider.slice(provider.lastIndexOf('/') + 1) || provider}`);
      if (isSaml) saml++;
      else other++;
    }
    for (const value of principal.byType.get('AWS') ?? []) {
      via.add(/^[0-9]{12}$|:root$/.test(value) ? `account ${/[0-9]{12}/.exec(value)?.[0] ?? value}` : value);
      other++;
    }
  }
  return { via: [...via].sort(), samlOnly: saml > 0 && other === 0 };
}

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description:
        'Keep the management account free of workloads: no IAM users besides break-glass users, and no roles besides those that administer the organization.',
      recommended: false,
    },
    severity: 'medium',
    requires: ['organization', 'iam.authorizationDetails'],
    messages: {
      user: 'IAM user {{user}} is in the management account {{account}}, where only break-glass users belong: SCPs never restrict this account, so move the workload or person to a member account.',
      role: 'Role {{role}} in the management account {{account}} is assumed by {{trustedBy}}: SCPs never restrict this account, so run workloads in member accounts, or list the role in allowedRoles if it administers the organization.',
    },
    schema: [
      OptionObject({
        allowedRoles: Type.Array(Type.String({ minLength: 1 }), { description: 'Roles that administer the organization (names or ARNs, `*` and `?` wildcards, case-insensitive). Service-linked roles and Identity Center\'s AWSReservedSSO_* roles are always allowed.' }),
        allowedUsers: Type.Array(Type.String({ minLength: 1 }), { description: 'IAM users allowed in the management account besides declared break-glass users (names or ARNs, `*` and `?` wildcards, case-insensitive).' }),
        breakGlass: breakGlassOption('Declared break-glass users, allowed in the management account (`namePatterns`, `tag`; the same defaults as break-glass-admin), or null to report every IAM user.'),
        reportSamlRoles: Type.Boolean({ description: 'Also report roles that only people assume through an IAM SAML provider (federated access, not a workload).' }),
      }),
    ],
    defaultOptions: [
      {
        allowedRoles: [
          'OrganizationAccountAccessRole',
          'AWSControlTower*',
          'aws-controltower-*',
          'AWSCloudFormationStackSetAdministrationRole',
          'AWSCloudFormationStackSetExecutionRole',
          'stacksets-exec-*',
          'AWSAFTExecution',
          'AWSAFTService',
        ],
        allowedUsers: [],
        breakGlass: defaultBreakGlass(),
        reportSamlRoles: false,
      },
    ],
  },
  create(context) {
    const [{ allowedRoles, allowedUsers, breakGlass, reportSamlRoles }] = context.options;
    const { model } = context;
    const managementAccountId = model.managementAccountId;
    const matches = (patterns: readonly string[], name: string, arn: string) =>
      patterns.some((pattern) => wildcardMatch(pattern, name, true) || wildcardMatch(pattern, arn, true));
    return {
      User(user) {
        if (user.accountId !== managementAccountId) return;
        if (isBreakGlassUser(user, breakGlass) || matches(allowedUsers, user.userName, user.arn)) return;
        context.report({ node: user, messageId: 'user', data: { user: user.userName, account: accountLabel(model, user.accountId) } });
      },
      Role(role) {
        if (role.accountId !== managementAccountId || AWS_MANAGED_ROLE_PATH.test(role.path)) return;
        if (matches(allowedRoles, role.roleName, role.arn)) return;
        const trust = trustOf(role);
        if (trust.samlOnly && !reportSamlRoles) return;
        context.report({
          node: role,
          messageId: 'role',
          data: { role: role.roleName, account: accountLabel(model, role.accountId), trustedBy: trust.via.join(', ') || 'no one (its trust policy allows nobody)' },
        });
      },
    };
  },
});
