import { randomBytes } from 'node:crypto';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { EXIT_ERROR, EXIT_OK, isSnapshotFile, plural, terminalLine, UsageError } from '@iamlint/core';
import type { Command } from 'commander';
import type { CommandContext, CliIo } from '../io.js';
import { addCollectOptions, collectFromAws, type CollectFlags } from '../live-collect.js';
import { writeFolderAtomic } from '../output.js';

export const DEFAULT_COLLECT_FOLDER = 'snapshots';

export function registerCollectCommand(program: Command, { io, setExitCode }: CommandContext): void {
  addCollectOptions(
    program
      .command('collect')
      .description('read IAM, Organizations and Identity Center from AWS into a snapshot folder (read-only)')
      .option('-o, --out <folder>', 'snapshot folder to write or replace', DEFAULT_COLLECT_FOLDER),
  ).action(async (options: CollectFlags & { out: string }) => {
    setExitCode(await runCollect(options, io));
  });
}

async function runCollect(options: CollectFlags & { out: string }, io: CliIo): Promise<number> {
  const target = resolve(io.cwd, options.out);
  // Refuse before spending minutes on AWS calls.
  await checkTarget(target, options.out);
  const result = await collectFromAws(options, io);
  await replaceSnapshotFolder(target, options.out, result.files);
  const accounts = [...result.files.keys()].filter((path) => path.startsWith('accounts/')).length;
  io.stderr(`iamlint: ${terminalLine(`collected ${plural(accounts, 'account')} with ${result.calls} calls into ${options.out}`)}\n`);
  if (result.gaps.length > 0) {
    const { describeGaps } = await import('@iamlint/collect');
    io.stderr(
      `iamlint: ${terminalLine(`snapshot written with ${describeGaps(result.gaps)}; see "gaps" in ${options.out}/snapshot.json; rules that need that data report "not evaluated"`)}\n`,
    );
    return EXIT_ERROR;
  }
  return EXIT_OK;
}

/**
 * Replacing a snapshot folder is the point of a daily collection; anything else in the way is refused, so
 * a mistyped --out never deletes someone's files.
 */
async function checkTarget(target: string, display: string): Promise<void> {
  const info = await stat(target).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) {
    throw new UsageError('USAGE', `${display} is a file, not a snapshot folder`, { hint: 'choose another --out' });
  }
  const entries = await listFiles(target);
  if (entries.length === 0) return;
  if (!entries.includes('snapshot.json')) {
    throw new UsageError('USAGE', `refusing to write into ${display}: it is not empty and holds no snapshot.json`, {
      hint: 'choose a new or empty --out folder, or one written by `iamlint collect`',
    });
  }
  const foreign = entries.find((entry) => !isSnapshotFile(entry));
  if (foreign !== undefined) {
    throw new UsageError('USAGE', `refusing to replace ${display}: ${foreign} is not part of a snapshot and would be lost`, {
      hint: 'move it out of the folder, or choose another --out',
    });
  }
}

async function listFiles(folder: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(join(folder, prefix), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      const inner = await listFiles(folder, path);
      files.push(...(inner.length > 0 ? inner : [`${path}/`]));
    } else {
      files.push(path);
    }
  }
  return files.sort();
}

/** The new snapshot is written whole beside the old one, then swapped in: readers never see half of either. */
async function replaceSnapshotFolder(target: string, display: string, files: ReadonlyMap<string, string>): Promise<void> {
  await checkTarget(target, display);
  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await writeFolderAtomic(target, files);
    return;
  }
  const suffix = randomBytes(6).toString('hex');
  const staged = join(dirname(target), `.${basename(target)}.new-${suffix}`);
  const previous = join(dirname(target), `.${basename(target)}.old-${suffix}`);
  await writeFolderAtomic(staged, files);
  try {
    await rename(target, previous);
  } catch (error) {
    await rm(staged, { recursive: true, force: true });
    throw error;
  }
  try {
    await rename(staged, target);
  } catch (error) {
    await rename(previous, target);
    await rm(staged, { recursive: true, force: true });
    throw error;
  }
  await rm(previous, { recursive: true, force: true });
}

