import { push } from '../../util/collections.js';
import { compare } from '../../util/compare.js';
import { wildcardMatch } from '../../util/glob.js';
import type { AccessLevel, ActionInfo } from '../catalog.js';
import { actionCatalog } from '../catalog.js';
import type { NormalizedStatement } from '../statements.js';
import { normalizePolicy } from '../statements.js';
import { ANY_RESOURCE, evaluate, type PrincipalState } from './principal-state.js';
import type { GrantedService } from './types.js';

const ACCESS_LEVEL_ORDER: readonly AccessLevel[] = ['Permissions management', 'Write', 'Tagging', 'Read', 'List'];

/** After a level's first conditional grant, how many more actions to try for an unconditional one. */
const CONDITIONAL_SEARCH_LIMIT = 32;

/** The services an identity policy allows something in, with the access levels reached, memoised in the state. */
export function grantedServicesOf(state: PrincipalState): readonly GrantedService[] {
  if (state.services) return state.services;
  const granted: GrantedService[] = [];
  for (const [service, serviceStatements] of statementsByService(state)) {
    const accessLevels: AccessLevel[] = [];
    let unconditional = false;
    for (const level of ACCESS_LEVEL_ORDER) {
      const found = searchLevel(state, serviceStatements, service, level);
      if (found === undefined) continue;
      accessLevels.push(level);
      if (found === 'allowed') unconditional = true;
    }
    if (accessLevels.length > 0) granted.push({ service, accessLevels, conditional: !unconditional });
  }
  granted.sort((a, b) => compare(a.service, b.service));
  state.services = granted;
  return granted;
}

/**
 * Whether anything in one service is allowed. The escalation search asks this of a dozen services per principal:
 * every level of every service a policy names (all of them for `*`) was most of an audit's time.
 */
export function grantsIn(state: PrincipalState, service: string): boolean {
  if (state.services) return state.services.some((granted) => granted.service.toLowerCase() === service);
  const grants = (state.grants ??= new Map());
  let answer = grants.get(service);
  if (answer === undefined) {
    const candidates = (statement: NormalizedStatement) => serviceCandidatesOf(statement, service);
    const statements = allowStatements(state).filter((statement) => candidates(statement).size > 0);
    answer = ACCESS_LEVEL_ORDER.some((level) => searchLevel(state, statements, service, level, candidates) !== undefined);
    grants.set(service, answer);
  }
  return answer;
}

function allowStatements(state: PrincipalState): readonly NormalizedStatement[] {
  return (state.allowStatements ??= state.inputs.identityPolicies
    .filter((policy) => !state.inputs.synthetic.has(policy.id))
    .flatMap((policy) => normalizePolicy(policy.document).statements)
    .filter((statement) => statement.effect === 'Allow'));
}

function statementsByService(state: PrincipalState): ReadonlyMap<string, readonly NormalizedStatement[]> {
  const byService = new Map<string, NormalizedStatement[]>();
  for (const statement of allowStatements(state)) {
    for (const service of candidatesOf(statement).keys()) push(byService, service, statement);
  }
  return byService;
}

function searchLevel(
  state: PrincipalState,
  statements: readonly NormalizedStatement[],
  service: string,
  level: AccessLevel,
  candidates: (statement: NormalizedStatement) => ReadonlyMap<AccessLevel, readonly ActionInfo[]> | undefined = (statement) => candidatesOf(statement).get(service),
): 'allowed' | 'conditional' | undefined {
  let conditionalFound = false;
  let budget = CONDITIONAL_SEARCH_LIMIT;
  for (const statement of statements) {
    const actions = candidates(statement)?.get(level) ?? [];
    const resources = statement.resources ?? [ANY_RESOURCE];
    for (const action of actions) {
      for (const resource of resources) {
        const result = evaluate(state, action.fullName, resource);
        if (result.decision !== 'allowed') continue;
        if (!result.conditional) return 'allowed';
        conditionalFound = true;
      }
      if (conditionalFound && --budget <= 0) return 'conditional';
    }
  }
  return conditionalFound ? 'conditional' : undefined;
}

type Candidates = ReadonlyMap<string, ReadonlyMap<AccessLevel, readonly ActionInfo[]>>;
const candidatesByStatement = new WeakMap<NormalizedStatement, Candidates>();
const serviceCandidatesByStatement = new WeakMap<NormalizedStatement, Map<string, ReadonlyMap<AccessLevel, readonly ActionInfo[]>>>();
const NO_CANDIDATES: ReadonlyMap<AccessLevel, readonly ActionInfo[]> = new Map();

/** candidatesOf(statement).get(service), found without listing the other services' actions (all of them for `*`). */
function serviceCandidatesOf(statement: NormalizedStatement, service: string): ReadonlyMap<AccessLevel, readonly ActionInfo[]> {
  const all = candidatesByStatement.get(statement);
  if (all) return all.get(service) ?? NO_CANDIDATES;
  let byService = serviceCandidatesByStatement.get(statement);
  if (!byService) serviceCandidatesByStatement.set(statement, (byService = new Map()));
  let levels = byService.get(service);
  if (levels) return levels;
  const grouped = new Map<AccessLevel, ActionInfo[]>();
  const add = (info: ActionInfo) => push(grouped, info.accessLevel, info);
  if (statement.actions !== undefined && statement.notActions === undefined) {
    const seen = new Set<string>();
    for (const pattern of statement.actions) {
      for (const fullName of actionCatalog.expandIn(pattern, service)) {
        const info = actionCatalog.action(fullName);
        if (info && info.service === service && !seen.has(info.fullName)) {
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
  levels = grouped;
  byService.set(service, levels);
  return levels;
}

/** The catalogue's actions an Allow statement names, by service and access level; shared by every principal. */
function candidatesOf(statement: NormalizedStatement): Candidates {
  let candidates = candidatesByStatement.get(statement);
  if (candidates) return candidates;
  const grouped = new Map<string, Map<AccessLevel, ActionInfo[]>>();
  const add = (info: ActionInfo) => {
    let levels = grouped.get(info.service);
    if (!levels) grouped.set(info.service, (levels = new Map()));
    const list = levels.get(info.accessLevel);
    if (list) list.push(info);
    else levels.set(info.accessLevel, [info]);
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
  candidates = grouped;
  candidatesByStatement.set(statement, candidates);
  return candidates;
}
