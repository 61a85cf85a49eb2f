import { RecentBuckets } from '../../util/collections.js';
import { compare } from '../../util/compare.js';
import { wildcardMatch } from '../../util/glob.js';
import type { AccessLevel, ActionInfo } from '../catalog.js';
import { actionCatalog } from '../catalog.js';
import type { EvaluationResult, PolicyInput } from '../evaluate.js';
import { evaluateFor } from '../evaluate.js';
import type { NormalizedPolicy, NormalizedStatement } from '../statements.js';
import { normalizePolicy, statementCoversAction } from '../statements.js';
import { isIndexed, statementsCovering } from '../action-index.js';
import type { PrincipalInputs } from './inputs.js';
import { IdentityIds, namesPrincipals, requestPolicies } from './input-answers.js';
import { push } from '../../util/collections.js';
import { ANY_RESOURCE, type PrincipalState } from './principal-state.js';
import type { GrantedService } from './types.js';

const ACCESS_LEVEL_ORDER: readonly AccessLevel[] = ['Permissions management', 'Write', 'Tagging', 'Read', 'List'];

/** After a level's first conditional grant, how many more actions to try for an unconditional one. */
const CONDITIONAL_SEARCH_LIMIT = 32;

const DOCUMENT_SETS_KEPT = 4096;
const STATEMENTS_KEPT = 16_384;

/**
 * Granted services by the set of documents that decide them. The answer depends only on the documents (identity,
 * boundary, SCP and RCP levels), the request context and whether the account is the management account, and on the
 * principal only where a statement names principals: the same roles in a thousand accounts share one answer.
 */
export class GrantedServicesBySet {
  // Sets of AWS managed documents repeat in every account; sets with an account's own policies are asked about while
  // the runner is in that account. The most recently used thousands are kept.
  private readonly bySet = new RecentBuckets<string, DocumentSetServices>(DOCUMENT_SETS_KEPT);
  /** Each statement's candidate actions, shared by the sets that hold it (AWS managed statements by every account). */
  private readonly candidates = new RecentBuckets<NormalizedStatement, StatementCandidates>(STATEMENTS_KEPT);
  private readonly candidatesOf: CandidatesOf = (statement) => this.candidates.get(statement, () => new StatementCandidates(statement));
  private readonly ids = new IdentityIds();
  private readonly named = new NamedActions();

  /** Every granted service, or only those of `among` (lowercase names): the escalation search needs a dozen. */
  of(state: PrincipalState, among?: ReadonlySet<string>): readonly GrantedService[] {
    if (state.services) return among ? state.services.filter((granted) => among.has(granted.service.toLowerCase())) : state.services;
    const set = this.setOf(state);
    if (among) return set.among(among);
    state.services = set.all();
    return state.services;
  }

  /** The services of `among` (lowercase) that `of(state, among)` would list, without working out their access levels. */
  names(state: PrincipalState, among: ReadonlySet<string>): ReadonlySet<string> {
    return this.setOf(state).grantingAny(among);
  }

  /** The actions of `among` some Allow statement of the identity policies covers (see PolicyQuestions.namedActions). */
  namedActions(state: PrincipalState, among: ReadonlySet<string>): ReadonlySet<string> {
    return this.named.of(state.inputs, among);
  }

  private setOf(state: PrincipalState): DocumentSetServices {
    let set = state.answers.grantedServices as DocumentSetServices | undefined;
    if (!set) {
      const { inputs } = state;
      set = this.bySet.get(this.keyOf(inputs), () => new DocumentSetServices(inputs, this.candidatesOf));
      state.answers.grantedServices = set;
    }
    return set;
  }

