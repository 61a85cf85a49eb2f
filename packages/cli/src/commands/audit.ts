import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { FORMATTERS, getExitCode, isSnapshotFile, UsageError, type FormatterName } from '@iamlint/core';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { audit } from '../audit.js';
import { describeBaselineWrite } from '../baseline.js';
import { colorsFor, type CliIo, type CommandContext } from '../io.js';
import { addCollectOptions, collectLiveSnapshot, LIVE_SNAPSHOT_PATH, type CollectFlags } from '../live-collect.js';
import { writeFileAtomic } from '../output.js';

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
    .option('--quiet', 'report errors only')
    .option('--now <date>', "evaluate ages as of this date (YYYY-MM-DD or ISO-8601) instead of the snapshot's collectedAt", parseDate)
    .option('--category <id>', 'SARIF automationDetails category, one per snapshot when a repository holds several')
    .option('--baseline <file>', 'report only findings not in this baseline file (e.g. iamlint-baseline.json)')
    .option('--update-baseline', 'write the baseline (--baseline, default iamlint-baseline.json) from the current findings')
    .option('--new-since <git-ref>', 'report only findings the same snapshot path did not have at this git ref, e.g. HEAD~1 or origin/main')
    .option('--live', 'collect from AWS into memory and audit that (takes the flags of `iamlint collect`)');
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
}

async function runAudit(paths: readonly string[], options: AuditCliOptions, io: CliIo, debug: boolean): Promise<number> {
  if (options.live && paths.length > 0) {
    throw new UsageError('USAGE', `--live audits AWS directly, so ${paths.join(', ')} would not be read`, { hint: 'drop the paths, or drop --live' });
  }
  const liveFiles = options.live ? await collectLiveSnapshot(options, io) : undefined;
  const inputPaths = liveFiles ? [LIVE_SNAPSHOT_PATH] : paths.length > 0 ? paths : [defaultSnapshotFolder(io.cwd)];
  const outputFile = options.outputFile ? resolve(io.cwd, options.outputFile) : undefined;
  if (outputFile) for (const path of inputPaths) guardOutputFile(outputFile, resolve(io.cwd, path));
  const colors = outputFile ? undefined : colorsFor(io);
  const outcome = await audit({
    path: inputPaths,
    cwd: io.cwd,
    format: options.format,
    ...(options.config ? { configPath: options.config } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.quiet ? { quiet: true } : {}),
    ...(options.category ? { category: options.category } : {}),
    ...(options.baseline !== undefined ? { baseline: options.baseline } : {}),
    ...(options.updateBaseline ? { updateBaseline: true } : {}),
    ...(options.newSince !== undefined ? { newSince: options.newSince } : {}),
    ...(colors ? { colors } : {}),
    ...(liveFiles ? { files: liveFiles } : {}),
  });
  if (outcome.baselineWrite) io.stderr(`iamlint: ${describeBaselineWrite(outcome.baselineWrite)}\n`);
  for (const note of outcome.notes) io.stderr(`iamlint: note: ${note}\n`);
  for (const diagnostic of outcome.result.diagnostics) io.stderr(`iamlint: warning: ${diagnostic.message}\n`);
  for (const failure of outcome.result.ruleFailures) {
    const where = failure.resourceId ? ` on ${failure.resourceId}` : '';
    io.stderr(`iamlint: rule ${failure.ruleId} crashed${where}: ${failure.message} (a bug in the rule; report it)\n`);
    if (debug && failure.stack) io.stderr(`${failure.stack}\n`);
  }
  if (outputFile) {
    await writeFileAtomic(outputFile, outcome.output);
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

/** Never let a report overwrite the snapshot or the export it describes. */
function guardOutputFile(outputFile: string, input: string): void {
  const inside = relative(input, outputFile).split('\\').join('/');
  if (inside === '' || (!inside.startsWith('..') && isSnapshotFile(inside))) {
    throw new UsageError('USAGE', `refusing to write the report over ${inside === '' ? 'export' : 'snapshot'} file ${outputFile}`, {
      hint: 'choose another --output-file',
    });
  }
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return Number(value);
}

function parseDate(value: string): Date {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError('must be a date as YYYY-MM-DD or an ISO-8601 timestamp');
  }
  return date;
}
