import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SnapshotPart } from '@iamlint/collect';
import { EXIT_OK, plural, terminalLine, UsageError, type Manifest } from '@iamlint/core';
import type { Command } from 'commander';
import type { CliIo, CommandContext } from '../io.js';
import { writeFolderAtomic } from '../output.js';
import { toPosix } from '../paths.js';
import { snapshotFolderFiles } from '../read-snapshot.js';

export function registerMergeCommand(program: Command, { io, setExitCode }: CommandContext): void {
  program
    .command('merge')
    .description('join the partial snapshots of a sharded collection (collect --org-only, collect --shard i/n) into one snapshot folder')
    .argument('<folders...>', 'the partial snapshot folders: the --org-only step and every shard')
    .requiredOption('-o, --out <folder>', 'snapshot folder to create (must not exist yet)')
    .action(async (folders: string[], options: { out: string }) => {
      setExitCode(await runMerge(folders, options.out, io));
    });
}

async function runMerge(folders: readonly string[], out: string, io: CliIo): Promise<number> {
  const target = resolve(io.cwd, out);
  if (existsSync(target)) {
    throw new UsageError('USAGE', `${out} already exists`, { hint: 'choose a new --out folder; iamlint merge never overwrites' });
  }
  const seen = new Map<string, string>();
  const parts: SnapshotPart[] = [];
  for (const folder of folders) {
    const path = resolve(io.cwd, folder);
    const earlier = seen.get(path);
    if (earlier !== undefined) {
      throw new UsageError('USAGE', `${folder} is given twice${earlier === folder ? '' : ` (as ${earlier})`}`, { hint: 'name each partial snapshot once' });
    }
    seen.set(path, folder);
    if (!existsSync(path)) {
      throw new UsageError('USAGE', `partial snapshot not found: ${folder}`, { hint: 'name the folders the --org-only step and each shard wrote' });
    }
    const name = toPosix(folder).replace(/\/+$/, '') || '.';
    // Read from disk when the merge asks, one file at a time.
    parts.push({ name, files: await snapshotFolderFiles(path, name) });
  }
  // Loaded when used: the collect package's index brings the AWS SDK.
  const { mergeSnapshots } = await import('@iamlint/collect');
  const merged = mergeSnapshots(parts);
  await writeFolderAtomic(target, merged);
  const manifest = JSON.parse(merged.get('snapshot.json') as string) as Manifest;
  const gaps = manifest.gaps.length === 0 ? '' : ` and ${plural(manifest.gaps.length, 'gap')} (see "gaps" in ${out}/snapshot.json)`;
  io.stderr(`iamlint: ${terminalLine(`merged ${plural(parts.length, 'part')} into ${out}: ${plural(manifest.scope.accounts.length, 'account')}${gaps}`)}\n`);
  return EXIT_OK;
}