  private keyOf(inputs: PrincipalInputs): string {
    const documents = (policies: readonly PolicyInput[]) => policies.map((policy) => this.ids.of(policy.document)).join(',');
    const identity = inputs.identityPolicies.map((policy) => `${this.ids.of(policy.document)}${inputs.synthetic.has(policy.id) ? 's' : ''}`).join(',');
    const all = [...inputs.identityPolicies, ...(inputs.permissionsBoundary ? [inputs.permissionsBoundary] : []), ...inputs.scps.levels.flat(), ...inputs.rcps.levels.flat()];
    const principal = all.some((policy) => namesPrincipals(policy.document)) ? JSON.stringify(inputs.requestPrincipal ?? null) : '';
    return [
      identity,
      inputs.permissionsBoundary ? this.ids.of(inputs.permissionsBoundary.document) : '',
      inputs.scps.levels.map(documents).join(';'),
      inputs.rcps.levels.map(documents).join(';'),
      inputs.managementAccount ? 'm' : '',
      this.ids.of(inputs.context),
      principal,
    ].join('|');
  }
}

/** What one set of documents grants, service by service, each computed when first asked. */
class DocumentSetServices {
  /** The Allow statements of the principal's own identity policies. */
  private readonly statements: readonly NormalizedStatement[];
  private readonly answers = new Map<string, GrantedService | null>();
  /** Whether anything is granted in a service, for services whose full answer was not needed. */
  private readonly anyGranted = new Map<string, boolean>();
  /** By the set of services asked about: the escalation search asks the same set of every principal. */
  private readonly granting = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();
  private everything: readonly GrantedService[] | undefined;
  /** The statements' candidates, looked up once for every service asked about. */
  private statementCandidates: readonly StatementCandidates[] | undefined;

  constructor(
    private readonly inputs: PrincipalInputs,
    private readonly candidatesOf: CandidatesOf,
  ) {
    this.statements = inputs.identityPolicies
      .filter((policy) => !inputs.synthetic.has(policy.id))
      .flatMap((policy) => normalizePolicy(policy.document).statements)
      .filter((statement) => statement.effect === 'Allow');
  }

  all(): readonly GrantedService[] {
    if (this.everything) return this.everything;
    const services = new Set<string>();
    for (const statement of this.statements) for (const service of this.candidatesOf(statement).services()) services.add(service);
    this.everything = [...services].flatMap((service) => this.answer(service) ?? []).sort((a, b) => compare(a.service, b.service));
    return this.everything;
  }

  /** Catalogue service names are lowercase, as `among` is. */
  among(services: ReadonlySet<string>): readonly GrantedService[] {
    const found: GrantedService[] = [];
    for (const service of services) {
      const answer = this.answer(service);
      if (answer) found.push(answer);
    }
    return found.sort((a, b) => compare(a.service, b.service));
  }

  /** The services of `services` that `among` would list: one allowed request in each is enough. */
  grantingAny(services: ReadonlySet<string>): ReadonlySet<string> {
    let found = this.granting.get(services);
    if (!found) {
      found = new Set([...services].filter((service) => this.grantsAny(service)));
      this.granting.set(services, found);
    }
    return found;
  }

  private grantsAny(service: string): boolean {
    const answer = this.answers.get(service);
    if (answer !== undefined) return answer !== null;
    let grants = this.anyGranted.get(service);
    if (grants === undefined) {
      this.statementCandidates ??= this.statements.map(this.candidatesOf);
      const statements = this.statements.filter((_, position) => this.statementCandidates?.[position]?.in(service) !== undefined);
      grants = statements.length > 0 && grantsAnyIn(this.inputs, service, statements, this.candidatesOf);
      this.anyGranted.set(service, grants);
    }
    return grants;
  }

  private answer(service: string): GrantedService | null {
    let answer = this.answers.get(service);
    if (answer === undefined) {
      this.statementCandidates ??= this.statements.map(this.candidatesOf);
      const statements = this.statements.filter((_, position) => this.statementCandidates?.[position]?.in(service) !== undefined);
      answer = statements.length === 0 ? null : grantedIn(this.inputs, service, statements, this.candidatesOf);
      this.answers.set(service, answer);
    }
    return answer;
  }
}

