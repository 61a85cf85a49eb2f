// The real Cloudsplaining export with the synthetic credential report and Organizations exports made for it
// (test/fixtures/README.md). Checked by hand against the report: in account 012345678901 the root user has an
// active access key and no MFA (root-access-keys, root-mfa), userwithlotsofpermissions has a console password
// and no MFA (user-mfa-required), obama has MFA, and biden has no password, so neither is reported.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IamlintError, loadSnapshot, resolveConfig, runRules, type AccountFile, type Manifest, type OrganizationFile } from '@iamlint/core';
import { combineExports, type ExportInput } from '../src/index.js';
import { builtinRules, presets } from '../../rules/src/index.js';

const MTIME = new Date('2023-03-10T00:00:00.250Z');
const read = (relative: string) => readFileSync(new URL(relative, import.meta.url), 'utf8');
const GAAD = read('../../../fixtures/datasets/gaad-cloudsplaining-example.json');
const REPORT = read('./fixtures/credential-report-012345678901.csv');
const exportOf = (path: string, text: string, mtime = MTIME): ExportInput => ({ path, text, mtime });
const ALL_INPUTS = [
  exportOf('gaad.json', GAAD),
  exportOf('credential-report.csv', REPORT),
  exportOf('describe-organization.json', read('./fixtures/describe-organization.json')),
  exportOf('list-accounts.json', read('./fixtures/list-accounts.json')),
  exportOf('list-roots.json', read('./fixtures/list-roots.json')),
];
const OPTIONS = { toolVersion: '0.1.0-test' };

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(IamlintError);
    return (error as IamlintError).format();
  }
  throw new Error('expected an error');
}

const json = <T>(files: ReadonlyMap<string, string>, path: string) => JSON.parse(files.get(path) as string) as T;

