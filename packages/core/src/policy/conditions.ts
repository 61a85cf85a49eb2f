import { wildcardMatch } from '../util/glob.js';
import type { ContextView, ResolvedText, Tristate } from './variables.js';
import { matchResolved, not3, or3, resolveVariables } from './variables.js';

export type ConditionFamily = 'String' | 'Arn' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Null';

export interface ConditionOperator {
  /** The operator without set prefix or `IfExists`, in AWS's spelling, e.g. `StringNotLike`. */
  readonly base: string;
  readonly family: ConditionFamily;
  readonly negated: boolean;
  readonly ifExists: boolean;
  readonly set: 'ForAllValues' | 'ForAnyValue' | undefined;
}

type Comparator = (policyValue: ResolvedText, contextValue: string) => boolean;

type Order = (a: number, b: number) => boolean;

interface OperatorSpec {
  readonly base: string;
  readonly family: ConditionFamily;
  readonly negated: boolean;
  readonly compare: Comparator;
  /** For the Date family: the order `compare` tests, on epoch milliseconds. */
  readonly order?: Order;
}

/** What is known of a date key whose value the context does not give, such as `aws:TokenIssueTime`. */
export interface DateRange {
  /** Earliest and latest possible value, in epoch milliseconds. */
  readonly earliest: number;
  readonly latest: number;
  /** Whether the key may be missing from the request (long-term access keys carry no `aws:TokenIssueTime`). */
  readonly mayBeAbsent: boolean;
}

/** A request context that may also bound date keys it has no value for. */
export interface ConditionContext extends ContextView {
  dateRange?(keyLower: string): DateRange | undefined;
}

const stringEquals: Comparator = (p, v) => p.text === v;
const stringEqualsIgnoreCase: Comparator = (p, v) => p.text.toLowerCase() === v.toLowerCase();
const stringLike: Comparator = (p, v) => (p.literal ? matchResolved(p, v) : wildcardMatch(p.text, v));
const arnLike: Comparator = (p, v) => {
  const pattern = arnParts(p.text);
  const arn = arnParts(v);
  if (!pattern || !arn) return false;
  for (let i = 0; i < 6; i++) {
    const [start, end] = pattern[i] as [number, number];
    const part: ResolvedText = { text: p.text.slice(start, end), literal: p.literal?.slice(start, end) };
    const [vs, ve] = arn[i] as [number, number];
    if (!stringLike(part, v.slice(vs, ve))) return false;
  }
  return true;
};
const numeric =
  (test: (a: number, b: number) => boolean): Comparator =>
  (p, v) => {
    const a = parseNumber(v);
    const b = parseNumber(p.text);
    return a !== undefined && b !== undefined && test(a, b);
  };
const date =
  (test: Order): Comparator =>
  (p, v) => {
    const a = parseDate(v);
    const b = parseDate(p.text);
    return a !== undefined && b !== undefined && test(a, b);
  };
const ipAddress: Comparator = (p, v) => ipInCidr(v, p.text);

const eq = (a: number, b: number): boolean => a === b;
const lt = (a: number, b: number): boolean => a < b;
const lte = (a: number, b: number): boolean => a <= b;
const gt = (a: number, b: number): boolean => a > b;
const gte = (a: number, b: number): boolean => a >= b;

