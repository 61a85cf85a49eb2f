import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG_DOES_NOTHING, ConfigError, DEFAULT_BASELINE_FILE, EXIT_OK, FORMATTERS, getExitCode, terminalLine, UsageError, type FormatterName, type Severity } from '@iamlint/core';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { audit, printConfig } from '../audit.js';
import { describeBaselineWrite } from '../baseline.js';
import { addColorOptions, colorsFor, type CliIo, type CommandContext } from '../io.js';
import { addCollectOptions, collectLiveSnapshot, LIVE_SNAPSHOT_PATH, type CollectFlags } from '../live-collect.js';
import { protectedInputs, refuseProtected, writeOutputFile } from '../output.js';

const DEFAULT_SNAPSHOT_FOLDER = 'snapshots';

export function registerAuditCommand(program: Command, { io, debug, setExitCode }: CommandContext): void {
  const auditCommand = program
    .command('audit')
    .description('lint a snapshot folder, or raw AWS CLI exports, and report findings')
    .argument('[paths...]', `a snapshot folder (default: ./${DEFAULT_SNAPSHOT_FOLDER} if it exists), a folder of raw AWS CLI exports, or export files`)
    .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATTERS]).default('stylish'))
    .option('-o, --output-file <file>', 'write the report to a file instead of standard output')
    .option('-c, --config <file>', 'config file (default: nearest iamlint.config.{js,mjs,json,yaml,yml})')
    .option('--max-warnings <count>', 'exit 1 when there are more warnings than this (default: no limit)', parseCount)
    .option('--quiet', 'report errors only, and count the checks not evaluated in one line instead of listing them')
    .option('--rule <ids>', 'run only these rules (comma-separated, or repeat the flag), e.g. --rule access-key-max-age,root-mfa', collectList)
    .addOption(new Option('--severity <min>', 'report only findings of this severity or higher; the exit code and --max-warnings count only those').choices(['low', 'medium', 'high', 'critical']))
    .option('--account <ids>', "report only these accounts' findings (ids or names, comma-separated or repeated), and the organization-level ones", collectList)
    .option('--print-config <account>', 'print the config as it applies to this account (id, name, or "organization") as JSON, and exit without auditing')
    .option('--now <date>', "evaluate ages as of this date (YYYY-MM-DD or ISO-8601) instead of the snapshot's collectedAt", parseDate)
    .option('--category <id>', 'SARIF automationDetails category, one per snapshot when a repository holds several')
    .option('--baseline <file>', 'report only findings not in this baseline file (e.g. iamlint-baseline.json)')
    .option('--update-baseline', 'write the baseline (--baseline, default iamlint-baseline.json) from the current findings')
    .option('--new-since <git-ref>', 'report only findings the same snapshot path did not have at this git ref, e.g. HEAD~1 or origin/main')
    .option('--repo-root <folder>', 'SARIF paths are relative to this folder (default: the git repository holding the snapshot)')
    .option('--strict-config', 'treat config that does nothing (exceptions that match no finding, scopes that match no account or OU) as an error')
    .option('--no-rules-ok', 'allow a config that enables no rule (otherwise an error)')
    .option('--live', 'collect from AWS into memory and audit that (takes the flags of `iamlint collect`)')
    .option('--jobs <n>', 'threads that run the rules (default 1; auto: one per core on 3 or more cores, for snapshots with enough accounts); the report is the same', parseJobs);
  addColorOptions(auditCommand);
  addCollectOptions(auditCommand).action(async (paths: string[], options: AuditCliOptions) => {
    setExitCode(await runAudit(paths, options, io, debug));
  });
}

interface AuditCliOptions extends CollectFlags {
  live?: boolean;
  format: FormatterName;
  outputFile?: string;
  config?: string;
  maxWarnings?: number;
  quiet?: boolean;
  now?: Date;
  category?: string;
  baseline?: string;
  updateBaseline?: boolean;
  newSince?: string;
  strictConfig?: boolean;
  repoRoot?: string;
  /** false with --no-rules-ok. */
  rulesOk?: boolean;
  rule?: string[];
  severity?: Severity;
  account?: string[];
  printConfig?: string;
  /** true with --color, false with --no-color. */
  color?: boolean;
  jobs?: number | 'auto';
}

