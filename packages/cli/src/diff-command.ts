import { execFile } from 'node:child_process';
import { relative, resolve, sep } from 'node:path';
import {
  diffSnapshots,
  EXIT_FINDINGS,
  EXIT_OK,
  formatDiff,
  isSnapshotFile,
  loadSnapshot,
  UsageError,
  type Colors,
  type DiffFormatName,
} from '@iamlint/core';
import type { CliIo } from './main.js';
import { writeFileAtomic } from './output.js';
import { readSnapshotFolder } from './read-snapshot.js';

export interface DiffCliOptions {
  format: DiffFormatName;
  base?: string;
  outputFile?: string;
  failOnAdminGained?: boolean;
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
    oldFiles = await readSnapshotAtRef(options.base, newFolder, newLabel);
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
  if (outputFile) await writeFileAtomic(outputFile, output);
  else io.stdout(output);
  return options.failOnAdminGained && diff.summary.adminGained > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function displayPathOf(cwd: string, folder: string): string {
  return relative(cwd, folder).split(sep).join('/') || '.';
}

/** The snapshot files of a folder as they were at a git ref, keyed by snapshot-relative path. */
export async function readSnapshotAtRef(ref: string, folder: string, displayPath: string): Promise<Map<string, string>> {
  if (ref === '' || ref.startsWith('-')) {
    throw new UsageError('USAGE', `--base "${ref}" is not a git ref`, { hint: 'pass a branch, tag or commit, e.g. --base HEAD~1 or --base origin/main' });
  }
  let location: string;
  try {
    location = (await git(['rev-parse', '--show-toplevel', '--show-prefix'], folder)).toString('utf8');
  } catch (error) {
    if (isMissingGit(error)) throw new UsageError('USAGE', 'git is not installed or not on PATH', { hint: '--base reads the old snapshot from git; install git, or pass two folders' });
    throw new UsageError('USAGE', `${displayPath} is not inside a git repository`, {
      hint: '--base reads the old snapshot from git history; pass two folders instead: iamlint diff <old> <new>',
    });
  }
  const [topLevel = folder, prefix = ''] = location.split('\n');
  try {
    await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], topLevel);
  } catch {
    throw new UsageError('USAGE', `git ref "${ref}" not found in ${topLevel}`, {
      hint: 'check the spelling, or fetch it first (e.g. git fetch origin main; CI checkouts are often shallow: fetch-depth: 0)',
    });
  }
  const listing = (await git(['ls-tree', '-r', '-z', ref, '--', ...(prefix ? [prefix] : [])], topLevel)).toString('utf8');
  const blobs: Array<{ path: string; objectId: string }> = [];
  for (const entry of listing.split('\0')) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (!match) continue;
    const path = (match[2] as string).slice(prefix.length);
    if (isSnapshotFile(path)) blobs.push({ path, objectId: match[1] as string });
  }
  if (!blobs.some((blob) => blob.path === 'snapshot.json')) {
    throw new UsageError('USAGE', `${displayPath} has no snapshot at ${ref}`, {
      hint: 'the folder did not exist (or held no snapshot.json) at that ref; pick another --base, or pass two folders',
    });
  }
  const contents = await readBlobs(topLevel, blobs.map((blob) => blob.objectId));
  return new Map(blobs.map((blob, index) => [blob.path, contents[index] as string]));
}

/** Reads many blobs with one `git cat-file --batch` instead of one process per file. */
async function readBlobs(cwd: string, objectIds: readonly string[]): Promise<string[]> {
  const output = await git(['cat-file', '--batch'], cwd, `${objectIds.join('\n')}\n`);
  const texts: string[] = [];
  let offset = 0;
  for (const objectId of objectIds) {
    const headerEnd = output.indexOf(0x0a, offset);
    const header = output.subarray(offset, headerEnd).toString('utf8');
    const size = Number(/^[0-9a-f]+ blob (\d+)$/.exec(header)?.[1] ?? Number.NaN);
    if (Number.isNaN(size)) throw new UsageError('USAGE', `git could not read object ${objectId}: ${header}`, { hint: 'run git fsck in the repository' });
    texts.push(output.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8'));
    offset = headerEnd + 1 + size + 1;
  }
  return texts;
}

function git(args: readonly string[], cwd: string, input?: string): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile('git', [...args], { cwd, encoding: 'buffer', maxBuffer: 1024 * 1024 * 1024 }, (error, stdout) => {
      if (error) reject(error);
      else resolvePromise(stdout);
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

function isMissingGit(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === 'ENOENT';
}
