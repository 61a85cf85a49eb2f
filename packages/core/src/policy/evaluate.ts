import { wildcardMatch } from '../util/glob.js';
import { documentStatementsCovering, statementsCovering } from './action-index.js';
import type { ConditionContext, DateRange } from './conditions.js';
import { evaluateCondition } from './conditions.js';
import type { Effect, NormalizedPolicy, NormalizedPrincipal, NormalizedStatement } from './statements.js';
import { normalizePolicy, statementCoversAction } from './statements.js';
import type { RequestContext, Tristate } from './variables.js';
import { and3, contextView, matchResolved, not3, or3, resolveVariables } from './variables.js';

export interface PolicyInput {
  readonly id: string;
  readonly document: unknown;
}

/** Who makes the request; needed only to match `Principal`/`NotPrincipal` in resource policies and RCPs. */
export interface RequestPrincipal {
  /** The principal's ARN; for a role session, `arn:aws:sts::<account>:assumed-role/<role>/<session>`. */
  readonly arn?: string;
  readonly accountId?: string;
  /** For a service principal, e.g. `lambda.amazonaws.com`. */
  readonly service?: string;
}

export interface EvaluationContext extends RequestContext {
  /** Date keys the context has no value for but bounds, by name (case-insensitive). */
  readonly dateRanges?: Readonly<Record<string, DateRange>>;
}

export interface EvaluationRequest {
  readonly action: string;
  /** The resource ARN; omitted means "some resource": statements scoped to specific resources may apply. */
  readonly resource?: string;
  readonly principal?: RequestPrincipal;
  /** Omitted means nothing is known about the request: every condition may apply. */
  readonly context?: EvaluationContext;
  readonly identityPolicies: readonly PolicyInput[];
  readonly permissionsBoundary?: PolicyInput;
  /** One entry per level of the account's OU path (root, OUs, account), each the SCPs attached there. */
  readonly scps?: ReadonlyArray<readonly PolicyInput[]>;
  /** RCPs by level, like `scps`. */
  readonly rcps?: ReadonlyArray<readonly PolicyInput[]>;
  /** The organization's management account is not subject to SCPs or RCPs. */
  readonly managementAccount?: boolean;
  readonly resourcePolicy?: PolicyInput;
}

export type Decision = 'allowed' | 'denied' | 'implicitDeny';
export type PolicySource = 'identity' | 'permissionsBoundary' | 'scp' | 'rcp' | 'resource';

export interface DecidingStatement {
  readonly policyId: string;
  readonly statementIndex: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  readonly source: PolicySource;
  /** Whether this statement applies only under conditions not known from the request context. */
  readonly conditional: boolean;
}

export interface EvaluationResult {
  readonly decision: Decision;
  /**
   * For `allowed`: the request is allowed only under conditions the context does not settle (an allow that may
   * apply, or a deny that may apply). `denied` is never conditional: it takes a deny that surely applies.
   */
  readonly conditional: boolean;
  /** `denied`: the denying statements; `allowed`: the allows of each policy type, then the denies that may apply. */
  readonly decidedBy: readonly DecidingStatement[];
  /** For `implicitDeny`: the first policy type (in AWS's order) that gives no allow. */
  readonly missingAllow?: 'scp' | 'rcp' | 'permissionsBoundary' | 'identity';
  /** With `missingAllow` of `scp` or `rcp`: the index of the first OU-path level without an allow. */
  readonly level?: number;
}

interface Hit {
  readonly policy: PolicyInput;
  readonly statement: NormalizedStatement;
  readonly applies: true | 'unknown';
  readonly source: PolicySource;
}

interface Request {
  readonly action: string;
  readonly resource: string | undefined;
  readonly principal: RequestPrincipal | undefined;
  readonly context: ConditionContext;
}

/** The policies and context of a request, without its action and resource: what one principal asks everything with. */
export type RequestPolicies = Omit<EvaluationRequest, 'action' | 'resource'>;

/** AWS's policy evaluation logic for a request within one account. Pure; each document is normalised once. */
export function evaluateRequest(input: EvaluationRequest): EvaluationResult {
  return evaluateFor(input, input.action, input.resource);
}

/** The statements of each policy that may cover one action, as `coveringStatements` finds them. */
export type CoveringStatements = ReadonlyMap<PolicyInput, readonly NormalizedStatement[]>;

