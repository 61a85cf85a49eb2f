import { wildcardMatch } from '../util/glob.js';
import type { ConditionClause, ConditionOperator } from './conditions.js';
import { parseConditionOperator } from './conditions.js';
import { isPlainObject } from '../util/collections.js';

export type Effect = 'Allow' | 'Deny';

export interface NormalizedPrincipal {
  /** `"*"` or `{"AWS": "*"}`: every principal. */
  readonly wildcard: boolean;
  /** Principal type (`AWS`, `Service`, `Federated`, `CanonicalUser`) to its values, as written. */
  readonly byType: ReadonlyMap<string, readonly string[]>;
}

export interface NormalizedCondition extends ConditionClause {
  /** The operator as written, e.g. `ForAnyValue:StringLike`. */
  readonly operatorName: string;
  readonly operator: ConditionOperator | undefined;
  /** The key as written; `keyLower` is what matching uses. */
  readonly key: string;
}

export interface NormalizedStatement {
  readonly index: number;
  readonly sid: string | undefined;
  /** `undefined` when missing or invalid: such a statement never applies. */
  readonly effect: Effect | undefined;
  /** Lowercased action patterns. */
  readonly actions: readonly string[] | undefined;
  readonly notActions: readonly string[] | undefined;
  readonly resources: readonly string[] | undefined;
  readonly notResources: readonly string[] | undefined;
  readonly principal: NormalizedPrincipal | undefined;
  readonly notPrincipal: NormalizedPrincipal | undefined;
  readonly conditions: readonly NormalizedCondition[];
}

export type PolicyProblemCode =
  | 'invalid-json'
  | 'url-encoded'
  | 'not-an-object'
  | 'missing-statement'
  | 'invalid-statement'
  | 'missing-effect'
  | 'invalid-effect'
  | 'missing-action'
  | 'action-and-not-action'
  | 'resource-and-not-resource'
  | 'principal-and-not-principal'
  | 'invalid-value'
  | 'invalid-principal'
  | 'invalid-condition'
  | 'unknown-operator';

export interface PolicyProblem {
  readonly code: PolicyProblemCode;
  /** Path inside the document, e.g. `['Statement', 2, 'Action', 0]`. */
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
}

export interface NormalizedPolicy {
  readonly version: string | undefined;
  readonly statements: readonly NormalizedStatement[];
  readonly problems: readonly PolicyProblem[];
  /** AWS substitutes `${...}` policy variables only in `2012-10-17` documents; otherwise they are literal text. */
  readonly variablesEnabled: boolean;
}

/**
 * Whether a statement's Action covers the action (lowercase), or its NotAction leaves it out. A statement with both,
 * or neither, covers nothing.
 */
export function statementCoversAction(statement: NormalizedStatement, action: string): boolean {
  if (statement.actions !== undefined) {
    return statement.notActions === undefined && statement.actions.some((pattern) => wildcardMatch(pattern, action));
  }
  return statement.notActions !== undefined && !statement.notActions.some((pattern) => wildcardMatch(pattern, action));
}

type Path = ReadonlyArray<string | number>;
type Json = Record<string, unknown>;

const cache = new WeakMap<object, NormalizedPolicy>();

/** Normalises a policy document (parsed JSON, or JSON text, possibly URL-encoded). Never throws. */
export function normalizePolicy(document: unknown): NormalizedPolicy {
  if (typeof document === 'object' && document !== null) {
    const cached = cache.get(document);
    if (cached) return cached;
    const normalized = normalizeParsed(document, []);
    cache.set(document, normalized);
    return normalized;
  }
  if (typeof document === 'string') {
    // Documents kept as text (malformed, or URL-encoded) are normalised once: callers cache by the result's identity.
    let normalized = textCache.get(document);
    if (!normalized) {
      normalized = normalizeText(document);
      if (textCache.size > 10_000) textCache.clear();
      textCache.set(document, normalized);
    }
    return normalized;
  }
  return normalizeParsed(document, []);
}

