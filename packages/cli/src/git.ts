import { isSnapshotFile, UsageError } from '@iamlint/core';

export interface SnapshotAtRefOptions {
  /** The flag that asked for the ref, named in error messages, e.g. `--base` or `--new-since`. */
  flag: string;
  /** Hints in place of the defaults, for a command that has another way than git history (diff: two folders). */
  hints?: { missingGit?: string; notRepository?: string; unknownRef?: string };
  /** Whether the unknown-ref message starts with the flag: a command with a single ref flag (diff) leaves it out. */
  unknownRefNamesFlag?: boolean;
}

/**
 * The snapshot files of a folder as they were at a git ref, keyed by snapshot-relative path, or null when
 * the folder held no snapshot.json at that ref. Outside a repository, or for an unknown ref: a UsageError.
 */
export async function readSnapshotAtRef(ref: string, folder: string, displayPath: string, options: SnapshotAtRefOptions): Promise<Map<string, string> | null> {
  if (ref === '' || ref.startsWith('-')) {
    const { flag } = options;
    throw new UsageError('USAGE', `${flag} "${ref}" is not a git ref`, { hint: `pass a branch, tag or commit, e.g. ${flag} HEAD~1 or ${flag} origin/main` });
  }
  const { topLevel, prefix } = await repositoryOf(folder, displayPath, options);
  await verifyCommit(ref, topLevel, options);
  const listing = (await git(['ls-tree', '-r', '-z', ref, '--', ...(prefix ? [prefix] : [])], topLevel)).toString('utf8');
  const blobs: Array<{ path: string; objectId: string }> = [];
  for (const entry of listing.split('\0')) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (!match) continue;
    const path = (match[2] as string).slice(prefix.length);
    if (isSnapshotFile(path)) blobs.push({ path, objectId: match[1] as string });
  }
  if (!blobs.some((blob) => blob.path === 'snapshot.json')) return null;
  const contents = await readBlobs(topLevel, blobs.map((blob) => blob.objectId));
  return new Map(blobs.map((blob, index) => [blob.path, contents[index] as string]));
}

async function repositoryOf(folder: string, displayPath: string, { flag, hints }: SnapshotAtRefOptions): Promise<{ topLevel: string; prefix: string }> {
  let location: string;
  try {
    location = (await git(['rev-parse', '--show-toplevel', '--show-prefix'], folder)).toString('utf8');
  } catch (error) {
    if (isMissingGit(error)) {
      throw new UsageError('USAGE', 'git is not installed or not on PATH', { hint: hints?.missingGit ?? `${flag} reads the snapshot from git history; install git` });
    }
    throw new UsageError('USAGE', `${displayPath} is not inside a git repository`, {
      hint: hints?.notRepository ?? `${flag} reads the snapshot from git history; commit the snapshot first, or drop ${flag}`,
    });
  }
  const [topLevel = folder, prefix = ''] = location.split('\n');
  return { topLevel, prefix };
}

async function verifyCommit(ref: string, topLevel: string, { flag, hints, unknownRefNamesFlag = true }: SnapshotAtRefOptions): Promise<void> {
  try {
    await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], topLevel);
  } catch {
    throw new UsageError('USAGE', `${unknownRefNamesFlag ? `${flag}: ` : ''}git ref "${ref}" not found in ${topLevel}`, {
      hint: hints?.unknownRef ?? 'check the spelling, or fetch it first, e.g. `git fetch origin main`; CI checkouts are shallow unless fetch-depth: 0',
    });
  }
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

export async function git(args: readonly string[], cwd: string, input?: string): Promise<Buffer> {
  // Loaded here, not at start-up: only SARIF output, baselines and diffs at a ref run git, and child_process with
  // what it pulls in (net, streams) cost every audit a few milliseconds.
  const { execFile } = await import('node:child_process');
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

/** The top folder of the git repository holding `folder`, or undefined outside one (or without git). */
export async function repositoryRoot(folder: string): Promise<string | undefined> {
  try {
    return (await git(['rev-parse', '--show-toplevel'], folder)).toString('utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
