import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SarifLog } from '@iamlint/core';
import { audit } from 'iamlint';
import { blobUrl } from '../src/report.js';

const exec = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const DATA_DEV = '205937461830';
const REPOSITORY = 'acme-corp/identity-snapshots';
const HOSTILE_ROLE = '<img src=x>|`deploy`';
const HOSTILE_ROLE_ARN = `arn:aws:iam::${DATA_DEV}:role/${HOSTILE_ROLE}`;
const VENDOR_ACCOUNT = '742981530266';

const { version: cliVersion } = JSON.parse(await readFile(new URL('../../cli/package.json', import.meta.url), 'utf8')) as { version: string };
const schema = JSON.parse(await readFile(new URL('../../core/test/fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as object;
const ajv = new ajvDraft04.default({ allErrors: true });
ajvFormats.default(ajv);
const validateSarif = ajv.compile(schema);

type Json = Record<string, unknown>;

/** A console user created last week who never enrolled an MFA device. */
const userWithoutMfa = {
  arn: `arn:aws:iam::${DATA_DEV}:user/priya.raman`,
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

/** An administrator role a vendor account can assume, with a name that is hostile to Markdown. */
const hostileRole = {
  arn: HOSTILE_ROLE_ARN,
  roleName: HOSTILE_ROLE,
  roleId: 'AROAX7KQ2M4TNVB3WZP6E',
  path: '/',
  createDate: '2026-11-19T14:03:51Z',
  maxSessionDuration: 3600,
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${VENDOR_ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
  },
  attachedManagedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
  inlinePolicies: [],
  permissionsBoundary: null,
  lastUsed: null,
  tags: {},
};

/** A reporting service user with a policy attached directly: a warning-level finding only. */
const serviceUser = {
  arn: `arn:aws:iam::${DATA_DEV}:user/service/svc-reporting`,
  userName: 'svc-reporting',
  userId: 'AIDAR5WJX3LQ8MZN2KT7C',
  path: '/service/',
  createDate: '2026-11-20T05:12:09Z',
  passwordLastUsed: null,
  loginProfile: null,
  mfaDevices: [],
  accessKeys: [],
  groups: [],
  attachedManagedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
  inlinePolicies: [],
  permissionsBoundary: null,
  tags: { owner: 'data-platform' },
};

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec('git', ['-c', 'user.name=iamlint-test', '-c', 'user.email=iamlint-test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd });
  return stdout.trim();
}

async function editAccount(root: string, edit: (account: { users: Json[]; roles: Json[] }) => void): Promise<void> {
  const file = join(root, 'snapshots/acme/accounts', `${DATA_DEV}.json`);
  const account = JSON.parse(await readFile(file, 'utf8')) as { users: Json[]; roles: Json[] };
  edit(account);
  const byArn = (a: Json, b: Json) => (String(a.arn) < String(b.arn) ? -1 : String(a.arn) > String(b.arn) ? 1 : 0);
  account.users.sort(byArn);
  account.roles.sort(byArn);
  await writeFile(file, `${JSON.stringify(account, null, 2)}\n`);
}

interface ActionRun {
  status: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  sarif: SarifLog | undefined;
}

let work: string;
let bundle: string;
let repo: string;
const commits: Record<'collected' | 'problems' | 'serviceUser', string> = { collected: '', problems: '', serviceUser: '' };

/** Runs the bundled action as the runner does: `node dist/index.js` with INPUT_* and GITHUB_* set, and nothing inherited. */
async function runAction(inputs: Record<string, string>, options: { cwd?: string; event?: { name: string; payload: Json }; sha?: string } = {}): Promise<ActionRun> {
  const cwd = options.cwd ?? repo;
  const files = await mkdtemp(join(work, 'runner-'));
  const outputFile = join(files, 'output');
  const summaryFile = join(files, 'summary.md');
  const eventFile = join(files, 'event.json');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  await writeFile(eventFile, JSON.stringify(options.event?.payload ?? {}));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: cwd,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: options.event?.name ?? 'push',
    GITHUB_SHA: options.sha ?? (await git(cwd, 'rev-parse', 'HEAD')),
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_SERVER_URL: 'https://github.com',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  const { status, stdout } = await new Promise<{ status: number; stdout: string }>((resolve) => {
    execFile(process.execPath, [bundle], { cwd, env }, (error, out) => resolve({ status: error ? Number(error.code) : 0, stdout: String(out) }));
  });
  const sarifText = await readFile(join(cwd, inputs['sarif-file'] ?? 'iamlint.sarif'), 'utf8').catch(() => undefined);
  return { status, stdout, outputs: parseOutputs(await readFile(outputFile, 'utf8')), summary: await readFile(summaryFile, 'utf8'), sarif: sarifText ? (JSON.parse(sarifText) as SarifLog) : undefined };
}

/** GITHUB_OUTPUT holds `name<<delimiter`, the value, then the delimiter, for each output. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([^\n<]+)<<(ghadelimiter_[0-9a-f-]+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1] as string] = match[3] as string;
  return outputs;
}

function annotations(stdout: string): Array<{ level: string; properties: Record<string, string>; message: string }> {
  return [...stdout.matchAll(/^::(error|warning) ([^:]*)::(.*)$/gm)].map((match) => ({
    level: match[1] as string,
    properties: Object.fromEntries((match[2] as string).split(',').map((pair) => pair.split('=') as [string, string])),
    message: match[3] as string,
  }));
}

/** The 1-based line of the first line containing `needle`, after the line containing `after` when given. */
function lineOf(text: string, needle: string, after?: string): number {
  const lines = text.split('\n');
  const start = after === undefined ? 0 : lines.findIndex((line) => line.includes(after));
  const index = lines.findIndex((line, at) => at >= start && line.includes(needle));
  if (start < 0 || index < 0) throw new Error(`${needle} not found`);
  return index + 1;
}

const PRIYA_ARN_LINE = '"arn": "arn:aws:iam::205937461830:user/priya.raman"';

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'iamlint-action-'));
  bundle = join(work, 'bundle', 'index.js');
  await exec(process.execPath, ['scripts/build-action.mjs', '--outfile', bundle], { cwd: repositoryRoot });

  repo = join(work, 'identity-snapshots');
  await cp(join(repositoryRoot, 'fixtures/demo-org'), join(repo, 'snapshots/acme'), { recursive: true });
  await cp(join(repositoryRoot, 'fixtures/recommended.config.json'), join(repo, 'iamlint.config.json'));
  await git(work, 'init', '-q', repo);
  await git(repo, 'add', '.');
  await git(repo, 'commit', '-q', '-m', 'snapshot 2026-11-20');
  commits.collected = await git(repo, 'rev-parse', 'HEAD');
  await editAccount(repo, (account) => {
    account.users.push(userWithoutMfa);
    account.roles.push(hostileRole);
  });
  await git(repo, 'commit', '-q', '-a', '-m', 'snapshot 2026-11-21');
  commits.problems = await git(repo, 'rev-parse', 'HEAD');
  await writeFile(join(repo, 'README.md'), '# AWS identity snapshots of acme-corp\n');
  await git(repo, 'add', 'README.md');
  await git(repo, 'commit', '-q', '-m', 'docs: describe the repository');
  await editAccount(repo, (account) => account.users.push(serviceUser));
  await git(repo, 'commit', '-q', '-a', '-m', 'snapshot 2026-11-22');
  commits.serviceUser = await git(repo, 'rev-parse', 'HEAD');
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the action on a pull request since the collected snapshot', () => {
  let run: ActionRun;
  beforeAll(async () => {
    run = await runAction(
      { path: 'snapshots/acme', 'fail-on': 'error' },
      { event: { name: 'pull_request', payload: { pull_request: { number: 42, base: { sha: commits.collected, ref: 'main' } } } } },
    );
  }, 60_000);

  it('fails on the new error-level findings and sets every output', () => {
    expect(run.status).toBe(1);
    const sarif = run.sarif as SarifLog;
    const results = sarif.runs[0].results;
    const count = (predicate: (entry: (typeof results)[number]) => boolean) => String(results.filter(predicate).length);
    expect(run.outputs).toEqual({
      critical: count((entry) => entry.properties.severity === 'critical'),
      high: count((entry) => entry.properties.severity === 'high'),
      medium: count((entry) => entry.properties.severity === 'medium'),
      low: count((entry) => entry.properties.severity === 'low'),
      info: count((entry) => entry.properties.severity === 'info'),
      errors: count((entry) => entry.level === 'error'),
      warnings: count((entry) => entry.level === 'warning'),
      'new-findings': count((entry) => entry.baselineState === 'new'),
      'sarif-file': 'iamlint.sarif',
    });
    const fresh = results.filter((entry) => entry.baselineState === 'new').map((entry) => `${entry.ruleId} ${entry.properties.resource.id}`);
    expect(fresh).toContain(`user-mfa-required arn:aws:iam::${DATA_DEV}:user/priya.raman`);
    expect(fresh).toContain(`trust-external-account ${HOSTILE_ROLE_ARN}`);
    expect(fresh).toContain(`user-no-direct-policies arn:aws:iam::${DATA_DEV}:user/service/svc-reporting`);
    expect(fresh.every((key) => /priya\.raman|svc-reporting|img src=x|password-policy/.test(key))).toBe(true);
    expect(results.filter((entry) => entry.baselineState === 'unchanged').map((entry) => entry.properties.resource.id)).toContain('arn:aws:iam::183640257719:root');
    expect(run.stdout).toContain(`::error::iamlint: ${results.filter((entry) => entry.baselineState === 'new' && entry.level === 'error').length} new error-level finding(s)`);
  });

  it('annotates the most severe new findings on their snapshot lines, at most ten', async () => {
    const found = annotations(run.stdout).filter((entry) => entry.properties.title?.startsWith('iamlint '));
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThanOrEqual(10);
    const text = await readFile(join(repo, 'snapshots/acme/accounts', `${DATA_DEV}.json`), 'utf8');
    const mfa = found.find((entry) => entry.properties.title === 'iamlint user-mfa-required (high)');
    // The finding points at the user's login profile: the console password without MFA.
    expect(mfa?.properties).toMatchObject({ file: `snapshots/acme/accounts/${DATA_DEV}.json`, line: String(lineOf(text, '"loginProfile": {', PRIYA_ARN_LINE)) });
    expect(mfa?.level).toBe('error');
    expect(mfa?.message).toContain('priya.raman');
    const severities = found.map((entry) => /\((\w+)\)$/.exec(entry.properties.title ?? '')?.[1]);
    const rank = ['critical', 'high', 'medium', 'low', 'info'];
    expect(severities.map((severity) => rank.indexOf(severity ?? ''))).toEqual([...severities.map((severity) => rank.indexOf(severity ?? ''))].sort((a, b) => a - b));
  });

  it('writes a job summary with counts, the new findings linked to their lines, and the permissions gained', async () => {
    const { summary } = run;
    const text = await readFile(join(repo, 'snapshots/acme/accounts', `${DATA_DEV}.json`), 'utf8');
    expect(summary).toContain('## iamlint: snapshots/acme');
    expect(summary).toMatch(new RegExp(`❌ \\*\\*${run.outputs['new-findings']} new findings\\*\\* \\(\\d+ errors?, \\d+ warnings?\\) since ${commits.collected.slice(0, 12)}`));
    expect(summary).toContain(`| 🟠 high | `);
    const userLine = lineOf(text, '"loginProfile": {', PRIYA_ARN_LINE);
    expect(summary).toContain(
      `[snapshots/acme/accounts/${DATA_DEV}.json:${userLine}](https://github.com/${REPOSITORY}/blob/${commits.serviceUser}/snapshots/acme/accounts/${DATA_DEV}.json#L${userLine})`,
    );
    expect(summary).toContain(`### Permissions gained since ${commits.collected.slice(0, 12)}`);
    const roleLine = lineOf(text, '"roleName": "<img src=x>|`deploy`"') - 1;
    const permissions = summary.split('\n').find((line) => line.startsWith('| 🔴 administrator'));
    expect(permissions).toContain(`Role &#60;img src=x&#62;&#124;&#96;deploy&#96; ([snapshots/acme/accounts/${DATA_DEV}.json:${roleLine}](`);
    expect(permissions).toContain('AdministratorAccess');
  });

  it('keeps what comes from the snapshot inert in the summary: no HTML, no broken tables', () => {
    expect(run.summary).not.toContain('<img');
    expect(run.summary).not.toContain('`deploy`');
    const tables = run.summary.split('\n\n').filter((block) => block.startsWith('|'));
    expect(tables.length).toBeGreaterThanOrEqual(3);
    const cells = (row: string) => row.replace(/\[[^\]]*\]\([^)]*\)/g, 'link').split('|').length;
    for (const table of tables) {
      const [header = '', ...rows] = table.split('\n');
      for (const row of rows) expect(cells(row), row).toBe(cells(header));
    }
  });

  it('writes SARIF that validates and stays within GitHub code scanning limits', () => {
    const sarif = run.sarif as SarifLog;
    expect(validateSarif(sarif) ? [] : validateSarif.errors?.slice(0, 3)).toEqual([]);
    const [only] = sarif.runs;
    expect(sarif.runs).toHaveLength(1);
    expect(only.results.length).toBeLessThanOrEqual(25_000);
    for (const rule of only.tool.driver.rules) expect(rule.properties?.tags.length ?? 0).toBeLessThanOrEqual(20);
    for (const result of only.results) {
      expect(result.locations).toHaveLength(1);
      expect(result.relatedLocations?.length ?? 0).toBeLessThanOrEqual(1000);
      expect(result.locations[0]?.physicalLocation.artifactLocation.uri).toMatch(/^snapshots\/acme\/(accounts\/\d{12}\.json|organization\.json|identity-center\.json)$/);
      expect(result.baselineState === 'new' || result.baselineState === 'unchanged').toBe(true);
    }
    expect(only.automationDetails.id).toBe('iamlint/snapshots/acme/');
    // The bundle sits next to the action's package.json, but reports the CLI's version.
    expect(only.tool.driver.version).toBe(cliVersion);
  });
});

