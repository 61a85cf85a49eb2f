import { SnapshotSchemaError, type AccountFile, type RootUser, type User } from '@iamlint/core';
import { awsTimestamp } from '../format.js';

/**
 * One row of the IAM credential report (`aws iam generate-credential-report`, then `get-credential-report`).
 * Values the report marks `N/A`, `no_information` or `not_supported` become null; timestamps become UTC
 * ISO-8601 (`YYYY-MM-DDTHH:MM:SSZ`), last-used times a UTC day (`YYYY-MM-DD`).
 */
export interface CredentialReportRow {
  user: string;
  arn: string;
  isRoot: boolean;
  userCreationTime: string | null;
  /** null for `not_supported`: the report never says whether the root user has a password. */
  passwordEnabled: boolean | null;
  /** UTC day; null for `N/A` (no password) and `no_information` (never used, or not since tracking began). */
  passwordLastUsed: string | null;
  passwordLastChanged: string | null;
  mfaActive: boolean;
  /** Only the slots that hold a key (last_rotated is not `N/A`). */
  accessKeys: Array<{
    slot: 1 | 2;
    active: boolean;
    lastRotated: string | null;
    lastUsedDate: string | null;
    lastUsedRegion: string | null;
    lastUsedService: string | null;
  }>;
  certificates: Array<{ slot: 1 | 2; active: boolean; lastRotated: string | null }>;
  /**
   * Why passwordLastUsed is null, as the report says it: `N/A` means the principal has no password,
   * `no_information` that it has one that was never used. Absent when passwordLastUsed is a day.
   */
  passwordLastUsedMarker?: 'N/A' | 'no_information';
}

export interface CredentialReport {
  rows: CredentialReportRow[];
  /** `GeneratedTime` of a `get-credential-report` JSON output, as UTC ISO-8601; null for bare CSV. */
  generatedTime: string | null;
}

/** Columns since the report's first version (2014); the `*_last_used_*` ones came in 2015 and may be absent. */
const REQUIRED_COLUMNS = [
  'user',
  'arn',
  'password_enabled',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_2_active',
  'access_key_2_last_rotated',
] as const;

const ROOT_USER = '<root_account>';
const HINT = 'pass the CSV of `aws iam get-credential-report`, or its JSON output ({"Content": "<base64 CSV>", …})';

/** Parses a credential report: the CSV text, or the JSON that `aws iam get-credential-report` prints. */
export function parseCredentialReport(content: string, source: string): CredentialReportRow[] {
  return readCredentialReport(content, source).rows;
}

/** Like parseCredentialReport, and also returns when AWS generated the report, if the input says. */
export function readCredentialReport(content: string, source: string): CredentialReport {
  const fail = (message: string): never => {
    throw new SnapshotSchemaError('SNAPSHOT_SCHEMA', `${source}: ${message}`, { hint: HINT });
  };
  const text = content.replace(/^\uFEFF/, '');
  if (text.trimStart().startsWith('{')) {
    const { csv, generatedTime } = unwrapJson(text, fail);
    return { rows: parseCsvReport(csv, fail), generatedTime };
  }
  return { rows: parseCsvReport(text, fail), generatedTime: null };
}

function unwrapJson(text: string, fail: (message: string) => never): { csv: string; generatedTime: string | null } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('malformed JSON: expected the output of `aws iam get-credential-report`');
  }
  const record = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  if (typeof record.Content !== 'string') return fail('no "Content" string: expected the output of `aws iam get-credential-report`');
  if (record.ReportFormat !== undefined && record.ReportFormat !== 'text/csv') {
    fail(`ReportFormat is ${JSON.stringify(record.ReportFormat)}, expected "text/csv"`);
  }
  const base64 = record.Content.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return fail('"Content" is not base64');
  const generated = record.GeneratedTime;
  let generatedTime: string | null = null;
  if (generated !== undefined && generated !== null) {
    generatedTime = typeof generated === 'string' ? awsTimestamp(generated) : null;
    if (generatedTime === null) fail(`GeneratedTime is not a date: ${JSON.stringify(generated)}`);
  }
  return { csv: Buffer.from(base64, 'base64').toString('utf8').replace(/^\uFEFF/, ''), generatedTime };
}