/** Whether the documents allow something in one service, at which access levels, and whether only under conditions. */
function grantedIn(inputs: PrincipalInputs, service: string, serviceStatements: readonly NormalizedStatement[], candidatesOf: CandidatesOf): GrantedService | null {
  // Answers are kept for this service's search only: each action is asked once per document set, not per principal.
  const policies = requestPolicies(inputs);
  const answers = new Map<string, EvaluationResult>();
  const evaluate = (action: string, resource: string | undefined): EvaluationResult => {
    const lower = action.toLowerCase();
    const key = resource === undefined ? lower : `${lower} ${resource}`;
    let result = answers.get(key);
    if (!result) answers.set(key, (result = evaluateFor(policies, lower, resource)));
    return result;
  };
  const accessLevels: AccessLevel[] = [];
  let unconditional = false;
  for (const level of ACCESS_LEVEL_ORDER) {
    const found = searchLevel(evaluate, serviceStatements, service, level, candidatesOf);
    if (found === undefined) continue;
    accessLevels.push(level);
    if (found === 'allowed') unconditional = true;
  }
  return accessLevels.length > 0 ? { service, accessLevels, conditional: !unconditional } : null;
}

/**
 * Whether `grantedIn` would find something: some candidate action allowed, under conditions or not, at some level. It
 * stops at the first, where `grantedIn` goes on to tell the levels apart and look for an unconditional grant.
 */
function grantsAnyIn(inputs: PrincipalInputs, service: string, serviceStatements: readonly NormalizedStatement[], candidatesOf: CandidatesOf): boolean {
  const policies = requestPolicies(inputs);
  for (const level of ACCESS_LEVEL_ORDER) {
    for (const statement of serviceStatements) {
      const actions = candidatesOf(statement).in(service)?.get(level) ?? [];
      const resources = statement.resources ?? [ANY_RESOURCE];
      for (const action of actions) {
        for (const resource of resources) {
          if (evaluateFor(policies, action.fullName.toLowerCase(), resource).decision === 'allowed') return true;
        }
      }
    }
  }
  return false;
}

function searchLevel(
  evaluate: (action: string, resource: string | undefined) => EvaluationResult,
  statements: readonly NormalizedStatement[],
  service: string,
  level: AccessLevel,
  candidatesOf: CandidatesOf,
): 'allowed' | 'conditional' | undefined {
  let conditionalFound = false;
  let budget = CONDITIONAL_SEARCH_LIMIT;
  for (const statement of statements) {
    const actions = candidatesOf(statement).in(service)?.get(level) ?? [];
    const resources = statement.resources ?? [ANY_RESOURCE];
    for (const action of actions) {
      for (const resource of resources) {
        const result = evaluate(action.fullName, resource);
        if (result.decision !== 'allowed') continue;
        if (!result.conditional) return 'allowed';
        conditionalFound = true;
      }
      if (conditionalFound && --budget <= 0) return 'conditional';
    }
  }
  return conditionalFound ? 'conditional' : undefined;
}

/**
 * Which of a set of actions some Allow statement of the identity policies covers. The evaluator allows a request only
 * when an identity policy's Allow statement covers its action, whatever else the request holds; reading that off the
 * documents takes no evaluation, and each document's answer is shared by every principal that holds it.
 */
class NamedActions {
  private readonly lists = new WeakMap<ReadonlySet<string>, ActionList>();

  of(inputs: PrincipalInputs, among: ReadonlySet<string>): ReadonlySet<string> {
    let list = this.lists.get(among);
    if (!list) this.lists.set(among, (list = new ActionList(among)));
    const named = new Set<string>();
    for (const policy of inputs.identityPolicies) for (const action of list.namedBy(policy.document)) named.add(action);
    return named;
  }
}

const NOTHING_NAMED: ReadonlySet<string> = new Set();

/** The actions asked about (as given, and lowercase), and what each document names of them. */
class ActionList {
  private readonly every: ReadonlyArray<readonly [string, string]>;
  /** By service prefix: a pattern whose service part is literal covers only actions of that service. */
  private readonly byService = new Map<string, Array<readonly [string, string]>>();
  private readonly byDocument = new WeakMap<NormalizedPolicy, ReadonlySet<string>>();

  constructor(actions: ReadonlySet<string>) {
    this.every = [...actions].map((action) => [action, action.toLowerCase()] as const);
    for (const pair of this.every) push(this.byService, pair[1].slice(0, pair[1].indexOf(':')), pair);
  }

