import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Manifest } from '@iamlint/core';
import { startFakeAws, worldFromSnapshotFolder, type FakeAws } from '@iamlint/fake-aws';
import type { CliIo } from '../src/io.js';
import { main } from '../src/main.js';
import { runCli, tempDir, writeFiles, useFakeAws } from './helpers.js';

const DEMO = fileURLToPath(new URL('../../../fixtures/demo-org', import.meta.url));
const MANAGEMENT = '311842569027';
const SANDBOX = '590318264797';
const DATA_PROD = '097352618404';

let fake: FakeAws;

beforeAll(async () => {
  fake = await startFakeAws({
    world: worldFromSnapshotFolder(DEMO),
    faults: [{ service: 'iam', action: 'GenerateCredentialReport', accountId: SANDBOX, error: 'AccessDenied' }],
  });
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  useFakeAws(fake);
  fake.calls.length = 0;
});

afterEach(() => {
  vi.unstubAllEnvs();
});

const readManifest = async (folder: string) => JSON.parse(await readFile(join(folder, 'snapshot.json'), 'utf8')) as Manifest;

describe('iamlint collect', () => {
  it('writes an account read through the default role as a snapshot folder that iamlint audit then reads, and exits 0', async () => {
    const cwd = await tempDir();
    const run = await runCli(['collect', '--accounts', DATA_PROD, '--out', 'snap'], { cwd });
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`iamlint: account ${DATA_PROD} done (1/1): complete\niamlint: collected 1 account with ${fake.calls.length} calls into snap\n`);
    expect(run.code).toBe(0);
    expect(fake.calls.find((call) => call.action === 'AssumeRole')?.params.RoleArn).toBe(`arn:aws:iam::${DATA_PROD}:role/iamlint-readonly`);
    expect((await readdir(join(cwd, 'snap'))).sort()).toEqual(['accounts', 'snapshot.json']);
    expect((await readdir(join(cwd, 'snap', 'accounts')))).toEqual([`${DATA_PROD}.json`]);

    const audit = await runCli(['audit', 'snap', '--format', 'json'], { cwd });
    expect(audit.stderr).toBe('');
    const findings = (JSON.parse(audit.stdout) as { findings: Array<{ ruleId: string }> }).findings;
    // data-prod's root key from 2018, still used by a cron job (fixtures/README.md).
    expect(findings.map((finding) => finding.ruleId)).toContain('root-access-keys');
    expect(audit.code).toBe(1);
  });

  it('collects the organization, says it wrote gaps with exit 2, and replaces the snapshot on the next run', async () => {
    const cwd = await tempDir();
    const first = await runCli(['collect', '--org', '--role-name', 'iamlint-readonly', '--concurrency', '4', '-o', 'snapshots'], { cwd });
    const manifest = await readManifest(join(cwd, 'snapshots'));
    expect(manifest.scope.accounts).toHaveLength(12);
    expect(manifest.gaps.some((gap) => gap.accountId === SANDBOX && gap.call === 'iam:GenerateCredentialReport' && gap.error === 'AccessDenied')).toBe(true);
    const lines = first.stderr.trimEnd().split('\n');
    expect(lines.filter((line) => /^iamlint: account [0-9]{12} done \([0-9]+\/12\): (complete|[0-9]+ gaps?)$/.test(line))).toHaveLength(12);
    expect(lines.at(-2)).toMatch(/^iamlint: collected 12 accounts with [0-9]+ calls into snapshots$/);
    expect(lines.at(-1)).toBe(
      'iamlint: snapshot written with 1 gap (1 denied); see "gaps" in snapshots/snapshot.json; rules that need that data report "not evaluated"',
    );
    expect(first.code).toBe(2);

    // A stale account file from an earlier scope must not survive the replacement.
    await writeFiles(join(cwd, 'snapshots'), { 'accounts/123456789012.json': '{}\n' });
    const second = await runCli(['collect', '--org', '--role-name', 'iamlint-readonly', '--accounts', `${MANAGEMENT},${SANDBOX}`], { cwd });
    expect(second.code).toBe(2);
    expect((await readdir(join(cwd, 'snapshots', 'accounts'))).sort()).toEqual([`${MANAGEMENT}.json`, `${SANDBOX}.json`]);
    expect((await readManifest(join(cwd, 'snapshots'))).scope.accounts).toEqual([MANAGEMENT, SANDBOX]);
    expect((await readdir(cwd)).filter((name) => name.startsWith('.'))).toEqual([]);

    const audit = await runCli(['audit'], { cwd });
    expect(audit.code).toBe(1);
    expect(audit.stdout).toContain(`snapshots/accounts/${MANAGEMENT}.json`);
  });

  it('warns that OrganizationAccountAccessRole is an administrator role', async () => {
    const cwd = await tempDir();
    const run = await runCli(['collect', '--org', '--role-name', 'OrganizationAccountAccessRole', '--accounts', '971530846182'], { cwd });
    expect(run.stderr.split('\n')[0]).toBe(
      'iamlint: warning: OrganizationAccountAccessRole is an administrator role: collect with a read-only role instead (see collector-policy.json and docs/collect.md)',
    );
    expect(run.code).toBe(0);
  });

  it('writes a folder name with escapes and a newline inert on stderr, one line per message', async () => {
    const cwd = await tempDir();
    const out = 'snap\u001b[2J\u001b]0;pwned\u0007\nforged';
    const run = await runCli(['collect', '--accounts', DATA_PROD, '--out', out], { cwd });
    expect(run.code).toBe(0);
    expect(existsSync(join(cwd, out, 'snapshot.json'))).toBe(true);
    expect(run.stderr).toBe(`iamlint: account ${DATA_PROD} done (1/1): complete\niamlint: collected 1 account with ${fake.calls.length} calls into snap\\u001b[2J\\u001b]0;pwned\\u0007\\nforged\n`);
  });

  it('draws one updating progress line on a terminal', async () => {
    const cwd = await tempDir();
    let stderr = '';
    const io: CliIo = { stdout: () => undefined, stderr: (text) => (stderr += text), cwd, env: {}, stdoutIsTty: false, stderrIsTty: true };
    expect(await main(['collect', '--out', 'snap'], io)).toBe(0);
    expect(stderr).toContain('\r\u001b[2Kcollecting: 0/1 accounts · iam:');
    expect(stderr).toContain('\r\u001b[2Kcollecting: 1/1 accounts');
    expect(stderr).not.toContain('done (1/1)');
    expect(stderr.endsWith(`\r\u001b[2Kiamlint: collected 1 account with ${fake.calls.length} calls into snap\n`)).toBe(true);
  });

  it('refuses to write into a folder that is not a snapshot, before calling AWS', async () => {
    const cwd = await tempDir();
    await writeFiles(cwd, { 'notes/README.md': '# team notes\n' });
    const run = await runCli(['collect', '--out', 'notes'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'iamlint: refusing to write into notes: it is not empty and holds no snapshot.json (choose a new or empty --out folder, or one written by `iamlint collect`)\n',
    );
    expect(fake.calls).toEqual([]);
    expect(await readFile(join(cwd, 'notes', 'README.md'), 'utf8')).toBe('# team notes\n');
  });

  it('refuses to replace a snapshot folder that also holds other files', async () => {
    const cwd = await tempDir();
    expect((await runCli(['collect', '--out', 'snap'], { cwd })).code).toBe(0);
    await writeFiles(join(cwd, 'snap'), { 'iamlint.config.json': '[]\n' });
    const run = await runCli(['collect', '--out', 'snap'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('iamlint: refusing to replace snap: iamlint.config.json is not part of a snapshot and would be lost (move it out of the folder, or choose another --out)\n');
    expect(existsSync(join(cwd, 'snap', 'iamlint.config.json'))).toBe(true);
  });

  it.each([
    ['an account id that is not 12 digits', ['--accounts', '31184256902'], /^iamlint: option '--accounts <ids>' argument '31184256902' is invalid\. "31184256902" is not a 12-digit AWS account id \(see iamlint --help\)\n$/],
    ['a concurrency of 0', ['--concurrency', '0'], /^iamlint: option '--concurrency <n>' argument '0' is invalid\. must be a whole number ≥ 1/],
    ['--ou without --org', ['--ou', 'Sandbox'], /^iamlint: --ou needs the organization \(add --org/],
    ['an OU the organization does not have', ['--org', '--ou', 'Sandbx'], /^iamlint: --ou Sandbx: no organizational unit has that id or name in o-k7x2m9q4vb \(known OUs: Prod \(ou-8f3k-0l85xfq7\)/],
  ])('gives one line and exit 2 for %s', async (_label, flags, pattern) => {
    const cwd = await tempDir();
    const run = await runCli(['collect', ...flags], { cwd });
    expect(run.stderr).toMatch(pattern);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.code).toBe(2);
    expect(existsSync(join(cwd, 'snapshots'))).toBe(false);
  });

  it('says in one line how to fix missing or rejected credentials', async () => {
    const cwd = await tempDir();
    const hint = 'iamlint: no usable AWS credentials (sign in (e.g. `aws sso login`), pass --profile, or set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)\n';
    useFakeAws(fake, null);
    const missing = await runCli(['collect'], { cwd });
    expect(missing.stderr).toBe(hint);
    expect(missing.code).toBe(2);
    useFakeAws(fake, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
    const rejected = await runCli(['collect'], { cwd });
    expect(rejected.stderr).toBe(hint);
    expect(rejected.code).toBe(2);
    expect(existsSync(join(cwd, 'snapshots'))).toBe(false);
  });
});

describe('iamlint audit --live', () => {
  it('collects into memory and audits exactly as a folder', async () => {
    const cwd = await tempDir();
    const live = await runCli(['audit', '--live', '--accounts', DATA_PROD, '--format', 'json'], { cwd });
    expect(live.stderr).toBe(`iamlint: account ${DATA_PROD} done (1/1): complete\n`);
    expect(await readdir(cwd)).toEqual([]);

    expect((await runCli(['collect', '--accounts', DATA_PROD, '--out', 'snap'], { cwd })).code).toBe(0);
    const folder = await runCli(['audit', 'snap', '--format', 'json'], { cwd });
    const ruleIds = (output: string) => (JSON.parse(output) as { findings: Array<{ ruleId: string; fingerprint?: string }> }).findings.map((finding) => `${finding.ruleId} ${finding.fingerprint ?? ''}`);
    expect(ruleIds(live.stdout)).toEqual(ruleIds(folder.stdout));
    expect(ruleIds(live.stdout).length).toBeGreaterThan(0);
    expect(live.code).toBe(folder.code);
  });

  it('refuses a folder together with --live', async () => {
    const cwd = await tempDir();
    const run = await runCli(['audit', 'snap', '--live'], { cwd });
    expect(run.stderr).toBe('iamlint: --live audits AWS directly, so snap would not be read (drop the paths, or drop --live)\n');
    expect(run.code).toBe(2);
    expect(fake.calls).toEqual([]);
  });
});
