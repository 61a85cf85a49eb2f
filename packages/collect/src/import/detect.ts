import { jsonNestingTooDeep, MAX_JSON_DEPTH, UsageError, valueNestsDeeper } from '@iamlint/core';
import { isObject } from '../format.js';

/** The Organizations outputs, which the organization importer reads. */
export type OrganizationExportKind =
  | 'describe-organization'
  | 'list-accounts'
  | 'list-roots'
  | 'organizational-units'
  | 'describe-policy'
  | 'policy-targets'
  | 'tags'
  | 'delegated-administrators'
  | 'delegated-services'
  | 'organizations-features';

export type ExportKind =
  | 'gaad'
  | 'credential-report'
  | 'password-policy'
  | 'no-password-policy'
  | 'account-summary'
  | 'account-aliases'
  | 'virtual-mfa-devices'
  | 'mfa-devices'
  | 'access-keys'
  | 'access-key-last-used'
  | 'saml-providers'
  | 'saml-provider'
  | 'oidc-providers'
  | 'oidc-provider'
  | 'server-certificates'
  | 'roles'
  | OrganizationExportKind
  | 'sso-instances'
  | 'permission-set'
  | 'permission-set-managed-policies'
  | 'permission-set-customer-managed-policies'
  | 'permission-set-inline-policy'
  | 'permission-set-boundary'
  | 'no-permission-set-boundary'
  | 'permission-set-accounts'
  | 'account-assignments'
  | 'identity-store-users'
  | 'identity-store-groups'
  | 'group-memberships'
  | 'snapshot-file'
  | 'unknown';

/** The AWS CLI command whose output each kind is, for messages and docs/exports.md. */
export const EXPORT_DESCRIPTIONS: Record<Exclude<ExportKind, 'unknown'>, string> = {
  gaad: 'aws iam get-account-authorization-details',
  'credential-report': 'aws iam get-credential-report',
  'password-policy': 'aws iam get-account-password-policy',
  'no-password-policy': 'aws iam get-account-password-policy (its NoSuchEntity error: no policy)',
  'account-summary': 'aws iam get-account-summary',
  'account-aliases': 'aws iam list-account-aliases',
  'virtual-mfa-devices': 'aws iam list-virtual-mfa-devices',
  'mfa-devices': 'aws iam list-mfa-devices --user-name',
  'access-keys': 'aws iam list-access-keys --user-name',
  'access-key-last-used': 'aws iam get-access-key-last-used',
  'saml-providers': 'aws iam list-saml-providers',
  'saml-provider': 'aws iam get-saml-provider',
  'oidc-providers': 'aws iam list-open-id-connect-providers',
  'oidc-provider': 'aws iam get-open-id-connect-provider',
  'server-certificates': 'aws iam list-server-certificates',
  roles: 'aws iam list-roles',
  'describe-organization': 'aws organizations describe-organization',
  'list-accounts': 'aws organizations list-accounts (or list-accounts-for-parent)',
  'list-roots': 'aws organizations list-roots',
  'organizational-units': 'aws organizations list-organizational-units-for-parent',
  'describe-policy': 'aws organizations describe-policy',
  'policy-targets': 'aws organizations list-targets-for-policy',
  tags: 'aws organizations list-tags-for-resource (or sso-admin list-tags-for-resource)',
  'delegated-administrators': 'aws organizations list-delegated-administrators',
  'delegated-services': 'aws organizations list-delegated-services-for-account',
  'organizations-features': 'aws iam list-organizations-features',
  'sso-instances': 'aws sso-admin list-instances',
  'permission-set': 'aws sso-admin describe-permission-set',
  'permission-set-managed-policies': 'aws sso-admin list-managed-policies-in-permission-set',
  'permission-set-customer-managed-policies': 'aws sso-admin list-customer-managed-policy-references-in-permission-set',
  'permission-set-inline-policy': 'aws sso-admin get-inline-policy-for-permission-set',
  'permission-set-boundary': 'aws sso-admin get-permissions-boundary-for-permission-set',
  'no-permission-set-boundary': 'aws sso-admin get-permissions-boundary-for-permission-set (its ResourceNotFoundException error: no boundary)',
  'permission-set-accounts': 'aws sso-admin list-accounts-for-provisioned-permission-set',
  'account-assignments': 'aws sso-admin list-account-assignments',
  'identity-store-users': 'aws identitystore list-users',
  'identity-store-groups': 'aws identitystore list-groups',
  'group-memberships': 'aws identitystore list-group-memberships',
  'snapshot-file': 'a file of an iamlint snapshot folder',
};