  namedBy(document: unknown): ReadonlySet<string> {
    const policy = normalizePolicy(document);
    let named = this.byDocument.get(policy);
    if (!named) {
      named = this.namedIn(policy);
      this.byDocument.set(policy, named);
    }
    return named;
  }

  private namedIn(policy: NormalizedPolicy): ReadonlySet<string> {
    const named = new Set<string>();
    // A document with many patterns per action asked about (AWS managed ones list thousands) is answered by the
    // evaluator's action index, a few lookups per action; reading a smaller one pattern by pattern costs less.
    if (patternCount(policy) >= PATTERNS_PER_ASKED_ACTION * this.every.length && isIndexed(policy)) {
      for (const [action, lower] of this.every) if (statementsCovering(policy, lower).some(isAllow)) named.add(action);
      return named.size === 0 ? NOTHING_NAMED : named;
    }
    for (const statement of policy.statements) {
      if (statement.effect !== 'Allow') continue;
      for (const [action, lower] of this.candidates(statement)) {
        if (!named.has(action) && statementCoversAction(statement, lower)) named.add(action);
      }
    }
    return named.size === 0 ? NOTHING_NAMED : named;
  }

  private candidates(statement: NormalizedStatement): Iterable<readonly [string, string]> {
    if (statement.actions === undefined || statement.notActions !== undefined) return this.every;
    const found = new Set<readonly [string, string]>();
    for (const pattern of statement.actions) {
      const colon = pattern.indexOf(':');
      const service = colon === -1 ? pattern : pattern.slice(0, colon);
      if (colon === -1 || /[*?]/.test(service)) return this.every;
      for (const pair of this.byService.get(service) ?? []) found.add(pair);
    }
    return found;
  }
}

const isAllow = (statement: NormalizedStatement): boolean => statement.effect === 'Allow';

/** Below this many patterns per action asked, reading the statements costs less than a lookup per action. */
const PATTERNS_PER_ASKED_ACTION = 4;

function patternCount(policy: NormalizedPolicy): number {
  let patterns = 0;
  for (const statement of policy.statements) patterns += (statement.actions?.length ?? 0) + (statement.notActions?.length ?? 0);
  return patterns;
}

type ByLevel = ReadonlyMap<AccessLevel, readonly ActionInfo[]>;
type CandidatesOf = (statement: NormalizedStatement) => StatementCandidates;

/**
 * The catalogue's actions an Allow statement names, by service and access level. The escalation search asks about a
 * dozen services: each is expanded when first asked, not the thousands of actions `*:Describe*` names elsewhere.
 */
class StatementCandidates {
  private readonly byService = new Map<string, ByLevel | null>();
  private everyService: readonly string[] | undefined;
  /** The services an Action list names outright (`iam:Get*`), or 'any' if a pattern's service part has a wildcard. */
  private named: ReadonlySet<string> | 'any' | undefined;

  constructor(private readonly statement: NormalizedStatement) {}

  /** The candidates in one service (a lowercase catalogue prefix), or undefined if the statement names none. */
  in(service: string): ByLevel | undefined {
    let found = this.byService.get(service);
    if (found === undefined) {
      found = this.mayName(service) ? candidatesIn(this.statement, service) : null;
      this.byService.set(service, found);
    }
    return found ?? undefined;
  }

  private mayName(service: string): boolean {
    this.named ??= namedServices(this.statement);
    return this.named === 'any' || this.named.has(service);
  }

  services(): readonly string[] {
    if (this.everyService === undefined) {
      const grouped = groupCandidates(this.statement);
      for (const [service, levels] of grouped) this.byService.set(service, levels);
      this.everyService = [...grouped.keys()];
    }
    return this.everyService;
  }
}

/** By service, then pattern. */
const patternActions = new Map<string, Map<string, readonly ActionInfo[]>>();
/** Patterns kept per service: the patterns of a thousand accounts' own policies repeat, but not all. */
const PATTERN_ACTIONS_KEPT = 16_384;