describe('fail-on, after a scheduled collection committed a snapshot that only adds a warning', () => {
  it.each([
    ['error', 0],
    ['warning', 1],
    ['never', 0],
  ])('fail-on: %s exits %i', async (failOn, status) => {
    // The job committed the new snapshot itself, so HEAD is past the commit that triggered it (GITHUB_SHA).
    const run = await runAction(
      { path: 'snapshots/acme', 'fail-on': failOn, 'sarif-file': `reports/${failOn}.sarif` },
      { event: { name: 'schedule', payload: { schedule: '17 5 * * *' } }, sha: commits.collected },
    );
    expect(run.summary).toContain(`/blob/${commits.serviceUser}/snapshots/acme/accounts/${DATA_DEV}.json#L`);
    expect(run.stdout).toContain(`comparing with the previous commit that changed snapshots/acme, ${commits.problems.slice(0, 12)}`);
    expect(run.status).toBe(status);
    expect(run.outputs['new-findings']).toBe('1');
    expect(run.outputs['sarif-file']).toBe(`reports/${failOn}.sarif`);
    expect(run.sarif?.runs[0].results.filter((entry) => entry.baselineState === 'new').map((entry) => entry.ruleId)).toEqual(['user-no-direct-policies']);
    const found = annotations(run.stdout).filter((entry) => entry.properties.title?.startsWith('iamlint '));
    expect(found.map((entry) => `${entry.level} ${entry.properties.title}`)).toEqual(['warning iamlint user-no-direct-policies (low)']);
    expect(run.stdout.includes('::error::iamlint: 1 new warning-level finding(s) (fail-on: warning)')).toBe(failOn === 'warning');
  }, 60_000);

  it('a scheduled run whose job committed no new snapshot says "no new snapshot" and exits 0 (issue 12)', async () => {
    const run = await runAction(
      { path: 'snapshots/acme', 'fail-on': 'warning', 'sarif-file': 'reports/unchanged.sarif' },
      { event: { name: 'schedule', payload: { schedule: '17 5 * * *' } } },
    );
    expect(run.stdout).toContain(`iamlint: no new snapshot: snapshots/acme last changed in ${commits.serviceUser.slice(0, 12)}, which was audited then; exit 0`);
    expect(run.status).toBe(0);
    expect(run.outputs['new-findings']).toBe('0');
    expect(run.summary).toContain(`✅ **No new snapshot**: the snapshot last changed in ${commits.serviceUser.slice(0, 12)}, audited then; exit 0`);
  }, 60_000);

  it('new-since: none counts every finding as new', async () => {
    const run = await runAction({ path: 'snapshots/acme', 'new-since': 'none', 'fail-on': 'never' });
    expect(run.status).toBe(0);
    const all = run.sarif?.runs[0].results ?? [];
    expect(all.length).toBeGreaterThan(20);
    expect(run.outputs['new-findings']).toBe(String(all.length));
    expect(all.every((entry) => !('baselineState' in entry))).toBe(true);
    expect(run.stdout).not.toContain('comparing with');
  }, 60_000);

  it('a baseline file written by iamlint audit --update-baseline makes every current finding known', async () => {
    const copy = join(work, 'with-baseline');
    await git(work, 'clone', '-q', `file://${repo}`, copy);
    const written = await audit({ path: 'snapshots/acme', cwd: copy, updateBaseline: true, baseline: '.github/iamlint-baseline.json' });
    expect(written.baselineWrite?.status).toBe('written');
    const run = await runAction({ path: 'snapshots/acme', baseline: '.github/iamlint-baseline.json', 'new-since': 'none' }, { cwd: copy });
    expect(run.status).toBe(0);
    expect(run.outputs['new-findings']).toBe('0');
    expect(Number(run.outputs.errors)).toBeGreaterThan(0);
    expect(run.sarif?.runs[0].results.every((entry) => entry.baselineState === 'unchanged')).toBe(true);
    expect(run.summary).toContain('✅ **No new findings**');
    expect(run.summary).toMatch(/\d+ known findings \(in the baseline \.github\/iamlint-baseline\.json\) are not shown/);
  }, 60_000);
});