/**
 * `evaluateRequest` for one action (and resource, if known) under `input`'s policies and context. With `covering`
 * (from `coveringStatements` for the same input and action), the statements are not looked up again.
 */
export function evaluateFor(input: RequestPolicies, action: string, resource: string | undefined, covering?: CoveringStatements): EvaluationResult {
  const request: Request = {
    action: action.toLowerCase(),
    resource,
    principal: input.principal,
    context: conditionContext(input.context),
  };
  // Denies of every policy type, in the order the types are scanned: SCPs, RCPs, boundary, identity, resource.
  const denies: Hit[] = [];
  const organizational = !input.managementAccount;
  const scpLevels = organizational && input.scps !== undefined ? scanLevels(input.scps, 'scp', request, denies, covering) : NO_HITS;
  const rcpLevels = organizational && input.rcps !== undefined ? scanLevels(input.rcps, 'rcp', request, denies, covering) : NO_HITS;
  let boundaryAllows: Hit[] | undefined;
  if (input.permissionsBoundary) scanPolicy(input.permissionsBoundary, 'permissionsBoundary', request, (boundaryAllows = []), denies, covering);
  const grants: Hit[] = [];
  for (const policy of input.identityPolicies) scanPolicy(policy, 'identity', request, grants, denies, covering);
  if (input.resourcePolicy) scanPolicy(input.resourcePolicy, 'resource', request, grants, denies, covering);

  if (denies.length > 0) {
    const sureDenies = denies.filter((hit) => hit.applies === true);
    if (sureDenies.length > 0) return { decision: 'denied', conditional: false, decidedBy: sureDenies.map(toDeciding) };
  }

  const scpLevel = firstFailingLevel(scpLevels);
  if (scpLevel !== -1) return implicitDeny('scp', scpLevel);
  const rcpLevel = firstFailingLevel(rcpLevels);
  if (rcpLevel !== -1) return implicitDeny('rcp', rcpLevel);
  if (boundaryAllows && gate(boundaryAllows) === false) {
    return implicitDeny('permissionsBoundary');
  }
  let allowed: Tristate = gate(grants);
  if (allowed === false) return implicitDeny('identity');

  if (boundaryAllows) allowed = and3(allowed, gate(boundaryAllows));
  for (const level of scpLevels) allowed = and3(allowed, gate(level));
  for (const level of rcpLevels) allowed = and3(allowed, gate(level));
  // Allows of each policy type, then the denies that may apply.
  const decidedBy: DecidingStatement[] = grants.map(toDeciding);
  if (boundaryAllows) for (const hit of boundaryAllows) decidedBy.push(toDeciding(hit));
  for (const level of scpLevels) for (const hit of level) decidedBy.push(toDeciding(hit));
  for (const level of rcpLevels) for (const hit of level) decidedBy.push(toDeciding(hit));
  for (const hit of denies) decidedBy.push(toDeciding(hit));
  return {
    decision: 'allowed',
    conditional: allowed === 'unknown' || denies.length > 0,
    decidedBy,
  };
}

const NO_HITS: readonly Hit[][] = Object.freeze([]);

/** The allows of each level of SCPs or RCPs; their denies go to `denies`. */
function scanLevels(levels: ReadonlyArray<readonly PolicyInput[]>, source: PolicySource, request: Request, denies: Hit[], covering: CoveringStatements | undefined): Hit[][] {
  const allowsByLevel: Hit[][] = [];
  for (const level of levels) {
    const allows: Hit[] = [];
    for (const policy of level) scanPolicy(policy, source, request, allows, denies, covering);
    allowsByLevel.push(allows);
  }
  return allowsByLevel;
}

const conditionContexts = new WeakMap<EvaluationContext, ConditionContext>();

function conditionContext(context: EvaluationContext | undefined): ConditionContext {
  const view = contextView(context);
  if (context?.dateRanges === undefined) return view;
  let found = conditionContexts.get(context);
  if (!found) {
    const ranges = new Map(Object.entries(context.dateRanges).map(([key, range]) => [key.toLowerCase(), range]));
    found = { partial: view.partial, get: (keyLower) => view.get(keyLower), dateRange: (keyLower) => ranges.get(keyLower) };
    conditionContexts.set(context, found);
  }
  return found;
}

function gate(allows: readonly Hit[]): Tristate {
  if (allows.some((hit) => hit.applies === true)) return true;
  return allows.length > 0 ? 'unknown' : false;
}

function firstFailingLevel(levels: readonly (readonly Hit[])[]): number {
  return levels.findIndex((level) => gate(level) === false);
}

