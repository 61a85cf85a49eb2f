import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { ExportInput } from '@iamlint/collect/import';
import { UsageError } from '@iamlint/core';
import { toolVersion } from './version.js';

const EXPORT_HINT = 'pass a folder written by scripts/export-with-aws-cli.sh, or AWS CLI output files (docs/exports.md)';

/**
 * Finds raw AWS CLI exports as the importers take them: files, and every file below a folder (hidden ones aside).
 * The modification time stands for when each was taken. Each text is read from disk when asked for and not kept,
 * so that a thousand accounts' exports are never all in memory at once.
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
    if (!info.isFile()) return;
    inputs.push({
      path: shown,
      get text() {
        return readExportText(absolute, shown);
      },
      mtime: info.mtime,
    });
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

function readExportText(absolute: string, shown: string): string {
  let raw: string;
  try {
    raw = readFileSync(absolute, 'utf8');
  } catch {
    throw new UsageError('USAGE', `export file not found: ${shown}`, { hint: EXPORT_HINT });
  }
  // A UTF-8 byte order mark is not content. Nesting too deep is refused where the text is recognised (recogniseExport).
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  return text;
}

/** Turns raw exports (files, or folders of them) into the files of one snapshot, each handed to `write` as soon as it is built, with notes on what was assumed or skipped. */
export async function writeImportedExports(paths: readonly string[], cwd: string, write: (path: string, text: string) => void): Promise<{ notes: string[] }> {
  const inputs = await readExportFiles(paths, cwd);
  const { writeCombinedExports } = await import('@iamlint/collect/import');
  return writeCombinedExports(inputs, { toolVersion: toolVersion() }, write);
}
