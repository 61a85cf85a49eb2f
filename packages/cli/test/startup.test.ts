import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir, writeFiles } from './helpers.js';

// Issue 13, start-up: the AWS SDK, yaml and the collector are loaded only by the commands that use them. Run as the
// built CLI in its own process, since what matters is what a fresh process loads.
const exec = promisify(execFile);
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const tracer = fileURLToPath(new URL('module-trace.mjs', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

async function modulesLoadedBy(args: string[], cwd = repositoryRoot): Promise<string[]> {
  const trace = join(await tempDir(), 'modules.txt');
  await exec(process.execPath, ['--import', tracer, bin, ...args], { cwd, env: { ...process.env, IAMLINT_MODULE_TRACE: trace }, maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: { code?: unknown }) => {
      // Findings exit 1, and collect without AWS exits 2; a crash or a signal is a failure of the run itself.
      if (error.code !== 1 && error.code !== 2) throw error;
    },
  );
  return (await readFile(trace, 'utf8')).split('\n').filter((line) => line !== '');
}

const awsSdk = (modules: readonly string[]) => modules.filter((module) => /[/\\]@aws-sdk[/\\]|[/\\]@smithy[/\\]/.test(module));
const yaml = (modules: readonly string[]) => modules.filter((module) => /[/\\]yaml[/\\]/.test(module));
const collector = (modules: readonly string[]) => modules.filter((module) => /[/\\]collect[/\\](dist|src)[/\\]live[/\\]/.test(module));

describe('what a command loads', () => {
  it('audit of the demo loads no AWS SDK, no yaml, no collector and no importer', async () => {
    const modules = await modulesLoadedBy(['audit', 'fixtures/demo-org']);
    expect(modules.some((module) => module.includes('/packages/rules/'))).toBe(true);
    expect(awsSdk(modules)).toEqual([]);
    expect(yaml(modules)).toEqual([]);
    expect(collector(modules)).toEqual([]);
    expect(modules.filter((module) => /[/\\]collect[/\\]dist[/\\]import[/\\]/.test(module))).toEqual([]);
  }, 60_000);

  it('audit of the Cloudsplaining export loads the importers, but no AWS SDK', async () => {
    const modules = await modulesLoadedBy(['audit', 'fixtures/datasets/gaad-cloudsplaining-example.json']);
    expect(modules.some((module) => /[/\\]collect[/\\]dist[/\\]import[/\\]combine\.js$/.test(module))).toBe(true);
    expect(awsSdk(modules)).toEqual([]);
    expect(collector(modules).filter((module) => !/live[/\\](credentials|saml-metadata)\.js$/.test(module))).toEqual([]);
  }, 60_000);

  it('a YAML config loads yaml, and collect loads the AWS SDK (the check sees what it looks for)', async () => {
    const dir = await tempDir();
    await writeFiles(dir, { 'iamlint.config.yaml': '- iamlint:recommended\n' });
    expect(yaml(await modulesLoadedBy(['audit', join(repositoryRoot, 'fixtures/demo-org')], dir))).not.toEqual([]);
    // A profile that does not exist: collect stops at the credentials, after loading the SDK.
    const modules = await modulesLoadedBy(['collect', '--out', join(dir, 'snap'), '--profile', 'iamlint-test-no-such-profile'], dir);
    expect(awsSdk(modules)).not.toEqual([]);
    expect(collector(modules)).not.toEqual([]);
  }, 60_000);

  it('--version loads neither the rules, the engine nor the IAM action tables', async () => {
    const modules = await modulesLoadedBy(['--version']);
    expect(modules.filter((module) => /packages[/\\](rules|collect)[/\\]|iam-data\.generated|[/\\](engine|model|policy[/\\]catalog)[/\\.]/.test(module))).toEqual([]);
    expect(modules.length).toBeLessThan(10);
  }, 60_000);
});
