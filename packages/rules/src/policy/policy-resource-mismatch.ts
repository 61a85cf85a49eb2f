import type { ActionInfo } from '@iamlint/core';
import { actionCatalog, defineRule, wildcardMatch } from '@iamlint/core';
import { hasVariable, policyVisitors } from '../util/policy-sources.js';

const WILDCARD = /[*?]/;
const LIST_LIMIT = 3;

/** Enough cells for an ARN against a resource type's ARN pattern; a larger pair (hostile input) gets its own. */
const POOLED_CELLS = 1 << 16;
const MAX_GENERATION = 0xffff_ffff;
const pooledCells = new Uint32Array(POOLED_CELLS);
let generation = 0;

/**
 * Whether some string matches both glob patterns (`*`, `?`): a walk over pairs of positions, so
 * O(|a|·|b|) with no backtracking. A resource pattern such as `arn:aws:s3:::logs-*` can then be
 * tested against a resource type's ARN pattern, where plain matching would read its `*` literally.
 */
export function globsIntersect(a: string, b: string): boolean {
  // A side without wildcards is the one string it matches: the question is then whether the other side matches it.
  if (!WILDCARD.test(a)) return wildcardMatch(b, a);
  if (!WILDCARD.test(b)) return wildcardMatch(a, b);
  const width = b.length + 1;
  const cells = (a.length + 1) * width;
  let seen: Uint32Array | Uint8Array = pooledCells;
  let mark = 1;
  if (cells <= POOLED_CELLS) {
    // A cell is seen when it holds this call's generation, so the pooled cells need no clearing between calls.
    if (++generation > MAX_GENERATION) {
      pooledCells.fill(0);
      generation = 1;
    }
    mark = generation;
  } else {
    seen = new Uint8Array(cells);
  }
  const stack: number[] = [0];
  seen[0] = mark;
  const push = (i: number, j: number) => {
    const at = i * width + j;
    if (seen[at] !== mark) {
      seen[at] = mark;
      stack.push(at);
    }
  };
  while (stack.length > 0) {
    const at = stack.pop() as number;
    const i = Math.floor(at / width);
    const j = at % width;
    if (i === a.length && j === b.length) return true;
    const ca = a[i];
    const cb = b[j];
    if (ca === '*') {
      push(i + 1, j);
      if (cb !== undefined) push(i, j + 1);
    }
    if (cb === '*') {
      push(i, j + 1);
      if (ca !== undefined) push(i + 1, j);
    }
    if (ca !== undefined && cb !== undefined && ca !== '*' && cb !== '*' && (ca === cb || ca === '?' || cb === '?')) push(i + 1, j + 1);
  }
  return false;
}

interface ActionPattern {
  readonly actions: readonly ActionInfo[];
  readonly wildcardOnly: 'all' | 'some' | 'none';
}

const patternCache = new Map<string, ActionPattern>();
const arnPatternCache = new Map<string, readonly string[] | undefined>();

function analyse(pattern: string): ActionPattern {
  let analysed = patternCache.get(pattern);
  if (analysed === undefined) {
    const actions = actionCatalog.expand(pattern).flatMap((name) => actionCatalog.action(name) ?? []);
    const wildcardOnly = actions.filter((action) => action.wildcardOnly).length;
    analysed = { actions, wildcardOnly: wildcardOnly === 0 ? 'none' : wildcardOnly === actions.length ? 'all' : 'some' };
    patternCache.set(pattern, analysed);
  }
  return analysed;
}

/**
 * The ARN patterns of the resource types an action documents; undefined when one cannot be resolved. Each
 * `${Variable}` of a real ARN holds at least one character, so `arn:aws:dynamodb:::table/orders` is no table.
 */
function arnPatterns(action: ActionInfo): readonly string[] | undefined {
  if (arnPatternCache.has(action.fullName)) return arnPatternCache.get(action.fullName);
  let patterns: string[] | undefined = [];
  for (const type of action.resourceTypes) {
    const info = actionCatalog.resourceType(action.service, type.name);
    if (info === undefined) {
      patterns = undefined;
      break;
    }
    patterns.push(info.arnFormat.toLowerCase().replace(/\$\{[^}]*\}/g, '?*'));
  }
  arnPatternCache.set(action.fullName, patterns);
  return patterns;
}

