import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { importGaad } from '@iamlint/collect';
import { parseJsonFile, UsageError, type Manifest } from '@iamlint/core';
import { toolVersion } from './version.js';

/**
 * Turns raw `aws iam get-account-authorization-details` exports (one account each) into the files of one
 * snapshot. An export carries no timestamp, so the file's modification time stands for when it was taken.
 */
export async function importExports(paths: readonly string[], cwd: string): Promise<Map<string, string>> {
  const snapshots: Array<Map<string, string>> = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info?.isFile()) {
      throw new UsageError('USAGE', `export file not found: ${path}`, { hint: 'pass the JSON written by `aws iam get-account-authorization-details`' });
    }
    const json = parseJsonFile(path, await readFile(absolute, 'utf8'));
    const collectedAt = `${info.mtime.toISOString().slice(0, 19)}Z`;
    snapshots.push(importGaad(json, { collectedAt, toolVersion: toolVersion(), source: path }));
  }
  return mergeSnapshots(snapshots, paths);
}

function mergeSnapshots(snapshots: ReadonlyArray<Map<string, string>>, paths: readonly string[]): Map<string, string> {
  if (snapshots.length === 1) return snapshots[0] as Map<string, string>;
  const merged = new Map<string, string>();
  const manifests: Manifest[] = [];
  snapshots.forEach((files, index) => {
    for (const [file, text] of files) {
      if (file === 'snapshot.json') {
        manifests.push(JSON.parse(text) as Manifest);
      } else if (merged.has(file)) {
        throw new UsageError('USAGE', `${paths[index]} exports an account that another file already exports (${file})`, {
          hint: 'pass one export per account',
        });
      } else {
        merged.set(file, text);
      }
    }
  });
  const first = manifests[0] as Manifest;
  const manifest: Manifest = {
    schemaVersion: first.schemaVersion,
    collectedAt: manifests.map((entry) => entry.collectedAt).sort().at(-1) as string,
    tool: first.tool,
    scope: { accounts: manifests.flatMap((entry) => entry.scope.accounts).sort() },
    gaps: manifests.flatMap((entry) => entry.gaps),
  };
  merged.set('snapshot.json', `${JSON.stringify(manifest, null, 2)}\n`);
  return new Map([...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
