import {
  parseJsonFile,
  SCHEMA_VERSION,
  SECTION_IDS,
  SnapshotSchemaError,
  type AccountFile,
  type Gap,
  type Manifest,
} from '@iamlint/core';
import { compare, jsonFile } from '../format.js';
import { applyCredentialReport, credentialReportAccount, readCredentialReport, type CredentialReportRow } from './credential-report.js';
import { detectExport, EXPORT_DESCRIPTIONS, type ExportKind } from './detect.js';
import { readGaad, SECTIONS_NOT_IN_EXPORT } from './gaad.js';
import { importOrganizationExports, type OrganizationExportInput } from './organizations.js';

export interface ExportInput {
  /** Named in errors and notes, as the user typed it. */
  path: string;
  text: string;
  /** An export carries no timestamp of its own (except a credential report's GeneratedTime): the file's mtime stands for it. */
  mtime: Date;
}

export interface CombineOptions {
  toolVersion: string;
}

export interface CombinedSnapshot {
  /** Snapshot-relative path → file text, sorted by path. */
  files: Map<string, string>;
  /** One line each: what was assumed or left out, for the user to read. */
  notes: string[];
}

/** What neither get-account-authorization-details nor the credential report returns. */
const SECTIONS_NOT_IN_EXPORTS = SECTIONS_NOT_IN_EXPORT.filter(({ section }) => section !== 'iam.credentialReport' && section !== 'iam.accessKeys');

const ACCESS_KEYS_GAP = {
  section: 'iam.accessKeys',
  call: 'iam:ListAccessKeys',
  error: 'NotInExport',
} as const;

const SUPPORTED = (['gaad', 'credential-report', 'describe-organization', 'list-accounts', 'list-roots'] as const)
  .map((kind) => `\`${EXPORT_DESCRIPTIONS[kind]}\``)
  .join(', ');

/**
 * Merges raw AWS CLI exports into the files of one snapshot: one account file per account named by a
 * get-account-authorization-details export, completed by that account's credential report; organization
 * exports fill `organization.json`. The same inputs always give the same bytes.
 */
export function combineExports(inputs: readonly ExportInput[], options: CombineOptions): CombinedSnapshot {
  if (inputs.length === 0) throw usage('no export files given', `pass files written by ${SUPPORTED}`);
  const notes: string[] = [];
  const accounts = new Map<string, { account: AccountFile; gaps: Gap[]; source: string }>();
  const reports = new Map<string, { rows: CredentialReportRow[]; source: string; collectedAt: string }>();
  const organizationInputs: OrganizationExportInput[] = [];
  const times: string[] = [];

  for (const input of [...inputs].sort((a, b) => compare(a.path, b.path))) {
    const kind = detectExport(input.text, input.path);
    const fileTime = `${input.mtime.toISOString().slice(0, 19)}Z`;
    switch (kind) {
      case 'gaad': {
        const imported = readGaad(parseJsonFile(input.path, input.text), { source: input.path, splitAccounts: true });
        if (imported.accountIds.length > 1) {
          notes.push(`${input.path}: the ARNs name ${imported.accountIds.length} accounts (${imported.accountIds.join(', ')}); each gets its own account file`);
        }
        for (const account of imported.accounts) {
          const { accountId } = account;
          const previous = accounts.get(accountId);
          if (previous) {
            throw usage(`${input.path} and ${previous.source} both export account ${accountId}`, 'pass one get-account-authorization-details export per account');
          }
          accounts.set(accountId, { account, gaps: imported.gaps.filter((gap) => gap.accountId === accountId), source: input.path });
        }
        times.push(fileTime);
        break;
      }
      case 'credential-report': {
        const report = readCredentialReport(input.text, input.path);
        const accountId = credentialReportAccount(report.rows, input.path);
        const previous = reports.get(accountId);
        if (previous) {
          throw usage(`${input.path} and ${previous.source} are both credential reports of account ${accountId}`, 'pass one credential report per account');
        }
        const collectedAt = report.generatedTime ?? fileTime;
        reports.set(accountId, { rows: report.rows, source: input.path, collectedAt });
        times.push(collectedAt);
        break;
      }
      case 'describe-organization':
      case 'list-accounts':
      case 'list-roots':
        organizationInputs.push({ kind, json: parseJsonFile(input.path, input.text), source: input.path });
        times.push(fileTime);
        break;
      default:
        throw unrecognised(input, kind);
    }
  }

  for (const [accountId, report] of [...reports].sort(([a], [b]) => compare(a, b))) {
    const imported = accounts.get(accountId);
    if (imported) {
      imported.account = applyCredentialReport(imported.account, report.rows, { collectedAt: report.collectedAt });
      imported.gaps = imported.gaps
        .filter((gap) => gap.section !== 'iam.credentialReport')
        .map((gap) => (gap.section === 'iam.accessKeys' ? { ...ACCESS_KEYS_GAP, accountId, message: accessKeysMessage(report.rows) } : gap));
      notes.push(...unmatchedUsers(imported.account, report.rows, report.source, imported.source));
    } else {
      accounts.set(accountId, { account: reportOnlyAccount(accountId, report.rows, report.collectedAt), gaps: reportOnlyGaps(accountId, report.rows), source: report.source });
      notes.push(`${report.source}: no get-account-authorization-details export of account ${accountId}; only its root user is imported, users, groups, roles and policies are not evaluated`);
    }
  }

  const organization = organizationInputs.length > 0 ? importOrganizationExports(organizationInputs) : null;
  if (organization) notes.push(...organization.notes);

  const accountIds = [...accounts.keys()].sort(compare);
  const manifest: Manifest = {
    schemaVersion: SCHEMA_VERSION,
    collectedAt: times.sort(compare).at(-1) as string,
    tool: { name: 'iamlint', version: options.toolVersion },
    scope: {
      ...(organization ? { organizationId: organization.file.organization.id, managementAccountId: organization.file.organization.managementAccountId } : {}),
      accounts: accountIds,
    },
    gaps: sortGaps([...(organization?.gaps ?? []), ...accountIds.flatMap((accountId) => (accounts.get(accountId) as { gaps: Gap[] }).gaps)]),
  };

  const files = new Map<string, string>();
  for (const accountId of accountIds) files.set(`accounts/${accountId}.json`, jsonFile((accounts.get(accountId) as { account: AccountFile }).account));
  if (organization) files.set('organization.json', jsonFile(organization.file));
  files.set('snapshot.json', jsonFile(manifest));
  return { files: new Map([...files].sort(([a], [b]) => compare(a, b))), notes };
}

