import { execFile } from 'node:child_process';
import { cp, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Baseline, SarifLog } from '@iamlint/core';
import { audit } from '../src/audit.js';
import { runCli, tempDir } from './helpers.js';

const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const DATA_DEV = '205937461830';
const NEW_USER_ARN = `arn:aws:iam::${DATA_DEV}:user/priya.raman`;

/** A console user created last week who never enrolled an MFA device. */
const NEW_USER = {
  arn: NEW_USER_ARN,
  userName: 'priya.raman',
  userId: 'AIDAQ4VNK2M7XH3LRBT5E',
  path: '/',
  createDate: '2026-11-12T09:41:27Z',
  passwordLastUsed: '2026-11-18',
  loginProfile: { createDate: '2026-11-12T09:41:27Z', passwordResetRequired: false },
  mfaDevices: [],
  accessKeys: [],
  groups: [],
  attachedManagedPolicies: [],
  inlinePolicies: [],
  permissionsBoundary: null,
  tags: { team: 'data' },
};

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', ['-c', 'user.name=iamlint-test', '-c', 'user.email=iamlint-test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd });
  return stdout;
}

async function editAccount(root: string, accountId: string, edit: (account: { users: Array<Record<string, unknown>> }) => void): Promise<void> {
  const file = join(root, 'snapshots/acme/accounts', `${accountId}.json`);
  const account = JSON.parse(await readFile(file, 'utf8')) as { users: Array<Record<string, unknown>> };
  edit(account);
  account.users.sort((a, b) => String(a.arn).localeCompare(String(b.arn)));
  await writeFile(file, `${JSON.stringify(account, null, 2)}\n`);
}

/** A repository holding the demo organization at snapshots/acme, committed once as collected. */
async function demoRepository(): Promise<string> {
  const root = await tempDir();
  await cp(join(repositoryRoot, 'fixtures/demo-org'), join(root, 'snapshots/acme'), { recursive: true });
  await cp(join(repositoryRoot, 'fixtures/recommended.config.json'), join(root, 'iamlint.config.json'));
  await git(root, 'init', '-q');
  await git(root, 'add', '.');
  await git(root, 'commit', '-q', '-m', 'snapshot 2026-11-20');
  return root;
}

const keyOf = (finding: { ruleId: string; resource: { id: string } }) => `${finding.ruleId} ${finding.resource.id}`;