describe('the action refuses what it cannot do, in one line', () => {
  it('an unknown fail-on value', async () => {
    const run = await runAction({ path: 'snapshots/acme', 'fail-on': 'sometimes' });
    expect(run.status).toBe(1);
    expect(run.stdout.trim().split('\n')).toEqual(['::error::iamlint: input fail-on is "sometimes"; use one of error, warning, never']);
  });

  it('a shallow checkout, where the previous snapshot commit is missing', async () => {
    const shallow = join(work, 'shallow');
    await git(work, 'clone', '-q', '--depth', '1', `file://${repo}`, shallow);
    const run = await runAction({ path: 'snapshots/acme' }, { cwd: shallow });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('::error::iamlint: the checkout is shallow, so the previous commit of snapshots/acme is missing: check out with `fetch-depth: 0`');
    expect(run.sarif).toBeUndefined();
  }, 60_000);

  it('a missing snapshot folder', async () => {
    const run = await runAction({ path: 'snapshots/globex', 'new-since': 'none' });
    expect(run.status).toBe(1);
    expect(run.stdout.trim()).toBe('::error::iamlint: snapshot folder not found: snapshots/globex (pass the folder written by `iamlint collect` or `iamlint import`, e.g. `iamlint audit snapshots/acme`)');
  });
});