const GAAD_LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList'];
const REPORT_COLUMNS = ['user', 'arn', 'mfa_active'];
/** What the AWS CLI prints on stderr when a call answers "there is none": saved by the export script, read as an answer. */
const NONE_ANSWERS: ReadonlyArray<[RegExp, ExportKind]> = [
  [/\(NoSuchEntity\)[^\n]*GetAccountPasswordPolicy operation/, 'no-password-policy'],
  [/\(ResourceNotFoundException\)[^\n]*GetPermissionsBoundaryForPermissionSet operation/, 'no-permission-set-boundary'],
];

/** An export's kind, and its content parsed when it is JSON: what `recogniseExport` found, so that nobody parses it again. */
export interface RecognisedExport {
  kind: ExportKind;
  /** The parsed text, without its byte order mark; undefined when the text is no JSON (or only parses once trimmed of other than JSON's white space). */
  json?: unknown;
}

/**
 * Recognises a raw export by its content, never its file name (exports are often saved as `out.json`), so
 * `path` does not decide. JSON that does not parse is 'unknown': the caller parses it again to say where it breaks.
 * JSON nested deeper than any AWS output is refused here, before an importer could recurse into it.
 */
export function recogniseExport(text: string, path: string): RecognisedExport {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const content = body.trimStart();
  const jsonLike = content.startsWith('{') || content.startsWith('[');
  const json = jsonLike ? parseCheckedDepth(body, path) : undefined;
  if (content.startsWith('{')) {
    // JSON.parse skips only JSON's white space; other leading space (which trimStart drops) makes the text malformed, said by the caller's strict parse.
    return json === undefined ? { kind: detectJson(parseOrUndefined(content)) } : { kind: detectJson(json), json };
  }
  for (const [pattern, kind] of NONE_ANSWERS) if (pattern.test(content)) return { kind };
  const header = /^[^\r\n]*/.exec(content)?.[0] ?? '';
  const columns = header.split(',').map((column) => column.trim().replace(/^"|"$/g, ''));
  return { kind: REPORT_COLUMNS.every((column) => columns.includes(column)) ? 'credential-report' : 'unknown', ...(json === undefined ? {} : { json }) };
}

/** As recogniseExport, the kind alone. */
export function detectExport(text: string, path: string): ExportKind {
  return recogniseExport(text, path).kind;
}

