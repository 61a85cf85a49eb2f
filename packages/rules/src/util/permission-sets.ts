import { wildcardMatch, type Model, type PermissionSetNode, type PolicyQuestions } from '@iamlint/core';

export interface PermissionSetAdministrator {
  readonly admin: boolean;
  /** The policies that grant it, for messages: `AWS managed policy AdministratorAccess`, `its inline policy`. */
  readonly grantedBy: string;
}

/** Policies the snapshot cannot read: customer managed policies (looked up per account), and boundaries it does not hold. */
function hasUnreadablePolicies(model: Model, permissionSet: PermissionSetNode): boolean {
  const boundaryArn = permissionSet.permissionsBoundary?.managedPolicyArn;
  const unreadableBoundary =
    permissionSet.permissionsBoundary !== null && (boundaryArn === undefined || model.managedPolicy(boundaryArn, model.managementAccountId ?? '') === undefined);
  return permissionSet.customerManagedPolicies.length > 0 || unreadableBoundary;
}

function describeSource(permissionSet: PermissionSetNode, policyId: string): string | undefined {
  if (policyId === `${permissionSet.arn}#inline`) return 'its inline policy';
  const managed = /^arn:aws[a-z-]*:iam::(aws|[0-9]{12}):policy\/(?:.*\/)?([^/]+)$/.exec(policyId);
  if (!managed) return undefined;
  return `${managed[1] === 'aws' ? 'AWS managed policy' : 'managed policy'} ${managed[2] as string}`;
}

/**
 * Whether a permission set grants administrator access wherever it is provisioned (SCPs aside), by the policy
 * engine. A grant under conditions counts (admin sessions usually carry MFA), unless the condition only stands
 * for a policy the snapshot cannot read: that is not evidence of admin access.
 */
export function permissionSetAdministrator(
  context: { readonly model: Model; readonly policy: PolicyQuestions },
  permissionSet: PermissionSetNode,
): PermissionSetAdministrator {
  const answer = context.policy.isAdmin(permissionSet);
  const admin = answer.admin && (!answer.conditional || !hasUnreadablePolicies(context.model, permissionSet));
  if (!admin) return { admin: false, grantedBy: '' };
  const sources = new Set<string>();
  for (const statement of answer.decidedBy) {
    if (statement.source !== 'identity' || statement.effect !== 'Allow') continue;
    const label = describeSource(permissionSet, statement.policyId);
    if (label !== undefined) sources.add(label);
  }
  return { admin: true, grantedBy: sources.size > 0 ? [...sources].join(' and ') : 'its policies' };
}

/** Whether a permission set is named by one of the patterns (name or ARN, `*`/`?` wildcards, case-insensitive). */
export function permissionSetMatches(patterns: readonly string[], permissionSet: { name: string; arn: string }): boolean {
  return patterns.some((pattern) => wildcardMatch(pattern, permissionSet.name, true) || wildcardMatch(pattern, permissionSet.arn, true));
}
