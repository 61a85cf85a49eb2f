import { push } from '../util/collections.js';
import { wildcardMatch } from '../util/glob.js';
import type { NormalizedPolicy, NormalizedStatement } from './statements.js';
import { normalizePolicy, statementCoversAction } from './statements.js';

/**
 * The statements of one normalised document, indexed by the actions they name, so a request looks at the few
 * statements that can cover its action instead of every pattern of every statement (AWS managed policies name
 * thousands). Built once per distinct document object and shared by every principal and account that holds it;
 * the answer for each action is kept, since the same few thousand actions are asked of the same documents.
 */
interface ActionIndex {
  /** Patterns without wildcards: the action itself → statements naming it. */
  readonly exact: Map<string, number[]>;
  /** Patterns with a literal service prefix (`s3:get*`): service → [pattern, statement] pairs. */
  readonly byService: Map<string, Array<readonly [string, number]>>;
  /** Patterns with a wildcard in the service part (`*`, `*:get*`), or without a colon. */
  readonly anyService: Array<readonly [string, number]>;
  /** NotAction statements: they cover whatever their patterns leave out. */
  readonly notAction: number[];
  /** Answers by action, for documents with enough patterns that looking again costs more than keeping them. */
  readonly answers: Map<string, readonly NormalizedStatement[]> | undefined;
}

/**
 * Below this many patterns a lookup is a few comparisons: keeping every answer of every small customer policy of a
 * thousand accounts would cost more memory than it saves time. AWS managed documents, shared by every account, keep theirs.
 */
const ANSWERS_KEPT_FROM_PATTERNS = 64;

/**
 * Below this many patterns a document is scanned, not indexed: most customer and inline policies name a few actions,
 * a scan of them costs a few comparisons, and an index of each of the tens of thousands a large organization holds
 * stayed on the heap for as long as the model.
 */
const INDEXED_FROM_PATTERNS = 16;

const NONE: readonly NormalizedStatement[] = Object.freeze([]);
const indexes = new WeakMap<NormalizedPolicy, ActionIndex>();

/**
 * The statements of a document that cover an action (lowercase), in document order: exactly those for which
 * `statementCoversAction` holds. Statements without a valid Effect are left out, as they never apply.
 */
export function statementsCovering(policy: NormalizedPolicy, action: string): readonly NormalizedStatement[] {
  const index = indexFor(policy);
  return index ? answerOf(policy, index, action) : scan(policy, action);
}

/**
 * Whether the document is large enough to be indexed (the index is then built, if it was not yet): asked action by
 * action, it answers by lookup; a smaller document is quicker read pattern by pattern.
 */
export function isIndexed(policy: NormalizedPolicy): boolean {
  return indexFor(policy) !== undefined;
}

const byDocument = new WeakMap<object, { readonly policy: NormalizedPolicy; readonly index: ActionIndex }>();

/** `statementsCovering` of a parsed document's normalised form: one lookup for the document instead of two. */
export function documentStatementsCovering(document: object, action: string): readonly NormalizedStatement[] {
  let indexed = byDocument.get(document);
  if (!indexed) {
    const policy = normalizePolicy(document);
    const index = indexFor(policy);
    if (!index) return scan(policy, action);
    byDocument.set(document, (indexed = { policy, index }));
  }
  return answerOf(indexed.policy, indexed.index, action);
}

/** The document's index, built on first use; none for a document with too few patterns to be worth one. */
function indexFor(policy: NormalizedPolicy): ActionIndex | undefined {
  let index = indexes.get(policy);
  if (!index) {
    if (patternCount(policy) < INDEXED_FROM_PATTERNS) return undefined;
    indexes.set(policy, (index = buildIndex(policy)));
  }
  return index;
}

function answerOf(policy: NormalizedPolicy, index: ActionIndex, action: string): readonly NormalizedStatement[] {
  if (index.answers === undefined) return lookUp(policy, index, action);
  let answer = index.answers.get(action);
  if (answer === undefined) {
    answer = lookUp(policy, index, action);
    index.answers.set(action, answer);
  }
  return answer;
}