// Callers keep every answer they ask for (a principal with ReadOnlyAccess is asked thousands, most of them implicit
// denies), so those are shared, frozen objects rather than copies.
const implicitDenies = new Map<string, EvaluationResult>();

function implicitDeny(missingAllow: NonNullable<EvaluationResult['missingAllow']>, level?: number): EvaluationResult {
  const key = level === undefined ? missingAllow : `${missingAllow}|${level}`;
  let result = implicitDenies.get(key);
  if (!result) {
    const decidedBy: readonly DecidingStatement[] = Object.freeze([]);
    result = Object.freeze({ decision: 'implicitDeny', conditional: false, decidedBy, missingAllow, ...(level === undefined ? {} : { level }) });
    implicitDenies.set(key, result);
  }
  return result;
}

function toDeciding(hit: Hit): DecidingStatement {
  return {
    policyId: hit.policy.id,
    statementIndex: hit.statement.index,
    sid: hit.statement.sid,
    effect: hit.statement.effect as Effect,
    source: hit.source,
    conditional: hit.applies === 'unknown',
  };
}

const COVERS_NOTHING: CoveringStatements = new Map();

/**
 * The statements of each policy that takes part in requests for the action (lowercase) that may cover it. Policies
 * that cover none of it are left out (`scanPolicy` reads a missing entry as none): most actions asked of most
 * principals are covered by no statement at all, and those answers then share one empty table.
 */
export function coveringStatements(input: RequestPolicies, action: string): CoveringStatements {
  let covering: Map<PolicyInput, readonly NormalizedStatement[]> | undefined;
  const add = (policy: PolicyInput): void => {
    const statements = statementsOf(policy, action);
    if (statements.length > 0) (covering ??= new Map()).set(policy, statements);
  };
  for (const policy of input.identityPolicies) add(policy);
  if (input.permissionsBoundary) add(input.permissionsBoundary);
  if (input.resourcePolicy) add(input.resourcePolicy);
  if (!input.managementAccount) {
    for (const level of input.scps ?? []) for (const policy of level) add(policy);
    for (const level of input.rcps ?? []) for (const policy of level) add(policy);
  }
  return covering ?? COVERS_NOTHING;
}

/**
 * Whether every request for the action gets the same answer whatever its resource, known or not: each statement that
 * may cover it names no resource or names `*`. Conditions and principals are checked against the request's context
 * and principal only, never its resource.
 */
export function answerIgnoresResource(covering: CoveringStatements): boolean {
  for (const statements of covering.values()) for (const statement of statements) if (!statementIgnoresResource(statement)) return false;
  return true;
}

/** The statements of the policy that may cover the action: as `scanPolicy` looks them up. */
function statementsOf(policy: PolicyInput, action: string): readonly NormalizedStatement[] {
  if (typeof policy.document === 'object' && policy.document !== null) return documentStatementsCovering(policy.document, action);
  return normalizePolicy(policy.document).statements.filter((statement) => statement.effect !== undefined && statementCoversAction(statement, action));
}

/** `resourceMatches` gives the same for every resource: no Resource, both (never applies), or a `*` that matches all. */
function statementIgnoresResource(statement: NormalizedStatement): boolean {
  if (statement.resources === undefined || statement.notResources === undefined) {
    const patterns = statement.resources ?? statement.notResources;
    return patterns === undefined || patterns.some(matchesEveryResource);
  }
  return true;
}

/** Only stars and no policy variable: `resourcePatternMatches` says true for every resource and for an unknown one. */
function matchesEveryResource(pattern: string): boolean {
  return pattern !== '' && isOnlyStars(pattern, undefined);
}

function scanPolicy(policy: PolicyInput, source: PolicySource, request: Request, allows: Hit[], denies: Hit[], coveringAll: CoveringStatements | undefined): void {
  const covering = coveringAll?.get(policy);
  // Built for these very policies, the table leaves out those that cover nothing of the action (see coveringStatements).
  if (coveringAll !== undefined && covering === undefined) return;
  const normalized = normalizePolicy(policy.document);
  const checksPrincipal = source === 'resource' || source === 'rcp';
  // A parsed document is normalised once and indexed by action; JSON text is normalised anew on every call, so
  // indexing it would cost more than the scan it saves.
  const indexed = covering !== undefined || (typeof policy.document === 'object' && policy.document !== null);
  for (const statement of covering ?? (indexed ? statementsCovering(normalized, request.action) : normalized.statements)) {
    const applies = statementApplies(statement, normalized, request, checksPrincipal, indexed);
    if (applies === false) continue;
    const hit: Hit = { policy, statement, applies, source };
    if (statement.effect === 'Deny') denies.push(hit);
    else allows.push(hit);
  }
}

