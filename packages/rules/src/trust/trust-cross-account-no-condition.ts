import { defineRule, OptionObject, Type, type NormalizedCondition } from '@iamlint/core';
import { accountList, isOrganizationMember } from '../util/accounts.js';
import { AWS_PRINCIPAL, isRequired, namesStringValues, trustStatementsAllowing } from '../util/trust.js';

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require a condition that pins the caller (sts:ExternalId for third parties, MFA for people) on role trust to other accounts.',
      recommended: true,
    },
    severity: 'high',
    requires: ['iam.authorizationDetails'],
    messages: {
      thirdParty:
        'Role {{role}} lets account(s) {{accounts}}, outside the organization, assume it (statement {{statement}} of its trust policy) without sts:ExternalId or MFA, so a vendor acting for another customer, or anyone that account lets in, can use it.',
      organizationAccount:
        'Role {{role}} lets every principal of account(s) {{accounts}} assume it (statement {{statement}} of its trust policy) with no condition on aws:PrincipalArn, sts:ExternalId or MFA.',
    },
    schema: [
      OptionObject({
        includeOrganizationAccounts: Type.Boolean({ description: 'Also check trust to whole accounts (`:root`) of the organization, which then need an aws:PrincipalArn, sts:ExternalId or MFA condition.' }),
      }),
    ],
    defaultOptions: [{ includeOrganizationAccounts: false }],
  },
  create(context) {
    const [{ includeOrganizationAccounts }] = context.options;
    const { model } = context;

    return {
      Role(role) {
        for (const entry of trustStatementsAllowing(role, 'sts:assumerole')) {
          const { statement } = entry;
          const outside = new Set<string>();
          const organizationRoots = new Set<string>();
          for (const value of statement.principal?.byType.get('AWS') ?? []) {
            const match = AWS_PRINCIPAL.exec(value);
            const accountId = match?.[1] ?? match?.[2];
            if (accountId === undefined || accountId === role.accountId) continue;
            if (!isOrganizationMember(model, accountId)) outside.add(accountId);
            else if (match?.[1] !== undefined || match?.[3] === 'root') organizationRoots.add(accountId);
          }
          const base = { role: role.roleName, statement: entry.label };
          const conditions = statement.conditions;
          if (outside.size > 0 && !conditions.some((condition) => isExternalId(condition) || requiresMfa(condition))) {
            context.report({
              node: role,
              messageId: 'thirdParty',
              data: { ...base, accounts: accountList(model, outside) },
              pointer: entry.pointerTo('Principal'),
              discriminator: `${entry.key}|third-party`,
            });
          }
          if (
            includeOrganizationAccounts &&
            organizationRoots.size > 0 &&
            !conditions.some((condition) => isExternalId(condition) || requiresMfa(condition) || pinsPrincipalArn(condition))
          ) {
            context.report({
              node: role,
              messageId: 'organizationAccount',
              data: { ...base, accounts: accountList(model, organizationRoots) },
              pointer: entry.pointerTo('Principal'),
              discriminator: `${entry.key}|organization`,
            });
          }
        }
      },
    };
  },
});

/** ArnEquals matches wildcards just as ArnLike does. */
function isLike(condition: NormalizedCondition): boolean {
  return condition.operator?.family === 'Arn' || condition.operator?.base.endsWith('Like') === true;
}

function isExternalId(condition: NormalizedCondition): boolean {
  return condition.keyLower === 'sts:externalid' && isRequired(condition) && namesStringValues(condition);
}

function requiresMfa(condition: NormalizedCondition): boolean {
  if (!isRequired(condition)) return false;
  if (condition.keyLower === 'aws:multifactorauthpresent') {
    return condition.operator?.base === 'Bool' && condition.values.every((value) => value.toLowerCase() === 'true');
  }
  return condition.keyLower === 'aws:multifactorauthage' && /^NumericLessThan/.test(condition.operator?.base ?? '');
}

/** aws:PrincipalArn naming principals, not a whole account (`arn:aws:iam::111122223333:*` or `…:role/*`). */
function pinsPrincipalArn(condition: NormalizedCondition): boolean {
  if (condition.keyLower !== 'aws:principalarn' || !isRequired(condition)) return false;
  if (condition.operator?.family !== 'Arn' && condition.operator?.family !== 'String') return false;
  return condition.values.every((value) => {
    const resource = value.split(':').slice(5).join(':');
    const name = resource.includes('/') ? resource.slice(resource.indexOf('/') + 1) : resource;
    return name !== '' && (!isLike(condition) || /[^*?/]/.test(name));
  });
}
