import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { IamlintError, isSnapshotFile, plural, SnapshotError, UsageError, type SnapshotOrigins, type SnapshotTexts } from '@iamlint/core';
import { readExportFiles } from './raw-export.js';
import { toolVersion } from './version.js';
import { toPosix } from './paths.js';

const EXPORT_FILE = /\.(json|csv)$/i;

export interface AuditInput {
  /** Snapshot-relative path → text: a folder's files (read when asked for), or combined in memory from raw exports. */
  files: SnapshotTexts;
  /** Names the input in reports: the snapshot folder, or the export files joined with " + ". */
  displayPath: string;
  /** What an import assumed, one line each. */
  notes: string[];
  /** For raw exports: where each value came from, named as `displayPath` names the inputs. */
  origins?: SnapshotOrigins;
}

/**
 * What `iamlint audit` reads: one snapshot folder, or raw AWS CLI exports (files) imported in memory.
 * A folder without snapshot files is read as a folder of raw exports.
 */
export async function readAuditInput(paths: readonly string[], cwd: string): Promise<AuditInput> {
  const display = (path: string) => toPosix(relative(cwd, resolve(cwd, path))) || '.';
  const infos = await Promise.all(paths.map((path) => stat(resolve(cwd, path)).catch(() => undefined)));
  const single = paths.length === 1 ? (paths[0] as string) : undefined;
  if (single !== undefined && (infos[0]?.isDirectory() || (!infos[0] && !EXPORT_FILE.test(single)))) {
    // Named as the user typed it: `/nonexistent` run from a subfolder is not `../../nonexistent`.
    if (!infos[0]) throw snapshotFolderNotFound(single);
    const files = await snapshotFolderFiles(resolve(cwd, single), display(single));
    // A folder without snapshot files but with other files is a folder of raw exports (scripts/export-with-aws-cli.sh writes one).
    const entries = files.size > 0 ? [] : await readdir(resolve(cwd, single)).catch(() => [] as string[]);
    if (!entries.some((name) => !name.startsWith('.'))) return { files, displayPath: display(single), notes: [] };
  }
  const folder = paths.length > 1 ? paths.find((path, index) => infos[index]?.isDirectory() && isSnapshotFolder(resolve(cwd, path))) : undefined;
  if (folder !== undefined) {
    throw new UsageError('USAGE', `${folder} is a snapshot folder, given with other paths`, { hint: 'audit one snapshot folder at a time, or pass raw exports only' });
  }
  const exportFiles = await readExportFiles(paths, cwd);
  // The importers are loaded only for raw exports; a snapshot folder does not need them.
  const { combineExports, recogniseExport } = await import('@iamlint/collect/import');
  // Each text read and recognised once, and kept: an audit points its findings into the inputs anyway.
  const inputs = exportFiles.map(({ path, text, mtime }) => {
    const recognised = recogniseExport(text, path);
    if (recognised.kind === 'snapshot-file') {
      const snapshotFolder = display(dirname(path).replace(/[/\\]accounts$/, ''));
      throw new UsageError('USAGE', `${path} is a file, not a snapshot folder`, { hint: `it belongs to a snapshot: run \`iamlint audit ${snapshotFolder}\`` });
    }
    return { path, text, mtime, recognised };
  });
  try {
    const { files, notes, origins } = combineExports(inputs, { toolVersion: toolVersion(), origins: true });
    return { files, displayPath: paths.map(display).join(' + '), notes, ...(origins ? { origins } : {}) };
  } catch (error) {
    // A folder that is neither: say both things it could have been, not only "no export".
    if (single !== undefined && infos[0]?.isDirectory() && error instanceof IamlintError && error.message.startsWith('nothing to import')) {
      throw new UsageError('USAGE', `${display(single)} holds neither a snapshot (no snapshot.json) nor AWS CLI exports (${plural(inputs.length, 'other file')})`, {
        hint: 'point iamlint at a folder written by `iamlint collect` or `iamlint import`, or by scripts/export-with-aws-cli.sh (docs/exports.md)',
      });
    }
    throw error;
  }
}

function isSnapshotFolder(folder: string): boolean {
  return existsSync(join(folder, 'snapshot.json'));
}

/** Reads the files of a snapshot folder that the loader understands, keyed by snapshot-relative POSIX path. */
export async function readSnapshotFolder(folder: string, displayPath = folder): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const [relative, path] of await listSnapshotFolder(folder, displayPath)) {
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw unreadable(relative, displayPath, error);
    });
    if (text !== undefined) files.set(relative, text);
  }
  return files;
}

/**
 * The files of a snapshot folder as the loader takes them, each read from disk when asked for and not kept: the
 * loader reads one at a time, and a report re-reads only the files its findings point into. A thousand-account
 * snapshot is about a gigabyte of text that would otherwise stay in memory for the whole audit.
 */
