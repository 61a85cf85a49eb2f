import type { ValidateFunction } from 'ajv';
import { ConfigError } from '../errors.js';
import { createAjv, describeError, pickError } from '../json/ajv.js';
import type { Position } from '../json/positions.js';
import type { AccountNode } from '../model/nodes.js';
import { configProblem } from './config-schema.js';
import { wildcardMatch } from '../util/glob.js';
import { requiresProblem, RULE_ID_PATTERN, type AnyRule, type Plugin, type Severity } from './rule.js';
import { isPlainObject } from '../util/collections.js';
import { editDistance } from '../util/strings.js';

export type Level = 'off' | 'warn' | 'error';
export type LevelInput = Level | 0 | 1 | 2;
export type RuleEntry = LevelInput | readonly [LevelInput, ...unknown[]];

export interface ExceptionEntry {
  /** A rule id, or a pattern such as `*` or `myplugin/*`. */
  rule: string;
  /** An ARN or resource id pattern (`*` and `?` wildcards); omitted means every resource in scope. */
  resource?: string;
  accounts?: readonly string[];
  reason: string;
  /** YYYY-MM-DD; from that day on the exception no longer applies and is itself reported. */
  expires?: string;
}

export interface ConfigObject {
  name?: string;
  /** Account ids (wildcards allowed) this object applies to. */
  accounts?: readonly string[];
  /** OU ids or names (wildcards allowed); an account matches when any OU on its path does. */
  ous?: readonly string[];
  plugins?: Readonly<Record<string, Plugin>>;
  rules?: Readonly<Record<string, RuleEntry>>;
  exceptions?: readonly ExceptionEntry[];
  /**
   * Let `iamlint:ignore` tags in the audited account suppress findings (off by default: whoever can tag a
   * role could otherwise silence its audit). `true`, or limited to some rules or to severities below a level.
   */
  ignoreTags?: boolean | IgnoreTagPolicy;
}

/** Which findings an `iamlint:ignore` tag may suppress, when the config lets tags suppress at all. */
export interface IgnoreTagPolicy {
  /** Only these rules (patterns); omitted means any. */
  rules?: readonly string[];
  /** Only findings whose severity is below this level. */
  below?: Severity;
}

export type FlatConfig = readonly ConfigObject[];

export interface RuleSetting {
  level: Exclude<Level, 'off'>;
  options: readonly unknown[];
  /** Identifies the options, so accounts that share them share one rule instance. */
  optionsKey: string;
}

export interface ResolvedException extends ExceptionEntry {
  /** The ordinal of the config object the exception came from, for messages. */
  configIndex: number;
  scope: Scope | null;
}

interface Scope {
  accounts?: readonly string[];
  ous?: readonly string[];
}

export interface ConfigDiagnostic {
  level: 'warn';
  /** What kind of warning: the config-does-nothing ones become errors with `--strict-config`. */
  code?: 'EXCEPTION_EXPIRED' | 'EXCEPTION_UNUSED' | 'SCOPE_UNMATCHED' | 'SCOPE_NAME_NOT_ID' | 'TAG_IGNORED' | 'TAG_UNKNOWN_RULE';
  message: string;
}

/** Warnings that mean some of the config does nothing. */
export const CONFIG_DOES_NOTHING: ReadonlySet<NonNullable<ConfigDiagnostic['code']>> = new Set(['EXCEPTION_UNUSED', 'SCOPE_UNMATCHED', 'SCOPE_NAME_NOT_ID']);

/**
 * A flat config checked against the rules it names, ready to answer "which rules, at which level and
 * with which options, apply to this account?".
 */
export class ResolvedConfig {
  readonly rules: ReadonlyMap<string, AnyRule>;
  readonly exceptions: readonly ResolvedException[];
  /** undefined: ignore tags never suppress (the default). */
  readonly ignoreTags: IgnoreTagPolicy | undefined;
  readonly objects: FlatConfig;
  private readonly settingsCache = new Map<string, ReadonlyMap<string, RuleSetting>>();
  private readonly settingsByAccount = new Map<AccountNode | null, ReadonlyMap<string, RuleSetting>>();

  constructor(objects: FlatConfig, rules: ReadonlyMap<string, AnyRule>, exceptions: ResolvedException[]) {
    this.objects = objects;
    this.rules = rules;
    this.exceptions = exceptions;
    let ignoreTags: IgnoreTagPolicy | undefined;
    for (const object of objects) {
      if (object.ignoreTags === undefined) continue;
      ignoreTags = object.ignoreTags === true ? {} : object.ignoreTags === false ? undefined : object.ignoreTags;
    }
    this.ignoreTags = ignoreTags;
  }

  /** The enabled rules for an account, or for organization-wide nodes when account is null. */
  settingsFor(account: AccountNode | null): ReadonlyMap<string, RuleSetting> {
    let settings = this.settingsByAccount.get(account);
    if (!settings) {
      settings = this.resolveSettings(account);
      this.settingsByAccount.set(account, settings);
    }
    return settings;
  }

