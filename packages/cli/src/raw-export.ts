import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { combineExports, type CombinedSnapshot, type ExportInput } from '@iamlint/collect';
import { jsonNestingTooDeep, MAX_JSON_DEPTH, UsageError } from '@iamlint/core';
import { toolVersion } from './version.js';

const EXPORT_HINT =
  'pass files written by `aws iam get-account-authorization-details`, `aws iam get-credential-report`, `aws organizations describe-organization`, `list-accounts` or `list-roots`';

/** Reads raw AWS CLI exports as the importers take them; the modification time stands for when each was taken. */
export async function readExportFiles(paths: readonly string[], cwd: string): Promise<ExportInput[]> {
  const inputs: ExportInput[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new UsageError('USAGE', `export file not found: ${path}`, { hint: EXPORT_HINT });
    if (!info.isFile()) throw new UsageError('USAGE', `${path} is a folder, not an export file`, { hint: EXPORT_HINT });
    const raw = await readFile(absolute, 'utf8');
    const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (jsonNestingTooDeep(text) !== undefined) {
      throw new UsageError('USAGE', `${path}: JSON nested deeper than ${MAX_JSON_DEPTH} levels (the limit iamlint reads)`, { hint: 'no AWS export nests this deep; check how the file was produced' });
    }
    inputs.push({ path, text, mtime: info.mtime });
  }
  return inputs;
}

/**
 * Turns any mix of raw exports (get-account-authorization-details, credential reports, Organizations
 * describe-organization / list-accounts / list-roots) into the files of one snapshot, with notes on what was assumed.
 */
export async function importExports(paths: readonly string[], cwd: string): Promise<CombinedSnapshot> {
  return combineExports(await readExportFiles(paths, cwd), { toolVersion: toolVersion() });
}
