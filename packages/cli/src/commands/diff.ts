import { relative, resolve } from 'node:path';
import {
  DIFF_FORMATS,
  diffSnapshots,
  EXIT_FINDINGS,
  EXIT_OK,
  formatDiff,
  loadSnapshot,
  UsageError,
  type Colors,
  type DiffFormatName,
} from '@iamlint/core';
import { Option, type Command } from 'commander';
import { addColorOptions, colorsFor, type CliIo, type CommandContext } from '../io.js';
import { readSnapshotAtRef } from '../git.js';
import { writeOutputFile } from '../output.js';
import { readSnapshotFolder } from '../read-snapshot.js';
import { toPosix } from '../paths.js';

export interface DiffCliOptions {
  format: DiffFormatName;
  base?: string;
  outputFile?: string;
  failOnAdminGained?: boolean;
  color?: boolean;
}

export function registerDiffCommand(program: Command, { io, setExitCode }: CommandContext): void {
  const command = program
    .command('diff')
    .description('show what changed in who-can-do-what between two snapshots (or a snapshot and its state at a git ref)')
    .argument('<paths...>', '<old> <new> snapshot folders, or one folder with --base')
    .option('--base <git-ref>', 'read the old snapshot from git at this ref (same path), e.g. HEAD~1 or origin/main')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...DIFF_FORMATS]).default('stylish' satisfies DiffFormatName))
    .option('-o, --output-file <file>', 'write the report to a file instead of standard output')
    .option('--fail-on-admin-gained', 'exit 1 when a principal gained administrator access');
  addColorOptions(command).action(async (paths: string[], options: DiffCliOptions) => {
    setExitCode(await runDiff(paths, options, io, colorsFor(io, options.color)));
  });
}

/** `iamlint diff <old> <new>` or `iamlint diff --base <ref> <path>`; returns the exit code. */
export async function runDiff(paths: readonly string[], options: DiffCliOptions, io: CliIo, colors: Colors | undefined): Promise<number> {
  const usage = 'run `iamlint diff <old-folder> <new-folder>`, or `iamlint diff --base <git-ref> <folder>`';
  if (options.base !== undefined ? paths.length !== 1 : paths.length !== 2) {
    const what = options.base !== undefined ? 'with --base, give one snapshot folder (the new one)' : 'give two snapshot folders to compare';
    throw new UsageError('USAGE', what, { hint: usage });
  }
  const newPath = paths[paths.length - 1] as string;
  const newFolder = resolve(io.cwd, newPath);
  const newLabel = displayPathOf(io.cwd, newFolder);
  const newFiles = await readSnapshotFolder(newFolder, newLabel);

  let oldLabel: string;
  let oldFiles: Map<string, string>;
  if (options.base !== undefined) {
    oldLabel = `${newLabel}@${options.base}`;
    oldFiles = await readBaseSnapshot(options.base, newFolder, newLabel);
  } else {
    const oldFolder = resolve(io.cwd, paths[0] as string);
    oldLabel = displayPathOf(io.cwd, oldFolder);
    oldFiles = await readSnapshotFolder(oldFolder, oldLabel);
  }

  const oldModel = loadSnapshot(oldFiles, oldLabel);
  const newModel = loadSnapshot(newFiles, newLabel);
  const diff = diffSnapshots(oldModel, newModel);
  const outputFile = options.outputFile ? resolve(io.cwd, options.outputFile) : undefined;
  const output = formatDiff(diff, options.format, { oldLabel, newLabel, ...(colors && !outputFile ? { colors } : {}) });
  if (outputFile) await writeOutputFile(outputFile, output, { flag: '--output-file', display: options.outputFile as string, protect: { folders: paths.map((path) => resolve(io.cwd, path)), files: [] } });
  else io.stdout(output);
  return options.failOnAdminGained && diff.summary.adminGained > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function displayPathOf(cwd: string, folder: string): string {
  return toPosix(relative(cwd, folder)) || '.';
}

/** The snapshot files of a folder as they were at the `--base` ref, worded for diff, which can also take two folders. */
async function readBaseSnapshot(ref: string, folder: string, displayPath: string): Promise<Map<string, string>> {
  const files = await readSnapshotAtRef(ref, folder, displayPath, {
    flag: '--base',
    unknownRefNamesFlag: false,
    hints: {
      missingGit: '--base reads the old snapshot from git; install git, or pass two folders',
      notRepository: '--base reads the old snapshot from git history; pass two folders instead: iamlint diff <old> <new>',
      unknownRef: 'check the spelling, or fetch it first (e.g. git fetch origin main; CI checkouts are often shallow: fetch-depth: 0)',
    },
  });
  if (files === null) {
    throw new UsageError('USAGE', `${displayPath} has no snapshot at ${ref}`, {
      hint: 'the folder did not exist (or held no snapshot.json) at that ref; pick another --base, or pass two folders',
    });
  }
  return files;
}