export async function snapshotFolderFiles(folder: string, displayPath = folder): Promise<SnapshotTexts> {
  const listed = await listSnapshotFolder(folder, displayPath);
  const present = new Map<string, string>();
  for (const [relative, path] of listed) {
    // As readSnapshotFolder: a missing file is left out, anything else unreadable is an error when it is read.
    if (await stat(path).catch(() => undefined)) present.set(relative, path);
  }
  return new FolderFiles(present, displayPath);
}

class FolderFiles implements SnapshotTexts {
  constructor(
    private readonly paths: ReadonlyMap<string, string>,
    private readonly displayPath: string,
  ) {}

  get size(): number {
    return this.paths.size;
  }

  has(relative: string): boolean {
    return this.paths.has(relative);
  }

  get(relative: string): string | undefined {
    const path = this.paths.get(relative);
    if (path === undefined) return undefined;
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw unreadable(relative, this.displayPath, error as NodeJS.ErrnoException);
    }
  }

  bytes(relative: string, reuse?: Uint8Array): Uint8Array | undefined {
    const path = this.paths.get(relative);
    if (path === undefined) return undefined;
    try {
      return readInto(path, reuse);
    } catch (error) {
      throw unreadable(relative, this.displayPath, error as NodeJS.ErrnoException);
    }
  }

  keys(): MapIterator<string> {
    return this.paths.keys();
  }

  *values(): MapIterator<string> {
    for (const relative of this.paths.keys()) yield this.get(relative) as string;
  }

  *entries(): MapIterator<[string, string]> {
    for (const relative of this.paths.keys()) yield [relative, this.get(relative) as string];
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  forEach(callback: (value: string, key: string, map: ReadonlyMap<string, string>) => void, thisArg?: unknown): void {
    for (const [relative, text] of this.entries()) callback.call(thisArg, text, relative, this);
  }
}

/** The buffers readInto allocated, by their memory: only these are read into again, never memory shared with others. */
const ownBuffers = new WeakMap<ArrayBufferLike, Buffer>();

/**
 * A file's bytes, read into the buffer `reuse` is a view of when readInto allocated it and the file fits, else into a
 * new buffer a quarter larger than the file (the next files, of about the same size, then fit).
 */
function readInto(path: string, reuse: Uint8Array | undefined): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const available = reuse ? ownBuffers.get(reuse.buffer) : undefined;
    // One byte to spare: a read that fills the buffer means the file grew since fstat.
    let buffer = available;
    if (!buffer || buffer.length <= size) {
      buffer = Buffer.allocUnsafeSlow(Math.ceil(size * 1.25) + 1);
      ownBuffers.set(buffer.buffer, buffer);
    }
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) read = readSync(fd, buffer, length, buffer.length - length, null);
    return length < buffer.length ? buffer.subarray(0, length) : readFileSync(path);
  } finally {
    closeSync(fd);
  }
}

function snapshotFolderNotFound(path: string): UsageError {
  return new UsageError('USAGE', `snapshot folder not found: ${path}`, {
    hint: 'pass the folder written by `iamlint collect` or `iamlint import`, e.g. `iamlint audit snapshots/acme`',
  });
}

function unreadable(relative: string, displayPath: string, error: NodeJS.ErrnoException): SnapshotError {
  return new SnapshotError('SNAPSHOT_NOT_FOUND', `cannot read ${relative}: ${error.code ?? error.message}`, {
    location: { file: `${displayPath}/${relative}` },
  });
}

/** The snapshot files a folder may hold (snapshot-relative POSIX path → absolute path), after checking the folder. */
async function listSnapshotFolder(folder: string, displayPath: string): Promise<Array<[string, string]>> {
  const info = await stat(folder).catch(() => undefined);
  if (!info) throw snapshotFolderNotFound(displayPath);
  if (!info.isDirectory()) {
    throw new UsageError('USAGE', `${displayPath} is a file, not a snapshot folder`, {
      hint: 'pass the folder that holds snapshot.json; raw AWS exports are read by readAuditInput (`iamlint audit <files…>`)',
    });
  }
  const candidates = ['snapshot.json', 'organization.json', 'identity-center.json'];
  const accountEntries = await readdir(join(folder, 'accounts')).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    // An unreadable accounts/ folder is not an empty one: every account would pass as "not evaluated".
    throw new SnapshotError('SNAPSHOT_NOT_FOUND', `cannot read folder accounts/: ${error.code ?? error.message}`, {
      location: { file: `${displayPath}/accounts` },
      hint: 'check its permissions',
    });
  });
  candidates.push(...accountEntries.map((name) => `accounts/${name}`));
  const listed = candidates.filter((relative) => isSnapshotFile(relative)).map((relative): [string, string] => [relative, join(folder, relative)]);
  for (const [relative, path] of listed) {
    const entry = await stat(path).catch(() => undefined);
    if (entry && !entry.isFile()) {
      // A FIFO or device would block or never end; a snapshot is made of regular files.
      throw new SnapshotError('SNAPSHOT_NOT_FOUND', `${relative} is not a regular file; refusing to read it`, {
        location: { file: `${displayPath}/${relative}` },
        hint: 'a snapshot folder holds regular JSON files',
      });
    }
  }
  return listed;
}
