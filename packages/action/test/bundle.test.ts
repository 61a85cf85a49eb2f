import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INPUT_DEFAULTS } from '../src/inputs.js';

const exec = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const COMMITTED = join(repositoryRoot, 'packages/action/dist/index.js');
// yaml is a dependency of the CLI, not of the action; resolve it from there.
const { parse: parseYaml } = createRequire(join(repositoryRoot, 'packages/cli/package.json'))('yaml') as { parse: (text: string) => unknown };

interface ActionMetadata {
  runs: { using: string; main: string };
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, { description: string }>;
}

let work: string;
let rebuilt: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'iamlint-bundle-'));
  rebuilt = join(work, 'index.js');
  await exec(process.execPath, ['scripts/build-action.mjs', '--outfile', rebuilt], { cwd: repositoryRoot });
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the checked-in action bundle', () => {
  it('is exactly what the sources build to', async () => {
    const [committed, fresh] = await Promise.all([readFile(COMMITTED, 'utf8').catch(() => ''), readFile(rebuilt, 'utf8')]);
    const stale = committed !== fresh;
    expect(stale, 'packages/action/dist/index.js is stale: run `pnpm build:action` (node scripts/build-action.mjs) and commit the result').toBe(false);
  });

  it('runs on its own: no package.json beside it, no node_modules', async () => {
    const alone = await mkdtemp(join(tmpdir(), 'iamlint-bundle-alone-'));
    await copyFile(rebuilt, join(alone, 'index.js'));
    const outcome = await exec(process.execPath, [join(alone, 'index.js')], {
      cwd: alone,
      env: { PATH: process.env.PATH ?? '', 'INPUT_FAIL-ON': 'loudly' },
    }).catch((error: { code: number; stdout: string }) => error);
    expect(outcome).toMatchObject({ code: 1, stdout: '::error::iamlint: input fail-on is "loudly"; use one of error, warning, never\n' });
  });
});

describe('action.yml', () => {
  it('runs the bundle on node24, with the inputs and outputs the code reads and writes', async () => {
    const metadata = parseYaml(await readFile(join(repositoryRoot, 'action.yml'), 'utf8')) as ActionMetadata;
    expect(metadata.runs).toEqual({ using: 'node24', main: 'packages/action/dist/index.js' });
    expect(Object.keys(metadata.inputs).sort()).toEqual(['baseline', 'category', 'config', 'fail-on', 'new-since', 'path', 'sarif-file']);
    for (const [name, value] of Object.entries(INPUT_DEFAULTS)) expect(metadata.inputs[name]?.default, name).toBe(value);
    expect(Object.keys(metadata.outputs).sort()).toEqual(['critical', 'errors', 'high', 'info', 'low', 'medium', 'new-findings', 'sarif-file', 'warnings']);
    const source = await readFile(join(repositoryRoot, 'packages/action/src/inputs.ts'), 'utf8');
    for (const name of Object.keys(metadata.inputs)) expect(source, `input ${name} is never read`).toContain(`'${name}'`);
  });
});