describe('iamlint audit --baseline / --update-baseline', () => {
  let root: string;
  let everything: string[];
  let fingerprints: string[];
  beforeAll(async () => {
    root = await demoRepository();
    const { findings } = (await audit({ path: 'snapshots/acme', cwd: root })).result;
    everything = findings.map(keyOf);
    fingerprints = findings.map((finding) => finding.fingerprint);
  }, 60_000);

  it('--update-baseline records every current finding, reviewable and stable, then reports nothing new', async () => {
    const first = await runCli(['audit', 'snapshots/acme', '--update-baseline'], { cwd: root });
    expect(first.stderr).toBe(`iamlint: wrote iamlint-baseline.json (${everything.length} findings)\n`);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('✔ no new problems');
    const text = await readFile(join(root, 'iamlint-baseline.json'), 'utf8');
    const baseline = JSON.parse(text) as Baseline;
    expect(baseline.version).toBe(1);
    expect(baseline.findings.map((entry) => `${entry.ruleId} ${entry.resource}`).sort()).toEqual([...everything].sort());
    expect(baseline.findings.map((entry) => entry.fingerprint).sort()).toEqual([...fingerprints].sort());
    expect(Object.values(baseline.counts).reduce((sum, count) => sum + count, 0)).toBe(baseline.findings.length);
    expect(text).toBe(`${JSON.stringify(baseline, null, 2)}\n`);
    expect(baseline.findings.find((entry) => entry.resource === `arn:aws:iam::${DATA_DEV}:user/isabel.moreno` && entry.ruleId === 'user-mfa-required')?.message).toMatch(
      /isabel\.moreno/,
    );

    const before = await stat(join(root, 'iamlint-baseline.json'));
    const second = await runCli(['audit', 'snapshots/acme', '--update-baseline', '--baseline', 'iamlint-baseline.json'], { cwd: root });
    expect(second.stderr).toBe(`iamlint: iamlint-baseline.json is up to date (${everything.length} findings); not rewritten\n`);
    expect(await readFile(join(root, 'iamlint-baseline.json'), 'utf8')).toBe(text);
    expect((await stat(join(root, 'iamlint-baseline.json'))).mtimeMs).toBe(before.mtimeMs);

    const audited = await runCli(['audit', 'snapshots/acme', '--baseline', 'iamlint-baseline.json'], { cwd: root });
    expect(audited.code).toBe(0);
    expect(audited.stdout).toContain(`${everything.length} known findings (in the baseline iamlint-baseline.json) are not shown`);
    expect(await runCli(['audit', 'snapshots/acme'], { cwd: root })).toMatchObject({ code: 1 });
  });

  it('reports a new finding as new (exit 1, SARIF baselineState new) and a fixed one as prunable', async () => {
    const work = await demoRepository();
    await runCli(['audit', 'snapshots/acme', '--update-baseline'], { cwd: work });
    await editAccount(work, DATA_DEV, (account) => {
      account.users.push(NEW_USER);
      const isabel = account.users.find((user) => user.userName === 'isabel.moreno');
      if (!isabel) throw new Error('fixture changed: no isabel.moreno');
      isabel.mfaDevices = [{ serialNumber: `arn:aws:iam::${DATA_DEV}:mfa/isabel.moreno`, type: 'virtual', enableDate: '2026-11-19T16:02:11Z' }];
    });

    const stylish = await runCli(['audit', 'snapshots/acme', '--baseline', 'iamlint-baseline.json'], { cwd: work });
    expect(stylish.code).toBe(1);
    expect(stylish.stdout).toContain('priya.raman');
    expect(stylish.stdout).not.toContain('isabel.moreno');
    expect(stylish.stdout).toMatch(/1 baselined finding no longer occurs: prune it with --update-baseline/);

    const { result, comparison, output } = await audit({ path: 'snapshots/acme', cwd: work, baseline: 'iamlint-baseline.json', format: 'sarif' });
    expect(result.findings.map(keyOf)).toContain(`user-mfa-required ${NEW_USER_ARN}`);
    expect(result.findings.every((finding) => finding.resource.id.includes('priya.raman'))).toBe(true);
    expect(comparison?.absent.map((entry) => `${entry.ruleId} ${entry.resource}`)).toEqual([`user-mfa-required arn:aws:iam::${DATA_DEV}:user/isabel.moreno`]);
    const sarif = JSON.parse(output) as SarifLog;
    const states = sarif.runs[0].results.map((entry) => `${entry.baselineState} ${entry.ruleId} ${entry.properties.resource.id}`);
    expect(states).toContain(`new user-mfa-required ${NEW_USER_ARN}`);
    expect(states).toContain(`unchanged root-mfa arn:aws:iam::183640257719:root`);
    expect(states).toHaveLength(everything.length - 1 + result.findings.length);

    const pruned = await runCli(['audit', 'snapshots/acme', '--update-baseline'], { cwd: work });
    expect(pruned.code).toBe(0);
    const baseline = JSON.parse(await readFile(join(work, 'iamlint-baseline.json'), 'utf8')) as Baseline;
    expect(baseline.findings.some((entry) => entry.resource.endsWith('user/isabel.moreno') && entry.ruleId === 'user-mfa-required')).toBe(false);
    expect(baseline.findings.some((entry) => entry.resource === NEW_USER_ARN)).toBe(true);
  });

  it('--quiet still writes warnings into the baseline', async () => {
    const work = await demoRepository();
    const quiet = await runCli(['audit', 'snapshots/acme', '--update-baseline', '--quiet'], { cwd: work });
    expect(quiet.code).toBe(0);
    const baseline = JSON.parse(await readFile(join(work, 'iamlint-baseline.json'), 'utf8')) as Baseline;
    expect(baseline.findings.map((entry) => entry.fingerprint).sort()).toEqual([...fingerprints].sort());
    expect(baseline.findings.some((entry) => entry.ruleId === 'user-no-direct-policies')).toBe(true);
  });

  it('refuses a malformed, wrong-version or missing baseline with one line and exit 2', async () => {
    await writeFile(join(root, 'broken.json'), '{ "version": 1, "counts": {}, "findings": [ }\n');
    const broken = await runCli(['audit', 'snapshots/acme', '--baseline', 'broken.json'], { cwd: root });
    expect(broken.code).toBe(2);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toMatch(/^iamlint: broken\.json:1:\d+: not an iamlint baseline: malformed JSON: .+ \(regenerate it with `iamlint audit --update-baseline --baseline broken\.json`\)\n$/);

    await writeFile(join(root, 'future.json'), '{\n  "version": 2,\n  "counts": {},\n  "findings": []\n}\n');
    const future = await runCli(['audit', 'snapshots/acme', '--baseline', 'future.json'], { cwd: root });
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/^iamlint: future\.json:2:3: baseline version 2 is not supported \(this iamlint reads version 1\)/);
    expect(future.stderr.trimEnd().split('\n')).toHaveLength(1);

    const missing = await runCli(['audit', 'snapshots/acme', '--baseline', 'nope.json'], { cwd: root });
    expect(missing).toMatchObject({ code: 2, stderr: 'iamlint: baseline file not found: nope.json (create it with `iamlint audit --update-baseline --baseline nope.json`)\n' });
  });
});