function list(items: readonly string[]): string {
  return items.length <= LIST_LIMIT ? items.join(', ') : `${items.slice(0, LIST_LIMIT).join(', ')} and ${items.length - LIST_LIMIT} more`;
}

/** What a statement's actions (normalised) and written resources come to: nothing to report, or which finding. */
type Verdict = 'fine' | 'wildcardOnly' | { readonly expected: readonly string[] };

function judge(actions: readonly string[], written: readonly string[]): Verdict {
  const patterns = actions.map(analyse);
  // Unknown actions are policy-unknown-action's; a statement that names them may mean something we cannot check.
  if (patterns.some((pattern) => pattern.actions.length === 0)) return 'fine';
  if (patterns.every((pattern) => pattern.wildcardOnly === 'all')) {
    return written.every((resource) => !WILDCARD.test(resource)) ? 'wildcardOnly' : 'fine';
  }
  if (patterns.some((pattern) => pattern.wildcardOnly !== 'none')) return 'fine';
  const lowered = written.map((resource) => resource.toLowerCase());
  const expected = new Set<string>();
  // Actions of the same resource types share ARN patterns; one that matched nothing matches nothing for the next.
  const missed = new Set<string>();
  const matches = (pattern: string): boolean => {
    if (missed.has(pattern)) return false;
    if (lowered.some((resource) => globsIntersect(resource, pattern))) return true;
    missed.add(pattern);
    return false;
  };
  // In the patterns' order, without first listing every action a wildcard expands to: most statements are fine at the first.
  for (const pattern of patterns) {
    for (const action of pattern.actions) {
      const arns = arnPatterns(action);
      if (arns === undefined || arns.some(matches)) return 'fine';
      for (const type of action.resourceTypes) expected.add(`${action.service}:${type.name}`);
    }
  }
  return { expected: [...expected] };
}

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow statements whose resources cannot match any resource type their actions apply to.',
      recommended: true,
    },
    severity: 'low',
    requires: [],
    messages: {
      mismatch:
        '{{policy}}: statement {{statement}} names {{actions}} on {{resources}}, but none of these resources is of a type the actions apply to ({{expected}}), so the statement matches no request.',
      wildcardOnly:
        '{{policy}}: statement {{statement}} lists specific resources for {{actions}}, which support no resource-level permissions; use "Resource": "*" or the statement matches nothing.',
    },
    schema: [],
  },
  create(context) {
    return policyVisitors((source) => {
      for (const entry of source.statements) {
        const { statement } = entry;
        if (statement.actions === undefined || statement.notActions !== undefined || statement.resources === undefined) continue;
        const written = entry.values('Resource').map((resource) => resource.value);
        if (written.length === 0 || written.length !== statement.resources.length) continue;
        if (written.some((resource) => /^\*+$/.test(resource) || hasVariable(resource))) continue;
        const writtenActions = entry.values('Action').map((action) => action.value);
        if (writtenActions.length === 0 || writtenActions.length !== statement.actions.length) continue;
        // Not memoised by statement: resources name their account, so few statements repeat, and the key cost as much as the judging.
        const verdict = judge(statement.actions, written);
        if (verdict === 'fine') continue;
        const data = { policy: source.label, statement: entry.label, actions: list(writtenActions), resources: list(written) };
        const pointer = entry.pointerTo('Resource');
        if (verdict === 'wildcardOnly') {
          context.report({ node: source.node, messageId: 'wildcardOnly', data: { ...data, expected: '' }, pointer, discriminator: `${entry.key}:wildcardOnly` });
          continue;
        }
        context.report({
          node: source.node,
          messageId: 'mismatch',
          data: { ...data, expected: list(verdict.expected) },
          pointer,
          discriminator: `${entry.key}:mismatch`,
        });
      }
    });
  },
});
