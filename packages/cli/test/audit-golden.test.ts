import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { combineExports } from '@iamlint/collect';
import { describe, expect, it } from 'vitest';
import { audit, type AuditOptions } from '../src/audit.js';
import { readExportFiles } from '../src/raw-export.js';

// Findings of every rule, with their line/column, on the demo organization and the Cloudsplaining export: a change
// made for speed must leave them byte for byte as they were. `UPDATE_GOLDEN=1` rewrites the files after an intended
// change of behaviour.
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const golden = new URL('fixtures/golden/', import.meta.url);
const config = fileURLToPath(new URL('all-rules.config.json', golden));
const today = new Date('2026-11-23T00:00:00Z');
const VERSION = /"version": "\d+\.\d+\.\d+[^"]*"/;

async function check(name: string, options: AuditOptions): Promise<void> {
  const { output } = await audit({ cwd: repositoryRoot, configPath: config, today, ...options });
  // The tool's own version is the one line that changes on release without a change of behaviour.
  const text = output.replace(VERSION, '"version": "<tool version>"');
  const file = new URL(name, golden);
  if (process.env['UPDATE_GOLDEN'] === '1') await writeFile(file, text);
  expect(text === (await readFile(file, 'utf8')), `${name} differs from its golden file`).toBe(true);
}

describe('audit output, every rule, against golden files', () => {
  it('the demo organization (json)', async () => {
    await check('demo-org.json', { path: 'fixtures/demo-org', format: 'json' });
  });

  it('the Cloudsplaining GAAD export (json)', async () => {
    const inputs = await readExportFiles(['fixtures/datasets/gaad-cloudsplaining-example.json'], repositoryRoot);
    const { files, origins } = combineExports(
      inputs.map((input) => ({ ...input, mtime: new Date('2026-11-20T06:00:00Z') })),
      { toolVersion: '0.0.0', origins: true },
    );
    await check('cloudsplaining.json', { path: 'fixtures/datasets/gaad-cloudsplaining-example.json', files, ...(origins ? { origins } : {}), format: 'json' });
  });
});
