import { readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { combineExports, detectExport } from '@iamlint/collect';
import { isSnapshotFile, plural, SnapshotError, UsageError } from '@iamlint/core';
import { readExportFiles } from './raw-export.js';
import { toolVersion } from './version.js';
import { toPosix } from './paths.js';

const EXPORT_FILE = /\.(json|csv)$/i;

export interface AuditInput {
  /** Snapshot-relative path → text: a folder's files (read when asked for), or combined in memory from raw exports. */
  files: ReadonlyMap<string, string>;
  /** Names the input in reports: the snapshot folder, or the export files joined with " + ". */
  displayPath: string;
  /** What an import assumed, one line each. */
  notes: string[];
}

/**
 * What `iamlint audit` reads: one snapshot folder, or raw AWS CLI exports (files) imported in memory.
 * A folder that holds raw exports instead of a snapshot gets a hint to import them.
 */
export async function readAuditInput(paths: readonly string[], cwd: string): Promise<AuditInput> {
  const display = (path: string) => toPosix(relative(cwd, resolve(cwd, path))) || '.';
  const infos = await Promise.all(paths.map((path) => stat(resolve(cwd, path)).catch(() => undefined)));
  const single = paths.length === 1 ? (paths[0] as string) : undefined;
  if (single !== undefined && (infos[0]?.isDirectory() || (!infos[0] && !EXPORT_FILE.test(single)))) {
    const files = await snapshotFolderFiles(resolve(cwd, single), display(single));
    if (files.size === 0) await rejectFolderOfExports(resolve(cwd, single), display(single));
    return { files, displayPath: display(single), notes: [] };
  }
  const folder = paths.find((_path, index) => infos[index]?.isDirectory());
  if (folder !== undefined) {
    throw new UsageError('USAGE', `${folder} is a folder, given with other paths`, { hint: 'pass one snapshot folder, or raw export files (no folders)' });
  }
  const inputs = await readExportFiles(paths, cwd);
  for (const input of inputs) {
    if (detectExport(input.text, input.path) !== 'snapshot-file') continue;
    const snapshotFolder = display(dirname(input.path).replace(/[/\\]accounts$/, ''));
    throw new UsageError('USAGE', `${input.path} is a file, not a snapshot folder`, {
      hint: `it belongs to a snapshot: run \`iamlint audit ${snapshotFolder}\``,
    });
  }
  const { files, notes } = combineExports(inputs, { toolVersion: toolVersion() });
  return { files, displayPath: paths.map(display).join(' + '), notes };
}

async function rejectFolderOfExports(folder: string, displayPath: string): Promise<void> {
  const names = (await readdir(folder, { withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isFile() && EXPORT_FILE.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  const exports: string[] = [];
  for (const name of names) {
    const kind = detectExport(await readFile(join(folder, name), 'utf8').catch(() => ''), name);
    if (kind !== 'unknown' && kind !== 'snapshot-file') exports.push(`${displayPath}/${name}`);
  }
  if (exports.length === 0) return;
  // Name a few files; beyond that a glob reads better than a screenful of paths.
  const files = exports.length <= 3 ? exports.join(' ') : [...new Set(exports.map((path) => `${displayPath}/*${path.slice(path.lastIndexOf('.'))}`))].join(' ');
  throw new UsageError('USAGE', `${displayPath} holds raw AWS exports (${plural(exports.length, 'file')}), not a snapshot`, {
    hint: `run \`iamlint import ${files} --out <folder>\` and audit that folder, or audit the files directly: \`iamlint audit ${files}\``,
  });
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
export async function snapshotFolderFiles(folder: string, displayPath = folder): Promise<ReadonlyMap<string, string>> {
  const listed = await listSnapshotFolder(folder, displayPath);
  const present = new Map<string, string>();
  for (const [relative, path] of listed) {
    // As readSnapshotFolder: a missing file is left out, anything else unreadable is an error when it is read.
    if (await stat(path).catch(() => undefined)) present.set(relative, path);
  }
  return new FolderFiles(present, displayPath);
}

class FolderFiles implements ReadonlyMap<string, string> {
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

function unreadable(relative: string, displayPath: string, error: NodeJS.ErrnoException): SnapshotError {
  return new SnapshotError('SNAPSHOT_NOT_FOUND', `cannot read ${relative}: ${error.code ?? error.message}`, {
    location: { file: `${displayPath}/${relative}` },
  });
}

/** The snapshot files a folder may hold (snapshot-relative POSIX path → absolute path), after checking the folder. */
async function listSnapshotFolder(folder: string, displayPath: string): Promise<Array<[string, string]>> {
  const info = await stat(folder).catch(() => undefined);
  if (!info) {
    throw new UsageError('USAGE', `snapshot folder not found: ${displayPath}`, {
      hint: 'pass the folder written by `iamlint collect` or `iamlint import`, e.g. `iamlint audit snapshots/acme`',
    });
  }
  if (!info.isDirectory()) {
    throw new UsageError('USAGE', `${displayPath} is a file, not a snapshot folder`, {
      hint: 'pass the folder that holds snapshot.json; raw AWS exports are read by readAuditInput (`iamlint audit <files…>`)',
    });
  }
  const candidates = ['snapshot.json', 'organization.json', 'identity-center.json'];
  const accountEntries = await readdir(join(folder, 'accounts')).catch(() => [] as string[]);
  candidates.push(...accountEntries.map((name) => `accounts/${name}`));
  return candidates.filter((relative) => isSnapshotFile(relative)).map((relative) => [relative, join(folder, relative)]);
}
