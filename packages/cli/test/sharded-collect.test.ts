import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { shardOf } from '@iamlint/collect';
import { SCHEMA_VERSION, type Manifest } from '@iamlint/core';
import { startFakeAws, worldFromSnapshotFolder, type FakeAws, type RecordedCall } from '@iamlint/fake-aws';
import { runCli, tempDir, useFakeAws } from './helpers.js';

const DEMO = fileURLToPath(new URL('../../../fixtures/demo-org', import.meta.url));
const SANDBOX = '590318264797';
const DATA_PROD = '097352618404';
/** Every collection of one test starts at this second, as a single run's one collectedAt would. */
const COLLECTED_AT = new Date('2026-12-07T05:17:00Z');

let fake: FakeAws;
let cwd: string;

beforeAll(async () => {
  fake = await startFakeAws({
    world: worldFromSnapshotFolder(DEMO),
    faults: [{ service: 'iam', action: 'GenerateCredentialReport', accountId: SANDBOX, error: 'AccessDenied' }],
  });
  cwd = await tempDir();
  // One single run and one sharded run of the same state, shared by the tests below, which only read them.
  expect((await collect(['--org', '-o', 'single'])).code).toBe(2);
  expect((await collect(['--org-only', '-o', 'parts/org'])).code).toBe(0);
  for (const shard of [1, 2, 3, 4]) await collect(['--shard', `${shard}/4`, '--org-from', 'parts/org', '-o', `parts/shard-${shard}`]);
  // Six collections through the SDK: seconds on a quiet machine, more on a shared one.
}, 120_000);

afterAll(async () => {
  await fake.close();
});

const runs = new Map<string, { calls: RecordedCall[]; stderr: string }>();

async function collect(args: string[]): Promise<{ code: number; stderr: string }> {
  useFakeAws(fake);
  vi.useFakeTimers({ toFake: ['Date'], now: COLLECTED_AT });
  fake.calls.length = 0;
  try {
    const run = await runCli(['collect', '--role-name', 'iamlint-readonly', ...args], { cwd });
    runs.set(args.at(-1) as string, { calls: [...fake.calls], stderr: run.stderr });
    return run;
  } finally {
    vi.useRealTimers();
    vi.unstubAllEnvs();
  }
}

async function filesOf(folder: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) await walk(join(dir, entry.name));
      else files.set(relative(folder, join(dir, entry.name)), await readFile(join(dir, entry.name), 'utf8'));
    }
  };
  await walk(folder);
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

const manifestOf = async (folder: string) => JSON.parse(await readFile(join(cwd, folder, 'snapshot.json'), 'utf8')) as Manifest;
const PARTS = ['parts/org', 'parts/shard-1', 'parts/shard-2', 'parts/shard-3', 'parts/shard-4'];

