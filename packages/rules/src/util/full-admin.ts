import { actionCatalog, wildcardMatch, type NormalizedStatement } from '@iamlint/core';
import type { StatementSource } from './policy-sources.js';

const ONLY_STARS = /^\*+$/;
const UNKNOWN_FUTURE_ACTION = 'iamlintfutureservice:futureaction';
let catalogueSize: number | undefined;

/** Whether an Action pattern grants every action of every service, future ones included (`*`, `*:*`), by the catalogue. */
export function coversEveryAction(pattern: string): boolean {
  catalogueSize ??= actionCatalog.expand('*').length;
  return wildcardMatch(pattern, UNKNOWN_FUTURE_ACTION, true) && actionCatalog.expand(pattern).length === catalogueSize;
}

export function isEveryResource(pattern: string): boolean {
  return ONLY_STARS.test(pattern);
}

export function allowsEverything(statement: NormalizedStatement): boolean {
  return (
    statement.effect === 'Allow' &&
    statement.notActions === undefined &&
    (statement.actions ?? []).some(coversEveryAction) &&
    statement.notResources === undefined &&
    (statement.resources ?? []).some(isEveryResource)
  );
}

function deniesEverything(statement: NormalizedStatement): boolean {
  return (
    statement.effect === 'Deny' &&
    statement.notActions === undefined &&
    (statement.actions ?? []).some(coversEveryAction) &&
    statement.notResources === undefined &&
    (statement.resources === undefined || statement.resources.some(isEveryResource))
  );
}

export interface FullAdminGrant<Entry extends { readonly statement: NormalizedStatement } = StatementSource> {
  /** The first statement that allows `*` on `*`. */
  readonly grant: Entry;
  /** Condition keys under which it holds: the grant's own, and those of a conditional deny of everything. */
  readonly conditions: readonly string[];
  /** Unconditional denies in the same document that carve something out of it. */
  readonly exceptions: readonly Entry[];
}

/**
 * Whether a document allows every action on every resource: a statement with an Action that covers every action
 * (by the catalogue, not by spelling) on `"Resource": "*"`. `NotAction`/`NotResource` statements are not `*:*`
 * (policy-allow-not-action reports them); an unconditional deny of everything in the same document cancels it.
 */
export function findFullAdmin<Entry extends { readonly statement: NormalizedStatement }>(statements: readonly Entry[]): FullAdminGrant<Entry> | undefined {
  const grant = statements.find((entry) => allowsEverything(entry.statement));
  if (grant === undefined) return undefined;
  const conditions = new Set(grant.statement.conditions.map((condition) => condition.key));
  const exceptions: Entry[] = [];
  for (const entry of statements) {
    if (entry.statement.effect !== 'Deny') continue;
    const conditional = entry.statement.conditions.length > 0;
    if (deniesEverything(entry.statement)) {
      if (!conditional) return undefined;
      for (const condition of entry.statement.conditions) conditions.add(condition.key);
    } else if (!conditional) {
      exceptions.push(entry);
    }
  }
  return { grant, conditions: [...conditions], exceptions };
}

export const fullAdminMessages = {
  fullAdmin:
    '{{policy}} allows every action on every resource (statement {{statement}}): whoever holds it is a full administrator. Grant only the actions the job needs.',
  fullAdminConditional:
    '{{policy}} allows every action on every resource when its conditions hold ({{conditions}}; statement {{statement}}): whoever meets them is a full administrator. Grant only the actions the job needs.',
  fullAdminExcept:
    '{{policy}} allows every action on every resource (statement {{statement}}) except what statement(s) {{exceptions}} deny: whoever holds it is all but a full administrator. Grant only the actions the job needs.',
} as const;

export function fullAdminReport(found: FullAdminGrant, policy: string): { messageId: keyof typeof fullAdminMessages; data: Record<string, string>; pointer: string } {
  const data = { policy, statement: found.grant.label };
  const pointer = found.grant.values('Action').find((written) => coversEveryAction(written.value))?.pointer ?? found.grant.pointerTo('Action');
  if (found.exceptions.length > 0) {
    return { messageId: 'fullAdminExcept', data: { ...data, exceptions: found.exceptions.map((entry) => entry.label).join(', ') }, pointer };
  }
  if (found.conditions.length > 0) return { messageId: 'fullAdminConditional', data: { ...data, conditions: found.conditions.join(', ') }, pointer };
  return { messageId: 'fullAdmin', data, pointer };
}