async function runAudit(paths: readonly string[], options: AuditCliOptions, io: CliIo, debug: boolean): Promise<number> {
  if (options.live && paths.length > 0) {
    throw new UsageError('USAGE', `--live audits AWS directly, so ${paths.join(', ')} would not be read`, { hint: 'drop the paths, or drop --live' });
  }
  const liveFiles = options.live ? await collectLiveSnapshot(options, io) : undefined;
  const inputPaths = liveFiles ? [LIVE_SNAPSHOT_PATH] : paths.length > 0 ? paths : [defaultSnapshotFolder(io.cwd)];
  if (options.printConfig !== undefined) {
    io.stdout(await printConfig({ path: inputPaths, account: options.printConfig, cwd: io.cwd, ...(options.config ? { configPath: options.config } : {}), ...(liveFiles ? { files: liveFiles } : {}) }));
    return EXIT_OK;
  }
  const outputFile = options.outputFile ? resolve(io.cwd, options.outputFile) : undefined;
  const baselineInUse = options.baseline !== undefined || options.updateBaseline ? [{ path: resolve(io.cwd, options.baseline ?? DEFAULT_BASELINE_FILE), what: 'the baseline in use' }] : [];
  const inputs = liveFiles ? [] : inputPaths.map((path) => resolve(io.cwd, path));
  if (outputFile) refuseProtected(outputFile, options.outputFile as string, protectedInputs(inputs, baselineInUse), '--output-file');
  const colors = outputFile ? undefined : colorsFor(io, options.color);
  const outcome = await audit({
    path: inputPaths,
    cwd: io.cwd,
    format: options.format,
    ...(options.config ? { configPath: options.config } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.quiet ? { quiet: true } : {}),
    ...(options.rule ? { rules: options.rule } : {}),
    ...(options.severity ? { minSeverity: options.severity } : {}),
    ...(options.account ? { accounts: options.account } : {}),
    ...(options.category ? { category: options.category } : {}),
    ...(options.repoRoot ? { repoRoot: options.repoRoot } : {}),
    ...(options.baseline !== undefined ? { baseline: options.baseline } : {}),
    ...(options.updateBaseline ? { updateBaseline: true } : {}),
    ...(options.newSince !== undefined ? { newSince: options.newSince } : {}),
    ...(colors ? { colors } : {}),
    ...(liveFiles ? { files: liveFiles } : {}),
    jobs: options.jobs ?? 1,
  });
  const scopes = [null, ...outcome.model.accounts];
  if (options.rulesOk !== false && !scopes.some((scope) => outcome.config.settingsFor(scope).size > 0)) {
    throw new ConfigError('CONFIG_INVALID', `the config enables no rule, so the audit would check nothing`, {
      location: { file: outcome.configFile ?? 'built-in default config' },
      hint: 'add a preset such as "iamlint:recommended" or some rules, or pass --no-rules-ok',
    });
  }
  const useless = outcome.result.diagnostics.filter((diagnostic) => diagnostic.code !== undefined && CONFIG_DOES_NOTHING.has(diagnostic.code));
  if (options.strictConfig && useless.length > 0) {
    for (const diagnostic of useless.slice(1)) io.stderr(`iamlint: error: ${terminalLine(diagnostic.message)}\n`);
    throw new ConfigError('CONFIG_INVALID', `${(useless[0] as { message: string }).message}`, { hint: 'fix or remove it (--strict-config)' });
  }
  if (outcome.baselineWrite) io.stderr(`iamlint: ${terminalLine(describeBaselineWrite(outcome.baselineWrite))}\n`);
  for (const note of outcome.notes) io.stderr(`iamlint: note: ${terminalLine(note)}\n`);
  for (const diagnostic of outcome.result.diagnostics) io.stderr(`iamlint: warning: ${terminalLine(diagnostic.message)}\n`);
  for (const failure of outcome.result.ruleFailures) {
    const where = failure.resourceId ? ` on ${failure.resourceId}` : '';
    io.stderr(`iamlint: ${terminalLine(`rule ${failure.ruleId} crashed${where}: ${failure.message} (a bug in the rule; report it)`)}\n`);
    if (debug && failure.stack) io.stderr(`${failure.stack}\n`);
  }
  if (outputFile) {
    const config = outcome.configFile ? [{ path: outcome.configFile, what: 'the config file in use' }] : [];
    await writeOutputFile(outputFile, outcome.output, { flag: '--output-file', display: options.outputFile as string, protect: protectedInputs(inputs, [...baselineInUse, ...config]) });
  } else {
    io.stdout(outcome.output);
  }
  return getExitCode(outcome.result, options.maxWarnings ?? -1);
}

function defaultSnapshotFolder(cwd: string): string {
  if (existsSync(resolve(cwd, DEFAULT_SNAPSHOT_FOLDER))) return DEFAULT_SNAPSHOT_FOLDER;
  throw new UsageError('USAGE', `no snapshot folder given and ./${DEFAULT_SNAPSHOT_FOLDER} does not exist`, {
    hint: 'run `iamlint audit <folder>`, e.g. `iamlint audit fixtures/demo-org`',
  });
}

/** A comma-separated list, added to what earlier uses of the flag gave. */
function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((item) => item.trim()).filter((item) => item !== '')];
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return Number(value);
}

function parseJobs(value: string): number | 'auto' {
  if (value === 'auto') return value;
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('must be a whole number ≥ 1 (1 runs the rules on one thread), or auto');
  return Number(value);
}

function parseDate(value: string): Date {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const date = new Date(text);
  // new Date() rolls 2026-02-30 over to March 2; a day that does not exist is a typo, not a date.
  const day = Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
  const sameDay = !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z)?)?$/.test(value) || day === value.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime()) || !sameDay) {
    throw new InvalidArgumentError('must be a date as YYYY-MM-DD or an ISO-8601 timestamp');
  }
  return date;
}
