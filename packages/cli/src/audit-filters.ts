import {
  editDistance,
  ResolvedConfig,
  scopeMatches,
  SEVERITIES,
  UsageError,
  wildcardMatch,
  type AccountNode,
  type AnyRule,
  type ConfigObject,
  type Finding,
  type LintResult,
  type Model,
  type RuleEntry,
  type Severity,
} from '@iamlint/core';
import { unknownRuleError } from './rule-catalog.js';

/** What `audit --rule/--severity/--account` narrow a run to. */
export interface AuditFilters {
  /** Only these rules run. */
  rules?: readonly string[];
  /** Only findings at or above this severity are reported (and count for the exit code). */
  minSeverity?: Severity;
  /** Only these accounts' findings are reported, besides organization-level ones; ids or names. */
  accounts?: readonly string[];
}

/**
 * The config with only the named rules on. A named rule the config enables somewhere keeps its levels, scopes and
 * options; one it never enables runs everywhere at its default level (error for a problem, warn for a suggestion).
 * Exceptions for other rules go, so they are not reported as unused.
 */
export function onlyRules(config: ResolvedConfig, ruleIds: readonly string[]): ResolvedConfig {
  for (const id of ruleIds) if (!config.rules.has(id)) throw unknownRuleError(id, config.rules.keys(), '--rule');
  const selected = new Set(ruleIds);
  const rules: Record<string, RuleEntry> = {};
  for (const [id, rule] of config.rules) {
    if (!selected.has(id)) rules[id] = 'off';
    else if (!config.objects.some((object) => isOn(object.rules?.[id]))) rules[id] = defaultLevel(rule);
  }
  const restriction: ConfigObject = { name: '--rule', rules };
  const exceptions = config.exceptions.filter((exception) => ruleIds.some((id) => wildcardMatch(exception.rule, id)));
  return new ResolvedConfig([...config.objects, restriction], config.rules, exceptions);
}

function isOn(entry: RuleEntry | undefined): boolean {
  if (entry === undefined) return false;
  const level = Array.isArray(entry) ? (entry as readonly unknown[])[0] : entry;
  return level !== 'off' && level !== 0;
}

function defaultLevel(rule: AnyRule): RuleEntry {
  return rule.meta.type === 'problem' ? 'error' : 'warn';
}

/** The accounts `--account` names, by id or name; one that the snapshot does not hold is a usage error. */
export function resolveAccounts(model: Model, given: readonly string[], flag = '--account'): Set<string> {
  const ids = new Set<string>();
  for (const value of given) {
    const account = model.accounts.find((candidate) => candidate.accountId === value) ?? model.accounts.find((candidate) => candidate.name === value || candidate.alias === value);
    if (!account) {
      const near = model.accounts.filter((candidate) => [candidate.accountId, candidate.name].some((known) => editDistance(value, known, 3) <= 3));
      const known = model.accounts.map((candidate) => candidate.accountId);
      throw new UsageError('USAGE', `${flag}: the snapshot has no account "${value}"`, {
        hint:
          near.length > 0
            ? `did you mean ${near.slice(0, 3).map((candidate) => (candidate.name === candidate.accountId ? candidate.accountId : `${candidate.accountId} (${candidate.name})`)).join(', ')}?`
            : `it has ${known.slice(0, 5).join(', ')}${known.length > 5 ? ` and ${known.length - 5} more` : ''}`,
      });
    }
    ids.add(account.accountId);
  }
  return ids;
}

/** The account `--print-config` names, by id or name; `organization` stands for organization-level resources. */
export function accountToPrint(model: Model, given: string): AccountNode | null {
  if (given === 'organization') return null;
  const [id] = resolveAccounts(model, [given], '--print-config');
  return model.accounts.find((account) => account.accountId === id) as AccountNode;
}

/** The result narrowed to findings at or above a severity and in some accounts, with its counts (and so the exit code) to match. */
export function filterResult(result: LintResult, filters: { minSeverity?: Severity; accounts?: ReadonlySet<string> }): LintResult {
  if (filters.minSeverity === undefined && filters.accounts === undefined) return result;
  const keep = findingFilter(filters);
  const findings = result.findings.filter(keep);
  return {
    ...result,
    findings,
    suppressed: result.suppressed.filter(keep),
    notEvaluated: filters.accounts ? result.notEvaluated.filter((entry) => entry.accountId === null || (filters.accounts as ReadonlySet<string>).has(entry.accountId)) : result.notEvaluated,
    errorCount: findings.filter((finding) => finding.level === 'error').length,
    warningCount: findings.filter((finding) => finding.level === 'warn').length,
  };
}

export function findingFilter(filters: { minSeverity?: Severity; accounts?: ReadonlySet<string> }): (finding: Finding) => boolean {
  const limit = filters.minSeverity === undefined ? SEVERITIES.length : SEVERITIES.indexOf(filters.minSeverity);
  return (finding) =>
    SEVERITIES.indexOf(finding.severity) <= limit &&
    (filters.accounts === undefined || finding.resource.accountId === null || filters.accounts.has(finding.resource.accountId));
}

/** The config as it applies to one account (or to organization-level resources): each rule's level, severity and options, and the exceptions. */
export function effectiveConfig(config: ResolvedConfig, account: AccountNode | null, source: string): unknown {
  const settings = config.settingsFor(account);
  const exceptions = config.exceptions.filter(
    (exception) =>
      (exception.scope === null || (account !== null && scopeMatches(exception.scope, account))) &&
      (exception.accounts === undefined || (account !== null && exception.accounts.some((pattern) => wildcardMatch(pattern, account.accountId)))),
  );
  return {
    config: source,
    account: account === null ? 'organization' : { id: account.accountId, name: account.name, ous: account.ouPath.map((ou) => `${ou.name} (${ou.id})`) },
    rules: Object.fromEntries(
      [...settings].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, setting]) => [id, { level: setting.level, severity: config.rules.get(id)?.meta.severity, options: setting.options }]),
    ),
    exceptions: exceptions.map(({ rule, resource, accounts, reason, expires }) => ({ rule, ...(resource ? { resource } : {}), ...(accounts ? { accounts } : {}), reason, ...(expires ? { expires } : {}) })),
    ignoreTags: config.ignoreTags ?? false,
  };
}
