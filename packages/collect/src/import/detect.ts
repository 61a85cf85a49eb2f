import { isObject } from '../format.js';

export type ExportKind =
  | 'gaad'
  | 'credential-report'
  | 'describe-organization'
  | 'list-accounts'
  | 'list-roots'
  | 'snapshot-file'
  | 'unknown';

/** What each kind is, for messages. */
export const EXPORT_DESCRIPTIONS: Record<Exclude<ExportKind, 'unknown'>, string> = {
  gaad: 'aws iam get-account-authorization-details',
  'credential-report': 'aws iam get-credential-report',
  'describe-organization': 'aws organizations describe-organization',
  'list-accounts': 'aws organizations list-accounts',
  'list-roots': 'aws organizations list-roots',
  'snapshot-file': 'a file of an iamlint snapshot folder',
};

const GAAD_KEYS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'];
const REPORT_COLUMNS = ['user', 'arn', 'mfa_active'];

/**
 * Recognises a raw export by its content, never its file name (exports are often saved as `out.json`), so
 * `path` does not decide. JSON that does not parse is 'unknown': the caller parses it again to say where it breaks.
 */
export function detectExport(text: string, _path: string): ExportKind {
  const content = text.replace(/^\uFEFF/, '').trimStart();
  if (content.startsWith('{')) return detectJson(content);
  const header = /^[^\r\n]*/.exec(content)?.[0] ?? '';
  const columns = header.split(',').map((column) => column.trim().replace(/^"|"$/g, ''));
  return REPORT_COLUMNS.every((column) => columns.includes(column)) ? 'credential-report' : 'unknown';
}

function detectJson(content: string): ExportKind {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return 'unknown';
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'unknown';
  const record = json as Record<string, unknown>;
  const has = (key: string) => key in record;
  if (GAAD_KEYS.some((key) => Array.isArray(record[key]))) return 'gaad';
  if (typeof record.Content === 'string' && (has('ReportFormat') || has('GeneratedTime'))) return 'credential-report';
  if (isObject(record.Organization)) return 'describe-organization';
  if (Array.isArray(record.Accounts)) return 'list-accounts';
  if (Array.isArray(record.Roots)) return 'list-roots';
  const isManifest = has('schemaVersion') && has('collectedAt') && has('gaps');
  const isAccountFile = typeof record.accountId === 'string' && Array.isArray(record.users);
  const isOrganizationFile = isObject(record.organization) && Array.isArray(record.accounts);
  const isIdentityCenterFile = Array.isArray(record.instances);
  if (isManifest || isAccountFile || isOrganizationFile || isIdentityCenterFile) return 'snapshot-file';
  return 'unknown';
}
