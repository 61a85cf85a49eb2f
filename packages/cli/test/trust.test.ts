import { execFile } from 'node:child_process';
import { mkdir, readFile, stat, symlink, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeSnapshot, writeFiles } from './helpers.js';

// Issue 12: outputs that never clobber, every bad input one line, config that does nothing said.
const exec = promisify(execFile);
const MANAGEMENT = '111122223333';
const PROD = '777788889999';
const spec = {
  organization: { managementAccountId: MANAGEMENT, accounts: [{ id: MANAGEMENT, name: 'management' }, { id: PROD, name: 'prod' }] },
  accounts: { [PROD]: { users: [{ userName: 'ci', accessKeys: [{ createDate: '2020-01-01T00:00:00Z' }] }] } },
};
const oneLine = (stderr: string) => {
  expect(stderr.endsWith('\n')).toBe(true);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/internal error|\n\s+at /);
};

let root: string;
beforeEach(async () => {
  root = await tempDir();
  await writeSnapshot(root, 'snap', spec);
});
const audit = (...args: string[]) => runCli(['audit', 'snap', ...args], { cwd: root });

describe('writing files (issue 12)', () => {
  it('writes through a symlink to its target and into a FIFO or character device without replacing it', async () => {
    await writeFile(join(root, 'real.json'), '');
    await symlink(join(root, 'real.json'), join(root, 'link.json'));
    expect((await audit('-f', 'json', '-o', 'link.json')).code).toBe(1);
    expect((await stat(join(root, 'link.json'), { bigint: false })).isFile()).toBe(true);
    expect(JSON.parse(await readFile(join(root, 'real.json'), 'utf8'))).toHaveProperty('findings');
    const devNull = await audit('-o', '/dev/null');
    expect(devNull.code).toBe(1);
    expect((await stat('/dev/null')).isCharacterDevice()).toBe(true);
    await exec('mkfifo', [join(root, 'pipe')]);
    const reader = readFile(join(root, 'pipe'), 'utf8');
    expect((await audit('-f', 'json', '-o', 'pipe')).code).toBe(1);
    expect(JSON.parse(await reader)).toHaveProperty('findings');
    expect((await stat(join(root, 'pipe'))).isFIFO()).toBe(true);
  });

  it('refuses -o into the snapshot through a symlink, at the config in use, or at the baseline in use', async () => {
    await symlink(join(root, 'snap'), join(root, 'snaplink'));
    const before = await readFile(join(root, 'snap/snapshot.json'), 'utf8');
    const viaLink = await audit('-o', 'snaplink/snapshot.json');
    expect(viaLink.code).toBe(2);
    oneLine(viaLink.stderr);
    expect(viaLink.stderr).toContain('refusing to write --output-file snaplink/snapshot.json: it is snapshot file snapshot.json being audited');
    await writeFile(join(root, 'iamlint.config.json'), JSON.stringify(['iamlint:recommended']));
    const atConfig = await audit('-o', 'iamlint.config.json');
    expect(atConfig.stderr).toContain('it is the config file in use');
    expect(atConfig.code).toBe(2);
    await audit('--update-baseline');
    const atBaseline = await audit('--baseline', 'iamlint-baseline.json', '-o', 'iamlint-baseline.json');
    expect(atBaseline.stderr).toContain('it is the baseline in use');
    expect(await readFile(join(root, 'snap/snapshot.json'), 'utf8')).toBe(before);
  });

  it('refuses --update-baseline over a snapshot file or the config', async () => {
    const before = await readFile(join(root, 'snap/snapshot.json'), 'utf8');
    const run = await audit('--update-baseline', '--baseline', 'snap/snapshot.json');
    expect(run.code).toBe(2);
    oneLine(run.stderr);
    expect(run.stderr).toContain('refusing to write --baseline snap/snapshot.json');
    expect(await readFile(join(root, 'snap/snapshot.json'), 'utf8')).toBe(before);
    await writeFile(join(root, 'iamlint.config.json'), JSON.stringify(['iamlint:recommended']));
    expect((await audit('--update-baseline', '--baseline', 'iamlint.config.json')).stderr).toContain('it is the config file in use');
  });

  it('refuses -o and --update-baseline over a raw export inside an audited folder of exports, links followed', async () => {
    const gaad = await readFile(new URL('../../../fixtures/datasets/gaad-cloudsplaining-example.json', import.meta.url), 'utf8');
    await writeFiles(root, { 'exports/iam/gaad.json': gaad, 'exports/.cache/state.json': '{}' });
    await symlink(join(root, 'exports'), join(root, 'exportlink'));
    const exports = (...args: string[]) => runCli(['audit', 'exports', ...args], { cwd: root });
    for (const args of [['-o', 'exports/iam/gaad.json'], ['-o', 'exportlink/iam/gaad.json'], ['--update-baseline', '--baseline', 'exportlink/iam/gaad.json']]) {
      const run = await exports(...args);
      expect(run.code).toBe(2);
      oneLine(run.stderr);
      expect(run.stderr).toContain(`refusing to write ${args.includes('-o') ? '--output-file' : '--baseline'} ${args.at(-1) as string}: it is raw export iam/gaad.json being audited`);
    }
    expect(await readFile(join(root, 'exports/iam/gaad.json'), 'utf8')).toBe(gaad);
    // What the audit does not read may be written: a new report beside the exports, a hidden file.
    expect((await exports('-f', 'json', '-o', 'exports/report.json')).code).toBe(1);
    expect((await exports('-f', 'json', '-o', 'exports/.cache/state.json')).code).toBe(1);
    expect(JSON.parse(await readFile(join(root, 'exports/.cache/state.json'), 'utf8'))).toHaveProperty('findings');
  });

  it('names a missing folder as the user typed it, from any working folder', async () => {
    await mkdir(join(root, 'a/b'), { recursive: true });
    const run = await runCli(['audit', '/nonexistent-iamlint-folder'], { cwd: join(root, 'a/b') });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^iamlint: snapshot folder not found: \/nonexistent-iamlint-folder \(/);
    expect((await runCli(['audit', '../../nope'], { cwd: join(root, 'a/b') })).stderr).toMatch(/^iamlint: snapshot folder not found: \.\.\/\.\.\/nope \(/);
  });

  it('says in one line when the target is a folder, under a file, or not writable', async () => {
    await mkdir(join(root, 'out'));
    await writeFile(join(root, 'file'), '');
    const folder = await audit('-o', 'out');
    expect(folder.stderr).toBe('iamlint: --output-file out is a folder (name a file, e.g. a report.sarif inside it)\n');
    const underFile = await audit('-o', 'file/report.txt');
    oneLine(underFile.stderr);
    expect(underFile.stderr).toContain('a parent of it is a file');
    expect(underFile.code).toBe(2);
    if (process.getuid?.() !== 0) {
      await mkdir(join(root, 'locked'));
      await chmod(join(root, 'locked'), 0o500);
      const denied = await audit('-o', 'locked/report.txt');
      oneLine(denied.stderr);
      expect(denied.stderr).toContain('permission denied');
    }
  });
});

describe('every failure is one line (issue 12)', () => {
  it('a config that is a folder, whose getter throws, or that never settles is the config’s error', async () => {
    await mkdir(join(root, 'cfgdir'));
    const folder = await audit('-c', 'cfgdir');
    expect(folder.code).toBe(2);
    oneLine(folder.stderr);
    expect(folder.stderr).toContain('cfgdir is a folder');
    await writeFile(join(root, 'getter.mjs'), 'export default [{ get rules() { throw new Error("nope"); } }];\n');
    const getter = await audit('-c', 'getter.mjs');
    expect(getter.code).toBe(2);
    oneLine(getter.stderr);
    expect(getter.stderr).toContain('not in iamlint');
    await writeFile(join(root, 'hang.mjs'), 'await new Promise(() => {});\nexport default [];\n');
    process.env['IAMLINT_CONFIG_TIMEOUT_MS'] = '300';
    try {
      const hang = await audit('-c', 'hang.mjs');
      expect(hang.code).toBe(2);
      oneLine(hang.stderr);
      expect(hang.stderr).toContain('did not finish loading within 0.3 s');
    } finally {
      delete process.env['IAMLINT_CONFIG_TIMEOUT_MS'];
    }
  });

  it('accepts a UTF-8 BOM; refuses a FIFO in the snapshot folder; an unreadable accounts/ folder is an error, not empty', async () => {
    const manifest = join(root, 'snap/snapshot.json');
    await writeFile(manifest, `\uFEFF${await readFile(manifest, 'utf8')}`);
    expect((await audit()).code).toBe(1);
    const account = join(root, 'snap/accounts', `${PROD}.json`);
    await exec('rm', [account]);
    await exec('mkfifo', [account]);
    const fifo = await audit();
    expect(fifo.code).toBe(2);
    oneLine(fifo.stderr);
    expect(fifo.stderr).toContain(`accounts/${PROD}.json is not a regular file; refusing to read it`);
    await exec('rm', [account]);
    if (process.getuid?.() !== 0) {
      await chmod(join(root, 'snap/accounts'), 0o000);
      const locked = await audit();
      await chmod(join(root, 'snap/accounts'), 0o755);
      expect(locked.code).toBe(2);
      oneLine(locked.stderr);
      expect(locked.stderr).toContain('cannot read folder accounts/: EACCES');
    }
  });

  it('states the nesting limit for 10,000-deep arrays, in a snapshot and in a raw export', async () => {
    const file = join(root, 'snap/accounts', `${PROD}.json`);
    const account = (await readFile(file, 'utf8')).replace('{', `{"deep": ${'['.repeat(10_000)}${']'.repeat(10_000)},`);
    await writeFile(file, account);
    const run = await audit();
    expect(run.code).toBe(2);
    oneLine(run.stderr);
    expect(run.stderr).toContain('JSON nested deeper than 2000 levels');
    await writeFile(join(root, 'gaad.json'), `{"UserDetailList": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    const raw = await runCli(['audit', 'gaad.json'], { cwd: root });
    expect(raw.code).toBe(2);
    oneLine(raw.stderr);
    expect(raw.stderr).toContain('gaad.json: JSON nested deeper than 2000 levels');
    await writeFile(join(root, 'gaad.json'), `{"UserDetailList": ${'['.repeat(10_000)}]}`);
    const malformed = await runCli(['audit', 'gaad.json'], { cwd: root });
    expect(malformed.code).toBe(2);
    oneLine(malformed.stderr);
    expect(malformed.stderr).toContain('gaad.json: JSON nested deeper than 2000 levels');
    await writeFile(join(root, 'gaad.json'), `{"UserDetailList": [{"UserName": "dana",]}`);
    const broken = await runCli(['audit', 'gaad.json'], { cwd: root });
    expect(broken.code).toBe(2);
    oneLine(broken.stderr);
    expect(broken.stderr).toContain('nothing to import: gaad.json (at 1:41: malformed JSON: property name expected)');
  });

  it('a non-JSON document string is a grammar finding, never a loop', async () => {
    for (const document of ['{', '%7B']) {
      const folder = `snap-${document.length}`;
      await writeSnapshot(root, folder, {
        ...spec,
        organization: {
          ...spec.organization,
          policies: [{ name: 'broken', type: 'SERVICE_CONTROL_POLICY', document: { Version: '2012-10-17', Statement: [] }, targets: [PROD] }],
        },
      });
      const org = join(root, folder, 'organization.json');
      const text = await readFile(org, 'utf8');
      await writeFile(org, JSON.stringify({ ...JSON.parse(text), policies: (JSON.parse(text) as { policies: Array<Record<string, unknown>> }).policies.map((policy) => ({ ...policy, document })) }));
      const run = await runCli(['audit', folder, '-f', 'json'], { cwd: root });
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; message: string }> };
      expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'policy-malformed', message: 'SCP broken is not valid JSON.' }));
    }
  });

  it('rejects --now 2026-02-30', async () => {
    const run = await audit('--now', '2026-02-30');
    expect(run.code).toBe(2);
    oneLine(run.stderr);
  });

  it('escapes control characters from input data and cuts long values on stderr', async () => {
    const file = join(root, 'snap/accounts', `${PROD}.json`);
    const account = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    account[`\u001b[2J${'x'.repeat(5000)}\nsecond`] = 1;
    await writeFile(file, JSON.stringify(account));
    const run = await audit();
    expect(run.code).toBe(2);
    oneLine(run.stderr);
    expect(run.stderr).not.toContain('\u001b');
    expect(run.stderr.length).toBeLessThan(1200);
  });

  it('stops quietly on a closed pipe (EPIPE)', async () => {
    const bin = new URL('../dist/bin.js', import.meta.url).pathname;
    const { stdout, stderr } = await exec('bash', ['-c', `set -o pipefail; node ${bin} rules --format json | head -1; echo "rc=$?"`]);
    expect(stdout).toMatch(/^\[\nrc=141\n$/);
    expect(stderr).toBe('');
  });
});

describe('config that does nothing (issue 12)', () => {
  it('zero rules enabled is an error unless --no-rules-ok', async () => {
    await writeFiles(root, { 'only-exceptions.json': JSON.stringify([{ exceptions: [{ rule: '*', reason: 'x' }] }]) });
    const run = await audit('-c', 'only-exceptions.json');
    expect(run.code).toBe(2);
    oneLine(run.stderr);
    expect(run.stderr).toContain('the config enables no rule');
    expect((await audit('-c', 'only-exceptions.json', '--no-rules-ok')).code).toBe(0);
  });

  it('an exception that matches nothing is a warning, and an error with --strict-config', async () => {
    await writeFiles(root, {
      'cfg.json': JSON.stringify(['iamlint:recommended', { exceptions: [{ rule: 'access-key-max-age', resource: 'arn:aws:iam::*:user/nobody', reason: 'gone' }] }]),
    });
    const warned = await audit('-c', 'cfg.json');
    expect(warned.stderr).toContain('iamlint: warning: exception for rule "access-key-max-age" on arn:aws:iam::*:user/nobody (config object #2) matched no finding; remove it');
    const strict = await audit('-c', 'cfg.json', '--strict-config');
    expect(strict.code).toBe(2);
    oneLine(strict.stderr);
  });
});

describe('SARIF paths (issue 12)', () => {
  it('are relative to the repository root whichever folder the audit runs from, or to --repo-root', async () => {
    await writeSnapshot(root, 'snapshots/acme', spec);
    await exec('git', ['init', '-q'], { cwd: root });
    const uris = async (cwd: string, ...args: string[]) => {
      const run = await runCli(['audit', ...args, '-f', 'sarif'], { cwd });
      const log = JSON.parse(run.stdout) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
      return new Set(log.runs[0]?.results.map((result) => result.locations[0]?.physicalLocation.artifactLocation.uri.replace(/(accounts\/)?[^/]+\.json$/, '')));
    };
    const expected = new Set(['snapshots/acme/']);
    expect(await uris(join(root, 'snapshots'), 'acme')).toEqual(expected);
    expect(await uris(join(root, 'snapshots/acme'), '.')).toEqual(expected);
    expect(await uris(join(root, 'snapshots/acme/accounts'), '..')).toEqual(expected);
    expect(await uris(join(root, 'snapshots'), 'acme', '--repo-root', '.')).toEqual(new Set(['acme/']));
  });
});
