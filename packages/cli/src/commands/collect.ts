import { randomBytes } from 'node:crypto';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { EXIT_ERROR, EXIT_OK, isSnapshotFile, MANIFEST_FILE, plural, terminalLine, UsageError, type Manifest } from '@iamlint/core';
import type { Command } from 'commander';
import type { CommandContext, CliIo } from '../io.js';
import { addCollectOptions, collectFromAws, type CollectFlags, type ShardedCollect } from '../live-collect.js';
import { writeFolderAtomic } from '../output.js';
import { readSnapshotFolder } from '../read-snapshot.js';

export const DEFAULT_COLLECT_FOLDER = 'snapshots';

interface CollectCommandFlags extends CollectFlags {
  out: string;
  orgOnly?: boolean;
  shard?: string;
  orgFrom?: string;
}

export function registerCollectCommand(program: Command, { io, setExitCode }: CommandContext): void {
  addCollectOptions(
    program
      .command('collect')
      .description('read IAM, Organizations and Identity Center from AWS into a snapshot folder (read-only)')
      .option('-o, --out <folder>', 'snapshot folder to write or replace', DEFAULT_COLLECT_FOLDER),
  )
    .option('--org-only', 'the first step of a sharded collection: read Organizations and Identity Center and plan the accounts, but collect none')
    .option('--shard <i/n>', 'collect only shard i of n, counted from 1 (1/4 … 4/4); an account\'s shard is a hash of its id (docs/workflows.md)')
    .option('--org-from <folder>', 'with --shard: the organization and accounts planned by the --org-only step that wrote this folder (reads no Organizations)')
    .action(async (options: CollectCommandFlags) => {
      setExitCode(await runCollect(options, io));
    });
}

async function runCollect(options: CollectCommandFlags, io: CliIo): Promise<number> {
  const target = resolve(io.cwd, options.out);
  // Refuse before spending minutes on AWS calls.
  await checkTarget(target, options.out);
  // The collector, and the AWS SDK with it, is loaded only by the commands that call AWS.
  const { describeGaps, parseShard, planFromOrgStep } = await import('@iamlint/collect');
  const sharded: ShardedCollect = {
    ...(options.orgOnly ? { orgOnly: true } : {}),
    ...(options.shard !== undefined ? { shard: parseShard(options.shard) } : {}),
    ...(options.orgFrom !== undefined ? { plan: planFromOrgStep(await readSnapshotFolder(resolve(io.cwd, options.orgFrom), options.orgFrom), options.orgFrom) } : {}),
  };
  const result = await collectFromAws(options, io, sharded);
  await replaceSnapshotFolder(target, options.out, result.files);
  const accounts = [...result.files.keys()].filter((path) => path.startsWith('accounts/')).length;
  const what = options.orgOnly
    ? `the organization (${plural(planned(result.files), 'account')} planned for the shards)`
    : `${options.shard !== undefined ? `shard ${options.shard}: ` : ''}${plural(accounts, 'account')}`;
  io.stderr(`iamlint: ${terminalLine(`collected ${what} with ${result.calls} calls into ${options.out}`)}\n`);
  if (result.gaps.length > 0) {
    io.stderr(
      `iamlint: ${terminalLine(`snapshot written with ${describeGaps(result.gaps)}; see "gaps" in ${options.out}/snapshot.json; rules that need that data report "not evaluated"`)}\n`,
    );
    return EXIT_ERROR;
  }
  return EXIT_OK;
}

/** The accounts an --org-only step planned: its manifest's scope, which the shards take. */
function planned(files: ReadonlyMap<string, string>): number {
  return (JSON.parse(files.get(MANIFEST_FILE) as string) as Manifest).scope.accounts.length;
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

