import {
  ADMINISTRATOR_ACCESS,
  defineRule,
  normalizePolicy,
  OptionObject,
  type PrincipalPolicy,
  type UserNode,
} from '@iamlint/core';
import { breakGlassOption, defaultBreakGlass, isBreakGlassUser } from '../util/break-glass.js';
import { findFullAdmin, grantsSelfGrant } from '../util/full-admin.js';

/** AdministratorAccess, `*:*`, or an administrator by another name (the IAM actions to grant itself everything). */
function grantsFullAdmin(policy: PrincipalPolicy): boolean {
  if (policy.document === undefined) return policy.arn !== undefined && ADMINISTRATOR_ACCESS.test(policy.arn);
  return findFullAdmin(normalizePolicy(policy.document).statements.map((statement) => ({ statement }))) !== undefined || grantsSelfGrant(policy.document);
}

function pointerOf(user: UserNode, policy: PrincipalPolicy): string {
  if (policy.type === 'managed') return `/attachedManagedPolicies/${user.attachedManagedPolicies.indexOf(policy.arn as string)}`;
  return `/inlinePolicies/${user.inlinePolicies.findIndex((inline) => inline.name === policy.name)}`;
}

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow IAM users who are administrators (AdministratorAccess, `*:*`, or the IAM actions to grant themselves everything) through a policy attached directly to them rather than through a group.',
      recommended: true,
    },
    severity: 'high',
    requires: ['iam.authorizationDetails'],
    messages: {
      directAdmin:
        'IAM user {{user}} is a full administrator through {{policies}} attached directly to it; grant administration through a group, so who holds it is visible and revocable in one place.',
      directAdminEquivalent:
        'IAM user {{user}} can grant itself every permission ({{actions}} on every user and role) through {{policies}} attached directly to it, an administrator by another name; grant administration through a group, so who holds it is visible and revocable in one place.',
      directAdminConditional:
        'IAM user {{user}} is a full administrator, under conditions the snapshot cannot settle, through {{policies}} attached directly to it; grant administration through a group, so who holds it is visible and revocable in one place.',
    },
    schema: [
      OptionObject({ breakGlass: breakGlassOption() }),
    ],
    defaultOptions: [{ breakGlass: defaultBreakGlass() }],
  },
  create(context) {
    const [{ breakGlass }] = context.options;
    return {
      User(user) {
        // Break-glass users are administrators by design, often kept out of groups so no group edit can lock them out.
        if (isBreakGlassUser(user, breakGlass)) return;
        const direct = context.model.policiesOf(user).filter((policy) => policy.via === null && grantsFullAdmin(policy));
        const first = direct[0];
        if (first === undefined) return;
        // A boundary or an SCP can leave the direct grant short of administrator; the evaluator has the last word.
        const answer = context.policy.isAdmin(user);
        if (!answer.admin) return;
        context.report({
          node: user,
          messageId: answer.conditional ? 'directAdminConditional' : answer.selfGrant ? 'directAdminEquivalent' : 'directAdmin',
          data: {
            user: user.userName,
            policies: direct.map((policy) => (policy.type === 'inline' ? `inline policy ${policy.name}` : policy.name)).join(', '),
            actions: (answer.selfGrant ?? []).join(' and '),
          },
          pointer: pointerOf(user, first),
        });
      },
    };
  },
});