beforeEach(() => {
  fake.calls.length = 0;
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('iamlint collect --org-only and --shard', () => {
  it('reads Organizations and Identity Center once, in the --org-only step, and no account there', async () => {
    const org = runs.get('parts/org');
    expect(org?.stderr).toMatch(/^iamlint: collected the organization \(12 accounts planned for the shards\) with [0-9]+ calls into parts\/org\n$/);
    expect(org?.calls.some((call) => call.service === 'organizations')).toBe(true);
    expect(org?.calls.some((call) => call.action === 'AssumeRole' || call.action === 'GetAccountAuthorizationDetails')).toBe(false);
    expect((await filesOf(join(cwd, 'parts/org'))).keys()).toEqual(new Set(['identity-center.json', 'organization.json', 'snapshot.json']).values());
    expect((await manifestOf('parts/org')).scope.accounts).toEqual((await manifestOf('single')).scope.accounts);

    for (const shard of [1, 2, 3, 4]) {
      const calls = runs.get(`parts/shard-${shard}`)?.calls ?? [];
      expect(calls.filter((call) => call.service !== 'iam' && call.service !== 'sts')).toEqual([]);
      expect(calls.some((call) => call.action === 'ListOrganizationsFeatures')).toBe(false);
    }
  });

  it('splits the accounts by a hash of their ids: each in exactly one shard, and each shard collects only its own', async () => {
    const all = (await manifestOf('single')).scope.accounts;
    const seen: string[] = [];
    for (const shard of [1, 2, 3, 4]) {
      const manifest = await manifestOf(`parts/shard-${shard}`);
      expect(manifest.scope.accounts).toEqual(all.filter((id) => shardOf(id, 4) === shard));
      expect(manifest.scope.accounts.length).toBeGreaterThan(0);
      const files = [...(await filesOf(join(cwd, `parts/shard-${shard}`))).keys()].filter((path) => path.startsWith('accounts/'));
      expect(files).toEqual(manifest.scope.accounts.map((id) => `accounts/${id}.json`));
      const entered = (runs.get(`parts/shard-${shard}`)?.calls ?? []).filter((call) => call.action === 'AssumeRole').map((call) => String(call.params.RoleArn).split(':')[4]);
      expect(new Set(entered)).toEqual(new Set(manifest.scope.accounts.filter((id) => id !== '311842569027')));
      seen.push(...manifest.scope.accounts);
    }
    expect(seen.sort()).toEqual(all);
  });

  it('keeps the gaps of an account in its shard, and exits 2 for that shard only', async () => {
    const owner = shardOf(SANDBOX, 4);
    for (const shard of [1, 2, 3, 4]) {
      const gaps = (await manifestOf(`parts/shard-${shard}`)).gaps;
      expect(gaps.some((gap) => gap.accountId === SANDBOX && gap.call === 'iam:GenerateCredentialReport')).toBe(shard === owner);
      expect(runs.get(`parts/shard-${shard}`)?.stderr.includes('snapshot written with 1 gap')).toBe(shard === owner);
    }
  });

  it.each([['0/4'], ['5/4'], ['a/b'], ['4']])('refuses --shard %s in one line with exit 2, before calling AWS', async (shard) => {
    useFakeAws(fake);
    const run = await runCli(['collect', '--shard', shard, '--org-from', 'parts/org', '-o', 'bad'], { cwd });
    expect(run.stderr).toBe(
      `iamlint: --shard ${shard}: expected <i>/<n> with 1 ≤ i ≤ n, e.g. --shard 1/4 … --shard 4/4 (shards are counted from 1, as in a matrix of [1, 2, 3, 4])\n`,
    );
    expect(run.code).toBe(2);
    expect(fake.calls).toEqual([]);
  });

  it('refuses a shard that would read the organization again, or filters that belong to the --org-only step', async () => {
    useFakeAws(fake);
    const withOrg = await runCli(['collect', '--shard', '1/4', '--org', '-o', 'bad'], { cwd });
    expect(withOrg.stderr).toMatch(/^iamlint: --shard with --org would read the whole organization in every shard \(run `iamlint collect --org-only -o <folder>` once, then each shard with `--shard <i>\/<n> --org-from <folder>`/);
    expect(withOrg.stderr.split('\n')).toHaveLength(2);
    expect(withOrg.code).toBe(2);
    const filtered = await runCli(['collect', '--shard', '1/4', '--org-from', 'parts/org', '--accounts', DATA_PROD, '-o', 'bad'], { cwd });
    expect(filtered.stderr).toBe('iamlint: --org-from takes its account list from the --org-only step, not from --accounts (give --accounts to the --org-only step)\n');
    expect(filtered.code).toBe(2);
    const notOrgStep = await runCli(['collect', '--shard', '1/4', '--org-from', 'parts/shard-1', '-o', 'bad'], { cwd });
    expect(notOrgStep.stderr).toBe('iamlint: --org-from parts/shard-1 holds no organization.json (give it the folder written by `iamlint collect --org-only`)\n');
    expect(notOrgStep.code).toBe(2);
    expect(fake.calls.filter((call) => call.service !== 'sts')).toEqual([]);
  });
});

describe('iamlint merge', () => {
  it('writes, from the --org-only step and 4 shards, the same files byte for byte as one run over the same state', async () => {
    const run = await runCli(['merge', ...PARTS, '-o', 'merged'], { cwd });
    expect(run.stderr).toBe('iamlint: merged 5 parts into merged: 12 accounts and 1 gap (see "gaps" in merged/snapshot.json)\n');
    expect(run.code).toBe(0);
    const single = await filesOf(join(cwd, 'single'));
    const merged = await filesOf(join(cwd, 'merged'));
    expect([...merged.keys()]).toEqual([...single.keys()]);
    expect(single.size).toBe(15);
    for (const [path, text] of single) expect(merged.get(path), path).toBe(text);

    // The order the parts are given in changes nothing.
    const reversed = await runCli(['merge', ...[...PARTS].reverse(), '-o', 'merged-reversed'], { cwd });
    expect(reversed.code).toBe(0);
    expect(await filesOf(join(cwd, 'merged-reversed'))).toEqual(merged);
  });

  it('keeps the --org-only step\'s filters: 2 shards of an organization without two accounts merge to one filtered run', async () => {
    const filters = ['--exclude-accounts', `${SANDBOX},${DATA_PROD}`];
    expect((await collect([...filters, '--org', '-o', 'filtered/single'])).code).toBe(0);
    expect((await collect([...filters, '--org-only', '-o', 'filtered/org'])).code).toBe(0);
    for (const shard of [1, 2]) expect((await collect(['--shard', `${shard}/2`, '--org-from', 'filtered/org', '-o', `filtered/shard-${shard}`])).code).toBe(0);
    const run = await runCli(['merge', 'filtered/org', 'filtered/shard-1', 'filtered/shard-2', '-o', 'filtered/merged'], { cwd });
    expect(run.stderr).toBe('iamlint: merged 3 parts into filtered/merged: 10 accounts\n');
    expect(await filesOf(join(cwd, 'filtered/merged'))).toEqual(await filesOf(join(cwd, 'filtered/single')));
    expect((await manifestOf('filtered/merged')).scope.accounts).not.toContain(SANDBOX);
  }, 60_000);

  it('takes the earliest collectedAt of the parts, whatever their order', async () => {
    const late = await copyPart('parts/shard-2', 'late/shard-2', (manifest) => ({ ...manifest, collectedAt: '2026-12-07T05:31:09Z' }));
    const early = await copyPart('parts/org', 'late/org', (manifest) => ({ ...manifest, collectedAt: '2026-12-07T05:02:44Z' }));
    const parts = [late, 'parts/shard-1', 'parts/shard-3', early, 'parts/shard-4'];
    expect((await runCli(['merge', ...parts, '-o', 'merged-times'], { cwd })).code).toBe(0);
    expect((await manifestOf('merged-times')).collectedAt).toBe('2026-12-07T05:02:44Z');
  });

  it('refuses, in one line with exit 2, a shard that is missing', async () => {
    const missing = shardOf(DATA_PROD, 4);
    const parts = PARTS.filter((part) => part !== `parts/shard-${missing}`);
    const run = await runCli(['merge', ...parts, '-o', 'merged-missing'], { cwd });
    expect(run.stderr).toMatch(/^iamlint: account [0-9]{12}( and [0-9]+ more)? is in the scope of parts\/org but no part holds its file or its gaps \(is the folder of a shard missing\?/);
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.code).toBe(2);
    expect(await exists('merged-missing')).toBe(false);
  });

  it('refuses the same account with different content in two parts', async () => {
    const owner = `parts/shard-${shardOf(DATA_PROD, 4)}`;
    const rerun = await copyPart(owner, 'rerun/shard', (manifest) => manifest);
    const file = join(cwd, rerun, 'accounts', `${DATA_PROD}.json`);
    await writeFile(file, (await readFile(file, 'utf8')).replace('"alias": "acme-data-prod"', '"alias": "acme-data-prod-2"'));
    const run = await runCli(['merge', ...PARTS, rerun, '-o', 'merged-conflict'], { cwd });
    expect(run.stderr).toBe(
      `iamlint: cannot merge: account ${DATA_PROD} differs between ${owner} and ${rerun} (each account belongs to one shard: were the parts collected with different shard counts, or at different times?)\n`,
    );
    expect(run.code).toBe(2);
    // The same account with the same content (a shard given again under another name) is one account.
    const same = await copyPart(owner, 'again/shard', (manifest) => manifest);
    expect((await runCli(['merge', ...PARTS, same, '-o', 'merged-again'], { cwd })).code).toBe(0);
    expect(await filesOf(join(cwd, 'merged-again'))).toEqual(await filesOf(join(cwd, 'single')));
  });

  it('refuses parts of different organizations and of different schema majors', async () => {
    const other = await copyPart('parts/shard-1', 'other-org/shard-1', (manifest) => ({ ...manifest, scope: { ...manifest.scope, organizationId: 'o-7fq2m9xk4d' } }));
    const organizations = await runCli(['merge', 'parts/org', other, '-o', 'merged-orgs'], { cwd });
    expect(organizations.stderr).toBe(
      'iamlint: cannot merge: parts/org is of organization o-k7x2m9q4vb (management account 311842569027) and other-org/shard-1 of organization o-7fq2m9xk4d (management account 311842569027) (merge the folders of one sharded collection: the --org-only step and every --shard 1/n … n/n, collected by the same iamlint)\n',
    );
    expect(organizations.code).toBe(2);

    const newer = await copyPart('parts/shard-1', 'v2/shard-1', (manifest) => ({ ...manifest, schemaVersion: '2.0' }));
    const majors = await runCli(['merge', 'parts/org', newer, '-o', 'merged-majors'], { cwd });
    expect(majors.stderr).toBe(`iamlint: cannot merge: parts/org has schemaVersion ${SCHEMA_VERSION} and v2/shard-1 2.0 (collect every part again with the same iamlint)\n`);
    expect(majors.code).toBe(2);
  });

  it('never writes over an existing folder, nor takes a part twice', async () => {
    const run = await runCli(['merge', ...PARTS, '-o', 'single'], { cwd });
    expect(run.stderr).toBe('iamlint: single already exists (choose a new --out folder; iamlint merge never overwrites)\n');
    expect(run.code).toBe(2);
    const twice = await runCli(['merge', ...PARTS, 'parts/org/', '-o', 'merged-twice'], { cwd });
    expect(twice.stderr).toBe('iamlint: parts/org/ is given twice (as parts/org) (name each partial snapshot once)\n');
    expect(twice.code).toBe(2);
    const missing = await runCli(['merge', 'parts/org', 'parts/shard-5', '-o', 'merged-5'], { cwd });
    expect(missing.stderr).toBe('iamlint: partial snapshot not found: parts/shard-5 (name the folders the --org-only step and each shard wrote)\n');
    expect(missing.code).toBe(2);
    const notSnapshot = await runCli(['merge', 'parts/org', 'parts', '-o', 'merged-parts'], { cwd });
    expect(notSnapshot.stderr).toBe('iamlint: parts holds no snapshot.json (merge the folders of one sharded collection: the --org-only step and every --shard 1/n … n/n, collected by the same iamlint)\n');
    expect(notSnapshot.code).toBe(2);
  });
});

async function copyPart(from: string, to: string, edit: (manifest: Manifest) => Manifest): Promise<string> {
  await rm(join(cwd, to), { recursive: true, force: true });
  await cp(join(cwd, from), join(cwd, to), { recursive: true });
  const manifest = await manifestOf(to);
  await writeFile(join(cwd, to, 'snapshot.json'), `${JSON.stringify(edit(manifest), null, 2)}\n`);
  return to;
}

async function exists(folder: string): Promise<boolean> {
  return readdir(join(cwd, folder)).then(
    () => true,
    () => false,
  );
}
