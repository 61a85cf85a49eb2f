import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeFiles } from './helpers.js';

function exportOf(accountId: string, userName: string) {
  return {
    UserDetailList: [
      {
        Path: '/',
        UserName: userName,
        UserId: 'AIDAJQABLZS4A3QDU576Q',
        Arn: `arn:aws:iam::${accountId}:user/${userName}`,
        CreateDate: '2024-05-02T09:12:44+00:00',
        UserPolicyList: [],
        GroupList: [],
        AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
        Tags: [{ Key: 'team', Value: 'data' }],
      },
    ],
    GroupDetailList: [],
    RoleDetailList: [],
    Policies: [],
  };
}

describe('iamlint import', () => {
  it('converts an export into a snapshot folder that audit reads, with the missing sections as gaps', async () => {
    const dir = await tempDir();
    await writeFiles(dir, { 'exports/prod.json': JSON.stringify(exportOf('123456789012', 'dana'), null, 2) });
    const run = await runCli(['import', 'exports/prod.json', '--out', 'snapshots/prod'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('iamlint: wrote snapshots/prod (1 account); audit it with `iamlint audit snapshots/prod`\n');
    expect((await readdir(join(dir, 'snapshots', 'prod'))).sort()).toEqual(['accounts', 'snapshot.json']);
    expect((await readdir(join(dir, 'snapshots'))).filter((name) => name.startsWith('.'))).toEqual([]);
    const audit = await runCli(['audit', 'snapshots/prod', '-f', 'json'], { cwd: dir });
    const report = JSON.parse(audit.stdout) as { findings: Array<{ ruleId: string; resource: { name: string } }>; notEvaluated: Array<{ ruleId: string }> };
    expect(report.findings.map((finding) => `${finding.ruleId} ${finding.resource.name}`)).toEqual(['user-no-direct-policies dana']);
    expect(report.notEvaluated.map((entry) => entry.ruleId)).toEqual(expect.arrayContaining(['user-mfa-required', 'root-mfa', 'access-key-max-age']));
  });

  it('merges one export per account', async () => {
    const dir = await tempDir();
    await writeFiles(dir, {
      'prod.json': JSON.stringify(exportOf('123456789012', 'dana')),
      'dev.json': JSON.stringify(exportOf('210987654321', 'eli')),
    });
    expect((await runCli(['import', 'prod.json', 'dev.json', '-o', 'snap'], { cwd: dir })).code).toBe(0);
    const manifest = JSON.parse(await readFile(join(dir, 'snap', 'snapshot.json'), 'utf8')) as { scope: { accounts: string[] }; gaps: unknown[] };
    expect(manifest.scope.accounts).toEqual(['123456789012', '210987654321']);
    expect(manifest.gaps).toHaveLength(14);
    const again = await runCli(['import', 'prod.json', 'prod.json', '-o', 'snap2'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^iamlint: prod\.json exports an account that another file already exports/);
  });

  it.each([
    ['an existing --out folder', { 'x.json': JSON.stringify(exportOf('123456789012', 'dana')), 'snap/keep.txt': 'mine' }, ['import', 'x.json', '-o', 'snap'], /^iamlint: snap already exists \(choose a new --out folder; iamlint import never overwrites\)\n$/],
    ['malformed JSON', { 'x.json': '{"UserDetailList": [,]}' }, ['import', 'x.json', '-o', 'snap'], /^iamlint: x\.json:1:21: malformed JSON: value expected/],
    ['a file that is not an export', { 'x.json': '{"Users": []}' }, ['import', 'x.json', '-o', 'snap'], /^iamlint: x\.json: not a get-account-authorization-details export/],
    ['a missing file', {}, ['import', 'missing.json', '-o', 'snap'], /^iamlint: export file not found: missing\.json/],
    ['an export given to audit', { 'x.json': '{}' }, ['audit', 'x.json'], /^iamlint: x\.json is a file, not a snapshot folder \(for a raw get-account-authorization-details export, run `iamlint import x\.json --out <folder>` first\)\n$/],
  ])('gives one line and exit 2 for %s, and leaves what exists alone', async (_label, files, argv, pattern) => {
    const dir = await tempDir();
    await writeFiles(dir, files);
    const run = await runCli(argv, { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(pattern);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    if ('snap/keep.txt' in files) expect(await readdir(join(dir, 'snap'))).toEqual(['keep.txt']);
    expect((await readdir(dir)).filter((name) => name.startsWith('.'))).toEqual([]);
  });
});
