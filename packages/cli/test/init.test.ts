import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runCli, tempDir, writeFiles } from './helpers.js';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const demo = join(repositoryRoot, 'fixtures/demo-org');

interface Workflow {
  on: { pull_request: { paths: string[] } };
  permissions: Record<string, string>;
  jobs: { audit: { steps: Array<{ uses?: string; with?: Record<string, unknown> }> } };
}

describe('iamlint init', () => {
  it('writes a config with the recommended preset that audits the demo, and a workflow for the Action', async () => {
    const dir = await tempDir();
    const run = await runCli(['init', '--snapshots', 'snapshots/acme'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('wrote iamlint.config.mjs\nwrote .github/workflows/iamlint.yml\n');
    const config = await readFile(join(dir, 'iamlint.config.mjs'), 'utf8');
    expect(config).toContain("'iamlint:recommended',");
    expect(config).toMatch(/^ {6}\/\/ {3}reason: '.+',\n {6}\/\/ {3}expires: '\d{4}-\d{2}-\d{2}',$/m);

    const audited = await runCli(['audit', demo, '-f', 'json'], { cwd: dir });
    const recommended = await runCli(['audit', demo, '-f', 'json', '-c', join(repositoryRoot, 'fixtures/recommended.config.json')], { cwd: dir });
    expect(audited.code).toBe(1);
    expect(audited.stderr).toBe('');
    expect(JSON.parse(audited.stdout).summary).toEqual(JSON.parse(recommended.stdout).summary);

    const workflow = parseYaml(await readFile(join(dir, '.github/workflows/iamlint.yml'), 'utf8')) as Workflow;
    const action = parseYaml(await readFile(join(repositoryRoot, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
    const step = workflow.jobs.audit.steps.find((candidate) => candidate.uses?.startsWith('iamlint/iamlint@'));
    expect(step?.uses).toBe('iamlint/iamlint@v1');
    expect(step?.with).toEqual({ path: 'snapshots/acme', 'fail-on': 'error' });
    expect(Object.keys(step?.with ?? {}).every((input) => input in action.inputs)).toBe(true);
    expect(workflow.on.pull_request.paths).toContain('snapshots/acme/**');
    expect(workflow.permissions['security-events']).toBe('write');
    expect(workflow.jobs.audit.steps.some((candidate) => candidate.uses?.startsWith('github/codeql-action/upload-sarif@'))).toBe(true);
  });

  it('has an example exception that works once uncommented', async () => {
    const dir = await tempDir();
    await runCli(['init'], { cwd: dir });
    const path = join(dir, 'iamlint.config.mjs');
    const config = await readFile(path, 'utf8');
    const example = config.replace(/^( *)\/\/ ( *[{}],?|( *)(rule|resource|reason|expires): .*)$/gm, '$1$2');
    expect(example).not.toBe(config);
    // Point the example at a finding of the demo: the exception must then suppress it.
    await writeFile(path, example.replace('arn:aws:iam::123456789012:user/ci-deploy', 'AKIAVL5GX2RWN7QDM3KC').replace("rule: 'access-key-max-age'", "rule: 'access-key-unused'"));
    const run = await runCli(['audit', demo, '-f', 'json'], { cwd: dir });
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as { summary: { suppressedCount: number }; suppressed: Array<{ ruleId: string; resource: { id: string } }> };
    expect(report.suppressed.map((finding) => `${finding.ruleId} ${finding.resource.id}`)).toEqual(['access-key-unused AKIAVL5GX2RWN7QDM3KC']);
    const expires = /expires: '(\d{4}-\d{2}-\d{2})'/.exec(example)?.[1] as string;
    expect(new Date(`${expires}T00:00:00Z`).getTime()).toBeGreaterThan(new Date().getTime());
  });

  it('never overwrites: one line naming the file, exit 2, unless --force', async () => {
    const dir = await tempDir();
    await writeFiles(dir, { 'iamlint.config.json': '["iamlint:all"]\n' });
    const refused = await runCli(['init'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe('iamlint: iamlint.config.json already exists; not overwriting (pass --force to replace them, or edit them)\n');
    expect(existsSync(join(dir, 'iamlint.config.mjs'))).toBe(false);
    expect(existsSync(join(dir, '.github'))).toBe(false);

    await writeFiles(dir, { '.github/workflows/iamlint.yml': 'name: mine\n' });
    const forced = await runCli(['init', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(await readFile(join(dir, '.github/workflows/iamlint.yml'), 'utf8')).toContain('uses: iamlint/iamlint@v1');
    expect(await readFile(join(dir, 'iamlint.config.json'), 'utf8')).toBe('["iamlint:all"]\n');
    expect(forced.stderr).toContain('iamlint.config.json also exists; iamlint reads iamlint.config.mjs first');
  });

  it('prints what it would write with --dry-run, and writes nothing', async () => {
    const dir = await tempDir();
    const run = await runCli(['init', '--dry-run'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^would write iamlint\.config\.mjs:\n\n\/\/ iamlint config/);
    expect(run.stdout).toContain("\nwould write .github/workflows/iamlint.yml:\n\n# Audits the snapshots");
    expect(run.stdout).toContain('          path: snapshots\n');
    expect(existsSync(join(dir, 'iamlint.config.mjs'))).toBe(false);
    expect(existsSync(join(dir, '.github'))).toBe(false);
  });

  it('refuses a snapshot folder outside the repository or unsafe in YAML', async () => {
    const dir = await tempDir();
    for (const folder of ['../elsewhere', '/abs/path', 'snap shots', "a'b"]) {
      const run = await runCli(['init', '--snapshots', folder], { cwd: dir });
      expect(run.code, folder).toBe(2);
      expect(run.stderr.split('\n').filter(Boolean), folder).toHaveLength(1);
    }
    expect(existsSync(join(dir, 'iamlint.config.mjs'))).toBe(false);
  });
});
