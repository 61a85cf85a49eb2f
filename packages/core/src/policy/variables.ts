import { wildcardMatch } from '../util/glob.js';

/** `true`, `false`, or `'unknown'` when the answer depends on request context that was not given. */
export type Tristate = boolean | 'unknown';

export function and3(a: Tristate, b: Tristate): Tristate {
  if (a === false || b === false) return false;
  return a === 'unknown' || b === 'unknown' ? 'unknown' : true;
}

export function or3(a: Tristate, b: Tristate): Tristate {
  if (a === true || b === true) return true;
  return a === 'unknown' || b === 'unknown' ? 'unknown' : false;
}

export function not3(a: Tristate): Tristate {
  return a === 'unknown' ? a : !a;
}

export type ContextValue = string | number | boolean | readonly (string | number | boolean)[];

/**
 * The request context: condition keys (case-insensitive) and their values. When `partial` is true, a key absent
 * here may still be present in a real request, so conditions on it answer `unknown` ("may apply").
 */
export interface RequestContext {
  readonly values?: Readonly<Record<string, ContextValue>>;
  readonly partial?: boolean;
}

export interface ContextView {
  readonly partial: boolean;
  /** Values of a key, by its lowercased name; `undefined` when absent. */
  get(keyLower: string): readonly string[] | undefined;
}

const views = new WeakMap<RequestContext, ContextView>();
const EMPTY_PARTIAL: ContextView = { partial: true, get: () => undefined };

/** A request with no context at all is maximally partial: every condition may apply. */
export function contextView(context: RequestContext | undefined): ContextView {
  if (context === undefined) return EMPTY_PARTIAL;
  const cached = views.get(context);
  if (cached) return cached;
  const byKey = new Map<string, readonly string[]>();
  for (const [key, value] of Object.entries(context.values ?? {})) {
    const list = Array.isArray(value) ? value : [value];
    byKey.set(key.toLowerCase(), list.map((item) => String(item)));
  }
  const view: ContextView = { partial: context.partial ?? false, get: (keyLower) => byKey.get(keyLower) };
  views.set(context, view);
  return view;
}

/**
 * A policy string after substituting `${...}` variables. `literal[i]` marks characters that came from a
 * substitution or from `${*}`/`${?}`, which must not act as wildcards.
 */
export interface ResolvedText {
  readonly text: string;
  readonly literal: readonly boolean[] | undefined;
}

/** `missing`: a variable has no value in a complete context (the comparison cannot match). */
export type Resolution = ResolvedText | 'missing' | 'unknown';

const SPECIAL: Readonly<Record<string, string>> = { '*': '*', '?': '?', $: '$' };

export function resolveVariables(value: string, context: ContextView): Resolution {
  if (!value.includes('${')) return { text: value, literal: undefined };
  let text = '';
  const literal: boolean[] = [];
  const append = (part: string, isLiteral: boolean): void => {
    text += part;
    for (let i = 0; i < part.length; i++) literal.push(isLiteral);
  };
  let i = 0;
  while (i < value.length) {
    const open = value.indexOf('${', i);
    const close = open === -1 ? -1 : value.indexOf('}', open + 2);
    if (open === -1 || close === -1) {
      append(value.slice(i), false);
      break;
    }
    append(value.slice(i, open), false);
    const inner = value.slice(open + 2, close).trim();
    const special = Object.hasOwn(SPECIAL, inner) ? SPECIAL[inner] : undefined;
    if (special !== undefined) {
      append(special, true);
    } else {
      const substituted = substitute(inner, context);
      if (substituted === 'missing' || substituted === 'unknown') return substituted;
      append(substituted, true);
    }
    i = close + 1;
  }
  return { text, literal };
}

function substitute(inner: string, context: ContextView): string | 'missing' | 'unknown' {
  const comma = inner.indexOf(',');
  const key = (comma === -1 ? inner : inner.slice(0, comma)).trim();
  let fallback: string | undefined;
  if (comma !== -1) {
    const quoted = inner.slice(comma + 1).trim();
    if (quoted.length < 2 || !quoted.startsWith("'") || !quoted.endsWith("'")) return 'missing';
    fallback = quoted.slice(1, -1).replaceAll("''", "'");
  }
  if (key === '') return 'missing';
  const values = context.get(key.toLowerCase());
  if (values === undefined && context.partial) return 'unknown';
  // Multivalued keys cannot be substituted.
  if (values !== undefined && values.length === 1) return values[0] as string;
  return fallback ?? 'missing';
}

/** Like wildcardMatch (case-sensitive), but characters flagged literal never act as `*` or `?`. */
export function matchResolved(pattern: ResolvedText, text: string): boolean {
  return wildcardMatch(pattern.text, text, false, pattern.literal);
}
