import { wildcardMatch } from '../util/glob.js';
import type { Model } from '../model/model.js';
import { actionCatalog, type AccessLevel } from '../policy/catalog.js';
import type { AdminAnswer, EvaluatedPrincipal, PolicyQuestions } from '../policy/questions/types.js';
import { normalizePolicy, type NormalizedStatement } from '../policy/statements.js';
import type { DocumentComparer } from './canonical.js';
import { InputReader, principalsOf, type InputPolicy, type Principal, type PrincipalInputs } from './permission-inputs.js';
import type { AccessChange, AdminState, DiffPrincipalKind, PermissionChange, PrincipalRef } from './types.js';
import { compare } from '../util/compare.js';

/** How many action names an AccessChange lists; `count` has the full number. */
export const ACTION_SAMPLE_SIZE = 25;

const PRINCIPAL_KINDS: readonly DiffPrincipalKind[] = ['User', 'Group', 'Role', 'PermissionSet'];
const ACCESS_LEVEL_ORDER: readonly AccessLevel[] = ['Permissions management', 'Write', 'Tagging', 'Read', 'List'];

export interface PermissionSide {
  readonly model: Model;
  readonly questions: PolicyQuestions;
}

/**
 * Permissions gained and lost per principal. Only principals whose effective inputs changed (their policies
 * and documents, groups, boundary, the SCPs/RCPs on their account's path) are evaluated: the evaluator reads
 * nothing else, so the rest keep the same answers.
 */
export function diffPermissions(before: PermissionSide, after: PermissionSide, documents: DocumentComparer, skipAccounts: ReadonlySet<string>): PermissionChange[] {
  const oldInputs = new InputReader(before.model);
  const newInputs = new InputReader(after.model);
  const changes: PermissionChange[] = [];
  for (const kind of PRINCIPAL_KINDS) {
    const oldPrincipals = principalsOf(before.model, kind);
    for (const principal of principalsOf(after.model, kind).values()) {
      if (principal.accountId !== null && skipAccounts.has(principal.accountId)) continue;
      const inputs = newInputs.inputsOf(principal);
      const previous = oldPrincipals.get(principal.id);
      if (!previous) {
        const change = addedPrincipal(after, principal, inputs);
        if (change) changes.push(change);
        continue;
      }
      const previousInputs = oldInputs.inputsOf(previous);
      if (sameInputs(previousInputs, inputs, documents)) continue;
      const change = changedPrincipal(before, previous, previousInputs, after, principal, inputs, documents);
      if (change) changes.push(change);
    }
  }
  return changes.sort(comparePermissionChanges);
}

function addedPrincipal(after: PermissionSide, principal: Principal, inputs: PrincipalInputs): PermissionChange | undefined {
  const answer = after.questions.isAdmin(principal);
  const state = adminState(answer, inputs);
  if (!state.admin) return undefined;
  return {
    principal: refOf(principal),
    status: 'added',
    before: { admin: false, conditional: false },
    after: state,
    adminChange: 'gained',
    grantedBy: grantingPolicies(answer, inputs),
    gained: [],
    lost: [],
    policies: { added: inputs.policies.map((policy) => policy.label).sort(compare), removed: [], changed: [] },
    notEvaluated: notEvaluated([inputs]),
  };
}

function changedPrincipal(
  before: PermissionSide,
  previous: Principal,
  previousInputs: PrincipalInputs,
  after: PermissionSide,
  principal: Principal,
  inputs: PrincipalInputs,
  documents: DocumentComparer,
): PermissionChange | undefined {
  const oldAnswer = before.questions.isAdmin(previous);
  const newAnswer = after.questions.isAdmin(principal);
  const was = adminState(oldAnswer, previousInputs);
  const is = adminState(newAnswer, inputs);
  const adminChange = !was.admin && is.admin ? 'gained' : was.admin && !is.admin ? 'lost' : null;
  let gained: AccessChange[] = [];
  let lost: AccessChange[] = [];
  if (!was.admin && !is.admin) {
    const oldActions = grantedActions(before.questions, previous, previousInputs);
    const newActions = grantedActions(after.questions, principal, inputs);
    gained = summarise(newActions, oldActions);
    lost = summarise(oldActions, newActions);
  }
  const policies = policyChanges(previousInputs, inputs, documents);
  const conditionalChanged = was.admin && is.admin && was.conditional !== is.conditional;
  const nothing = adminChange === null && !conditionalChanged && gained.length === 0 && lost.length === 0;
  const unknownEffect = notEvaluated([previousInputs, inputs]);
  // A change in a policy the engine cannot read is still worth saying: its effect is unknown, not nil.
  const touchesUnknown = [...policies.added, ...policies.removed, ...policies.changed].some((label) => unknownEffect.includes(label));
  if (nothing && !touchesUnknown) return undefined;
  return {
    principal: refOf(principal),
    status: 'changed',
    before: was,
    after: is,
    adminChange,
    grantedBy: adminChange === 'gained' ? causes(grantingPolicies(newAnswer, inputs), policies) : [],
    gained,
    lost,
    policies,
    notEvaluated: unknownEffect,
  };
}

