import { UsageError, type OrganizationFile } from '@iamlint/core';
import { sortedStrings } from '../format.js';

export interface ScopeFilters {
  accounts?: readonly string[] | undefined;
  excludeAccounts?: readonly string[] | undefined;
  /** OU ids or names: accounts anywhere below them. */
  ous?: readonly string[] | undefined;
}

/**
 * The accounts to collect. With the organization: its ACTIVE accounts, narrowed by the filters.
 * Without it: the caller's own account, or the accounts named with --accounts.
 */
export function selectAccounts(organization: OrganizationFile | null, callerAccountId: string, filters: ScopeFilters): string[] {
  const excluded = new Set(filters.excludeAccounts ?? []);
  if (!organization) {
    if (filters.ous && filters.ous.length > 0) {
      throw new UsageError('USAGE', '--ou needs the organization', { hint: 'add --org, and run with credentials of the management or a delegated administrator account' });
    }
    const named = filters.accounts && filters.accounts.length > 0 ? filters.accounts : [callerAccountId];
    return sortedStrings(named.filter((id) => !excluded.has(id)));
  }

  const active = organization.accounts.filter((account) => account.status === 'ACTIVE');
  let selected = active.map((account) => account.id);

  if (filters.accounts && filters.accounts.length > 0) {
    const known = new Set(active.map((account) => account.id));
    const unknown = filters.accounts.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new UsageError('USAGE', `--accounts ${unknown.join(', ')}: not an active account of organization ${organization.organization.id}`, {
        hint: 'check the ids with `aws organizations list-accounts`',
      });
    }
    const wanted = new Set(filters.accounts);
    selected = selected.filter((id) => wanted.has(id));
  }

  if (filters.ous && filters.ous.length > 0) {
    const units = organization.organizationalUnits;
    const roots = organization.roots;
    const chosen = new Set<string>();
    for (const wanted of filters.ous) {
      const matches = [...units, ...roots].filter((unit) => unit.id === wanted || unit.name === wanted);
      if (matches.length === 0) {
        throw new UsageError('USAGE', `--ou ${wanted}: no organizational unit has that id or name in ${organization.organization.id}`, {
          hint: `known OUs: ${units.map((unit) => `${unit.name} (${unit.id})`).join(', ') || 'none'}`,
        });
      }
      for (const match of matches) chosen.add(match.id);
    }
    const parentOf = new Map(units.map((unit) => [unit.id, unit.parentId]));
    const isBelow = (parentId: string): boolean => {
      const seen = new Set<string>();
      for (let current: string | undefined = parentId; current !== undefined && !seen.has(current); current = parentOf.get(current)) {
        if (chosen.has(current)) return true;
        seen.add(current);
      }
      return false;
    };
    const below = new Set(active.filter((account) => isBelow(account.parentId)).map((account) => account.id));
    selected = selected.filter((id) => below.has(id));
  }

  return sortedStrings(selected.filter((id) => !excluded.has(id)));
}