describe('iamlint audit --new-since <git-ref>', () => {
  let root: string;
  beforeAll(async () => {
    root = await demoRepository();
    await editAccount(root, DATA_DEV, (account) => account.users.push(NEW_USER));
    await git(root, 'commit', '-q', '-a', '-m', 'snapshot 2026-11-21');
  }, 60_000);

  it('reports only what the snapshot did not have at that commit', async () => {
    const { result, comparison, since } = await audit({ path: 'snapshots/acme', cwd: root, newSince: 'HEAD~1' });
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.findings.map(keyOf)).toContain(`user-mfa-required ${NEW_USER_ARN}`);
    expect(result.findings.every((finding) => finding.resource.id.includes('priya.raman'))).toBe(true);
    expect(comparison?.sinceRef).toBe('HEAD~1');
    expect(comparison?.unchanged.map(keyOf)).toContain(`user-mfa-required arn:aws:iam::${DATA_DEV}:user/isabel.moreno`);
    expect(since?.model?.manifest.collectedAt).toBe('2026-11-20T06:00:00Z');

    const cli = await runCli(['audit', 'snapshots/acme', '--new-since', 'HEAD~1'], { cwd: root });
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/\d+ known findings \(present at HEAD~1\) are not shown/);
    const same = await runCli(['audit', 'snapshots/acme', '--new-since', 'HEAD'], { cwd: root });
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('✔ no new problems');
  });

  it('counts every finding as new when the path held no snapshot at that ref', async () => {
    const work = await tempDir();
    await writeFile(join(work, 'README.md'), '# identity snapshots\n');
    await git(work, 'init', '-q');
    await git(work, 'add', '.');
    await git(work, 'commit', '-q', '-m', 'empty repository');
    await cp(join(root, 'snapshots'), join(work, 'snapshots'), { recursive: true });
    await git(work, 'add', '.');
    await git(work, 'commit', '-q', '-m', 'first snapshot');
    const { result, since, comparison } = await audit({ path: 'snapshots/acme', cwd: work, configPath: join(root, 'iamlint.config.json'), newSince: 'HEAD~1' });
    const all = await audit({ path: 'snapshots/acme', cwd: work, configPath: join(root, 'iamlint.config.json') });
    expect(result.findings.map(keyOf)).toEqual(all.result.findings.map(keyOf));
    expect(since).toEqual({ ref: 'HEAD~1', model: null });
    expect(comparison?.unchanged).toEqual([]);
  });

  it('says in one line when the ref is unknown, the folder is not in git, or it is combined with --update-baseline', async () => {
    const unknown = await runCli(['audit', 'snapshots/acme', '--new-since', 'release-2019'], { cwd: root });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^iamlint: --new-since: git ref "release-2019" not found in .+ \(check the spelling, or fetch it first, e\.g\. `git fetch origin main`; CI checkouts are shallow unless fetch-depth: 0\)\n$/);

    const outside = await tempDir();
    await cp(join(repositoryRoot, 'fixtures/demo-org'), join(outside, 'acme'), { recursive: true });
    const noRepository = await runCli(['audit', 'acme', '--new-since', 'HEAD~1'], { cwd: outside });
    expect(noRepository).toMatchObject({
      code: 2,
      stderr: 'iamlint: acme is not inside a git repository (--new-since reads the snapshot from git history; commit the snapshot first, or drop --new-since)\n',
    });

    const dash = await runCli(['audit', 'snapshots/acme', '--new-since=--output=x'], { cwd: root });
    expect(dash.code).toBe(2);
    expect(dash.stderr).toMatch(/^iamlint: --new-since "--output=x" is not a git ref/);

    const both = await runCli(['audit', 'snapshots/acme', '--new-since', 'HEAD~1', '--update-baseline'], { cwd: root });
    expect(both).toMatchObject({ code: 2, stderr: expect.stringMatching(/^iamlint: --update-baseline and --new-since do not go together/) });
  });
});