/** A conditional "admin" that rests on a document the snapshot lacks is unknown, not admin. */
function adminState(answer: AdminAnswer, inputs: PrincipalInputs): AdminState {
  const guessed = answer.conditional && inputs.policies.some((policy) => policy.unreadable);
  return { admin: answer.admin && !guessed, conditional: answer.admin && !guessed && answer.conditional };
}

function grantingPolicies(answer: AdminAnswer, inputs: PrincipalInputs): string[] {
  const labels = new Map<string, string>();
  for (const policy of inputs.policies) if (policy.role === 'identity' && !labels.has(policy.policyId)) labels.set(policy.policyId, policy.label);
  const found = answer.decidedBy
    .filter((statement) => statement.source === 'identity' && statement.effect === 'Allow')
    .map((statement) => labels.get(statement.policyId) ?? statement.policyId);
  return [...new Set(found)].sort(compare);
}

function sameInputs(before: PrincipalInputs, after: PrincipalInputs, documents: DocumentComparer): boolean {
  if (before.organizationContext !== after.organizationContext || before.policies.length !== after.policies.length) return false;
  return before.policies.every((policy, index) => {
    const other = after.policies[index] as InputPolicy;
    return policy.key === other.key && sameStored(policy, other, documents);
  });
}

function sameStored(before: InputPolicy, after: InputPolicy, documents: DocumentComparer): boolean {
  if (before.stored === undefined || after.stored === undefined) return before.stored === after.stored;
  return documents.same(before.stored, after.stored);
}

/** Of the policies that grant admin, the ones this change brought (added, or with a new document), when any. */
function causes(granting: string[], policies: PermissionChange['policies']): string[] {
  const changed = new Set([...policies.added, ...policies.changed]);
  const brought = granting.filter((label) => changed.has(label));
  return brought.length > 0 ? brought : granting;
}

function policyChanges(before: PrincipalInputs, after: PrincipalInputs, documents: DocumentComparer): PermissionChange['policies'] {
  const old = new Map(before.policies.map((policy) => [policy.key, policy]));
  const now = new Map(after.policies.map((policy) => [policy.key, policy]));
  const labels = (policies: InputPolicy[]) => [...new Set(policies.map((policy) => policy.label))].sort(compare);
  return {
    added: labels([...now.values()].filter((policy) => !old.has(policy.key))),
    removed: labels([...old.values()].filter((policy) => !now.has(policy.key))),
    changed: labels([...now.values()].filter((policy) => { const previous = old.get(policy.key); return previous !== undefined && !sameStored(previous, policy, documents); })),
  };
}

function notEvaluated(sides: readonly PrincipalInputs[]): string[] {
  const labels = sides.flatMap((inputs) => inputs.policies.filter((policy) => policy.document === undefined).map((policy) => policy.label));
  return [...new Set(labels)].sort(compare);
}

/** Action full name → whether every allow of it is conditional. */
type GrantedActions = ReadonlyMap<string, boolean>;

const expandedByStatement = new WeakMap<NormalizedStatement, readonly string[]>();

/** The catalogue's actions an Allow statement names; shared across principals and both snapshots. */
function actionsOf(statement: NormalizedStatement): readonly string[] {
  let actions = expandedByStatement.get(statement);
  if (actions) return actions;
  if (statement.actions !== undefined && statement.notActions === undefined) {
    actions = [...new Set(statement.actions.flatMap((pattern) => actionCatalog.expand(pattern)))];
  } else if (statement.notActions !== undefined && statement.actions === undefined) {
    const excluded = statement.notActions;
    actions = actionCatalog
      .services()
      .flatMap((service) => actionCatalog.actions(service).map((info) => info.fullName))
      .filter((name) => !excluded.some((pattern) => wildcardMatch(pattern, name.toLowerCase())));
  } else {
    actions = [];
  }
  expandedByStatement.set(statement, actions);
  return actions;
}