describe('fingerprints', () => {
  it('stay the same when an unrelated part of the snapshot changes and every line below it moves', async () => {
    const copy = join(work, 'unrelated-edit');
    await git(work, 'clone', '-q', `file://${repo}`, copy);
    const before = await runAction({ path: 'snapshots/acme', 'new-since': 'none', 'fail-on': 'never' }, { cwd: copy });
    const file = join(copy, 'snapshots/acme/accounts', `${DATA_DEV}.json`);
    const account = JSON.parse(await readFile(file, 'utf8')) as { users: Json[] };
    const breakGlass = account.users.find((user) => user.userName === 'break-glass') as Json;
    breakGlass.tags = { ...(breakGlass.tags as Json), 'cost-center': 'CC-4471', 'reviewed-by': 'security-team', 'reviewed-on': '2026-11-21' };
    await writeFile(file, `${JSON.stringify(account, null, 2)}\n`);
    const after = await runAction({ path: 'snapshots/acme', 'new-since': 'none', 'fail-on': 'never' }, { cwd: copy });

    const keyed = (run: ActionRun) =>
      new Map(
        (run.sarif?.runs[0].results ?? []).map((entry) => [
          entry.partialFingerprints.primaryLocationLineHash,
          { key: `${entry.ruleId} ${entry.properties.resource.id}`, line: entry.locations[0]?.physicalLocation.region.startLine, uri: entry.locations[0]?.physicalLocation.artifactLocation.uri },
        ]),
      );
    const old = keyed(before);
    const now = keyed(after);
    expect([...now.keys()].sort()).toEqual([...old.keys()].sort());
    for (const [fingerprint, entry] of now) expect(old.get(fingerprint)?.key).toBe(entry.key);
    const moved = [...now.entries()].filter(([fingerprint, entry]) => entry.uri?.endsWith(`${DATA_DEV}.json`) && old.get(fingerprint)?.line !== entry.line);
    expect(moved.length).toBeGreaterThan(0);
  }, 60_000);
});

describe('blob links', () => {
  it('percent-encode every segment, parentheses included, so a link cannot end early', () => {
    expect(blobUrl({ serverUrl: 'https://github.com', repository: 'acme-corp/identity-snapshots', sha: 'a'.repeat(40) }, 'snapshots/acme (prod)/accounts/123456789012.json', 7)).toBe(
      `https://github.com/acme-corp/identity-snapshots/blob/${'a'.repeat(40)}/snapshots/acme%20%28prod%29/accounts/123456789012.json#L7`,
    );
  });
});