function patternCount(policy: NormalizedPolicy): number {
  let patterns = 0;
  for (const statement of policy.statements) patterns += (statement.actions?.length ?? 0) + (statement.notActions?.length ?? 0);
  return patterns;
}

/** What an index lookup gives, by the definition it stands for; nothing allocated when no statement covers the action. */
function scan(policy: NormalizedPolicy, action: string): readonly NormalizedStatement[] {
  let found: NormalizedStatement[] | undefined;
  for (const statement of policy.statements) {
    if (statement.effect !== undefined && statementCoversAction(statement, action)) (found ??= []).push(statement);
  }
  return found ?? NONE;
}

function buildIndex(policy: NormalizedPolicy): ActionIndex {
  const exact = new Map<string, number[]>();
  const byService = new Map<string, Array<readonly [string, number]>>();
  const anyService: Array<readonly [string, number]> = [];
  const notAction: number[] = [];
  let patterns = 0;
  policy.statements.forEach((statement, position) => {
    if (statement.effect === undefined) return;
    if (statement.actions !== undefined) {
      // A statement with both Action and NotAction covers nothing.
      if (statement.notActions !== undefined) return;
      for (const pattern of statement.actions) {
        const colon = pattern.indexOf(':');
        const wildcardAt = firstWildcard(pattern);
        if (wildcardAt === -1) push(exact, pattern, position);
        else if (colon !== -1 && wildcardAt > colon) push(byService, pattern.slice(0, colon), [pattern, position] as const);
        else anyService.push([pattern, position]);
      }
      patterns += statement.actions.length;
    } else if (statement.notActions !== undefined) {
      notAction.push(position);
      patterns += statement.notActions.length;
    }
  });
  return { exact, byService, anyService, notAction, answers: patterns >= ANSWERS_KEPT_FROM_PATTERNS ? new Map() : undefined };
}

function lookUp(policy: NormalizedPolicy, index: ActionIndex, action: string): readonly NormalizedStatement[] {
  // Most actions asked of a document are covered by none of its statements: nothing is allocated for those.
  let found: number[] | undefined;
  const exact = index.exact.get(action);
  if (exact !== undefined) found = exact.slice();
  const colon = action.indexOf(':');
  if (colon !== -1) {
    const patterns = index.byService.get(action.slice(0, colon));
    if (patterns !== undefined) found = matching(patterns, action, found);
  }
  if (index.anyService.length > 0) found = matching(index.anyService, action, found);
  for (const position of index.notAction) {
    const statement = policy.statements[position] as NormalizedStatement;
    if (!(statement.notActions ?? []).some((pattern) => wildcardMatch(pattern, action))) (found ??= []).push(position);
  }
  if (found === undefined) return NONE;
  if (found.length > 1) found = inOrderOnce(found);
  const statements: NormalizedStatement[] = [];
  for (const position of found) statements.push(policy.statements[position] as NormalizedStatement);
  return statements;
}

/** Adds the positions of the patterns that match; the pairs are in document order, a statement's adjacent. */
function matching(patterns: ReadonlyArray<readonly [string, number]>, action: string, found: number[] | undefined): number[] | undefined {
  let last = -1;
  for (const [pattern, position] of patterns) {
    if (position !== last && wildcardMatch(pattern, action)) {
      (found ??= []).push(position);
      last = position;
    }
  }
  return found;
}

/** Positions ascending, each once: a statement can name an action exactly and by a pattern, or twice. */
function inOrderOnce(positions: number[]): number[] {
  positions.sort((a, b) => a - b);
  let kept = 1;
  for (let i = 1; i < positions.length; i++) if (positions[i] !== positions[kept - 1]) positions[kept++] = positions[i] as number;
  positions.length = kept;
  return positions;
}

function firstWildcard(pattern: string): number {
  for (let i = 0; i < pattern.length; i++) {
    const code = pattern.charCodeAt(i);
    if (code === 42 || code === 63) return i;
  }
  return -1;
}
