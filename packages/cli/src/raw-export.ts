import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { combineExports, type CombinedSnapshot, type ExportInput } from '@iamlint/collect';
import { UsageError } from '@iamlint/core';
import { toolVersion } from './version.js';

const EXPORT_HINT = 'pass a folder written by scripts/export-with-aws-cli.sh, or AWS CLI output files (docs/exports.md)';

/**
 * Reads raw AWS CLI exports as the importers take them: files, and every file below a folder (hidden ones
 * aside). The modification time stands for when each was taken.
 */
export async function readExportFiles(paths: readonly string[], cwd: string): Promise<ExportInput[]> {
  const inputs: ExportInput[] = [];
  const display = (absolute: string) => relative(cwd, absolute).split(sep).join('/') || '.';
  const add = async (absolute: string, shown: string): Promise<void> => {
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new UsageError('USAGE', `export file not found: ${shown}`, { hint: EXPORT_HINT });
    if (info.isDirectory()) {
      const entries = (await readdir(absolute, { withFileTypes: true })).filter((entry) => !entry.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : 1));
      for (const entry of entries) await add(join(absolute, entry.name), display(join(absolute, entry.name)));
      return;
    }
    if (info.isFile()) inputs.push({ path: shown, text: await readFile(absolute, 'utf8'), mtime: info.mtime });
  };
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const before = inputs.length;
    await add(absolute, path);
    if (inputs.length === before && (await stat(absolute)).isDirectory()) {
      throw new UsageError('USAGE', `${path} is an empty folder`, { hint: EXPORT_HINT });
    }
  }
  return inputs;
}

/** Turns raw exports (files, or folders of them) into the files of one snapshot, with notes on what was assumed or skipped. */
export async function importExports(paths: readonly string[], cwd: string): Promise<CombinedSnapshot> {
  return combineExports(await readExportFiles(paths, cwd), { toolVersion: toolVersion() });
}
