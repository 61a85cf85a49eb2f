import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isSnapshotFile, SnapshotError, UsageError } from '@iamlint/core';

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
      hint: displayPath.endsWith('.json')
        ? `for a raw get-account-authorization-details export, run \`iamlint import ${displayPath} --out <folder>\` first`
        : 'pass the folder that holds snapshot.json',
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
