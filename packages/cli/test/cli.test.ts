import { execFile } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotSpec } from '@iamlint/core/testing';
import { runCli, tempDir, writeFiles, writeSnapshot } from './helpers.js';

const ACCOUNT = '123456789012';
const spec: SnapshotSpec = {
  accounts: {
    [ACCOUNT]: {
      root: { accessKeys: [{ slot: 1, active: true, lastRotated: '2021-05-04T08:00:00Z', lastUsedDate: '2026-11-01' }] },
      users: [
        { userName: 'ci-deploy', accessKeys: [{ createDate: '2025-01-10T09:00:00Z', lastUsedDate: '2026-11-19' }] },
        { userName: 'dana', loginProfile: { createDate: '2024-03-04T10:15:00Z', passwordResetRequired: false }, mfaDevices: [{}] },
      ],
    },
  },
};

let cwd: string;

beforeAll(async () => {
  cwd = await tempDir();
  await writeSnapshot(cwd, 'snap', spec);
});

describe('iamlint audit', () => {
  it('reports findings and exits 1', async () => {
    const run = await runCli(['audit', 'snap'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('root-access-keys');
    expect(run.stdout).toContain('access-key-max-age');
    expect(run.stdout).toContain(`snap/accounts/${ACCOUNT}.json:`);
    expect(run.stderr).toBe('');
  });

  it('exits 0 when nothing is wrong', async () => {
    const clean = await tempDir();
    await writeSnapshot(clean, 'snap', { accounts: { [ACCOUNT]: { users: [{ userName: 'dana' }] } } });
    const run = await runCli(['audit', 'snap'], { cwd: clean });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('uses ./snapshots by default and says what to pass when it is missing', async () => {
    const empty = await tempDir();
    const run = await runCli(['audit'], { cwd: empty });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'iamlint: no snapshot folder given and ./snapshots does not exist (run `iamlint audit <folder>`, e.g. `iamlint audit fixtures/demo-org`)\n',
    );
    await writeSnapshot(empty, 'snapshots', spec);
    expect((await runCli(['audit'], { cwd: empty })).code).toBe(1);
  });

  it.each([
    ['a missing folder', ['audit', 'nope'], /^iamlint: snapshot folder not found: nope \(pass the folder/],
    ['a folder of other files', ['audit', 'empty'], /^iamlint: empty holds neither a snapshot \(no snapshot\.json\) nor AWS CLI exports \(1 other file\) \(point iamlint at a folder written by `iamlint collect` or `iamlint import`, or by scripts\/export-with-aws-cli\.sh/],
    ['a file instead of a folder', ['audit', 'snap/snapshot.json'], /^iamlint: snap\/snapshot\.json is a file, not a snapshot folder/],
    ['an unknown format', ['audit', 'snap', '--format', 'xml'], /^iamlint: option '-f, --format <format>' argument 'xml' is invalid\. Allowed choices are stylish, json, sarif, markdown, compliance, html\. \(see iamlint --help\)\n$/],
    ['an unknown option', ['audit', 'snap', '--colour'], /^iamlint: unknown option '--colour'/],
    ['a bad --now', ['audit', 'snap', '--now', 'yesterday'], /must be a date as YYYY-MM-DD/],
    ['a bad --max-warnings', ['audit', 'snap', '--max-warnings', '-1'], /must be a whole number/],
    ['a missing --config file', ['audit', 'snap', '--config', 'nope.json'], /^iamlint: config file not found: nope\.json \(check the --config path\)\n$/],
  ])('gives one line and exit 2 for %s', async (_label, argv, pattern) => {
    const dir = await tempDir();
    await writeSnapshot(dir, 'snap', spec);
    await writeFiles(dir, { 'empty/README.md': 'nothing here\n' });
    const run = await runCli(argv, { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(pattern);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });

  it('points at the line and column of malformed JSON', async () => {
    const dir = await tempDir();
    const files = await writeSnapshot(dir, 'snap', spec);
    const text = files.get(`accounts/${ACCOUNT}.json`)!.replace('"users": [', '"users": [,');
    await writeFile(join(dir, 'snap', 'accounts', `${ACCOUNT}.json`), text);
    const run = await runCli(['audit', 'snap'], { cwd: dir });
    const line = text.split('\n').findIndex((l) => l.includes('"users": [,')) + 1;
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`iamlint: snap/accounts/${ACCOUNT}.json:${line}:13: malformed JSON: value expected (fix the file or collect the snapshot again)\n`);
  });

  it('shows the stack only with --debug', async () => {
    const dir = await tempDir();
    await writeSnapshot(dir, 'snap', spec);
    await writeFiles(dir, { 'iamlint.config.mjs': 'throw new Error("kaboom");\nexport default [];\n' });
    const plain = await runCli(['audit', 'snap'], { cwd: dir });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/^iamlint: iamlint\.config\.mjs: cannot load config: kaboom \(the config module threw while loading; this is an error in the config file, not in iamlint\)\n$/);
    const debug = await runCli(['audit', 'snap', '--debug'], { cwd: dir });
    expect(debug.stderr.split('\n').length).toBeGreaterThan(3);
    expect(debug.stderr).toContain('at ');
  });
});

describe('config files', () => {
  it.each([
    ['iamlint.config.json', JSON.stringify(['iamlint:recommended', { rules: { 'root-access-keys': 'off', 'access-key-max-age': 'off' } }])],
    ['iamlint.config.yaml', '- iamlint:recommended\n- rules:\n    root-access-keys: off\n    access-key-max-age: off\n'],
    ['iamlint.config.mjs', "export default ['iamlint:recommended', { rules: { 'root-access-keys': 'off', 'access-key-max-age': 'off' } }];\n"],
  ])('reads %s found from a subfolder upwards', async (name, text) => {
    const dir = await tempDir();
    await writeSnapshot(dir, 'team/snap', spec);
    await writeFiles(dir, { [name]: text });
    const run = await runCli(['audit', 'snap'], { cwd: join(dir, 'team') });
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain('root-access-keys');
    expect(run.stdout).not.toContain('access-key-max-age');
  });

  it('loads a plugin package named in a JSON config and runs its rules under the prefix', async () => {
    const dir = await tempDir();
    await writeSnapshot(dir, 'snap', spec);
    await writeFiles(dir, {
      'node_modules/iamlint-plugin-acme/package.json': JSON.stringify({ name: 'iamlint-plugin-acme', type: 'module', main: 'index.js' }),
      'node_modules/iamlint-plugin-acme/index.js': [
        'export default { rules: { "no-ci-users": {',
        '  meta: { type: "problem", docs: { description: "No CI users.", recommended: false }, severity: "low", messages: { ci: "{{name}} is a CI user." } },',
        '  create(context) { return { User(user) { if (user.userName.startsWith("ci-")) context.report({ node: user, messageId: "ci", data: { name: user.userName } }); } }; },',
        '} } };',
      ].join('\n'),
      'iamlint.config.json': JSON.stringify([{ plugins: { acme: 'iamlint-plugin-acme' }, rules: { 'acme/no-ci-users': 'error' } }]),
    });
    const run = await runCli(['audit', 'snap', '-f', 'json'], { cwd: dir });
    expect(run.stderr).toBe('');
    const findings = (JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; message: string }> }).findings;
    expect(findings.map((finding) => [finding.ruleId, finding.message])).toEqual([['acme/no-ci-users', 'ci-deploy is a CI user.']]);
    await writeFiles(dir, { 'iamlint.config.json': JSON.stringify([{ plugins: { acme: 'iamlint-plugin-missing' } }]) });
    const missing = await runCli(['audit', 'snap'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^iamlint: iamlint\.config\.json: cannot load plugin "iamlint-plugin-missing": Cannot find module 'iamlint-plugin-missing'.* \(install it next to the config \(npm install iamlint-plugin-missing\)\)\n$/);
  });

  it('names the config file and the rule for an unknown rule', async () => {
    const dir = await tempDir();
    await writeSnapshot(dir, 'snap', spec);
    await writeFiles(dir, { 'iamlint.config.json': JSON.stringify([{ rules: { 'root-access-key': 'error' } }]) });
    const run = await runCli(['audit', 'snap'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('iamlint: iamlint.config.json: unknown rule "root-access-key" in config object #1 (did you mean "root-access-keys"?)\n');
  });

  it('names the option that does not match the rule schema', async () => {
    const dir = await tempDir();
    await writeSnapshot(dir, 'snap', spec);
    await writeFiles(dir, { 'custom.yaml': 'rules:\n  access-key-max-age: [error, { maxAgeDays: "ninety" }]\n' });
    const run = await runCli(['audit', 'snap', '--config', 'custom.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^iamlint: custom\.yaml: rule "access-key-max-age" in config object #1: option 1 at \/maxAgeDays must be integer/);
  });

  it('rejects malformed YAML and an unknown preset in one line', async () => {
    const dir = await tempDir();
    await writeSnapshot(dir, 'snap', spec);
    await writeFiles(dir, { 'bad.yaml': 'rules: [\n', 'preset.json': '["iamlint:recomended"]' });
    const yaml = await runCli(['audit', 'snap', '-c', 'bad.yaml'], { cwd: dir });
    expect(yaml.code).toBe(2);
    expect(yaml.stderr).toMatch(/bad\.yaml: cannot load config: malformed YAML/);
    expect(yaml.stderr.trimEnd().split('\n')).toHaveLength(1);
    const preset = await runCli(['audit', 'snap', '-c', 'preset.json'], { cwd: dir });
    expect(preset.stderr).toMatch(/unknown preset "iamlint:recomended" \(available: iamlint:recommended, iamlint:strict, iamlint:all, iamlint:cis-aws-5.0, iamlint:aws-fsbp\)/);
  });

  it('reports an expired exception as a warning line and stops applying it', async () => {
    const dir = await tempDir();
    await writeSnapshot(dir, 'snap', spec);
    await writeFiles(dir, {
      'iamlint.config.json': JSON.stringify([
        'iamlint:recommended',
        { exceptions: [{ rule: 'root-access-keys', reason: 'legacy billing integration', expires: '2020-01-01' }] },
      ]),
    });
    const run = await runCli(['audit', 'snap'], { cwd: dir });
    expect(run.stderr).toContain('iamlint: warning: exception for rule "root-access-keys" expired on 2020-01-01');
    expect(run.stdout).toContain('root-access-keys');
  });
});

describe('output', () => {
  it('writes the report to --output-file and nothing to stdout', async () => {
    const dir = await tempDir();
    await writeSnapshot(dir, 'snap', spec);
    const run = await runCli(['audit', 'snap', '-f', 'json', '-o', 'out/report.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const report = JSON.parse(await readFile(join(dir, 'out', 'report.json'), 'utf8')) as { findings: unknown[] };
    expect(report.findings.length).toBeGreaterThan(0);
    expect((await readdir(join(dir, 'out'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to overwrite a snapshot file with the report', async () => {
    const dir = await tempDir();
    const files = await writeSnapshot(dir, 'snap', spec);
    const run = await runCli(['audit', 'snap', '-o', `snap/accounts/${ACCOUNT}.json`], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/refusing to write --output-file snap\/accounts\/\d+\.json: it is snapshot file accounts\/\d+\.json being audited/);
    expect(await readFile(join(dir, 'snap', 'accounts', `${ACCOUNT}.json`), 'utf8')).toBe(files.get(`accounts/${ACCOUNT}.json`));
  });

  it('colours only on a TTY and honours NO_COLOR', async () => {
    const ansi = String.fromCharCode(27) + '[';
    const tty = await runCli(['audit', 'snap'], { cwd, tty: true });
    expect(tty.stdout).toContain(ansi);
    const noColor = await runCli(['audit', 'snap'], { cwd, tty: true, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).not.toContain(ansi);
    const pipe = await runCli(['audit', 'snap'], { cwd });
    expect(pipe.stdout).not.toContain(ansi);
  });

  it('--quiet drops warnings and --max-warnings turns them into a failure', async () => {
    const dir = await tempDir();
    await writeSnapshot(dir, 'snap', spec);
    await writeFiles(dir, { 'iamlint.config.json': JSON.stringify([{ rules: { 'access-key-max-age': 'warn' } }]) });
    const normal = await runCli(['audit', 'snap', '-f', 'json'], { cwd: dir });
    expect(normal.code).toBe(0);
    expect((JSON.parse(normal.stdout) as { summary: { warningCount: number } }).summary.warningCount).toBe(1);
    expect((await runCli(['audit', 'snap', '--max-warnings', '0'], { cwd: dir })).code).toBe(1);
    const quiet = await runCli(['audit', 'snap', '-f', 'json', '--quiet'], { cwd: dir });
    expect((JSON.parse(quiet.stdout) as { findings: unknown[] }).findings).toEqual([]);
  });

  it('--now moves the evaluation date', async () => {
    const early = await runCli(['audit', 'snap', '-f', 'json', '--now', '2025-02-01'], { cwd });
    const ruleIds = (JSON.parse(early.stdout) as { findings: Array<{ ruleId: string }> }).findings.map((finding) => finding.ruleId);
    expect(ruleIds).not.toContain('access-key-max-age');
    expect(ruleIds).toContain('root-access-keys');
  });
});

describe('iamlint rules, --help, --version', () => {
  it('lists the catalogue as text and JSON', async () => {
    const text = await runCli(['rules'], { cwd });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^root-access-keys\s+critical\s+✓/m);
    const json = JSON.parse((await runCli(['rules', '--format', 'json'], { cwd })).stdout) as Array<{ id: string; url: string }>;
    expect(json.map((rule) => rule.id)).toContain('break-glass-admin');
    expect(json.every((rule) => rule.url.endsWith(`/docs/rules/${rule.id}.md`))).toBe(true);
  });

  it('prints help and version', async () => {
    const help = await runCli(['--help'], { cwd });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('audit [options] [paths...]');
    expect(help.stdout).toMatch(/^ {2}init \[options\] +write iamlint\.config\.mjs/m);
    expect(help.stdout).toContain('`iamlint rules <id>` explains a rule');
    const auditHelp = await runCli(['audit', '--help'], { cwd });
    expect(auditHelp.stdout).toContain('--max-warnings <count>');
    for (const flag of ['--rule <ids>', '--severity <min>', '--account <ids>', '--print-config <account>', '--color', '--no-color']) expect(auditHelp.stdout).toContain(flag);
    const version = await runCli(['--version'], { cwd });
    expect(version.stdout).toMatch(/^iamlint \d+\.\d+\.\d+ \(snapshot format 1\.2; IAM action data [\d.]+ of \d{4}-\d{2}-\d{2}\)\n$/);
  });
});

describe('the built bin', () => {
  it('runs as `iamlint` with a shebang and sets the exit code', async () => {
    const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
    const first = (await readFile(bin, 'utf8')).split('\n')[0];
    expect(first).toBe('#!/usr/bin/env node');
    const result = await promisify(execFile)(process.execPath, [bin, 'audit', 'snap', '-f', 'json'], { cwd }).catch(
      (error: { code: number; stdout: string }) => error,
    );
    expect((result as { code?: number }).code).toBe(1);
    expect(JSON.parse(result.stdout as string)).toHaveProperty('findings');
  });
});