/** Whether a statement applies to the request; ordered cheapest first. `covered`: the action is known to be covered. */
function statementApplies(
  statement: NormalizedStatement,
  policy: NormalizedPolicy,
  request: Request,
  checksPrincipal: boolean,
  covered: boolean,
): Tristate {
  if (statement.effect === undefined) return false;
  if (!covered && !statementCoversAction(statement, request.action)) return false;
  let applies = resourceMatches(statement, policy, request);
  if (applies === false) return false;
  if (checksPrincipal) {
    applies = and3(applies, principalMatches(statement, request.principal));
    if (applies === false) return false;
  }
  for (const condition of statement.conditions) {
    applies = and3(applies, evaluateCondition(condition, request.context, policy.variablesEnabled));
    if (applies === false) return false;
  }
  return applies;
}

function resourceMatches(statement: NormalizedStatement, policy: NormalizedPolicy, request: Request): Tristate {
  if (statement.resources !== undefined && statement.notResources !== undefined) return false;
  // Trust policies and SCPs may omit Resource: the statement covers whatever the request is about.
  if (statement.resources === undefined && statement.notResources === undefined) return true;
  const negated = statement.resources === undefined;
  const patterns = statement.resources ?? statement.notResources ?? [];
  let result: Tristate = false;
  for (const pattern of patterns) {
    result = or3(result, resourcePatternMatches(pattern, policy, request));
    if (result === true) break;
  }
  return negated ? not3(result) : result;
}

function resourcePatternMatches(pattern: string, policy: NormalizedPolicy, request: Request): Tristate {
  const resolved = policy.variablesEnabled ? resolveVariables(pattern, request.context) : { text: pattern, literal: undefined };
  if (resolved === 'missing') return false;
  if (resolved === 'unknown') return 'unknown';
  if (request.resource === undefined) return isOnlyStars(resolved.text, resolved.literal) ? true : 'unknown';
  return resolved.literal ? matchResolved(resolved, request.resource) : wildcardMatch(resolved.text, request.resource);
}

function isOnlyStars(text: string, literal: readonly boolean[] | undefined): boolean {
  if (text === '') return false;
  for (let i = 0; i < text.length; i++) if (text[i] !== '*' || literal?.[i]) return false;
  return true;
}

function principalMatches(statement: NormalizedStatement, principal: RequestPrincipal | undefined): Tristate {
  if (statement.principal !== undefined) {
    if (statement.principal.wildcard) return true;
    if (principal === undefined) return 'unknown';
    const match = matchPrincipal(statement.principal, principal);
    // Naming the account delegates to its identity policies: it denies, but does not grant on its own.
    return match === 'exact' || (match === 'account' && statement.effect === 'Deny');
  }
  if (statement.notPrincipal !== undefined) {
    if (statement.notPrincipal.wildcard) return false;
    if (principal === undefined) return 'unknown';
    return matchPrincipal(statement.notPrincipal, principal) !== 'exact';
  }
  return true;
}

function matchPrincipal(listed: NormalizedPrincipal, principal: RequestPrincipal): 'exact' | 'account' | false {
  let account = false;
  const roleArn = principal.arn === undefined ? undefined : roleOfSession(principal.arn);
  for (const value of listed.byType.get('AWS') ?? []) {
    if (value === principal.arn || (roleArn !== undefined && value === roleArn)) return 'exact';
    if (principal.accountId !== undefined && accountOf(value) === principal.accountId) account = true;
  }
  const service = principal.service?.toLowerCase();
  if (service !== undefined && (listed.byType.get('Service') ?? []).some((value) => value.toLowerCase() === service)) {
    return 'exact';
  }
  return account ? 'account' : false;
}

function accountOf(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  const match = /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(value);
  return match?.[1];
}

/** `arn:aws:sts::1:assumed-role/name/session` → `arn:aws:iam::1:role/name` (role path is not in the session ARN). */
function roleOfSession(arn: string): string | undefined {
  const match = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(arn);
  return match ? `arn:${match[1]}:iam::${match[2]}:role/${match[3]}` : undefined;
}
