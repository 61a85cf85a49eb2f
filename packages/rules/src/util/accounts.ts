import type { Model } from '@iamlint/core';

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