function allowStatements(document: unknown): NormalizedStatement[] {
  return normalizePolicy(document).statements.filter((statement) => statement.effect === 'Allow');
}

/**
 * Every catalogue action the principal's identity policies allow, checked one by one with the evaluator (so
 * boundaries, SCPs and denies count), against the resources of the statements that name it. A readable
 * boundary narrows the candidates first: what it does not name cannot be allowed.
 */
function grantedActions(questions: PolicyQuestions, principal: EvaluatedPrincipal, inputs: PrincipalInputs): GrantedActions {
  const resourcesByAction = new Map<string, Array<string | undefined>>();
  for (const policy of inputs.policies) {
    if (policy.role !== 'identity' || policy.document === undefined) continue;
    for (const statement of allowStatements(policy.document)) {
      const resources = statement.resources ?? [undefined];
      for (const action of actionsOf(statement)) {
        const list = resourcesByAction.get(action);
        if (list) list.push(...resources);
        else resourcesByAction.set(action, [...resources]);
      }
    }
  }
  const boundary = inputs.policies.find((policy) => policy.role === 'boundary' && policy.document !== undefined);
  const bounded = boundary ? new Set(allowStatements(boundary.document).flatMap(actionsOf)) : undefined;
  const granted = new Map<string, boolean>();
  for (const [action, resources] of resourcesByAction) {
    if (bounded && !bounded.has(action)) continue;
    let allowed = false;
    let conditional = true;
    for (const resource of new Set(resources)) {
      const result = questions.can(principal, action, resource);
      if (result.decision !== 'allowed') continue;
      allowed = true;
      if (!result.conditional) {
        conditional = false;
        break;
      }
    }
    if (allowed) granted.set(action, conditional);
  }
  return granted;
}

const levelTotals = new Map<string, number>();

function totalOf(service: string, level: AccessLevel): number {
  const key = `${service}|${level}`;
  let total = levelTotals.get(key);
  if (total === undefined) {
    total = actionCatalog.actions(service).filter((info) => info.accessLevel === level).length;
    levelTotals.set(key, total);
  }
  return total;
}

/** Actions in `granted` and not in `baseline`, by service and access level. */
function summarise(granted: GrantedActions, baseline: GrantedActions): AccessChange[] {
  const groups = new Map<string, { service: string; level: AccessLevel; actions: string[]; conditional: boolean }>();
  for (const [action, conditional] of granted) {
    if (baseline.has(action)) continue;
    const info = actionCatalog.action(action);
    if (!info) continue;
    const key = `${info.service}|${info.accessLevel}`;
    const group = groups.get(key);
    if (group) {
      group.actions.push(info.fullName);
      group.conditional &&= conditional;
    } else {
      groups.set(key, { service: info.service, level: info.accessLevel, actions: [info.fullName], conditional });
    }
  }
  return [...groups.values()]
    .sort((a, b) => compare(a.service, b.service) || ACCESS_LEVEL_ORDER.indexOf(a.level) - ACCESS_LEVEL_ORDER.indexOf(b.level))
    .map((group) => ({
      service: group.service,
      accessLevel: group.level,
      count: group.actions.length,
      total: totalOf(group.service, group.level),
      actions: group.actions.sort(compare).slice(0, ACTION_SAMPLE_SIZE),
      conditional: group.conditional,
    }));
}

function refOf(principal: Principal): PrincipalRef {
  return { kind: principal.kind, id: principal.id, name: principal.name, accountId: principal.accountId };
}

const ADMIN_ORDER = { gained: 0, lost: 1 } as const;

function comparePermissionChanges(a: PermissionChange, b: PermissionChange): number {
  const rank = (change: PermissionChange) => (change.adminChange === null ? 2 : ADMIN_ORDER[change.adminChange]);
  const account = (change: PermissionChange) => change.principal.accountId ?? '~';
  return (
    rank(a) - rank(b) ||
    compare(account(a), account(b)) ||
    PRINCIPAL_KINDS.indexOf(a.principal.kind) - PRINCIPAL_KINDS.indexOf(b.principal.kind) ||
    compare(a.principal.name, b.principal.name) ||
    compare(a.principal.id, b.principal.id)
  );
}