const SPECS: readonly OperatorSpec[] = [
  { base: 'StringEquals', family: 'String', negated: false, compare: stringEquals },
  { base: 'StringNotEquals', family: 'String', negated: true, compare: stringEquals },
  { base: 'StringEqualsIgnoreCase', family: 'String', negated: false, compare: stringEqualsIgnoreCase },
  { base: 'StringNotEqualsIgnoreCase', family: 'String', negated: true, compare: stringEqualsIgnoreCase },
  { base: 'StringLike', family: 'String', negated: false, compare: stringLike },
  { base: 'StringNotLike', family: 'String', negated: true, compare: stringLike },
  { base: 'ArnEquals', family: 'Arn', negated: false, compare: arnLike },
  { base: 'ArnLike', family: 'Arn', negated: false, compare: arnLike },
  { base: 'ArnNotEquals', family: 'Arn', negated: true, compare: arnLike },
  { base: 'ArnNotLike', family: 'Arn', negated: true, compare: arnLike },
  { base: 'NumericEquals', family: 'Numeric', negated: false, compare: numeric(eq) },
  { base: 'NumericNotEquals', family: 'Numeric', negated: true, compare: numeric(eq) },
  { base: 'NumericLessThan', family: 'Numeric', negated: false, compare: numeric(lt) },
  { base: 'NumericLessThanEquals', family: 'Numeric', negated: false, compare: numeric(lte) },
  { base: 'NumericGreaterThan', family: 'Numeric', negated: false, compare: numeric(gt) },
  { base: 'NumericGreaterThanEquals', family: 'Numeric', negated: false, compare: numeric(gte) },
  { base: 'DateEquals', family: 'Date', negated: false, compare: date(eq), order: eq },
  { base: 'DateNotEquals', family: 'Date', negated: true, compare: date(eq), order: eq },
  { base: 'DateLessThan', family: 'Date', negated: false, compare: date(lt), order: lt },
  { base: 'DateLessThanEquals', family: 'Date', negated: false, compare: date(lte), order: lte },
  { base: 'DateGreaterThan', family: 'Date', negated: false, compare: date(gt), order: gt },
  { base: 'DateGreaterThanEquals', family: 'Date', negated: false, compare: date(gte), order: gte },
  { base: 'Bool', family: 'Bool', negated: false, compare: stringEqualsIgnoreCase },
  { base: 'BinaryEquals', family: 'Binary', negated: false, compare: stringEquals },
  { base: 'IpAddress', family: 'IpAddress', negated: false, compare: ipAddress },
  { base: 'NotIpAddress', family: 'IpAddress', negated: true, compare: ipAddress },
  { base: 'Null', family: 'Null', negated: false, compare: () => false },
];

const SPEC_BY_NAME = new Map(SPECS.map((spec) => [spec.base.toLowerCase(), spec]));

