import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { actionCatalog, SCHEMA_VERSION } from '@iamlint/core';
import { describe, expect, it } from 'vitest';
import { toolVersion, versionText } from '../src/version.js';
import { runCli } from './helpers.js';

describe('iamlint --version, answered before the commands load', () => {
  it('names the same versions as the catalogue and schema it ships', () => {
    const { version, updatedAt } = actionCatalog.data;
    expect(versionText()).toBe(`iamlint ${toolVersion()} (snapshot format ${SCHEMA_VERSION}; IAM action data ${version} of ${updatedAt.slice(0, 10)})`);
  });

  it('prints from the built bin exactly what the full CLI prints', async () => {
    const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
    const cwd = fileURLToPath(new URL('.', import.meta.url));
    const full = await runCli(['--version'], { cwd });
    for (const flag of ['--version', '-v']) {
      const { stdout } = await promisify(execFile)(process.execPath, [bin, flag]);
      expect(stdout).toBe(full.stdout);
    }
  });
});