function accessKeysMessage(rows: readonly CredentialReportRow[]): string {
  const keys = rows.reduce((count, row) => count + (row.isRoot ? 0 : row.accessKeys.length), 0);
  return `access key ids are in neither a get-account-authorization-details export nor the credential report (which shows ${keys} user access key${keys === 1 ? '' : 's'} by slot only), so key rules cannot name them`;
}

function reportOnlyAccount(accountId: string, rows: readonly CredentialReportRow[], collectedAt: string): AccountFile {
  const empty: AccountFile = {
    accountId,
    alias: null,
    root: null,
    users: [],
    groups: [],
    roles: [],
    policies: [],
    samlProviders: [],
    oidcProviders: [],
    passwordPolicy: null,
    accountSummary: {},
  };
  return applyCredentialReport(empty, rows, { collectedAt });
}

function reportOnlyGaps(accountId: string, rows: readonly CredentialReportRow[]): Gap[] {
  const users = rows.filter((row) => !row.isRoot).length;
  return [
    {
      section: 'iam.authorizationDetails',
      accountId,
      call: 'iam:GetAccountAuthorizationDetails',
      error: 'NotInExport',
      message: `no get-account-authorization-details export: the ${users} IAM user${users === 1 ? '' : 's'} of the credential report, and the account's groups, roles and policies, are not imported`,
    },
    { ...ACCESS_KEYS_GAP, accountId, message: accessKeysMessage(rows) },
    ...SECTIONS_NOT_IN_EXPORTS.map(({ section, call }) => ({
      section,
      accountId,
      call,
      error: 'NotInExport',
      message: `neither a get-account-authorization-details export nor a credential report includes ${section}`,
    })),
  ];
}

/** A report taken at another time than the export lists other users: say so, or a rule would silently skip them. */
function unmatchedUsers(account: AccountFile, rows: readonly CredentialReportRow[], reportSource: string, exportSource: string): string[] {
  const inReport = new Set(rows.filter((row) => !row.isRoot).map((row) => row.arn));
  const inExport = new Set(account.users.map((user) => user.arn));
  const notes: string[] = [];
  const onlyInExport = [...inExport].filter((arn) => !inReport.has(arn)).sort(compare);
  const onlyInReport = [...inReport].filter((arn) => !inExport.has(arn)).sort(compare);
  if (onlyInExport.length > 0) {
    notes.push(`${reportSource}: ${onlyInExport.length} user(s) of ${exportSource} are not in the credential report, so their password and MFA are taken as absent: ${names(onlyInExport)}`);
  }
  if (onlyInReport.length > 0) {
    notes.push(`${reportSource}: ${onlyInReport.length} user(s) of the credential report are not in ${exportSource} and are ignored: ${names(onlyInReport)}`);
  }
  if (!rows.some((row) => row.isRoot)) notes.push(`${reportSource}: the credential report has no <root_account> row; the root user is not evaluated`);
  return notes;
}

function names(arns: readonly string[]): string {
  const shown = arns.slice(0, 5).map((arn) => arn.replace(/^.*:user\//, ''));
  return `${shown.join(', ')}${arns.length > shown.length ? `, and ${arns.length - shown.length} more` : ''}`;
}

function sortGaps(gaps: readonly Gap[]): Gap[] {
  const order = new Map<string, number>(SECTION_IDS.map((section, index) => [section, index]));
  return [...gaps].sort((a, b) => compare(a.accountId ?? '', b.accountId ?? '') || (order.get(a.section) ?? 0) - (order.get(b.section) ?? 0));
}

function unrecognised(input: ExportInput, kind: ExportKind): SnapshotSchemaError {
  if (kind === 'snapshot-file') {
    return usage(`${input.path} is a file of an iamlint snapshot, not a raw export`, 'pass the snapshot folder that holds it, e.g. `iamlint audit snapshots/acme`');
  }
  const trimmed = input.text.replace(/^\uFEFF/, '').trimStart();
  // JSON that does not parse gets its line and column from the JSON parser, not a vague "unrecognised".
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) parseJsonFile(input.path, input.text);
  return usage(`${input.path}: not an export iamlint can import`, `pass the output of ${SUPPORTED}`);
}

function usage(message: string, hint: string): SnapshotSchemaError {
  return new SnapshotSchemaError('SNAPSHOT_SCHEMA', message, { hint });
}
