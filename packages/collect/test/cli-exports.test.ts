// The deviations real exports show (issue 10), each against the real Cloudsplaining export and a credential report
// of its account (test/fixtures/README.md), changed the way emulators and old accounts change them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IamlintError, loadSnapshot, resolveConfig, runRules, type AccountFile, type Manifest } from '@iamlint/core';
import { combineExports, parseCredentialReport, type ExportInput } from '../src/index.js';
import { builtinRules, presets } from '../../rules/src/index.js';

const read = (relative: string) => readFileSync(new URL(relative, import.meta.url), 'utf8');
const GAAD = read('../../../fixtures/datasets/gaad-cloudsplaining-example.json');
const REPORT = read('./fixtures/credential-report-012345678901.csv');
const ACCOUNT = '012345678901';
const HEADER = REPORT.slice(0, REPORT.indexOf('\n') + 1);
const exportOf = (path: string, text: string): ExportInput => ({ path, text, mtime: new Date('2023-03-10T00:00:00Z') });
const OPTIONS = { toolVersion: '0.1.0-test' };
const json = <T>(files: ReadonlyMap<string, string>, path: string) => JSON.parse(files.get(path) as string) as T;

function audit(files: ReadonlyMap<string, string>) {
  return runRules({ model: loadSnapshot(files), config: resolveConfig([presets.all], { source: 'test', builtinRules }) });
}

/** One report row with the given columns changed; the others as obama's. */
function row(user: string, changes: Record<string, string>): string {
  const columns = HEADER.trim().split(',');
  const obama = (REPORT.split('\n').find((line) => line.startsWith('obama,')) as string).split(',');
  return columns.map((column, index) => (column in changes ? (changes[column] as string) : column === 'user' ? user : column === 'arn' ? `arn:aws:iam::${ACCOUNT}:user/${user}` : obama[index])).join(',');
}

describe('credential reports as accounts give them', () => {
  it('reads a header-only report as an account without IAM users, taking the account from the file name', () => {
    const { files, notes } = combineExports([exportOf('export/credential-report-210987654320.csv', HEADER)], OPTIONS);
    const account = json<AccountFile>(files, 'accounts/210987654320.json');
    expect(account.users).toEqual([]);
    expect(account.root).toBeNull();
    const manifest = json<Manifest>(files, 'snapshot.json');
    // No root row: the root user's rules are "not evaluated" there, never a pass on a root nobody saw; the users' rules run.
    expect(manifest.gaps.find((gap) => gap.section === 'iam.rootUser')?.message).toBe(
      "export/credential-report-210987654320.csv has no <root_account> row: the root user's password, MFA and keys are unknown",
    );
    expect(notes).toContain('export/credential-report-210987654320.csv: the credential report has no <root_account> row; the rules about the root user are not evaluated in 210987654320');
    const result = audit(files);
    expect(result.notEvaluated.filter((entry) => entry.ruleId === 'root-mfa').map((entry) => [entry.accountId, entry.sections])).toEqual([['210987654320', ['iam.rootUser']]]);
    expect(result.notEvaluated.filter((entry) => entry.accountId === '210987654320').flatMap((entry) => entry.sections)).not.toContain('iam.credentialReport');
  });

  it('skips a header-only report whose name names no account, in the note', () => {
    const { notes } = combineExports([exportOf('gaad.json', GAAD), exportOf('report.csv', HEADER)], OPTIONS);
    expect(notes[0]).toBe('skipped 1 file(s) that are not exports iamlint reads: report.csv (a credential report without rows, and no 12-digit account id in its name)');
  });

  it('evaluates two active keys from access_key_1_active and access_key_2_active, with no gap', () => {
    const twoKeys = `${HEADER}${REPORT.split('\n')[1]}\n${row('obama', { access_key_2_active: 'true', access_key_2_last_used_date: '2023-03-01T10:00:00+00:00' })}\n`;
    const { files } = combineExports([exportOf('gaad.json', GAAD), exportOf('credential-report.csv', twoKeys)], OPTIONS);
    expect(json<Manifest>(files, 'snapshot.json').gaps.filter((gap) => gap.accountId === ACCOUNT).map((gap) => gap.section)).not.toContain('iam.accessKeys');
    const result = audit(files);
    expect(result.findings.filter((finding) => finding.ruleId === 'user-single-active-key').map((finding) => finding.resource.id)).toEqual([`arn:aws:iam::${ACCOUNT}:user/obama`]);
    expect(result.notEvaluated.filter((entry) => entry.ruleId === 'user-single-active-key' && entry.accountId === ACCOUNT)).toEqual([]);
  });

  it('reads N/A, not_supported, no_information and empty values as unknown', () => {
    const [parsed] = parseCredentialReport(
      `${HEADER}${row('eve', { password_enabled: 'not_supported', password_last_used: '', mfa_active: 'not_supported', access_key_1_active: 'no_information', access_key_1_last_used_date: 'no_information', access_key_1_last_used_region: 'N/A', access_key_1_last_used_service: '' })}\n`,
      'report.csv',
    );
    expect(parsed).toMatchObject({ passwordEnabled: null, passwordLastUsed: null, mfaActive: false });
    // An unknown key state reads as active, so its key rules run: a finding to check rather than a silent pass.
    expect(parsed?.accessKeys[0]).toMatchObject({ slot: 1, active: true, lastUsedDate: null, lastUsedRegion: null, lastUsedService: null });
  });

  it('gives no password to a user whose row has password_last_changed but password_enabled=false', () => {
    const report = REPORT.replace(/^biden,.*$/m, row('biden', { password_enabled: 'false', password_last_used: 'N/A', password_last_changed: '2021-06-01T08:00:00+00:00', mfa_active: 'false' }));
    const { files } = combineExports([exportOf('gaad.json', GAAD), exportOf('credential-report.csv', report)], OPTIONS);
    const biden = json<AccountFile>(files, `accounts/${ACCOUNT}.json`).users.find((user) => user.userName === 'biden');
    expect(biden?.loginProfile).toBeNull();
    expect(audit(files).findings.filter((finding) => finding.resource.id.endsWith('user/biden') && finding.ruleId === 'user-mfa-required')).toEqual([]);
  });
});

