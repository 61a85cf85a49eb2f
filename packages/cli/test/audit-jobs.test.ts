import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FORMATTERS } from '@iamlint/core';
import { autoJobs } from '../src/parallel-rules.js';
import { runCli, tempDir, writeFiles } from './helpers.js';
import { manyAccountsSnapshot } from './many-accounts.js';

// Issue 13: `audit --jobs <n>` runs the rules on worker threads; every format must come out byte for byte as with one
// thread. Run as the built CLI, since a worker thread loads the built worker script.
const exec = promisify(execFile);
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const allRules = fileURLToPath(new URL('fixtures/golden/all-rules.config.json', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function iamlint(args: readonly string[], cwd = repositoryRoot): Promise<Run> {
  const options = { cwd, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 256 * 1024 * 1024 };
  return exec(process.execPath, [bin, ...args], options).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: unknown; stdout?: string; stderr?: string }) => {
      if (typeof error.code !== 'number') throw error;
      return { code: error.code, stdout: error.stdout ?? '', stderr: error.stderr ?? '' };
    },
  );
}

/** The same audit with --jobs 1, 2 and 3: the same exit code, output and warnings. */
async function expectSameOnEveryJobCount(args: readonly string[], cwd?: string): Promise<Run> {
  const [one, two, three] = await Promise.all([1, 2, 3].map((jobs) => iamlint([...args, '--jobs', String(jobs)], cwd)));
  const single = one as Run;
  expect(single.code, single.stderr).toBe(1);
  for (const run of [two, three]) {
    expect(run?.code).toBe(single.code);
    expect(run?.stderr).toBe(single.stderr);
    expect(run?.stdout === single.stdout, `${args.join(' ')}: output differs from --jobs 1`).toBe(true);
  }
  return single;
}

const PLUGIN_CONFIG = `
const ownerTag = {
  meta: {
    type: 'suggestion',
    docs: { description: 'Roles carry an owner tag.', recommended: false },
    severity: 'low',
    messages: { missing: 'Role {{role}} has no owner tag.' },
  },
  create(context) {
    return {
      Role(role) {
        if (!role.tags || !('owner' in role.tags)) context.report({ node: role, messageId: 'missing', data: { role: role.roleName } });
      },
    };
  },
};

export default [
  'iamlint:recommended',
  { plugins: { acme: { rules: { 'owner-tag': ownerTag } } }, rules: { 'acme/owner-tag': 'warn', 'access-key-max-age': ['error', { maxAgeDays: 30 }] } },
  {
    exceptions: [
      { rule: 'acme/owner-tag', resource: 'arn:aws:iam::*:role/OrganizationAccountAccessRole', reason: 'created by Organizations' },
      { rule: 'privilege-escalation', resource: 'arn:aws:iam::*:user/*', reason: 'reviewed quarterly' },
      { rule: 'root-mfa', resource: 'arn:aws:iam::999999999999:root', reason: 'matches nothing: a warning' },
    ],
  },
];
`;

