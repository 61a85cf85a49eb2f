import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IamlintError, loadSnapshot, type AccountFile } from '@iamlint/core';
import { applyCredentialReport, credentialReportAccount, importGaad, parseCredentialReport, readCredentialReport } from '../src/index.js';

const REPORT_CSV = readFileSync(new URL('./fixtures/credential-report-012345678901.csv', import.meta.url), 'utf8');
const SOURCE = 'credential-report.csv';
const HEADER = REPORT_CSV.split('\n')[0] as string;

/** What `aws iam get-credential-report` prints: the CSV base64-encoded in Content. */
function cliJson(csv: string, generatedTime = '2023-03-10T09:14:02+00:00'): string {
  return JSON.stringify({ Content: Buffer.from(csv, 'utf8').toString('base64'), ReportFormat: 'text/csv', GeneratedTime: generatedTime }, null, 4);
}

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(IamlintError);
    return (error as IamlintError).format();
  }
  throw new Error('expected an error');
}

describe('parseCredentialReport', () => {
  const rows = parseCredentialReport(REPORT_CSV, SOURCE);

  it('reads the root row: not_supported password, an active access key, no MFA', () => {
    expect(rows[0]).toEqual({
      user: '<root_account>',
      arn: 'arn:aws:iam::012345678901:root',
      isRoot: true,
      userCreationTime: '2019-11-02T16:20:51Z',
      passwordEnabled: null,
      passwordLastUsed: '2023-01-17',
      passwordLastChanged: null,
      mfaActive: false,
      accessKeys: [
        { slot: 1, active: true, lastRotated: '2019-11-02T16:45:10Z', lastUsedDate: '2023-02-27', lastUsedRegion: 'us-east-1', lastUsedService: 's3' },
      ],
      certificates: [],
    });
  });

  it('reads a user with two keys, one inactive and never used', () => {
    expect(rows[1]).toMatchObject({
      user: 'obama',
      isRoot: false,
      passwordEnabled: true,
      passwordLastUsed: '2023-03-08',
      passwordLastChanged: '2019-12-18T19:25:33Z',
      mfaActive: true,
      accessKeys: [
        { slot: 1, active: true, lastRotated: '2022-11-30T10:12:40Z', lastUsedDate: '2023-03-09', lastUsedRegion: 'us-east-1', lastUsedService: 'iam' },
        { slot: 2, active: false, lastRotated: '2019-12-18T19:26:02Z', lastUsedDate: null, lastUsedRegion: null, lastUsedService: null },
      ],
    });
  });

  it('tells no_information (a password never used) from N/A (no password)', () => {
    expect(rows[2]).toMatchObject({ user: 'userwithlotsofpermissions', passwordEnabled: true, passwordLastUsed: null, passwordLastUsedMarker: 'no_information', accessKeys: [] });
    expect(rows[3]).toMatchObject({ user: 'biden', passwordEnabled: false, passwordLastUsed: null, passwordLastChanged: null, passwordLastUsedMarker: 'N/A' });
    expect(rows[3]?.accessKeys).toEqual([
      { slot: 1, active: true, lastRotated: '2019-12-18T19:30:44Z', lastUsedDate: null, lastUsedRegion: null, lastUsedService: null },
    ]);
    expect(rows).toHaveLength(4);
  });

  it('reads the JSON of `aws iam get-credential-report` the same as the CSV, with its GeneratedTime', () => {
    const report = readCredentialReport(cliJson(REPORT_CSV), 'report.json');
    expect(report.rows).toEqual(rows);
    expect(report.generatedTime).toBe('2023-03-10T09:14:02Z');
    expect(readCredentialReport(REPORT_CSV, SOURCE).generatedTime).toBeNull();
  });

  it('finds columns by name: reordered, extra, and the 2015 last-used columns missing', () => {
    const csv = [
      'arn,user,mfa_active,password_enabled,access_key_2_last_rotated,access_key_2_active,access_key_1_last_rotated,access_key_1_active,future_column',
      'arn:aws:iam::012345678901:user/ops/dana,dana,true,true,N/A,false,2024-05-02T09:12:44+00:00,true,whatever',
    ].join('\n');
    expect(parseCredentialReport(csv, SOURCE)).toEqual([
      {
        user: 'dana',
        arn: 'arn:aws:iam::012345678901:user/ops/dana',
        isRoot: false,
        userCreationTime: null,
        passwordEnabled: true,
        passwordLastUsed: null,
        passwordLastChanged: null,
        mfaActive: true,
        accessKeys: [{ slot: 1, active: true, lastRotated: '2024-05-02T09:12:44Z', lastUsedDate: null, lastUsedRegion: null, lastUsedService: null }],
        certificates: [],
      },
    ]);
  });

  it('handles CRLF, a byte-order mark, quoted fields with commas and quotes, and a blank last line', () => {
    const crlf = `\uFEFF${REPORT_CSV.trimEnd().split('\n').join('\r\n')}\r\n\r\n`;
    expect(parseCredentialReport(crlf, SOURCE)).toEqual(rows);
    const quoted = `${HEADER}\n${'"svc, ""legacy""",arn:aws:iam::012345678901:user/svc-legacy,2021-04-12T07:55:03+00:00,false,N/A,N/A,N/A,false,"true",2021-04-12T07:55:40+00:00,2026-10-01T08:12:44+00:00,eu-west-1,sts,false,N/A,N/A,N/A,N/A,true,2021-04-12T08:02:11+00:00,false,N/A'}\n`;
    const [row] = parseCredentialReport(quoted, SOURCE);
    expect(row).toMatchObject({ user: 'svc, "legacy"', accessKeys: [{ slot: 1, active: true, lastUsedDate: '2026-10-01', lastUsedService: 'sts' }] });
    expect(row?.certificates).toEqual([{ slot: 1, active: true, lastRotated: '2021-04-12T08:02:11Z' }]);
  });

  it.each([
    ['a missing column', 'user,arn,password_enabled,mfa_active\n', /^credential-report\.csv: the header lacks the columns access_key_1_active, access_key_1_last_rotated, access_key_2_active, access_key_2_last_rotated/],
    ['a bad boolean', REPORT_CSV.replace('obama,2019-12-18T19:10:08+00:00,true,', 'obama,2019-12-18T19:10:08+00:00,yes,'), /^credential-report\.csv: row 2 \(line 3, user obama\), column password_enabled: expected true or false, got "yes"/],
    ['a bad time', REPORT_CSV.replace('2023-03-08T14:02:51+00:00', 'last week'), /^credential-report\.csv: row 2 \(line 3, user obama\), column password_last_used: expected an ISO-8601 time/],
    ['a short row', `${HEADER}\nbiden,arn:aws:iam::012345678901:user/biden,true\n`, /^credential-report\.csv: row 1 \(line 2\) has 3 fields, the header 22/],
    ['an unclosed quote', `${HEADER}\n"biden,arn:aws:iam::012345678901:user/biden\n`, /^credential-report\.csv: line 2: a quoted field is not closed/],
    ['a non-IAM ARN', REPORT_CSV.replace('arn:aws:iam::012345678901:user/biden', 'arn:aws:s3:::biden'), /column arn: expected an IAM user or root ARN, got "arn:aws:s3:::biden"/],
    ['an empty file', '', /^credential-report\.csv: empty file/],
    ['JSON without Content', '{"ReportFormat": "text/csv"}', /^credential-report\.csv: no "Content" string/],
    ['JSON with a broken Content', '{"Content": "not base64!", "ReportFormat": "text/csv"}', /"Content" is not base64/],
  ])('rejects %s with one line naming the file', (_label, content, pattern) => {
    const message = errorOf(() => parseCredentialReport(content, SOURCE));
    expect(message).toMatch(pattern);
    expect(message).toContain('aws iam get-credential-report');
    expect(message.split('\n')).toHaveLength(1);
  });
});