const textCache = new Map<string, NormalizedPolicy>();

function normalizeText(text: string): NormalizedPolicy {
  const problems: PolicyProblem[] = [];
  let parsed = parseJson(text);
  if (parsed === undefined && text.trimStart().startsWith('%')) {
    const decoded = decodeUri(text);
    parsed = decoded === undefined ? undefined : parseJson(decoded);
    if (parsed !== undefined) problems.push({ code: 'url-encoded', path: [], message: 'The document is URL-encoded.' });
  }
  if (parsed === undefined) {
    return { version: undefined, statements: [], variablesEnabled: false, problems: [
      { code: 'invalid-json', path: [], message: 'The document is not valid JSON.' },
    ] };
  }
  return normalizeParsed(parsed.value, problems);
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

function decodeUri(text: string): string | undefined {
  try {
    return decodeURIComponent(text.trim());
  } catch {
    return undefined;
  }
}

function own(object: Json, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function normalizeParsed(document: unknown, problems: PolicyProblem[]): NormalizedPolicy {
  if (!isPlainObject(document)) {
    problems.push({ code: 'not-an-object', path: [], message: 'A policy document must be a JSON object.' });
    return { version: undefined, statements: [], problems, variablesEnabled: false };
  }
  const rawVersion = own(document, 'Version');
  const version = typeof rawVersion === 'string' ? rawVersion : undefined;
  if (rawVersion !== undefined && version === undefined) {
    problems.push({ code: 'invalid-value', path: ['Version'], message: 'Version must be a string.' });
  }
  const rawStatements = own(document, 'Statement');
  const statements: NormalizedStatement[] = [];
  if (rawStatements === undefined) {
    problems.push({ code: 'missing-statement', path: [], message: 'The document has no Statement.' });
  } else if (Array.isArray(rawStatements)) {
    for (let i = 0; i < rawStatements.length; i++) {
      const statement = normalizeStatement(rawStatements[i], i, ['Statement', i], problems);
      if (statement) statements.push(statement);
    }
  } else {
    const statement = normalizeStatement(rawStatements, 0, ['Statement'], problems);
    if (statement) statements.push(statement);
  }
  return { version, statements, problems, variablesEnabled: version === '2012-10-17' };
}

function normalizeStatement(raw: unknown, index: number, path: Path, problems: PolicyProblem[]): NormalizedStatement | undefined {
  if (!isPlainObject(raw)) {
    problems.push({ code: 'invalid-statement', path, message: 'A statement must be a JSON object.' });
    return undefined;
  }
  const rawSid = own(raw, 'Sid');
  if (rawSid !== undefined && typeof rawSid !== 'string') {
    problems.push({ code: 'invalid-value', path: [...path, 'Sid'], message: 'Sid must be a string.' });
  }
  const rawEffect = own(raw, 'Effect');
  let effect: Effect | undefined;
  if (rawEffect === 'Allow' || rawEffect === 'Deny') effect = rawEffect;
  else if (rawEffect === undefined) problems.push({ code: 'missing-effect', path, message: 'The statement has no Effect.' });
  else problems.push({ code: 'invalid-effect', path: [...path, 'Effect'], message: 'Effect must be "Allow" or "Deny".' });

  const actions = readStrings(raw, 'Action', path, problems)?.map((action) => action.toLowerCase());
  const notActions = readStrings(raw, 'NotAction', path, problems)?.map((action) => action.toLowerCase());
  if (actions === undefined && notActions === undefined) {
    problems.push({ code: 'missing-action', path, message: 'The statement has neither Action nor NotAction.' });
  } else if (actions !== undefined && notActions !== undefined) {
    problems.push({ code: 'action-and-not-action', path, message: 'The statement has both Action and NotAction.' });
  }
  const resources = readStrings(raw, 'Resource', path, problems);
  const notResources = readStrings(raw, 'NotResource', path, problems);
  if (resources !== undefined && notResources !== undefined) {
    problems.push({ code: 'resource-and-not-resource', path, message: 'The statement has both Resource and NotResource.' });
  }
  const principal = readPrincipal(raw, 'Principal', path, problems);
  const notPrincipal = readPrincipal(raw, 'NotPrincipal', path, problems);
  if (principal !== undefined && notPrincipal !== undefined) {
    problems.push({ code: 'principal-and-not-principal', path, message: 'The statement has both Principal and NotPrincipal.' });
  }
  return {
    index,
    sid: typeof rawSid === 'string' ? rawSid : undefined,
    effect,
    actions,
    notActions,
    resources,
    notResources,
    principal,
    notPrincipal,
    conditions: readConditions(raw, path, problems),
  };
}

/** A string or an array of strings; anything else is reported and dropped (an empty list matches nothing). */
function readStrings(raw: Json, key: string, path: Path, problems: PolicyProblem[]): string[] | undefined {
  const value = own(raw, key);
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) {
    problems.push({ code: 'invalid-value', path: [...path, key], message: `${key} must be a string or an array of strings.` });
    return [];
  }
  const out: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (typeof item === 'string') out.push(item);
    else problems.push({ code: 'invalid-value', path: [...path, key, i], message: `${key} entries must be strings.` });
  }
  return out;
}

