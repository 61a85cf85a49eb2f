import { readFileSync } from 'node:fs';
import { readdir, readFile, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeFiles } from './helpers.js';

const read = (relative: string) => readFileSync(new URL(relative, import.meta.url), 'utf8');
const COLLECT_FIXTURES = '../../collect/test/fixtures/';
/** The real Cloudsplaining export, the synthetic credential report and Organizations exports made for it. */
const CLOUDSPLAINING = {
  'exports/gaad.json': read('../../../fixtures/datasets/gaad-cloudsplaining-example.json'),
  'exports/credential-report.csv': read(`${COLLECT_FIXTURES}credential-report-012345678901.csv`),
  'exports/describe-organization.json': read(`${COLLECT_FIXTURES}describe-organization.json`),
  'exports/list-accounts.json': read(`${COLLECT_FIXTURES}list-accounts.json`),
  'exports/list-roots.json': read(`${COLLECT_FIXTURES}list-roots.json`),
};
const CLOUDSPLAINING_FILES = Object.keys(CLOUDSPLAINING);

interface JsonReport {
  snapshot: { path: string; collectedAt: string };
  findings: Array<{ ruleId: string; resource: { id: string; name: string }; location: { file: string; line: number }; fingerprint: string }>;
  notEvaluated: Array<{ ruleId: string; accountId: string | null; sections: string[] }>;
}

/** A workspace holding the exports, dated the day after the export was taken, as if downloaded then. */
async function cloudsplainingWorkspace(): Promise<string> {
  const dir = await tempDir();
  await writeFiles(dir, CLOUDSPLAINING);
  const taken = new Date('2023-03-10T06:00:00Z');
  for (const path of CLOUDSPLAINING_FILES) await utimes(join(dir, path), taken, taken);
  return dir;
}