describe('credentialReportAccount', () => {
  it('names the one account of the ARNs, and refuses a mix', () => {
    expect(credentialReportAccount(parseCredentialReport(REPORT_CSV, SOURCE), SOURCE)).toBe('012345678901');
    const mixed = `${REPORT_CSV}eli,arn:aws:iam::210987654321:user/eli,2024-05-02T09:12:44+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n`;
    expect(errorOf(() => credentialReportAccount(parseCredentialReport(mixed, SOURCE), SOURCE))).toMatch(
      /^credential-report\.csv: the credential report's ARNs name 2 accounts \(012345678901, 210987654321\)/,
    );
  });
});

describe('applyCredentialReport', () => {
  const gaad = {
    UserDetailList: ['obama', 'userwithlotsofpermissions', 'biden', 'carol'].map((name) => ({
      Path: '/',
      UserName: name,
      UserId: `AIDA${name.toUpperCase().replace(/[^A-Z]/g, '').padEnd(17, 'X').slice(0, 17)}`,
      Arn: `arn:aws:iam::012345678901:user/${name}`,
      CreateDate: '2019-12-18 19:10:08+00:00',
      GroupList: [],
      AttachedManagedPolicies: [],
      Tags: [],
    })),
    GroupDetailList: [],
    RoleDetailList: [],
    Policies: [],
  };
  const collectedAt = '2023-03-10T09:14:02Z';
  const files = importGaad(gaad, { collectedAt, toolVersion: '0.1.0-test' });
  const account = JSON.parse(files.get('accounts/012345678901.json') as string) as AccountFile;
  const merged = applyCredentialReport(account, parseCredentialReport(REPORT_CSV, SOURCE), { collectedAt });
  const user = (name: string) => merged.users.find((entry) => entry.userName === name);

  it('records the root user: a password, no MFA, the active key by slot', () => {
    expect(merged.root).toEqual({
      arn: 'arn:aws:iam::012345678901:root',
      passwordEnabled: true,
      passwordLastUsed: '2023-01-17',
      mfaActive: false,
      mfaType: null,
      accessKeys: [{ slot: 1, active: true, lastRotated: '2019-11-02T16:45:10Z', lastUsedDate: '2023-02-27' }],
      signingCertificatesActive: 0,
    });
  });

  it('takes a root password_last_used of N/A as no password, and active MFA as of an unknown kind', () => {
    const noPassword = REPORT_CSV.replace('not_supported,2023-01-17T08:03:12+00:00,not_supported,not_supported,false', 'not_supported,N/A,not_supported,not_supported,true');
    const root = applyCredentialReport(account, parseCredentialReport(noPassword, SOURCE), { collectedAt }).root;
    expect(root).toMatchObject({ passwordEnabled: false, passwordLastUsed: null, mfaActive: true, mfaType: 'unknown' });
  });

  it('gives console users a login profile and MFA users one device of unknown kind', () => {
    expect(user('obama')).toMatchObject({
      passwordLastUsed: '2023-03-08',
      loginProfile: { createDate: '2019-12-18T19:25:33Z', passwordResetRequired: false },
      mfaDevices: [{ serialNumber: 'unknown', type: 'unknown', enableDate: collectedAt }],
      accessKeys: [],
    });
    expect(user('userwithlotsofpermissions')).toMatchObject({ passwordLastUsed: null, loginProfile: { createDate: '2019-12-18T19:11:47Z' }, mfaDevices: [] });
    expect(user('biden')).toMatchObject({ passwordLastUsed: null, loginProfile: null, mfaDevices: [] });
  });

  it('leaves a user the report does not list, and the rest of the file, as they were', () => {
    expect(user('carol')).toEqual(account.users.find((entry) => entry.userName === 'carol'));
    expect({ ...merged, root: null, users: [] }).toEqual({ ...account, users: [] });
    expect(applyCredentialReport(account, [], { collectedAt })).toEqual(account);
  });

  it('produces an account file the loader accepts', () => {
    const snapshot = new Map(files);
    snapshot.set('accounts/012345678901.json', `${JSON.stringify(merged, null, 2)}\n`);
    const model = loadSnapshot(snapshot);
    expect(model.all('MfaDevice').map((device) => device.user.userName)).toEqual(['obama']);
    expect(model.all('RootUser')).toHaveLength(1);
  });
});