describe('the AWS CLI outputs that carry the rest of an account', () => {
  const samlMetadata = `<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sso.jumpcloud.com/saml2/acme-aws"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>`;
  const outputs = [
    exportOf('gaad.json', GAAD),
    exportOf('credential-report.csv', REPORT),
    exportOf(`password-policy-${ACCOUNT}.json`, JSON.stringify({ PasswordPolicy: { MinimumPasswordLength: 14, RequireSymbols: true, ExpirePasswords: false, MaxPasswordAge: 0, PasswordReusePrevention: 24, AllowUsersToChangePassword: true } })),
    exportOf(`account-summary-${ACCOUNT}.json`, JSON.stringify({ SummaryMap: { Users: 3, AccountMFAEnabled: 0, AccountPasswordPresent: 1, AccountAccessKeysPresent: 1 } })),
    exportOf(`virtual-mfa-devices-${ACCOUNT}.json`, JSON.stringify({ VirtualMFADevices: [{ SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/obama`, User: { Arn: `arn:aws:iam::${ACCOUNT}:user/obama`, UserName: 'obama' }, EnableDate: '2020-01-08T09:12:00+00:00' }] })),
    exportOf(`saml-providers-${ACCOUNT}.json`, JSON.stringify({ SAMLProviderList: [{ Arn: `arn:aws:iam::${ACCOUNT}:saml-provider/JumpCloud`, CreateDate: '2021-02-01T10:00:00+00:00' }] })),
    exportOf(`saml-provider-${ACCOUNT}-JumpCloud.json`, JSON.stringify({ SAMLMetadataDocument: samlMetadata, CreateDate: '2021-02-01T10:00:00+00:00', Tags: [] })),
    exportOf(`oidc-providers-${ACCOUNT}.json`, JSON.stringify({ OpenIDConnectProviderList: [{ Arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` }] })),
    exportOf(`oidc-provider-${ACCOUNT}-token.actions.githubusercontent.com.json`, JSON.stringify({ Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'], CreateDate: '2022-05-01T00:00:00+00:00' })),
    exportOf(`access-keys-${ACCOUNT}-obama.json`, JSON.stringify({ AccessKeyMetadata: [{ UserName: 'obama', AccessKeyId: 'AKIAQYLPMN5HHHFPZAM2', Status: 'Active', CreateDate: '2022-11-30T10:12:40+00:00' }, { UserName: 'obama', AccessKeyId: 'AKIAQYLPMN5HFIQR7XYA', Status: 'Inactive', CreateDate: '2019-12-18T19:26:02+00:00' }] })),
    exportOf('notes.txt', 'exported on Friday by dana\n'),
    exportOf('list-users.json', JSON.stringify({ Users: [{ UserName: 'obama', Arn: `arn:aws:iam::${ACCOUNT}:user/obama` }] })),
  ];
  const { files, notes } = combineExports(outputs, OPTIONS);
  const account = json<AccountFile>(files, `accounts/${ACCOUNT}.json`);
  const gaps = json<Manifest>(files, 'snapshot.json').gaps.filter((gap) => gap.accountId === ACCOUNT);

  it('fills every section they carry, so none is a gap', () => {
    expect(gaps).toEqual([]);
  });

  it('records no maximum password age when expiry is off, whatever number the answer carries', () => {
    expect(account.passwordPolicy).toMatchObject({ minimumPasswordLength: 14, expirePasswords: false, maxPasswordAge: null, passwordReusePrevention: 24 });
  });

  it('names the SAML provider from the file name, and the OIDC provider from the account and its URL', () => {
    expect(account.samlProviders.map((provider) => [provider.arn, provider.entityId])).toEqual([[`arn:aws:iam::${ACCOUNT}:saml-provider/JumpCloud`, 'https://sso.jumpcloud.com/saml2/acme-aws']]);
    expect(account.oidcProviders.map((provider) => provider.arn)).toEqual([`arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`]);
  });

  it('joins listed keys to their report slot by creation time, and MFA devices to their user', () => {
    const obama = account.users.find((user) => user.userName === 'obama');
    expect(obama?.accessKeys.map((key) => [key.accessKeyId, key.status, key.lastUsedDate])).toEqual([
      ['AKIAQYLPMN5HFIQR7XYA', 'Inactive', null],
      ['AKIAQYLPMN5HHHFPZAM2', 'Active', '2023-03-09'],
    ]);
    expect(obama?.mfaDevices).toEqual([{ serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/obama`, type: 'virtual', enableDate: '2020-01-08T09:12:00Z' }]);
  });

  it('names the files it skipped in one note', () => {
    expect(notes.filter((note) => note.startsWith('skipped'))).toEqual([
      'skipped 2 file(s) that are not exports iamlint reads: list-users.json (JSON of no AWS CLI output iamlint reads); notes.txt (not JSON and not a credential report CSV)',
    ]);
  });

  it('needs a name part where the answer does not say what it is about, and says which', () => {
    const { notes: unnamed } = combineExports([exportOf('gaad.json', GAAD), exportOf('policy.json', JSON.stringify({ PasswordPolicy: { MinimumPasswordLength: 14 } })), exportOf(`saml-${ACCOUNT}.json`, JSON.stringify({ SAMLMetadataDocument: samlMetadata, CreateDate: '2021-02-01T10:00:00+00:00' }))], OPTIONS);
    expect(unnamed[0]).toBe(
      `skipped 2 file(s) that are not exports iamlint reads: policy.json (aws iam get-account-password-policy does not name its account: put the 12-digit account id in the file name); saml-${ACCOUNT}.json (get-saml-provider does not name its provider: name the file saml-provider-<account>-<provider name>.json)`,
    );
  });

  it('fails in one line only when nothing usable is left', () => {
    let message = '';
    try {
      combineExports([exportOf('notes.txt', 'hello\n'), exportOf('empty.json', '')], OPTIONS);
    } catch (error) {
      expect(error).toBeInstanceOf(IamlintError);
      message = (error as IamlintError).format();
    }
    expect(message).toBe(
      'nothing to import: none of the 2 files is an export iamlint reads (empty.json (empty); notes.txt (not JSON and not a credential report CSV)) (pass the files written by scripts/export-with-aws-cli.sh, or AWS CLI outputs named as docs/exports.md says)',
    );
  });
});