  /** Accounts matched by the same config objects share one settings map, so they share rule instances. */
  private resolveSettings(account: AccountNode | null): ReadonlyMap<string, RuleSetting> {
    const applicable = this.objects.filter((object) => appliesTo(object, account));
    const key = applicable.map((object) => this.objects.indexOf(object)).join(',');
    const cached = this.settingsCache.get(key);
    if (cached) return cached;
    const merged = new Map<string, { level: Level; options: unknown[] | undefined }>();
    for (const object of applicable) {
      for (const [ruleId, entry] of Object.entries(object.rules ?? {})) {
        const { level, options } = splitEntry(entry);
        const previous = merged.get(ruleId);
        merged.set(ruleId, { level, options: options ?? previous?.options });
      }
    }
    const settings = new Map<string, RuleSetting>();
    for (const [ruleId, { level, options }] of merged) {
      if (level === 'off') continue;
      const rule = this.rules.get(ruleId) as AnyRule;
      const effective = mergeOptions([rule.meta.defaultOptions ?? [], options ?? []]);
      settings.set(ruleId, { level, options: effective, optionsKey: JSON.stringify(effective) });
    }
    this.settingsCache.set(key, settings);
    return settings;
  }
}

function appliesTo(object: ConfigObject, account: AccountNode | null): boolean {
  if (!object.accounts && !object.ous) return true;
  if (account === null) return false;
  return scopeMatches(object, account);
}

export function scopeMatches(scope: Scope, account: AccountNode): boolean {
  const byAccount = scope.accounts?.some((pattern) => wildcardMatch(pattern, account.accountId)) ?? false;
  const byOu =
    scope.ous?.some((pattern) => account.ouPath.some((ou) => wildcardMatch(pattern, ou.id) || wildcardMatch(pattern, ou.name))) ?? false;
  return byAccount || byOu;
}

const LEVELS: Record<string, Level> = { off: 'off', warn: 'warn', error: 'error', '0': 'off', '1': 'warn', '2': 'error' };

function splitEntry(entry: RuleEntry): { level: Level; options: unknown[] | undefined } {
  if (Array.isArray(entry)) {
    const [level, ...options] = entry as readonly [LevelInput, ...unknown[]];
    return { level: LEVELS[String(level)] as Level, options: options.length > 0 ? options : undefined };
  }
  return { level: LEVELS[String(entry)] as Level, options: undefined };
}

/**
 * ESLint's rule for positional options, over lists in order (a rule's defaults, then a user's; or the options of a
 * preset's mappings): objects deep-merged key by key, anything else replaced by the later list. The first list is
 * copied, so nothing done with the result can change a rule's defaults.
 */
export function mergeOptions(lists: ReadonlyArray<readonly unknown[]>): unknown[] {
  const merged: unknown[] = [];
  lists.forEach((list, n) => list.forEach((value, i) => (merged[i] = n === 0 ? structuredCloneJson(value) : deepMerge(merged[i], value))));
  return merged;
}

function deepMerge(base: unknown, override: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(override)) {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(base)) result[key] = structuredCloneJson(value);
    for (const [key, value] of Object.entries(override)) result[key] = key in result ? deepMerge(result[key], value) : value;
    return result;
  }
  return override === undefined ? structuredCloneJson(base) : override;
}

function structuredCloneJson(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}


export interface ResolveOptions {
  /** The config file, named in every error. */
  source: string;
  /** Built-in rules, unprefixed. */
  builtinRules: ReadonlyMap<string, AnyRule>;
  /** Where a JSON pointer into the config (`/0/rules/…`, as resolveConfig flattens it) is in the config file, when known. */
  positionOf?: (pointer: string) => Position | undefined;
}

