import { compare, Type, type Model } from '@iamlint/core';

/** How findings name an account: its name in the organization when the snapshot has one, else its id. */
export function accountLabel(model: Model, accountId: string): string {
  return model.account(accountId)?.organizationEntry?.name ?? accountId;
}

/** Distinct accounts, ordered by id, named as accountLabel does and joined for a message. */
export function accountList(model: Model, accountIds: Iterable<string>): string {
  return [...new Set(accountIds)]
    .sort()
    .map((accountId) => accountLabel(model, accountId))
    .join(', ');
}

/** Whether the snapshot's organization.json lists the account; without one, no account counts as a member. */
export function isOrganizationMember(model: Model, accountId: string): boolean {
  return model.isCollected('organization', null) && model.account(accountId)?.organizationEntry != null;
}

/** The schema of an option listing account ids, such as the accounts a rule lets roles trust. */
export function AccountIds(description: string) {
  return Type.Array(Type.String({ pattern: '^[0-9]{12}$' }), { uniqueItems: true, description });
}

/**
 * Nodes (the same provider, say) found in at least `minimumAccounts` accounts, ordered by account then ARN:
 * the first to report on, the others to relate; undefined when they stand in fewer accounts.
 */
export function spreadOverAccounts<T extends { accountId: string; arn: string }>(
  nodes: readonly T[],
  minimumAccounts: number,
): { first: T; others: T[]; accountIds: Set<string> } | undefined {
  const accountIds = new Set(nodes.map((node) => node.accountId));
  if (accountIds.size < minimumAccounts) return undefined;
  const [first, ...others] = [...nodes].sort((a, b) => compare(a.accountId, b.accountId) || compare(a.arn, b.arn)) as [T, ...T[]];
  return { first, others, accountIds };
}