describe('combineExports on the Cloudsplaining export, its credential report and the organization', () => {
  const { files, notes } = combineExports(ALL_INPUTS, OPTIONS);
  const manifest = json<Manifest>(files, 'snapshot.json');
  const model = loadSnapshot(files);
  const result = runRules({ model, config: resolveConfig([presets.all], { source: 'test', builtinRules }) });
  const findings = (ruleId: string) => result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.resource.id);
  const notEvaluatedIn = (ruleId: string) => result.notEvaluated.filter((entry) => entry.ruleId === ruleId).map((entry) => entry.accountId);

  it('writes one file per account, the organization and the manifest, in path order', () => {
    expect([...files.keys()]).toEqual(['accounts/012345678901.json', 'accounts/200611803367.json', 'organization.json', 'snapshot.json']);
    expect(manifest.scope).toEqual({ organizationId: 'o-a1b2c3d4e5', managementAccountId: '311842569027', accounts: ['012345678901', '200611803367'] });
    expect(manifest.collectedAt).toBe('2023-03-10T00:00:00Z');
    expect(json<OrganizationFile>(files, 'organization.json').accounts.map((account) => account.name)).toEqual([
      'cloudsplaining-examples',
      'cloudsplaining-privesc-lab',
      'example-management',
    ]);
  });

  it('merges the credential report into its account only, and evaluates its key slots with no gap', () => {
    const sectionsOf = (accountId: string | undefined) => manifest.gaps.filter((gap) => gap.accountId === accountId).map((gap) => gap.section);
    expect(sectionsOf('012345678901')).not.toContain('iam.credentialReport');
    expect(sectionsOf('012345678901')).not.toContain('iam.accessKeys');
    expect(sectionsOf('200611803367')).toContain('iam.credentialReport');
    expect(sectionsOf('200611803367')).toContain('iam.accessKeys');
    expect(sectionsOf(undefined)).toEqual(['organization.policies']);
    // The report names no key ids: each slot gets a stable stand-in, with the slot's state and last use.
    const obama = json<AccountFile>(files, 'accounts/012345678901.json').users.find((user) => user.userName === 'obama');
    expect(obama?.accessKeys).toEqual([
      { accessKeyId: 'REPORTSLOT1308307A9D1', status: 'Active', createDate: '2022-11-30T10:12:40Z', lastUsedDate: '2023-03-09', lastUsedService: 'iam', lastUsedRegion: 'us-east-1' },
      { accessKeyId: 'REPORTSLOT2308307A9D1', status: 'Inactive', createDate: '2019-12-18T19:26:02Z', lastUsedDate: null, lastUsedService: null, lastUsedRegion: null },
    ]);
    const account = json<AccountFile>(files, 'accounts/012345678901.json');
    expect(account.root).toMatchObject({ arn: 'arn:aws:iam::012345678901:root', passwordEnabled: true, mfaActive: false, accessKeys: [{ slot: 1, active: true }] });
    expect(account.users.map((user) => [user.userName, user.loginProfile !== null, user.mfaDevices.length])).toEqual([
      ['biden', false, 0],
      ['obama', true, 1],
      ['userwithlotsofpermissions', true, 0],
    ]);
    expect(json<AccountFile>(files, 'accounts/200611803367.json').root).toBeNull();
  });

  it('lets the credential-report rules run where the report is, and only there', () => {
    expect(findings('root-access-keys')).toEqual(['arn:aws:iam::012345678901:root']);
    expect(findings('root-mfa')).toEqual(['arn:aws:iam::012345678901:root']);
    expect(findings('user-mfa-required')).toEqual(['arn:aws:iam::012345678901:user/userwithlotsofpermissions']);
    expect(notEvaluatedIn('user-mfa-required')).toEqual(['200611803367', '311842569027']);
    expect(notEvaluatedIn('root-mfa')).toEqual(['200611803367', '311842569027']);
  });

  it('keeps the golden findings of the export itself', () => {
    const count = (ruleId: string) => findings(ruleId).length;
    expect({
      'policy-allow-not-action': count('policy-allow-not-action'),
      'policy-passrole-star': count('policy-passrole-star'),
      'privilege-escalation': count('privilege-escalation'),
      'user-no-direct-policies': count('user-no-direct-policies'),
    }).toEqual({ 'policy-allow-not-action': 1, 'policy-passrole-star': 23, 'privilege-escalation': 69, 'user-no-direct-policies': 42 });
    expect(findings('account-outside-ou')).toEqual([]);
    expect(result.ruleFailures).toEqual([]);
  });

  it('says what it assumed', () => {
    expect(notes).toEqual([
      'gaad.json: the ARNs name 2 accounts (012345678901, 200611803367); each gets its own account file',
      '3 account(s) are in no list-accounts-for-parent export: their OU is recorded as "unknown" (012345678901, 200611803367, 311842569027)',
    ]);
  });

  it('gives the same bytes for the same inputs in any order', () => {
    const again = combineExports([...ALL_INPUTS].reverse(), OPTIONS);
    expect([...again.files]).toEqual([...files]);
  });
});