/** Checks a flat config and resolves it against the built-in rules and the plugins it declares. */
export function resolveConfig(input: unknown, options: ResolveOptions): ResolvedConfig {
  const { source } = options;
  const fail = (message: string, hint?: string, code: 'CONFIG_INVALID' | 'CONFIG_UNKNOWN_RULE' | 'CONFIG_RULE_OPTIONS' = 'CONFIG_INVALID') =>
    new ConfigError(code, message, { location: { file: source }, ...(hint ? { hint } : {}) });

  const objects: ConfigObject[] = (Array.isArray(input) ? input : [input]).flat() as ConfigObject[];
  const problem = configProblem(objects, describeObject);
  if (problem) {
    const position = options.positionOf?.(problem.pointer);
    throw new ConfigError('CONFIG_INVALID', problem.message, {
      location: { file: source, ...(position ? { line: position.line, column: position.column } : {}) },
      ...(problem.hint ? { hint: problem.hint } : {}),
    });
  }
  const rules = new Map(options.builtinRules);
  objects.forEach((object, index) => {
    const where = describeObject(object, index);
    for (const [prefix, plugin] of Object.entries(object.plugins ?? {})) {
      for (const [name, rule] of Object.entries(plugin.rules ?? {})) {
        const id = `${prefix}/${name}`;
        if (!RULE_ID_PATTERN.test(id)) throw fail(`${where}: plugin rule id "${id}" must be kebab-case`);
        if (!isRule(rule)) throw fail(`${where}: plugin rule "${id}" must have "meta" and "create"`, 'define it with defineRule()');
        const requires = requiresProblem(rule);
        if (requires) throw fail(`${where}: plugin ${requires.replace(/^rule "[^"]*"/, `rule "${id}"`)}`);
        rules.set(id, rule);
      }
    }
  });

  const validators = new Map<string, ValidateFunction[]>();
  // One Ajv for every rule: each instance compiles the JSON Schema meta-schema before its first schema, which cost
  // more than all the rules' own schemas. A schema with an `$id` gets an instance of its own, so two rules (or
  // plugins) that reuse an id cannot collide.
  let shared: ReturnType<typeof createAjv> | undefined;
  const validatorsOf = (ruleId: string, rule: AnyRule): ValidateFunction[] => {
    let list = validators.get(ruleId);
    if (!list) {
      const schemas = rule.meta.schema ?? [];
      const ajv = schemas.some(hasId) ? createAjv() : (shared ??= createAjv());
      list = schemas.map((schema) => ajv.compile(schema));
      validators.set(ruleId, list);
    }
    return list;
  };

  const exceptions: ResolvedException[] = [];
  objects.forEach((object, index) => {
    const where = describeObject(object, index);
    if (object.rules !== undefined) {
      for (const [ruleId, entry] of Object.entries(object.rules)) {
        const rule = rules.get(ruleId);
        if (!rule) {
          const suggestion = closest(ruleId, [...rules.keys()]);
          throw fail(`unknown rule "${ruleId}" in ${where}`, suggestion ? `did you mean "${suggestion}"?` : 'run `iamlint rules` for the list', 'CONFIG_UNKNOWN_RULE');
        }
        const userOptions = Array.isArray(entry) ? (entry as unknown[]).slice(1) : [];
        const schemas = rule.meta.schema ?? [];
        if (userOptions.length > schemas.length) {
          throw fail(`rule "${ruleId}" in ${where} takes ${schemas.length} option(s), got ${userOptions.length}`, undefined, 'CONFIG_RULE_OPTIONS');
        }
        const effective = mergeOptions([rule.meta.defaultOptions ?? [], userOptions]);
        // A built-in rule's own defaults satisfy its schema (a test checks each): without user options there is
        // nothing to validate, and compiling every rule's schema was most of an audit's start-up.
        const ownDefaults = userOptions.length === 0 && options.builtinRules.get(ruleId) === rule;
        (ownDefaults ? [] : validatorsOf(ruleId, rule)).forEach((validate, position) => {
          if (!validate(effective[position])) {
            const error = pickError(validate.errors);
            const detail = error ? describeError(error) : { pointer: '', message: 'does not match the rule schema' };
            const path = detail.pointer ? ` at ${detail.pointer}` : '';
            throw fail(`rule "${ruleId}" in ${where}: option ${position + 1}${path} ${detail.message}`, `see \`iamlint rules\` for the options of ${ruleId}`, 'CONFIG_RULE_OPTIONS');
          }
        });
        const problem = rule.validateOptions?.(effective);
        if (problem !== undefined) throw fail(`${where}: ${ruleId}: ${problem}`, undefined, 'CONFIG_RULE_OPTIONS');
      }
    }
    const tagRules = typeof object.ignoreTags === 'object' ? (object.ignoreTags.rules ?? []) : [];
    for (const ruleId of tagRules) {
      if (!ruleId.includes('*') && !rules.has(ruleId)) {
        const suggestion = closest(ruleId, [...rules.keys()]);
        throw fail(`ignoreTags in ${where} names an unknown rule "${ruleId}"`, suggestion ? `did you mean "${suggestion}"?` : 'run `iamlint rules` for the list', 'CONFIG_UNKNOWN_RULE');
      }
    }
    if (object.exceptions !== undefined) {
      object.exceptions.forEach((exception, exceptionIndex) => {
        const label = `exception #${exceptionIndex + 1} in ${where}`;
        if (!exception.rule.includes('*') && !rules.has(exception.rule)) {
          throw fail(`${label} names an unknown rule "${exception.rule}"`, undefined, 'CONFIG_UNKNOWN_RULE');
        }
        const scope = object.accounts || object.ous ? { ...(object.accounts ? { accounts: object.accounts } : {}), ...(object.ous ? { ous: object.ous } : {}) } : null;
        exceptions.push({ ...(exception as unknown as ExceptionEntry), configIndex: index, scope });
      });
    }
  });

  return new ResolvedConfig(objects, rules, exceptions);
}

function describeObject(object: unknown, index: number): string {
  const name = isPlainObject(object) && typeof object.name === 'string' ? ` "${object.name}"` : '';
  return `config object #${index + 1}${name}`;
}

function isRule(value: unknown): value is AnyRule {
  return isPlainObject(value) && isPlainObject(value.meta) && typeof value.create === 'function';
}

function closest(input: string, candidates: readonly string[]): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(input, candidate);
    if (!best || distance < best.distance) best = { id: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(input.length / 3)) ? best.id : undefined;
}

function hasId(schema: unknown): boolean {
  return JSON.stringify(schema).includes('"$id"');
}
