import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import {
  EXIT_ERROR,
  EXIT_OK,
  DIFF_FORMATS,
  FORMATTERS,
  IamlintError,
  getExitCode,
  isSnapshotFile,
  loadSnapshot,
  plural,
  UsageError,
  type Colors,
  type DiffFormatName,
  type FormatterName,
} from '@iamlint/core';
import { builtinRules } from '@iamlint/rules';
import pc from 'picocolors';
import { audit } from './audit.js';
import { describeBaselineWrite } from './baseline.js';
import { addCollectOptions, collectLiveSnapshot, LIVE_SNAPSHOT_PATH, registerCollectCommand, type CollectFlags } from './collect-command.js';
import { firstLine } from './config-file.js';
import { runDiff, type DiffCliOptions } from './diff-command.js';
import { writeFileAtomic, writeFolderAtomic } from './output.js';
import { importExports } from './raw-export.js';
import { formatRuleCatalog } from './rule-catalog.js';
import { versionText } from './version.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdoutIsTty: boolean;
  /** Progress is drawn as one updating line only on a terminal. */
  stderrIsTty?: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
  };
}

const DEFAULT_SNAPSHOT_FOLDER = 'snapshots';

/** Runs the CLI and returns its exit code; never exits the process itself. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const debug = argv.includes('--debug');
  let exitCode = EXIT_OK;
  const program = new Command('iamlint')
    .description('Lint what an AWS organization says about identity: IAM, IAM Identity Center, Organizations.')
    .version(versionText(), '-v, --version', 'print the version')
    .option('--debug', 'show stack traces for errors')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(`iamlint: ${text.replace(/^error: /, '').trim()} (see iamlint --help)\n`),
    });

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
    exitCode = await runAudit(paths, options, io, debug);
  });

  registerCollectCommand(program, io, (code) => {
    exitCode = code;
  });

  program
    .command('diff')
    .description('show what changed in who-can-do-what between two snapshots (or a snapshot and its state at a git ref)')
    .argument('<paths...>', '<old> <new> snapshot folders, or one folder with --base')
    .option('--base <git-ref>', 'read the old snapshot from git at this ref (same path), e.g. HEAD~1 or origin/main')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...DIFF_FORMATS]).default('stylish' satisfies DiffFormatName))
    .option('-o, --output-file <file>', 'write the report to a file instead of standard output')
    .option('--fail-on-admin-gained', 'exit 1 when a principal gained administrator access')
    .action(async (paths: string[], options: DiffCliOptions) => {
      exitCode = await runDiff(paths, options, io, colorsFor(io));
    });

  program
    .command('import')
    .description(
      'convert raw AWS CLI exports (a folder written by scripts/export-with-aws-cli.sh, or AWS CLI output files: see docs/exports.md) into a snapshot folder',
    )
    .argument('<paths...>', 'export files or folders of them, any mix')
    .requiredOption('-o, --out <folder>', 'snapshot folder to create (must not exist yet)')
    .action(async (files: string[], options: { out: string }) => {
      exitCode = await runImport(files, options.out, io);
    });

  program
    .command('rules')
    .description('list the built-in rules')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((options: { format: 'text' | 'json' }) => {
      io.stdout(formatRuleCatalog(builtinRules, options.format));
    });

  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT_ERROR;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    }
    io.stderr(`${describeError(error, debug)}\n`);
    return EXIT_ERROR;
  }
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

async function runImport(files: readonly string[], out: string, io: CliIo): Promise<number> {
  const target = resolve(io.cwd, out);
  if (existsSync(target)) {
    throw new UsageError('USAGE', `${out} already exists`, { hint: 'choose a new --out folder; iamlint import never overwrites' });
  }
  const { files: snapshot, notes } = await importExports(files, io.cwd);
  loadSnapshot(snapshot, out);
  for (const note of notes) io.stderr(`iamlint: note: ${note}\n`);
  await writeFolderAtomic(target, snapshot);
  const accounts = [...snapshot.keys()].filter((file) => file.startsWith('accounts/')).length;
  io.stderr(`iamlint: wrote ${out} (${plural(accounts, 'account')}); audit it with \`iamlint audit ${out}\`\n`);
  return EXIT_OK;
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

function colorsFor(io: CliIo): Colors | undefined {
  const forced = io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0';
  const enabled = forced || (io.stdoutIsTty && !io.env.NO_COLOR && io.env.TERM !== 'dumb');
  if (!enabled) return undefined;
  const colors = pc.createColors(true);
  return {
    red: colors.red,
    yellow: colors.yellow,
    green: colors.green,
    dim: colors.dim,
    bold: colors.bold,
    underline: colors.underline,
  };
}

function describeError(error: unknown, debug: boolean): string {
  if (error instanceof IamlintError) {
    return `iamlint: ${error.format()}${debug && error.stack ? `\n${error.stack}` : ''}`;
  }
  const stack = error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return debug
    ? `iamlint: internal error: ${firstLine(error)}${stack}`
    : `iamlint: internal error: ${firstLine(error)} (run with --debug for details, and please report it)`;
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
