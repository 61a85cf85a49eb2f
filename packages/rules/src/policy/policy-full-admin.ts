import { defineRule, OptionObject, Type, type ManagedPolicyNode, type Model } from '@iamlint/core';
import { adminEquivalentMessages, adminEquivalentReport, findAdminEquivalent, findFullAdmin, fullAdminMessages, fullAdminReport } from '../util/full-admin.js';
import { identityPolicySource } from '../util/policy-sources.js';

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow managed policies that allow every action on every resource ("Action": "*", "Resource": "*"), or the IAM actions to grant oneself that (`iam:*` on `*`).',
      recommended: true,
    },
    severity: 'high',
    compliance: [
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.1', options: [{ onlyAttached: false, includeAwsManaged: false, excludePermissionsBoundaries: true, adminEquivalent: false }] },
      { framework: 'cis-aws', version: '5.0', control: '1.15', options: [{ onlyAttached: true, includeAwsManaged: true, excludePermissionsBoundaries: false, adminEquivalent: false }] },
    ],
    requires: ['iam.authorizationDetails'],
    messages: {
      fullAdmin: `${fullAdminMessages.fullAdmin} It reaches {{holders}}.`,
      fullAdminConditional: `${fullAdminMessages.fullAdminConditional} It reaches {{holders}}.`,
      fullAdminExcept: `${fullAdminMessages.fullAdminExcept} It reaches {{holders}}.`,
      adminEquivalent: `${adminEquivalentMessages.adminEquivalent} It reaches {{holders}}.`,
      adminEquivalentConditional: `${adminEquivalentMessages.adminEquivalentConditional} It reaches {{holders}}.`,
    },
    schema: [
      OptionObject({
        onlyAttached: Type.Boolean({ description: 'Report only policies attached to at least one user, group or role (CIS checks attached policies only).' }),
        includeAwsManaged: Type.Boolean({ description: 'Also report AWS managed policies in use that allow `*` on `*` (AdministratorAccess), once in each account that uses one.' }),
        excludePermissionsBoundaries: Type.Boolean({ description: 'Skip customer managed policies used only as permissions boundaries, where `*` on `*` caps nothing rather than grants everything.' }),
        adminEquivalent: Type.Boolean({ description: 'Also report policies that allow writing or attaching policies on every user and role (`iam:*`, `iam:*Policy*` on `*`): whoever holds one can grant itself everything. The CIS and FSBP controls ask about `*:*` only.' }),
      }),
    ],
    defaultOptions: [{ onlyAttached: false, includeAwsManaged: false, excludePermissionsBoundaries: true, adminEquivalent: true }],
  },
  create(context) {
    const [{ onlyAttached, includeAwsManaged, excludePermissionsBoundaries, adminEquivalent }] = context.options;
    return {
      ManagedPolicy(node) {
        if (onlyAttached && node.attachmentCount === 0) return;
        if (excludePermissionsBoundaries && node.attachmentCount === 0 && node.permissionsBoundaryUsageCount > 0) return;
        const source = identityPolicySource(node, includeAwsManaged);
        if (!source) return;
        const found = findFullAdmin(source.statements);
        const equivalent = !found && adminEquivalent ? findAdminEquivalent(source) : undefined;
        if (!found && !equivalent) return;
        const { messageId, data, pointer } = found ? fullAdminReport(found, source.label) : adminEquivalentReport(equivalent as NonNullable<typeof equivalent>, source.label);
        context.report({
          node,
          messageId,
          data: { ...data, attachments: node.attachmentCount, holders: holdersOf(context.model, node) },
          pointer,
        });
      },
    };
  },
});

// Enough names to act on; the rest are counted.
const MAX_HOLDERS_NAMED = 5;

/** The users, groups and roles of the policy's account it is attached to, named: "user alice, role deploy and 3 more". */
function holdersOf(model: Model, policy: ManagedPolicyNode): string {
  const holders = (['User', 'Group', 'Role'] as const).flatMap((kind) =>
    model
      .inAccount(kind, policy.accountId)
      .filter((holder) => holder.attachedManagedPolicies.includes(policy.arn))
      .map((holder) => `${kind.toLowerCase()} ${holder.name}`),
  );
  if (holders.length === 0) return 'no user, group or role of the snapshot';
  const named = holders.slice(0, MAX_HOLDERS_NAMED).join(', ');
  return holders.length > MAX_HOLDERS_NAMED ? `${named} and ${holders.length - MAX_HOLDERS_NAMED} more` : named;
}