function readPrincipal(raw: Json, key: string, path: Path, problems: PolicyProblem[]): NormalizedPrincipal | undefined {
  const value = own(raw, key);
  if (value === undefined) return undefined;
  const byType = new Map<string, string[]>();
  if (value === '*') return { wildcard: true, byType };
  if (!isPlainObject(value)) {
    problems.push({ code: 'invalid-principal', path: [...path, key], message: `${key} must be "*" or an object.` });
    return { wildcard: false, byType };
  }
  let wildcard = false;
  for (const type of Object.keys(value)) {
    const list = readStrings(value, type, [...path, key], problems) ?? [];
    if (type === 'AWS' && list.includes('*')) wildcard = true;
    byType.set(type, list);
  }
  return { wildcard, byType };
}

/** Reads exactly two levels (operator → key → values); deeper structure is reported, never walked. */
function readConditions(raw: Json, path: Path, problems: PolicyProblem[]): NormalizedCondition[] {
  const value = own(raw, 'Condition');
  if (value === undefined) return [];
  const conditionPath = [...path, 'Condition'];
  if (!isPlainObject(value)) {
    problems.push({ code: 'invalid-condition', path: conditionPath, message: 'Condition must be an object.' });
    return [invalidCondition()];
  }
  const out: NormalizedCondition[] = [];
  for (const [operatorName, block] of Object.entries(value)) {
    const operator = parseConditionOperator(operatorName);
    if (!operator) {
      problems.push({ code: 'unknown-operator', path: [...conditionPath, operatorName], message: `Unknown condition operator "${operatorName}".` });
    }
    if (!isPlainObject(block)) {
      problems.push({ code: 'invalid-condition', path: [...conditionPath, operatorName], message: 'A condition operator must map keys to values.' });
      out.push(invalidCondition(operatorName));
      continue;
    }
    for (const [key, rawValues] of Object.entries(block)) {
      const values: string[] = [];
      const list: readonly unknown[] = Array.isArray(rawValues) ? rawValues : [rawValues];
      let valid = list.length > 0;
      for (const item of list) {
        if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') values.push(String(item));
        else valid = false;
      }
      if (!valid) {
        problems.push({ code: 'invalid-condition', path: [...conditionPath, operatorName, key], message: 'Condition values must be strings, numbers or booleans.' });
      }
      out.push({ operatorName, operator: valid ? operator : undefined, key, keyLower: key.toLowerCase(), values });
    }
  }
  return out;
}

/** A condition that can never hold, standing in for malformed input so a broken statement does not widen access. */
function invalidCondition(operatorName = ''): NormalizedCondition {
  return { operatorName, operator: undefined, key: '', keyLower: '', values: [] };
}
