import { actionCatalog, evaluateRequest, wildcardMatch, type NormalizedStatement } from '@iamlint/core';
import type { PolicySource, StatementSource } from './policy-sources.js';

const ONLY_STARS = /^\*+$/;
const EVERY_ACTION = /^\*+(:\*+)?$/;
const UNKNOWN_FUTURE_ACTION = 'iamlintfutureservice:futureaction';
let catalogueSize: number | undefined;

/** Whether an Action pattern grants every action of every service, future ones included (`*`, `*:*`), by the catalogue. */
export function coversEveryAction(pattern: string): boolean {
  // `*` and `*:*` match every name of every service by their shape; listing the whole catalogue to count it costs more.
  if (EVERY_ACTION.test(pattern)) return true;
  // A pattern that misses an action of a service not yet in the catalogue does not cover every action, whatever it
  // matches today: that test needs no catalogue, and it rules out every pattern with a literal service (`s3:*`).
  if (!wildcardMatch(pattern, UNKNOWN_FUTURE_ACTION, true)) return false;
  catalogueSize ??= actionCatalog.expand('*').length;
  return actionCatalog.expand(pattern).length === catalogueSize;
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

/**
 * Granting oneself every permission whoever holds the policy: one of each group on every resource (`iam:*`,
 * `iam:*Policy*`, `iam:Put*`, `iam:Attach*`). The principal-level answer (`isAdmin`) asks the same of a principal.
 */
const SELF_GRANT_ACTIONS: ReadonlyArray<readonly string[]> = [
  ['iam:PutUserPolicy', 'iam:AttachUserPolicy'],
  ['iam:PutRolePolicy', 'iam:AttachRolePolicy'],
];

export interface AdminEquivalentGrant {
  /** The statements that allow the self-granting actions, in document order. */
  readonly grants: readonly StatementSource[];
  readonly actions: readonly string[];
  /** Some allow holds only under its conditions. */
  readonly conditional: boolean;
}

/**
 * Whether a document, on its own, lets whoever holds it write or attach policies on every user and role: an
 * administrator by another name. Its own denies count, as the evaluator reads them.
 */
export function findAdminEquivalent(source: PolicySource): AdminEquivalentGrant | undefined {
  const grants = new Set<StatementSource>();
  const actions: string[] = [];
  let conditional = false;
  for (const alternatives of SELF_GRANT_ACTIONS) {
    const results = alternatives.map((action) => ({ action, result: evaluateRequest({ action, resource: '*', identityPolicies: [{ id: 'policy', document: source.document }] }) }));
    const allowed = results.filter(({ result }) => result.decision === 'allowed');
    const chosen = allowed.find(({ result }) => !result.conditional) ?? allowed[0];
    if (chosen === undefined) return undefined;
    actions.push(chosen.action);
    conditional ||= chosen.result.conditional;
    for (const statement of chosen.result.decidedBy) {
      const entry = source.statements[statement.statementIndex];
      if (statement.effect === 'Allow' && entry) grants.add(entry);
    }
  }
  // Like `*:*`, an allow through NotAction or NotResource is policy-allow-not-action's or -not-resource's to report.
  if ([...grants].some((entry) => entry.statement.notActions !== undefined || entry.statement.notResources !== undefined)) return undefined;
  return { grants: [...grants].sort((a, b) => source.statements.indexOf(a) - source.statements.indexOf(b)), actions, conditional };
}

export const adminEquivalentMessages = {
  adminEquivalent:
    '{{policy}} allows {{actions}} on every resource (statement {{statement}}): whoever holds it can grant itself every permission, an administrator by another name. Grant IAM changes only on the users and roles the job manages.',
  adminEquivalentConditional:
    '{{policy}} allows {{actions}} on every resource when its conditions hold (statement {{statement}}): whoever meets them can grant itself every permission, an administrator by another name. Grant IAM changes only on the users and roles the job manages.',
} as const;

export function adminEquivalentReport(found: AdminEquivalentGrant, policy: string): { messageId: keyof typeof adminEquivalentMessages; data: Record<string, string>; pointer: string } {
  const first = found.grants[0];
  return {
    messageId: found.conditional ? 'adminEquivalentConditional' : 'adminEquivalent',
    data: { policy, actions: found.actions.join(' and '), statement: found.grants.map((grant) => grant.label).join(', ') },
    pointer: first ? first.pointerTo('Action') : '',
  };
}

/** Whether a document on its own lets whoever holds it grant itself every permission (see `findAdminEquivalent`). */
export function grantsSelfGrant(document: unknown): boolean {
  return SELF_GRANT_ACTIONS.every((alternatives) =>
    alternatives.some((action) => evaluateRequest({ action, resource: '*', identityPolicies: [{ id: 'policy', document }] }).decision === 'allowed'),
  );
}