interface CsvRecord {
  fields: string[];
  line: number;
}

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF line ends. */
function parseCsv(text: string, fail: (message: string) => never): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let line = 1;
  let recordLine = 1;
  const endField = () => {
    fields.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) records.push({ fields, line: recordLine });
    fields = [];
  };
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (quoted) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index += 1;
        } else {
          quoted = false;
        }
      } else {
        if (char === '\n') line += 1;
        field += char;
      }
    } else if (char === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (char === ',') {
      endField();
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      field += char;
      fieldStarted = true;
    }
  }
  if (quoted) fail(`line ${recordLine}: a quoted field is not closed`);
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

function parseCsvReport(csv: string, fail: (message: string) => never): CredentialReportRow[] {
  const [header, ...records] = parseCsv(csv, fail);
  if (!header) return fail('empty file: expected a credential report CSV');
  const columns = new Map(header.fields.map((name, index) => [name.trim(), index]));
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.has(name));
  if (missing.length > 0) {
    return fail(`the header lacks the column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}: not a credential report, or a cut-down one`);
  }
  return records.map((record, rowIndex) => {
    const row = rowIndex + 1;
    const raw = (column: string): string | undefined => {
      const index = columns.get(column);
      return index === undefined ? undefined : (record.fields[index] ?? '').trim();
    };
    const userName = raw('user') ?? '';
    const where = (column: string) => `row ${row} (line ${record.line}, user ${userName || '?'}), column ${column}`;
    if (record.fields.length !== header.fields.length) {
      fail(`row ${row} (line ${record.line}) has ${record.fields.length} fields, the header ${header.fields.length}`);
    }
    const bool = (column: string): boolean | null => {
      const value = raw(column);
      if (value === undefined || isMarker(value)) return null;
      const lower = value.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      return fail(`${where(column)}: expected true or false, got ${JSON.stringify(value)}`);
    };
    const time = (column: string, toDay = false): string | null => {
      const value = raw(column);
      if (value === undefined || isMarker(value)) return null;
      const timestamp = awsTimestamp(value);
      if (timestamp === null) return fail(`${where(column)}: expected an ISO-8601 time, N/A or no_information, got ${JSON.stringify(value)}`);
      return toDay ? timestamp.slice(0, 10) : timestamp;
    };
    const text = (column: string): string | null => {
      const value = raw(column);
      return value === undefined || value === '' || isMarker(value) ? null : value;
    };

    const arn = raw('arn') ?? '';
    if (!/^arn:aws[a-z-]*:iam::[0-9]{12}:(root|user\/)/.test(arn)) {
      fail(`${where('arn')}: expected an IAM user or root ARN, got ${JSON.stringify(arn)}`);
    }
    const isRoot = userName === ROOT_USER || /:root$/.test(arn);
    // An unknown MFA state reads as none and an unknown key state as active: a finding to check, never a silent pass.
    const mfaActive = bool('mfa_active') ?? false;
    const passwordLastUsedRaw = raw('password_last_used');
    const passwordLastUsed = time('password_last_used', true);
    const marker = passwordLastUsed === null && passwordLastUsedRaw !== undefined ? markerOf(passwordLastUsedRaw) : undefined;

    const accessKeys: CredentialReportRow['accessKeys'] = [];
    const certificates: CredentialReportRow['certificates'] = [];
    for (const slot of [1, 2] as const) {
      const keyRotated = raw(`access_key_${slot}_last_rotated`);
      if (keyRotated !== undefined && !isMarker(keyRotated)) {
        accessKeys.push({
          slot,
          active: bool(`access_key_${slot}_active`) ?? true,
          lastRotated: time(`access_key_${slot}_last_rotated`),
          lastUsedDate: time(`access_key_${slot}_last_used_date`, true),
          lastUsedRegion: text(`access_key_${slot}_last_used_region`),
          lastUsedService: text(`access_key_${slot}_last_used_service`),
        });
      }
      const certRotated = raw(`cert_${slot}_last_rotated`);
      if (certRotated !== undefined && !isMarker(certRotated)) {
        certificates.push({ slot, active: bool(`cert_${slot}_active`) ?? false, lastRotated: time(`cert_${slot}_last_rotated`) });
      }
    }
    return {
      user: userName,
      arn,
      isRoot,
      userCreationTime: time('user_creation_time'),
      passwordEnabled: bool('password_enabled'),
      passwordLastUsed,
      passwordLastChanged: time('password_last_changed'),
      mfaActive,
      accessKeys,
      certificates,
      ...(marker ? { passwordLastUsedMarker: marker } : {}),
    };
  });
}