/** Parses `ForAnyValue:StringLikeIfExists` and the like; `undefined` for operators AWS does not define. */
export function parseConditionOperator(operator: string): ConditionOperator | undefined {
  let rest = operator;
  let set: ConditionOperator['set'];
  const colon = rest.indexOf(':');
  if (colon !== -1) {
    const prefix = rest.slice(0, colon).toLowerCase();
    if (prefix === 'forallvalues') set = 'ForAllValues';
    else if (prefix === 'foranyvalue') set = 'ForAnyValue';
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const spec = SPEC_BY_NAME.get(rest.toLowerCase());
  if (!spec || (spec.family === 'Null' && (ifExists || set !== undefined))) return undefined;
  return { base: spec.base, family: spec.family, negated: spec.negated, ifExists, set };
}

export interface ConditionClause {
  readonly operator: ConditionOperator | undefined;
  readonly keyLower: string;
  readonly values: readonly string[];
}

/**
 * One operator/key pair, following AWS's documented rules: values are ORed (NORed for negated operators), a
 * key absent from the context fails positive operators and satisfies negated ones, `...IfExists` is satisfied
 * by absence, `ForAllValues` is true on an empty or missing key and `ForAnyValue` false.
 */
export function evaluateCondition(clause: ConditionClause, context: ConditionContext, variables: boolean): Tristate {
  const operator = clause.operator;
  if (!operator) return false;
  const present = context.get(clause.keyLower);
  if (present === undefined) {
    const range = context.dateRange?.(clause.keyLower);
    if (range) return evaluateOnRange(clause, operator, range);
    if (context.partial) return 'unknown';
  }
  const contextValues = present ?? [];
  if (operator.family === 'Null') {
    const absent = contextValues.length === 0;
    return clause.values.some((value) => value.toLowerCase() === (absent ? 'true' : 'false'));
  }
  if (contextValues.length === 0) {
    if (operator.ifExists || operator.set === 'ForAllValues') return true;
    if (operator.set === 'ForAnyValue') return false;
    return operator.negated;
  }
  const spec = SPEC_BY_NAME.get(operator.base.toLowerCase()) as OperatorSpec;
  const substitutes = variables && (operator.family === 'String' || operator.family === 'Arn');
  const policyValues: ResolvedText[] = [];
  for (const value of clause.values) {
    const resolved = substitutes ? resolveVariables(value, context) : { text: value, literal: undefined };
    if (resolved === 'missing') return false;
    if (resolved === 'unknown') return 'unknown';
    policyValues.push(resolved);
  }
  const matchesOne = (contextValue: string): boolean =>
    policyValues.some((policyValue) => spec.compare(policyValue, contextValue));
  const satisfies = (contextValue: string): boolean => matchesOne(contextValue) !== operator.negated;
  if (operator.set === 'ForAllValues') return contextValues.every(satisfies);
  if (operator.set === 'ForAnyValue') return contextValues.some(satisfies);
  // A single-valued operator over several context values: positive if any matches, negated if none does.
  return contextValues.some(matchesOne) !== operator.negated;
}

const ABSENT: ContextView = { partial: false, get: () => undefined };

/** True or false when the clause gives the same answer for every value in the range (and for absence, if possible). */
function evaluateOnRange(clause: ConditionClause, operator: ConditionOperator, range: DateRange): Tristate {
  const whenPresent = evaluateInRange(clause, operator, range);
  if (!range.mayBeAbsent) return whenPresent;
  const whenAbsent = evaluateCondition(clause, ABSENT, false);
  return whenAbsent === whenPresent ? whenPresent : 'unknown';
}

/** The key holds one value somewhere in the range; only Date operators and Null can be decided on that. */
function evaluateInRange(clause: ConditionClause, operator: ConditionOperator, range: DateRange): Tristate {
  if (operator.family === 'Null') return clause.values.some((value) => value.toLowerCase() === 'false');
  const order = SPEC_BY_NAME.get(operator.base.toLowerCase())?.order;
  if (!order) return 'unknown';
  const isEquality = operator.base === 'DateEquals' || operator.base === 'DateNotEquals';
  let matchesOne: Tristate = false;
  for (const value of clause.values) {
    const policyTime = parseDate(value);
    if (policyTime === undefined) continue;
    let matches: Tristate;
    if (isEquality) {
      const inside = policyTime >= range.earliest && policyTime <= range.latest;
      matches = !inside ? false : range.earliest === range.latest ? true : 'unknown';
    } else {
      // The orders are monotonic, so the range's ends decide for every value between them.
      const atEarliest = order(range.earliest, policyTime);
      matches = atEarliest === order(range.latest, policyTime) ? atEarliest : 'unknown';
    }
    matchesOne = or3(matchesOne, matches);
  }
  // One value: ForAllValues and ForAnyValue reduce to the plain operator.
  return operator.negated ? not3(matchesOne) : matchesOne;
}

/** The six colon-separated parts of an ARN as [start, end) offsets; the resource part may hold colons. */
function arnParts(arn: string): Array<[number, number]> | undefined {
  const parts: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const colon = arn.indexOf(':', start);
    if (colon === -1) return undefined;
    parts.push([start, colon]);
    start = colon + 1;
  }
  parts.push([start, arn.length]);
  return parts;
}

function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/** Epoch seconds or an ISO 8601 date/time, in milliseconds. */
function parseDate(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : ms;
}

interface IpAddress {
  readonly bits: 32 | 128;
  readonly value: bigint;
}

export function parseIp(text: string): IpAddress | undefined {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

function parseIpv4(text: string): IpAddress | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return { bits: 32, value };
}

function parseIpv6(text: string): IpAddress | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const pieces = half.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] as string;
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (!v4) return undefined;
        out.push(Number(v4.value >> 16n), Number(v4.value & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  let value = 0n;
  for (const group of [...head, ...new Array<number>(missing).fill(0), ...tail]) value = (value << 16n) | BigInt(group);
  return { bits: 128, value };
}

/** Whether `ip` lies in `cidr` (an address without a prefix length is a single host). */
export function ipInCidr(ip: string, cidr: string): boolean {
  const address = parseIp(ip.trim());
  const slash = cidr.indexOf('/');
  const network = parseIp((slash === -1 ? cidr : cidr.slice(0, slash)).trim());
  if (!address || !network || address.bits !== network.bits) return false;
  let prefix: number = network.bits;
  if (slash !== -1) {
    const text = cidr.slice(slash + 1).trim();
    if (!/^\d{1,3}$/.test(text) || Number(text) > network.bits) return false;
    prefix = Number(text);
  }
  const shift = BigInt(network.bits - prefix);
  return address.value >> shift === network.value >> shift;
}