/** The parsed text, undefined when it does not parse; refused when it nests deeper than MAX_JSON_DEPTH, valid or not. */
function parseCheckedDepth(text: string, path: string): unknown {
  const json = parseOrUndefined(text);
  // JSON.parse does not recurse, and the parsed value is walked faster than the text; malformed text is scanned instead.
  if (json === undefined ? jsonNestingTooDeep(text) !== undefined : valueNestsDeeper(json, MAX_JSON_DEPTH)) {
    throw new UsageError('USAGE', `${path}: JSON nested deeper than ${MAX_JSON_DEPTH} levels (the limit iamlint reads)`, { hint: 'no AWS export nests this deep; check how the file was produced' });
  }
  return json;
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function detectJson(json: unknown): ExportKind {
  if (!isObject(json)) return 'unknown';
  const record = json;
  const has = (key: string) => key in record;
  const list = (key: string) => (Array.isArray(record[key]) ? (record[key] as unknown[]) : undefined);
  const first = (key: string): Record<string, unknown> => {
    const item = list(key)?.[0];
    return isObject(item) ? item : {};
  };
  if (GAAD_LISTS.some((key) => list(key))) return 'gaad';
  const policies = list('Policies');
  // Organizations' list-policies also answers "Policies": GAAD's entries carry PolicyVersionList.
  if (policies && policies.length > 0 && 'PolicyVersionList' in first('Policies')) return 'gaad';
  if (typeof record.Content === 'string' && (has('ReportFormat') || has('GeneratedTime'))) return 'credential-report';
  if (isObject(record.PasswordPolicy)) return 'password-policy';
  if (isObject(record.SummaryMap)) return 'account-summary';
  if (list('AccountAliases')) return 'account-aliases';
  if (list('VirtualMFADevices')) return 'virtual-mfa-devices';
  if (list('MFADevices')) return 'mfa-devices';
  if (list('AccessKeyMetadata')) return 'access-keys';
  if (isObject(record.AccessKeyLastUsed)) return 'access-key-last-used';
  if (list('SAMLProviderList')) return 'saml-providers';
  if (typeof record.SAMLMetadataDocument === 'string') return 'saml-provider';
  if (list('OpenIDConnectProviderList')) return 'oidc-providers';
  if (list('ServerCertificateMetadataList')) return 'server-certificates';
  if (typeof record.Url === 'string' && (list('ThumbprintList') || list('ClientIDList'))) return 'oidc-provider';
  if (isObject(record.Organization)) return 'describe-organization';
  if (list('Accounts')) return 'list-accounts';
  if (list('Roots')) return 'list-roots';
  if (list('OrganizationalUnits')) return 'organizational-units';
  if (isObject(record.Policy) && isObject(record.Policy.PolicySummary)) return 'describe-policy';
  if (list('Targets')) return 'policy-targets';
  if (list('Tags') && Object.keys(record).every((key) => key === 'Tags' || key === 'NextToken')) return 'tags';
  if (list('DelegatedAdministrators')) return 'delegated-administrators';
  if (list('DelegatedServices')) return 'delegated-services';
  if (list('EnabledFeatures') && has('OrganizationId')) return 'organizations-features';
  if (list('Instances')) return 'sso-instances';
  if (isObject(record.PermissionSet) && typeof record.PermissionSet.PermissionSetArn === 'string') return 'permission-set';
  if (list('AttachedManagedPolicies')) return 'permission-set-managed-policies';
  if (list('CustomerManagedPolicyReferences')) return 'permission-set-customer-managed-policies';
  if (has('InlinePolicy') && (typeof record.InlinePolicy === 'string' || record.InlinePolicy === null)) return 'permission-set-inline-policy';
  if (isObject(record.PermissionsBoundary)) return 'permission-set-boundary';
  if (list('AccountIds')) return 'permission-set-accounts';
  if (list('AccountAssignments')) return 'account-assignments';
  // IAM's list-users also answers "Users", with ARNs; the identity store's users carry their store's id instead.
  if (list('Roles') && 'RoleName' in first('Roles')) return 'roles';
  if (list('Users') && 'IdentityStoreId' in first('Users')) return 'identity-store-users';
  if (list('Groups') && 'IdentityStoreId' in first('Groups')) return 'identity-store-groups';
  if (list('GroupMemberships')) return 'group-memberships';
  const isManifest = has('schemaVersion') && has('collectedAt') && has('gaps');
  const isAccountFile = typeof record.accountId === 'string' && Array.isArray(record.users);
  const isOrganizationFile = isObject(record.organization) && Array.isArray(record.accounts);
  const isIdentityCenterFile = Array.isArray(record.instances);
  if (isManifest || isAccountFile || isOrganizationFile || isIdentityCenterFile) return 'snapshot-file';
  return 'unknown';
}
