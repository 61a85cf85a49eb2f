import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, realpathSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { isSnapshotFile, UsageError } from '@iamlint/core';

/** What a written file must never land on: the inputs of the run (snapshot folders or export files), the config, the baseline. */
export interface ProtectedPaths {
  /** Snapshot folders: any snapshot file inside is protected. */
  folders: readonly string[];
  /** Single files: raw exports, the config file, the baseline. */
  files: ReadonlyArray<{ path: string; what: string }>;
}

/**
 * Writes a report or baseline. A regular file (or a new one) is written atomically: a temporary sibling, then a
 * rename, so readers never see half of it. Anything else (a character device such as /dev/stdout, a FIFO) is
 * written through, never replaced; a symbolic link is followed and its target written.
 */
export async function writeOutputFile(
  file: string,
  content: string,
  options: { flag: string; protect?: ProtectedPaths; display?: string } = { flag: '--output-file' },
): Promise<void> {
  const path = options.display ?? file;
  const target = await resolveLinks(file);
  if (options.protect) refuseProtected(target, path, options.protect, options.flag);
  const info = await stat(target).catch(() => undefined);
  if (info?.isDirectory()) throw new UsageError('USAGE', `${options.flag} ${path} is a folder`, { hint: 'name a file, e.g. a report.sarif inside it' });
  if (info && !info.isFile()) {
    await writeFile(target, content, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw writeError(error, path, options.flag);
    });
    return;
  }
  await writeFileAtomic(target, content).catch((error: NodeJS.ErrnoException) => {
    throw writeError(error, path, options.flag);
  });
}

/** The inputs of an audit as paths to protect: folders as snapshot folders, files as the exports they are. */
export function protectedInputs(paths: readonly string[], extra: ProtectedPaths['files'] = []): ProtectedPaths {
  const folders: string[] = [];
  const files: Array<{ path: string; what: string }> = [...extra];
  for (const path of paths) {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) folders.push(path);
    else files.push({ path, what: 'an input of this audit' });
  }
  return { folders, files };
}

/** Refuses, before any work is written, a target that resolves into what the run reads. */
export function refuseProtected(target: string, given: string, protect: ProtectedPaths, flag: string): void {
  const real = resolveLinksSync(target);
  for (const file of protect.files) {
    if (resolveLinksSync(file.path) === real) {
      throw new UsageError('USAGE', `refusing to write ${flag} ${given}: it is ${file.what}`, { hint: `choose another ${flag}` });
    }
  }
  for (const folder of protect.folders) {
    const inside = relative(resolveLinksSync(folder), real).split('\\').join('/');
    const below = !inside.startsWith('..') && !inside.startsWith('/');
    // A folder without snapshot.json is read as raw exports: every visible file below it is an input.
    if (below && inside !== '' && !existsSync(join(folder, 'snapshot.json')) && !inside.split('/').some((segment) => segment.startsWith('.')) && statSync(real, { throwIfNoEntry: false })?.isFile()) {
      throw new UsageError('USAGE', `refusing to write ${flag} ${given}: it is raw export ${inside} being audited`, { hint: `choose another ${flag}` });
    }
    if (inside === '' || (below && isSnapshotFile(inside))) {
      throw new UsageError('USAGE', `refusing to write ${flag} ${given}: it is ${inside === '' ? 'the snapshot folder' : `snapshot file ${inside}`} being audited`, {
        hint: `choose another ${flag}`,
      });
    }
  }
}

function writeError(error: NodeJS.ErrnoException, path: string, flag: string): Error {
  const reasons: Record<string, string> = {
    EISDIR: 'it is a folder',
    ENOTDIR: 'a parent of it is a file, not a folder',
    EEXIST: 'a parent of it is a file, not a folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
  };
  const reason = error.code ? reasons[error.code] : undefined;
  if (!reason) return error;
  return new UsageError('USAGE', `cannot write ${flag} ${path}: ${reason} (${error.code})`, { hint: `choose another ${flag}` });
}

/** The path with every symbolic link followed; for a file that does not exist yet, its deepest existing folder's. */
async function resolveLinks(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(await resolveLinks(parent), basename(path));
  }
}

function resolveLinksSync(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(resolveLinksSync(parent), basename(absolute));
  }
}

/** Writes a file so that readers never see half of it: a temporary sibling, then a rename. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeTextInChunks(temporary, content);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Characters encoded per write: the buffer that holds their UTF-8 (at most 3 bytes a UTF-16 unit) is made once. */
const CHUNK_CHARS = 1 << 20;

/**
 * Writes text as UTF-8 through one small buffer, synchronously. A report of a large snapshot is tens of MB: encoded
 * whole (as writeFile does) it is as much memory again outside the heap, which made V8 start a full collection of
 * the audit's heap (~1.5 s at 1,000 accounts) that the awaited chunk writes then gave time to finish, right before
 * the process exits. A chunk never ends between the two halves of a surrogate pair, so each encodes as in the whole.
 */
function writeTextInChunks(path: string, text: string): void {
  const buffer = Buffer.allocUnsafe(CHUNK_CHARS * 3);
  const fd = openSync(path, 'w');
  try {
    for (let start = 0; start < text.length; ) {
      let end = Math.min(start + CHUNK_CHARS, text.length);
      if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
      const length = buffer.write(text.slice(start, end), 0, 'utf8');
      for (let written = 0; written < length; ) written += writeSync(fd, buffer, written, length - written);
      start = end;
    }
  } finally {
    closeSync(fd);
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Writes a whole folder next to its destination, then renames it into place: never half a folder. */
export async function writeFolderAtomic(folder: string, files: ReadonlyMap<string, string>): Promise<void> {
  await mkdir(dirname(folder), { recursive: true });
  const temporary = await mkdtemp(join(dirname(folder), `.${basename(folder)}.`));
  try {
    for (const [path, text] of files) {
      await mkdir(dirname(join(temporary, path)), { recursive: true });
      await writeFile(join(temporary, path), text, 'utf8');
    }
    await rename(temporary, folder);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}

/**
 * As writeFolderAtomic, for files handed over one at a time by `fill` and written as they come, so that they are
 * never all in memory; `fill` may read back what it wrote from `temporary` before the folder takes its name.
 */
export async function writeFolderAtomicStreamed<T>(folder: string, fill: (write: (path: string, text: string) => void, temporary: string) => Promise<T>): Promise<T> {
  await mkdir(dirname(folder), { recursive: true });
  const temporary = await mkdtemp(join(dirname(folder), `.${basename(folder)}.`));
  try {
    const result = await fill((path, text) => {
      mkdirSync(dirname(join(temporary, path)), { recursive: true });
      writeFileSync(join(temporary, path), text, 'utf8');
    }, temporary);
    await rename(temporary, folder);
    return result;
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}
