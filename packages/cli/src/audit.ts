import { realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import {
  formatResult,
  loadSnapshot,
  runRules,
  type BaselineComparison,
  type Colors,
  type FormatContext,
  type FormatterName,
  type LintResult,
  type Model,
  type ResolvedConfig,
  type SnapshotOrigins,
  UsageError,
} from '@iamlint/core';
import { complianceFrameworks } from '@iamlint/rules';
import { applyBaselineOptions, type BaselineOptions, type BaselineOutcome, type BaselineWrite } from './baseline.js';
import { accountToPrint, effectiveConfig, filterResult, findingFilter, onlyRules, resolveAccounts, type AuditFilters } from './audit-filters.js';
import { loadResolvedConfig } from './config-file.js';
import { resolveJobs, runRulesOnThreads } from './parallel-rules.js';
import { repositoryRoot } from './git.js';
import { protectedInputs } from './output.js';
import { readAuditInput } from './read-snapshot.js';
import { toolVersion } from './version.js';
import { toPosix } from './paths.js';

export interface AuditOptions extends BaselineOptions, AuditFilters {
  /** The snapshot folder, or raw AWS CLI export files, imported in memory. */
  path: string | readonly string[];
  cwd?: string;
  configPath?: string;
  format?: FormatterName;
  /** Overrides the snapshot's collectedAt as "now" for age-based rules. */
  now?: Date;
  /** The day exceptions expire against: today, unless a test pins it. */
  today?: Date;
  /** Report errors only, as ESLint's --quiet. */
  quiet?: boolean;
  colors?: Colors;
  /** SARIF automationDetails category. */
  category?: string;
  /** SARIF URIs are relative to this folder; default: the git repository holding the snapshot, else cwd. */
  repoRoot?: string;
  /** The snapshot's files when they are not on disk (`audit --live`); `path` then only names it in reports. */
  files?: ReadonlyMap<string, string>;
  /** With `files` imported from raw exports: where their values came from (combineExports' origins). */
  origins?: SnapshotOrigins;
  /** Threads that run the rules (default 1); `auto`: one per core (one on 2 cores or fewer), as the snapshot's accounts warrant. Same result either way. */
  jobs?: number | 'auto';
}

export interface AuditOutcome {
  result: LintResult;
  model: Model;
  config: ResolvedConfig;
  configFile: string | null;
  output: string;
  /** What importing raw exports assumed, one line each; empty for a snapshot folder. */
  notes: string[];
  /** With a baseline or --new-since: the known findings left out of `result` (SARIF keeps them as unchanged). */
  comparison?: BaselineComparison;
  /** With --new-since: the snapshot at that ref, or null when the path held none there. */
  since?: BaselineOutcome['since'];
  baselineWrite?: BaselineWrite;
}

/** The audit as a library call: read the snapshot and config, run the rules, format. No process exit, no printing. */
export async function audit(options: AuditOptions): Promise<AuditOutcome> {
  const cwd = options.cwd ?? process.cwd();
  const paths = typeof options.path === 'string' ? [options.path] : options.path;
  const { files, displayPath, notes, origins } = options.files
    ? { files: options.files, displayPath: paths.join(', '), notes: [] as string[], origins: options.origins }
    : await readAuditInput(paths, cwd);
  const model = loadSnapshot(files, displayPath, origins && options.format === 'sarif' ? await repositoryRelativeOrigins(origins, options, cwd) : origins);
  const inUse = await loadResolvedConfig({ cwd, configPath: options.configPath });
  const configFile = inUse.file;
  if (options.rules !== undefined && options.updateBaseline) {
    throw new UsageError('USAGE', '--update-baseline with --rule would write a baseline without the other rules\' findings', { hint: 'drop --rule to update the baseline' });
  }
  const config = options.rules !== undefined ? onlyRules(inUse.config, options.rules) : inUse.config;
  const accounts = options.accounts !== undefined ? resolveAccounts(model, options.accounts) : undefined;
  const narrow = { ...(options.minSeverity ? { minSeverity: options.minSeverity } : {}), ...(accounts ? { accounts } : {}) };
  const today = options.today ?? new Date();
  const runOptions = { model, config, ...(options.now ? { now: options.now } : {}), exceptionsAsOf: today };
  const jobs = resolveJobs(options.jobs ?? 1, model.accounts.length);
  const full =
    jobs === 1
      ? runRules(runOptions)
      : await runRulesOnThreads(
          runOptions,
          {
            input: options.files ? { kind: 'files', files: [...options.files], displayPath } : { kind: 'paths', paths, cwd },
            cwd,
            ...(options.configPath ? { configPath: options.configPath } : {}),
            ...(options.rules ? { rules: options.rules } : {}),
            ...(options.now ? { now: options.now.toISOString() } : {}),
            exceptionsAsOf: today.toISOString(),
          },
          jobs,
        );
  const baselined = await applyBaselineOptions({
    options,
    result: full,
    cwd,
    paths,
    inMemory: options.files !== undefined,
    displayPath,
    config,
    ...(options.now ? { now: options.now } : {}),
    today,
    protect: protectedInputs(
      options.files ? [] : paths.map((path) => resolve(cwd, path)),
      configFile ? [{ path: configFile, what: 'the config file in use' }] : [],
    ),
  });
  const narrowed = filterResult(baselined.result, narrow);
  const result = options.quiet ? onlyErrors(narrowed) : narrowed;
  const keep = findingFilter(narrow);
  const comparison = baselined.comparison
    ? { ...baselined.comparison, unchanged: baselined.comparison.unchanged.filter((finding) => keep(finding) && (!options.quiet || finding.level === 'error')) }
    : undefined;
  const context: FormatContext = {
    result,
    model,
    rules: config.rules,
    snapshotPath: options.format === 'sarif' ? await repositoryRelativePath(options, paths, cwd, displayPath) : displayPath,
    toolVersion: toolVersion(),
    frameworks: complianceFrameworks,
    ...(options.category ? { category: options.category } : {}),
    ...(options.colors ? { colors: options.colors } : {}),
    ...(comparison ? { baseline: comparison } : {}),
    ...(options.quiet ? { quiet: true } : {}),
  };
  const output = formatResult(options.format ?? 'stylish', context);
  return {
    result,
    model,
    config,
    configFile,
    output,
    notes,
    ...(comparison ? { comparison } : {}),
    ...(baselined.since ? { since: baselined.since } : {}),
    ...(baselined.written ? { baselineWrite: baselined.written } : {}),
  };
}

/** `audit --print-config`: the config as it applies to one account of the snapshot (or `organization`), as JSON. */
export async function printConfig(options: { path: string | readonly string[]; account: string; cwd?: string; configPath?: string; files?: ReadonlyMap<string, string> }): Promise<string> {
  const cwd = options.cwd ?? process.cwd();
  const paths = typeof options.path === 'string' ? [options.path] : options.path;
  const { files, displayPath } = options.files ? { files: options.files, displayPath: paths.join(', ') } : await readAuditInput(paths, cwd);
  const model = loadSnapshot(files, displayPath);
  const { config, source } = await loadResolvedConfig({ cwd, configPath: options.configPath });
  return `${JSON.stringify(effectiveConfig(config, accountToPrint(model, options.account), source), null, 2)}\n`;
}

/**
 * Code scanning places an alert by a path from the repository root, whichever folder the audit ran from: the
 * snapshot folder relative to `--repo-root`, or to the git repository holding it.
 */
async function repositoryRelativePath(options: AuditOptions, paths: readonly string[], cwd: string, displayPath: string): Promise<string> {
  const single = paths.length === 1 && !options.files ? resolve(cwd, paths[0] as string) : undefined;
  if (single === undefined) return displayPath;
  const folder = await realpath(single).catch(() => single);
  const rootGiven = options.repoRoot !== undefined ? resolve(cwd, options.repoRoot) : await repositoryRoot((await stat(folder).catch(() => undefined))?.isDirectory() ? folder : dirname(folder));
  if (rootGiven === undefined) return displayPath;
  const root = await realpath(rootGiven).catch(() => rootGiven);
  const inside = toPosix(relative(root, folder));
  return inside.startsWith('..') || isAbsolute(inside) ? displayPath : inside || '.';
}

/** SARIF names raw exports, as it names snapshot files, by their path from the repository root. */
async function repositoryRelativeOrigins(origins: SnapshotOrigins, options: AuditOptions, cwd: string): Promise<SnapshotOrigins> {
  const first = [...origins.texts.keys()][0];
  if (first === undefined) return origins;
  const rootGiven = options.repoRoot !== undefined ? resolve(cwd, options.repoRoot) : await repositoryRoot(dirname(resolve(cwd, first)));
  if (rootGiven === undefined) return origins;
  const root = await realpath(rootGiven).catch(() => rootGiven);
  const renamed = new Map<string, string>();
  for (const file of origins.texts.keys()) {
    const absolute = resolve(cwd, file);
    const inside = toPosix(relative(root, await realpath(absolute).catch(() => absolute)));
    renamed.set(file, inside.startsWith('..') || isAbsolute(inside) ? file : inside);
  }
  const rename = (file: string) => renamed.get(file) ?? file;
  return {
    texts: new Map([...origins.texts].map(([file, text]) => [rename(file), text])),
    entries: new Map([...origins.entries].map(([snapshotFile, entries]) => [snapshotFile, new Map([...entries].map(([pointer, origin]) => [pointer, { ...origin, file: rename(origin.file) }]))])),
  };
}

function onlyErrors(result: LintResult): LintResult {
  return { ...result, findings: result.findings.filter((finding) => finding.level === 'error'), warningCount: 0 };
}