const idsOf = (report: JsonReport, ruleId: string) => report.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.resource.id);

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
    expect(again.stderr).toBe('iamlint: prod.json and prod.json both export account 123456789012 (pass one get-account-authorization-details export per account)\n');
  });

  it.each([
    ['an existing --out folder', { 'x.json': JSON.stringify(exportOf('123456789012', 'dana')), 'snap/keep.txt': 'mine' }, ['import', 'x.json', '-o', 'snap'], /^iamlint: snap already exists \(choose a new --out folder; iamlint import never overwrites\)\n$/],
    ['malformed JSON', { 'x.json': '{"UserDetailList": [,]}' }, ['import', 'x.json', '-o', 'snap'], /^iamlint: nothing to import: x\.json \(at 1:21: malformed JSON: value expected\)/],
    ['JSON nested too deep', { 'x.json': `{"UserDetailList": ${'['.repeat(2001)}${']'.repeat(2001)}}` }, ['import', 'x.json', '-o', 'snap'], /^iamlint: x\.json: JSON nested deeper than 2000 levels \(the limit iamlint reads\) \(no AWS export nests this deep; check how the file was produced\)\n$/],
    ['a file that is not an export', { 'x.json': '{"Users": []}' }, ['import', 'x.json', '-o', 'snap'], /^iamlint: nothing to import: x\.json \(JSON of no AWS CLI output iamlint reads\) \(pass the files written by scripts\/export-with-aws-cli\.sh, or AWS CLI outputs named as docs\/exports\.md says\)\n$/],
    ['a missing file', {}, ['import', 'missing.json', '-o', 'snap'], /^iamlint: export file not found: missing\.json/],
    ['a folder without exports given to import', { 'exports/a.json': '{}' }, ['import', 'exports', '-o', 'snap'], /^iamlint: nothing to import: exports\/a\.json \(JSON of no AWS CLI output iamlint reads\)/],
    ['an unrecognised file given to audit', { 'x.json': '{}' }, ['audit', 'x.json'], /^iamlint: nothing to import: x\.json \(JSON of no AWS CLI output iamlint reads\)/],
    ['a missing export given to audit', {}, ['audit', 'gaad.json'], /^iamlint: export file not found: gaad\.json/],
    ['a broken credential report given to audit', { 'r.csv': 'user,arn,password_enabled,mfa_active\n' }, ['audit', 'r.csv'], /^iamlint: r\.csv: the header lacks the columns access_key_1_active/],
    ['a snapshot folder among export files', { 'snap/snapshot.json': '{}', 'b.json': '{}' }, ['audit', 'b.json', 'snap'], /^iamlint: snap is a snapshot folder, given with other paths \(audit one snapshot folder at a time, or pass raw exports only\)\n$/],
    ['a snapshot file given to audit', { 'snap/accounts/123456789012.json': '{"accountId": "123456789012", "users": []}' }, ['audit', 'snap/accounts/123456789012.json'], /^iamlint: snap\/accounts\/123456789012\.json is a file, not a snapshot folder \(it belongs to a snapshot: run `iamlint audit snap`\)\n$/],
    ['a report written over its export', { 'x.json': JSON.stringify(exportOf('123456789012', 'dana')) }, ['audit', 'x.json', '-f', 'json', '-o', 'x.json'], /^iamlint: refusing to write --output-file x\.json: it is an input of this audit \(choose another --output-file\)\n$/],
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

describe('iamlint audit and import on raw exports (the Cloudsplaining export with its credential report and organization)', () => {
  it('audits the export directly, naming it as the report path', async () => {
    const dir = await cloudsplainingWorkspace();
    const run = await runCli(['audit', 'exports/gaad.json', '-f', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('iamlint: note: exports/gaad.json: the ARNs name 2 accounts (012345678901, 200611803367); each gets its own account file\n');
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.snapshot).toEqual({ path: 'exports/gaad.json', collectedAt: '2023-03-10T06:00:00Z', schemaVersion: '1.2' });
    expect(idsOf(report, 'user-no-direct-policies')).toHaveLength(42);
    expect(idsOf(report, 'policy-allow-not-action')).toEqual(['arn:aws:iam::200611803367:policy/fn4-exploitableNotAction']);
    expect(report.notEvaluated.filter((entry) => entry.ruleId === 'root-mfa').map((entry) => entry.accountId)).toEqual(['012345678901', '200611803367']);
  });

  it('audits any mix of exports directly, and gives the same findings as import then audit', async () => {
    const dir = await cloudsplainingWorkspace();
    const direct = await runCli(['audit', ...CLOUDSPLAINING_FILES, '-f', 'json'], { cwd: dir });
    expect(direct.code).toBe(1);
    const report = JSON.parse(direct.stdout) as JsonReport;
    expect(report.snapshot.path).toBe(CLOUDSPLAINING_FILES.join(' + '));
    expect(idsOf(report, 'root-access-keys')).toEqual(['arn:aws:iam::012345678901:root']);
    expect(idsOf(report, 'root-mfa')).toEqual(['arn:aws:iam::012345678901:root']);
    expect(idsOf(report, 'user-mfa-required')).toEqual(['arn:aws:iam::012345678901:user/userwithlotsofpermissions']);
    expect(idsOf(report, 'account-outside-ou')).toEqual([]);
    expect(report.notEvaluated.filter((entry) => entry.ruleId === 'root-mfa').map((entry) => entry.accountId)).toEqual(['200611803367', '311842569027']);

    const imported = await runCli(['import', ...CLOUDSPLAINING_FILES, '--out', 'snapshots/cloudsplaining'], { cwd: dir });
    expect(imported.code).toBe(0);
    expect(imported.stderr.trimEnd().split('\n')).toEqual([
      'iamlint: note: exports/gaad.json: the ARNs name 2 accounts (012345678901, 200611803367); each gets its own account file',
      'iamlint: note: 3 account(s) are in no list-accounts-for-parent export: their OU is recorded as "unknown" (012345678901, 200611803367, 311842569027)',
      'iamlint: wrote snapshots/cloudsplaining (2 accounts); audit it with `iamlint audit snapshots/cloudsplaining`',
    ]);
    expect((await readdir(join(dir, 'snapshots', 'cloudsplaining'))).sort()).toEqual(['accounts', 'organization.json', 'snapshot.json']);
    const audited = await runCli(['audit', 'snapshots/cloudsplaining', '-f', 'json'], { cwd: dir });
    expect(audited.code).toBe(1);
    const fromFolder = JSON.parse(audited.stdout) as JsonReport;
    // The same findings; the direct audit locates them in the exports, the imported one in the snapshot's files.
    expect(fromFolder.findings.map((finding) => finding.fingerprint)).toEqual(report.findings.map((finding) => finding.fingerprint));
    expect(new Set(report.findings.map((finding) => finding.location.file))).toEqual(new Set(['exports/gaad.json', 'exports/credential-report.csv']));
    expect(fromFolder.findings.every((finding) => /^(accounts\/\d{12}|organization|snapshot)\.json$/.test(finding.location.file))).toBe(true);
    expect(fromFolder.notEvaluated).toEqual(report.notEvaluated);
  });

  it('writes the same snapshot bytes for the same exports', async () => {
    const dir = await cloudsplainingWorkspace();
    expect((await runCli(['import', ...CLOUDSPLAINING_FILES, '-o', 'a'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['import', ...[...CLOUDSPLAINING_FILES].reverse(), '-o', 'b'], { cwd: dir })).code).toBe(0);
    for (const file of ['snapshot.json', 'organization.json', 'accounts/012345678901.json', 'accounts/200611803367.json']) {
      expect(await readFile(join(dir, 'b', file), 'utf8')).toBe(await readFile(join(dir, 'a', file), 'utf8'));
    }
  });

  it('skips a file that is not JSON however many brackets it holds (a log beside the exports)', async () => {
    const dir = await cloudsplainingWorkspace();
    await writeFiles(dir, { 'exports/run.log': `\u001b[32m✓\u001b[39m ${'['.repeat(3000)}\n` });
    const run = await runCli(['audit', 'exports', '-f', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')[0]).toBe('iamlint: note: skipped 1 file(s) that are not exports iamlint reads: exports/run.log (not JSON and not a credential report CSV)');
  });

  it('audits and imports a folder of exports, naming the files it skips in one note', async () => {
    const dir = await cloudsplainingWorkspace();
    await writeFiles(dir, { 'exports/README.txt': 'exported by dana on 2023-03-10\n', 'exports/.DS_Store': 'x' });
    const fromFiles = JSON.parse((await runCli(['audit', ...CLOUDSPLAINING_FILES, '-f', 'json'], { cwd: dir })).stdout) as JsonReport;
    const run = await runCli(['audit', 'exports', '-f', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')[0]).toBe('iamlint: note: skipped 1 file(s) that are not exports iamlint reads: exports/README.txt (not JSON and not a credential report CSV)');
    const fromFolder = JSON.parse(run.stdout) as JsonReport;
    expect(fromFolder.snapshot.path).toBe('exports');
    expect(fromFolder.findings.map((finding) => finding.fingerprint)).toEqual(fromFiles.findings.map((finding) => finding.fingerprint));
    const imported = await runCli(['import', 'exports', '--out', 'snap'], { cwd: dir });
    expect(imported.code).toBe(0);
    expect((await readdir(join(dir, 'snap', 'accounts'))).sort()).toEqual(['012345678901.json', '200611803367.json']);
  });

  it('exits 2 in one line when a folder holds no export at all', async () => {
    const dir = await tempDir();
    await writeFiles(dir, { 'exports/README.txt': 'nothing here yet\n' });
    const audit = await runCli(['audit', 'exports'], { cwd: dir });
    expect(audit.code).toBe(2);
    expect(audit.stderr).toBe(
      'iamlint: exports holds neither a snapshot (no snapshot.json) nor AWS CLI exports (1 other file) (point iamlint at a folder written by `iamlint collect` or `iamlint import`, or by scripts/export-with-aws-cli.sh (docs/exports.md))\n',
    );
    const imported = await runCli(['import', 'exports', '--out', 'snap'], { cwd: dir });
    expect(imported.code).toBe(2);
    expect(imported.stderr).toBe(
      'iamlint: nothing to import: exports/README.txt (not JSON and not a credential report CSV) (pass the files written by scripts/export-with-aws-cli.sh, or AWS CLI outputs named as docs/exports.md says)\n',
    );
  });
});