export interface ApplyCredentialReportOptions {
  /** When the report was taken: the MFA devices it reveals are known to be enabled by then. */
  collectedAt: string;
}

/**
 * Merges a credential report into an account file built from a get-account-authorization-details export.
 *
 * What the report cannot say, and how it is represented:
 * - The root user's `password_enabled` is always `not_supported`. AWS marks `password_last_used` `N/A` for a
 *   principal without a password, so the root counts as having a password unless that column says `N/A`; null
 *   (centrally managed root access) is never inferred, because the report cannot tell that apart from a root
 *   user whose password was removed but can still be recovered by email.
 * - MFA: the report says a device is active, not which kind or since when: one device of type `unknown`
 *   (serial `unknown`) enabled at `collectedAt`, only when the export lists none.
 * - Console password: the report has no pending-reset flag, so `passwordResetRequired` is false; the login
 *   profile dates from `password_last_changed`, else the user's creation.
 * - Access key ids are not in the report: users' `accessKeys` stay as they are (the section remains a gap).
 * Rows for users the account file does not hold are ignored; the caller can compare the ARNs to warn.
 */
export function applyCredentialReport(account: AccountFile, rows: readonly CredentialReportRow[], options: ApplyCredentialReportOptions): AccountFile {
  const byArn = new Map(rows.filter((row) => !row.isRoot).map((row) => [row.arn, row]));
  const rootRow = rows.find((row) => row.isRoot);
  const root = rootRow
    ? rootUserFromReport(rootRow, {
        passwordEnabled: rootRow.passwordEnabled ?? rootRow.passwordLastUsedMarker !== 'N/A',
        mfaType: rootRow.mfaActive ? 'unknown' : null,
      })
    : account.root;
  const users = account.users.map((user): User => {
    const row = byArn.get(user.arn);
    if (!row) return user;
    const passwordEnabled = row.passwordEnabled === true;
    return {
      ...user,
      passwordLastUsed: row.passwordLastUsed,
      loginProfile: passwordEnabled
        ? { createDate: row.passwordLastChanged ?? row.userCreationTime ?? user.createDate, passwordResetRequired: false }
        : null,
      mfaDevices:
        row.mfaActive && user.mfaDevices.length === 0
          ? [{ serialNumber: 'unknown', type: 'unknown', enableDate: options.collectedAt }]
          : user.mfaDevices,
    };
  });
  return { ...account, root, users };
}

/** The root user of a report row; what the report cannot say (password, kind of MFA) the caller decides. */
export function rootUserFromReport(row: CredentialReportRow, known: Pick<RootUser, 'passwordEnabled' | 'mfaType'>): RootUser {
  return {
    arn: row.arn,
    passwordEnabled: known.passwordEnabled,
    passwordLastUsed: row.passwordLastUsed,
    mfaActive: row.mfaActive,
    mfaType: known.mfaType,
    accessKeys: row.accessKeys.map(({ slot, active, lastRotated, lastUsedDate }) => ({ slot, active, lastRotated, lastUsedDate })),
    signingCertificatesActive: row.certificates.filter((certificate) => certificate.active).length,
  };
}

/** The account id the report's ARNs name; an error when they name none or several. */
export function credentialReportAccount(rows: readonly CredentialReportRow[], source: string): string {
  const ids = [...new Set(rows.map((row) => /^arn:aws[a-z-]*:iam::([0-9]{12}):/.exec(row.arn)?.[1] ?? ''))].sort();
  if (ids.length === 1 && ids[0]) return ids[0];
  throw new SnapshotSchemaError(
    'SNAPSHOT_SCHEMA',
    ids.length === 0 ? `${source}: the credential report has no rows` : `${source}: the credential report's ARNs name ${ids.length} accounts (${ids.join(', ')})`,
    { hint: ids.length === 0 ? HINT : 'pass one credential report per account, as AWS writes it' },
  );
}

function isMarker(value: string): boolean {
  return markerOf(value) !== undefined || value.toLowerCase() === 'not_supported' || value === '';
}

function markerOf(value: string): 'N/A' | 'no_information' | undefined {
  const lower = value.toLowerCase();
  return lower === 'n/a' ? 'N/A' : lower === 'no_information' ? 'no_information' : undefined;
}
