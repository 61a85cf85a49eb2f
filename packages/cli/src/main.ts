import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import {
  EXIT_ERROR,
  EXIT_OK,
  FORMATTERS,
  IamlintError,
  getExitCode,
  isSnapshotFile,
  loadSnapshot,
  UsageError,
  type Colors,
  type FormatterName,
} from '@iamlint/core';
import { builtinRules } from '@iamlint/rules';
import pc from 'picocolors';
import { audit } from './audit.js';
import { firstLine } from './config-file.js';
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
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTty: process.stdout.isTTY === true,
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

  program
    .command('audit')
    .description('lint a snapshot folder and report findings')
    .argument('[path]', `snapshot folder (default: ./${DEFAULT_SNAPSHOT_FOLDER} if it exists)`)
    .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATTERS]).default('stylish'))
    .option('-o, --output-file <file>', 'write the report to a file instead of standard output')
    .option('-c, --config <file>', 'config file (default: nearest iamlint.config.{js,mjs,json,yaml,yml})')
    .option('--max-warnings <count>', 'exit 1 when there are more warnings than this (default: no limit)', parseCount)
    .option('--quiet', 'report errors only')
    .option('--now <date>', "evaluate ages as of this date (YYYY-MM-DD or ISO-8601) instead of the snapshot's collectedAt", parseDate)
    .option('--category <id>', 'SARIF automationDetails category, one per snapshot when a repository holds several')
    .action(async (path: string | undefined, options: AuditCliOptions) => {
      exitCode = await runAudit(path, options, io, debug);
    });

  program
    .command('import')
    .description('convert raw AWS CLI exports (get-account-authorization-details, one per account) into a snapshot folder')
    .argument('<files...>', 'export files')
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

interface AuditCliOptions {
  format: FormatterName;
  outputFile?: string;
  config?: string;
  maxWarnings?: number;
  quiet?: boolean;
  now?: Date;
  category?: string;
}

async function runAudit(path: string | undefined, options: AuditCliOptions, io: CliIo, debug: boolean): Promise<number> {
  const snapshotPath = path ?? defaultSnapshotFolder(io.cwd);
  const outputFile = options.outputFile ? resolve(io.cwd, options.outputFile) : undefined;
  if (outputFile) guardOutputFile(outputFile, resolve(io.cwd, snapshotPath));
  const colors = outputFile ? undefined : colorsFor(io);
  const outcome = await audit({
    path: snapshotPath,
    cwd: io.cwd,
    format: options.format,
    ...(options.config ? { configPath: options.config } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.quiet ? { quiet: true } : {}),
    ...(options.category ? { category: options.category } : {}),
    ...(colors ? { colors } : {}),
  });
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
  const snapshot = await importExports(files, io.cwd);
  loadSnapshot(snapshot, out);
  await writeFolderAtomic(target, snapshot);
  const accounts = [...snapshot.keys()].filter((file) => file.startsWith('accounts/')).length;
  io.stderr(`iamlint: wrote ${out} (${accounts} account${accounts === 1 ? '' : 's'}); audit it with \`iamlint audit ${out}\`\n`);
  return EXIT_OK;
}

function defaultSnapshotFolder(cwd: string): string {
  if (existsSync(resolve(cwd, DEFAULT_SNAPSHOT_FOLDER))) return DEFAULT_SNAPSHOT_FOLDER;
  throw new UsageError('USAGE', `no snapshot folder given and ./${DEFAULT_SNAPSHOT_FOLDER} does not exist`, {
    hint: 'run `iamlint audit <folder>`, e.g. `iamlint audit fixtures/demo-org`',
  });
}

/** Never let a report overwrite the snapshot it describes. */
function guardOutputFile(outputFile: string, snapshotFolder: string): void {
  const inside = relative(snapshotFolder, outputFile).split('\\').join('/');
  if (!inside.startsWith('..') && isSnapshotFile(inside)) {
    throw new UsageError('USAGE', `refusing to write the report over snapshot file ${outputFile}`, {
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