describe('audit --jobs', () => {
  it('gives the demo organization byte for byte in every format', async () => {
    for (const format of FORMATTERS) {
      const run = await expectSameOnEveryJobCount(['audit', 'fixtures/demo-org', '--format', format]);
      expect(run.stdout.length).toBeGreaterThan(500);
    }
  }, 240_000);

  it('gives the 24-account organization (escalation and trust across accounts) byte for byte', async () => {
    const folder = await tempDir();
    await writeFiles(folder, manyAccountsSnapshot(24));
    for (const format of ['json', 'sarif']) {
      const run = await expectSameOnEveryJobCount(['audit', folder, '--config', allRules, '--format', format]);
      if (format === 'json') {
        const accounts = new Set((JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; resource: { accountId: string | null } }> }).findings.filter((finding) => finding.ruleId === 'privilege-escalation').map((finding) => finding.resource.accountId));
        expect(accounts.size).toBeGreaterThanOrEqual(20);
      }
    }
  }, 240_000);

  it('gives the same with a plugin rule, exceptions and a baseline', async () => {
    const folder = await tempDir();
    await writeFile(join(folder, 'iamlint.config.mjs'), PLUGIN_CONFIG);
    const demo = join(repositoryRoot, 'fixtures/demo-org');
    const written = await iamlint(['audit', demo, '--update-baseline', '--baseline', 'baseline.json', '--jobs', '1'], folder);
    expect(written.code, written.stderr).toBe(0);
    // Half the findings known: the rest are new, the known ones "unchanged" in SARIF.
    const baseline = JSON.parse(await readFile(join(folder, 'baseline.json'), 'utf8')) as { findings: unknown[] };
    expect(baseline.findings.length).toBeGreaterThan(10);
    baseline.findings = baseline.findings.filter((_, index) => index % 2 === 0);
    await writeFile(join(folder, 'baseline.json'), JSON.stringify(baseline));
    for (const format of ['json', 'sarif']) {
      const run = await expectSameOnEveryJobCount(['audit', demo, '--baseline', 'baseline.json', '--format', format], folder);
      if (format === 'json') {
        expect(run.stdout).toContain('acme/owner-tag');
        expect(run.stdout).toContain('reviewed quarterly');
        expect(run.stderr).toContain('matched no finding');
      }
    }
  }, 240_000);

  it('gives the same through the library with the snapshot in memory (as --live has it), which workers receive as texts', async () => {
    const folder = await tempDir();
    const files = Object.fromEntries(manyAccountsSnapshot(24));
    await writeFile(join(folder, 'files.json'), JSON.stringify(files));
    const script = `
      import { readFileSync } from 'node:fs';
      import { audit } from ${JSON.stringify(new URL('../dist/audit.js', import.meta.url).href)};
      const files = new Map(Object.entries(JSON.parse(readFileSync('files.json', 'utf8'))));
      const run = (jobs) => audit({ path: 'in-memory', files, cwd: process.cwd(), configPath: ${JSON.stringify(allRules)}, format: 'json', jobs });
      const [one, two] = [await run(1), await run(2)];
      process.stdout.write(JSON.stringify({ same: one.output === two.output, findings: one.result.findings.length }));
    `;
    const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', script], { cwd: folder, maxBuffer: 64 * 1024 * 1024 });
    const { same, findings } = JSON.parse(stdout) as { same: boolean; findings: number };
    expect(findings).toBeGreaterThan(100);
    expect(same).toBe(true);
  }, 120_000);

  it('stops with one line and exit 2 when a worker thread fails', async () => {
    const folder = await tempDir();
    // A config that differs in a worker thread would give other findings there: the worker refuses to run.
    await writeFile(
      join(folder, 'iamlint.config.mjs'),
      `import { isMainThread } from 'node:worker_threads';\nexport default ['iamlint:recommended', { rules: { 'root-mfa': isMainThread ? 'error' : 'off' } }];\n`,
    );
    const demo = join(repositoryRoot, 'fixtures/demo-org');
    const run = await iamlint(['audit', demo, '--jobs', '2'], folder);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^iamlint: a worker thread of the audit failed: the config resolved differently in a worker thread than in the main thread .*--jobs 1.*\n$/);
    const single = await iamlint(['audit', demo, '--jobs', '1'], folder);
    expect(single.code).toBe(1);
  }, 120_000);

  it('refuses a --jobs that is not a whole number of at least 1 or auto', async () => {
    for (const jobs of ['0', '-1', 'abc', '1.5']) {
      const run = await runCli(['audit', 'fixtures/demo-org', '--jobs', jobs], { cwd: repositoryRoot });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`iamlint: option '--jobs <n>' argument '${jobs}' is invalid. must be a whole number ≥ 1 (1 runs the rules on one thread), or auto (see iamlint --help)\n`);
    }
    const one = await runCli(['audit', 'fixtures/demo-org', '--jobs', '1'], { cwd: repositoryRoot });
    expect(one.code).toBe(1);
    // The demo has too few accounts for a second thread: auto runs on one, like the default.
    for (const args of [['--jobs', 'auto'], []]) {
      const run = await runCli(['audit', 'fixtures/demo-org', ...args], { cwd: repositoryRoot });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe(one.stdout);
    }
  });

  it('auto: one thread per core and per 250 accounts, and one on 2 cores, where two threads were slower', () => {
    expect(autoJobs(1000, 2)).toBe(1);
    expect(autoJobs(100_000, 1)).toBe(1);
    expect(autoJobs(1000, 8)).toBe(4);
    expect(autoJobs(1000, 3)).toBe(3);
    expect(autoJobs(499, 8)).toBe(1);
    expect(autoJobs(500, 8)).toBe(2);
    expect(autoJobs(100, 64)).toBe(1);
  });
});