describe('combineExports, other mixes', () => {
  it('imports a credential report without an export as the root user only, with the rest as gaps', () => {
    const { files, notes } = combineExports([exportOf('report.csv', REPORT)], OPTIONS);
    const account = json<AccountFile>(files, 'accounts/012345678901.json');
    expect(account.users).toEqual([]);
    expect(account.root?.accessKeys).toHaveLength(1);
    const manifest = json<Manifest>(files, 'snapshot.json');
    expect(manifest.gaps.map((gap) => gap.section)).toEqual([
      'iam.authorizationDetails',
      'iam.accessKeys',
      'iam.samlProviders',
      'iam.oidcProviders',
      'iam.passwordPolicy',
      'iam.accountSummary',
      'iam.virtualMfaDevices',
    ]);
    expect(manifest.gaps[0]?.message).toBe("no get-account-authorization-details export: the 3 IAM users of the credential report, and the account's groups, roles and policies, are not imported");
    expect(notes).toEqual(['report.csv: no get-account-authorization-details export of account 012345678901; only its root user is imported, users, groups, roles and policies are not evaluated']);
    const result = runRules({ model: loadSnapshot(files), config: resolveConfig([presets.all], { source: 'test', builtinRules }) });
    expect(result.findings.filter((finding) => finding.ruleId === 'root-mfa').map((finding) => finding.resource.id)).toEqual(['arn:aws:iam::012345678901:root']);
    expect(result.notEvaluated.filter((entry) => entry.ruleId === 'user-mfa-required').map((entry) => entry.sections)).toEqual([['iam.authorizationDetails']]);
  });

  it('takes the report time from the JSON of get-credential-report, and notes users missing on either side', () => {
    const reportWithStranger = `${REPORT}mallory,arn:aws:iam::012345678901:user/mallory,2023-03-09T22:01:13+00:00,true,N/A,2023-03-09T22:01:13+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n`;
    const withoutBiden = reportWithStranger.replace(/^biden,.*\n/m, '');
    const report = JSON.stringify({ Content: Buffer.from(withoutBiden).toString('base64'), ReportFormat: 'text/csv', GeneratedTime: '2023-03-11T07:45:30+00:00' });
    const { files, notes } = combineExports([exportOf('gaad.json', GAAD), exportOf('report.json', report)], OPTIONS);
    expect(json<Manifest>(files, 'snapshot.json').collectedAt).toBe('2023-03-11T07:45:30Z');
    expect(notes).toContain('report.json: 1 user(s) of gaad.json are not in the credential report, so their password and MFA are taken as absent: biden');
    expect(notes).toContain('report.json: 1 user(s) of the credential report are not in gaad.json and are ignored: mallory');
    const obama = json<AccountFile>(files, 'accounts/012345678901.json').users.find((user) => user.userName === 'obama');
    expect(obama?.mfaDevices).toEqual([{ serialNumber: 'unknown', type: 'unknown', enableDate: '2023-03-11T07:45:30Z' }]);
  });

  it('imports organization exports alone', () => {
    const { files } = combineExports([exportOf('accounts.json', read('./fixtures/list-accounts.json'))], OPTIONS);
    expect([...files.keys()]).toEqual(['organization.json', 'snapshot.json']);
    expect(loadSnapshot(files).accounts).toHaveLength(3);
  });

  it.each([
    ['no files', [], /^no export files given/],
    ['two exports of one account', [exportOf('a.json', GAAD), exportOf('b.json', GAAD)], /^b\.json and a\.json both export account 012345678901 \(pass one get-account-authorization-details export per account\)$/],
    ['two reports of one account', [exportOf('r1.csv', REPORT), exportOf('r2.csv', REPORT)], /^r2\.csv and r1\.csv are both credential reports of account 012345678901/],
    ['an unknown file', [exportOf('users.json', '{"Users": []}')], /^nothing to import: users\.json \(JSON of no AWS CLI output iamlint reads\) \(pass the files written by scripts\/export-with-aws-cli\.sh/],
    ['a snapshot file', [exportOf('snapshot.json', read('../../../fixtures/demo-org/snapshot.json'))], /^snapshot\.json is a file of an iamlint snapshot, not a raw export \(pass the snapshot folder/],
    ['malformed JSON', [exportOf('x.json', '{"UserDetailList": [,]}')], /^nothing to import: x\.json \(at 1:21: malformed JSON/],
    ['a broken credential report', [exportOf('r.csv', REPORT.replace(',true,2023-03-08', ',maybe,2023-03-08'))], /^r\.csv: row 2 \(line 3, user obama\), column password_enabled: expected true or false, got "maybe"/],
  ])('rejects %s in one line', (_label, inputs, pattern) => {
    const message = errorOf(() => combineExports(inputs, OPTIONS));
    expect(message).toMatch(pattern);
    expect(message.split('\n')).toHaveLength(1);
  });
});
