import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { combineExports, detectExport } from '@iamlint/collect';
import { IamlintError, isSnapshotFile, plural, SnapshotError, UsageError } from '@iamlint/core';
import { readExportFiles } from './raw-export.js';
import { toolVersion } from './version.js';

const EXPORT_FILE = /\.(json|csv)$/i;

export interface AuditInput {
  /** Snapshot-relative path → text: read from a folder, or combined in memory from raw exports. */
  files: Map<string, string>;
  /** Names the input in reports: the snapshot folder, or the export files joined with " + ". */
  displayPath: string;
  /** What an import assumed, one line each. */
  notes: string[];
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
    const files = await readSnapshotFolder(resolve(cwd, single), display(single));
    // A folder without snapshot files but with other files is a folder of raw exports (scripts/export-with-aws-cli.sh writes one).
    const entries = files.size > 0 ? [] : await readdir(resolve(cwd, single)).catch(() => [] as string[]);
    if (!entries.some((name) => !name.startsWith('.'))) return { files, displayPath: display(single), notes: [] };
  }
  const folder = paths.length > 1 ? paths.find((path, index) => infos[index]?.isDirectory() && isSnapshotFolder(resolve(cwd, path))) : undefined;
  if (folder !== undefined) {
    throw new UsageError('USAGE', `${folder} is a snapshot folder, given with other paths`, { hint: 'audit one snapshot folder at a time, or pass raw exports only' });
  }
  const inputs = await readExportFiles(paths, cwd);
  for (const input of inputs) {
    if (detectExport(input.text, input.path) !== 'snapshot-file') continue;
    const snapshotFolder = display(dirname(input.path).replace(/[/\\]accounts$/, ''));
    throw new UsageError('USAGE', `${input.path} is a file, not a snapshot folder`, {
      hint: `it belongs to a snapshot: run \`iamlint audit ${snapshotFolder}\``,
    });
  }
  try {
    const { files, notes } = combineExports(inputs, { toolVersion: toolVersion() });
    return { files, displayPath: paths.map(display).join(' + '), notes };
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

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/** Reads the files of a snapshot folder that the loader understands, keyed by snapshot-relative POSIX path. */
export async function readSnapshotFolder(folder: string, displayPath = folder): Promise<Map<string, string>> {
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
  const files = new Map<string, string>();
  const candidates = ['snapshot.json', 'organization.json', 'identity-center.json'];
  const accountsDir = join(folder, 'accounts');
  const accountEntries = await readdir(accountsDir).catch(() => [] as string[]);
  candidates.push(...accountEntries.map((name) => `accounts/${name}`));
  for (const relative of candidates) {
    if (!isSnapshotFile(relative)) continue;
    const text = await readFile(join(folder, relative), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new SnapshotError('SNAPSHOT_NOT_FOUND', `cannot read ${relative}: ${error.code ?? error.message}`, {
        location: { file: `${displayPath}/${relative}` },
      });
    });
    if (text !== undefined) files.set(relative, text);
  }
  return files;
}