/** The catalogue's actions of one service that an Action pattern names, in catalogue order. */
function actionsIn(pattern: string, service: string): readonly ActionInfo[] {
  let byPattern = patternActions.get(service);
  if (!byPattern) patternActions.set(service, (byPattern = new Map()));
  let found = byPattern.get(pattern);
  if (found === undefined) {
    found = actionCatalog.expandIn(pattern, service).flatMap((fullName) => {
      const info = actionCatalog.action(fullName);
      return info && info.service === service ? [info] : [];
    });
    if (byPattern.size >= PATTERN_ACTIONS_KEPT) byPattern.clear();
    byPattern.set(pattern, found);
  }
  return found;
}

/** A pattern with a literal service part other than `service` (`s3:Get*` asked about iam) names none of its actions. */
function namesOtherService(pattern: string, service: string): boolean {
  const colon = pattern.indexOf(':');
  if (colon === -1) return false;
  const prefix = pattern.slice(0, colon);
  return !/[*?]/.test(prefix) && prefix.toLowerCase() !== service;
}

function namedServices(statement: NormalizedStatement): ReadonlySet<string> | 'any' {
  if (statement.actions === undefined || statement.notActions !== undefined) return 'any';
  const named = new Set<string>();
  for (const pattern of statement.actions) {
    const colon = pattern.indexOf(':');
    const prefix = colon === -1 ? pattern : pattern.slice(0, colon);
    if (colon === -1 || /[*?]/.test(prefix)) return 'any';
    named.add(prefix.toLowerCase());
  }
  return named;
}

function addByLevel(levels: Map<AccessLevel, ActionInfo[]>, info: ActionInfo): void {
  const list = levels.get(info.accessLevel);
  if (list) list.push(info);
  else levels.set(info.accessLevel, [info]);
}

/** `groupCandidates(statement).get(service)`, in the same order, expanding the statement's patterns in that service only. */
function candidatesIn(statement: NormalizedStatement, service: string): ByLevel | null {
  const levels = new Map<AccessLevel, ActionInfo[]>();
  const add = (info: ActionInfo) => addByLevel(levels, info);
  if (statement.actions !== undefined && statement.notActions === undefined) {
    const seen = new Set<string>();
    for (const pattern of statement.actions) {
      if (namesOtherService(pattern, service)) continue;
      for (const info of actionsIn(pattern, service)) {
        if (!seen.has(info.fullName)) {
          seen.add(info.fullName);
          add(info);
        }
      }
    }
  } else if (statement.notActions !== undefined && statement.actions === undefined) {
    const excluded = statement.notActions;
    for (const info of actionCatalog.actions(service)) {
      const lower = info.fullName.toLowerCase();
      if (!excluded.some((pattern) => wildcardMatch(pattern, lower))) add(info);
    }
  }
  return levels.size === 0 ? null : levels;
}

/** The catalogue's actions an Allow statement names, by service and access level. */
function groupCandidates(statement: NormalizedStatement): ReadonlyMap<string, ByLevel> {
  const grouped = new Map<string, Map<AccessLevel, ActionInfo[]>>();
  const add = (info: ActionInfo) => {
    let levels = grouped.get(info.service);
    if (!levels) grouped.set(info.service, (levels = new Map()));
    addByLevel(levels, info);
  };
  if (statement.actions !== undefined && statement.notActions === undefined) {
    const seen = new Set<string>();
    for (const pattern of statement.actions) {
      for (const fullName of actionCatalog.expand(pattern)) {
        const info = actionCatalog.action(fullName);
        if (info && !seen.has(info.fullName)) {
          seen.add(info.fullName);
          add(info);
        }
      }
    }
  } else if (statement.notActions !== undefined && statement.actions === undefined) {
    const excluded = statement.notActions;
    for (const service of actionCatalog.services()) {
      for (const info of actionCatalog.actions(service)) {
        const lower = info.fullName.toLowerCase();
        if (!excluded.some((pattern) => wildcardMatch(pattern, lower))) add(info);
      }
    }
  }
  return grouped;
}
