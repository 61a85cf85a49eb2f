import { createHash } from 'node:crypto';
import {
  DocumentInterner,
  IamlintError,
  isAwsManagedPolicyArn,
  parseJsonFile,
  SCHEMA_VERSION,
  SECTION_IDS,
  SnapshotSchemaError,
  type AccessKey,
  type Origin,
  type SnapshotOrigins,
  type AccountFile,
  type Gap,
  type Manifest,
  type MfaDevice,
  type OidcProvider,
  type PasswordPolicy,
  type SamlProvider,
  type SectionId,
  type ServerCertificate,
  type User,
} from '@iamlint/core';
import { compare, jsonFile, sortBy } from '../format.js';
import { mfaDeviceType, rootUserOf } from '../live/credentials.js';
import { readCredentialReport, type CredentialReportRow } from './credential-report.js';
import { EXPORT_DESCRIPTIONS, recogniseExport, type ExportKind, type RecognisedExport } from './detect.js';
import { readGaad } from './gaad.js';
import {
  OutputReader,
  readAccessKeyLastUsed,
  readAccessKeys,
  readAccountAlias,
  readAccountSummary,
  readMfaDevices,
  readOidcProvider,
  readPasswordPolicy,
  readSamlProvider,
  readVirtualMfaDevices,
  type KeyLastUsed,
  type VirtualMfaDevice,
} from './iam-outputs.js';
import { importIdentityCenter, PERMISSION_SET_ID, type IdentityCenterOutput } from './identity-center.js';
import { importOrganizationExports, type OrganizationExportInput, type OrganizationExportKind } from './organizations.js';
import { accountOrigins, emptyAccountSources, type AccountSources } from './origins.js';

export interface ExportInput {
  /** Named in errors and notes, as the user typed it. */
  path: string;
  text: string;
  /** What recogniseExport found in `text`, when the caller has already asked: the text is not parsed or checked again. */
  recognised?: RecognisedExport;
  /** An export carries no timestamp of its own (except a credential report's GeneratedTime): the file's mtime stands for it. */
  mtime: Date;
}

export interface CombineOptions {
  toolVersion: string;
  /** Also say where each entity came from (input file and pointer), for an audit that locates findings in the inputs. */
  origins?: boolean;
}

export interface CombinedSnapshot {
  /** Snapshot-relative path → file text, sorted by path. */
  files: Map<string, string>;
  /** One line each: what was assumed or left out, for the user to read. */
  notes: string[];
  /** With `origins: true`: where the snapshot's values came from in the inputs. */
  origins?: SnapshotOrigins;
}

const ORGANIZATION_KINDS: readonly OrganizationExportKind[] = [
  'describe-organization',
  'list-accounts',
  'list-roots',
  'organizational-units',
  'describe-policy',
  'policy-targets',
  'delegated-administrators',
  'delegated-services',
  'organizations-features',
];
const IDENTITY_CENTER_KINDS: readonly ExportKind[] = [
  'sso-instances',
  'permission-set',
  'permission-set-managed-policies',
  'permission-set-customer-managed-policies',
  'permission-set-inline-policy',
  'permission-set-boundary',
  'no-permission-set-boundary',
  'permission-set-accounts',
  'account-assignments',
  'identity-store-users',
  'identity-store-groups',
  'group-memberships',
];

const ACCOUNT_IN_NAME = /(?<![0-9])([0-9]{12})(?![0-9])/;
const PARENT_IN_NAME = /(?<![0-9a-z])(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32})(?![0-9a-z])/;
const POLICY_IN_NAME = /(?<![0-9A-Za-z])(p-[0-9A-Za-z_]{8,128})(?![0-9A-Za-z_])/;
const KEY_IN_NAME = /(?<![0-9A-Za-z])(A[A-Z]IA[A-Z0-9]{12,124})(?![0-9A-Za-z])/;
const SAML_NAME = /saml-provider-([0-9]{12})-([\w+=,.@-]+)\.json$/;
const IAM_ARN_ACCOUNT = /^arn:aws[a-z-]*:iam::([0-9]{12}):/;

const SUPPORTED_HINT = 'pass the files written by scripts/export-with-aws-cli.sh, or AWS CLI outputs named as docs/exports.md says';

/** Everything the exports say about one account, gathered before the account file is built. */
interface AccountParts {
  accountId: string;
  gaad?: { account: AccountFile; source: string };
  report?: { rows: CredentialReportRow[]; source: string; collectedAt: string };
  passwordPolicy?: PasswordPolicy | null;
  summary?: Record<string, number>;
  alias?: string | null;
  virtualMfa?: VirtualMfaDevice[];
  mfaByUser: Map<string, MfaDevice[]>;
  keysByUser: Map<string, AccessKey[]>;
  keyExports: number;
  lastUsed: Map<string, KeyLastUsed>;
  samlList?: string[];
  saml: SamlProvider[];
  oidcList?: string[];
  oidc: OidcProvider[];
  serverCertificates?: ServerCertificate[];
  /** list-roles: what get-account-authorization-details leaves out of a role. */
  roles?: Map<string, { description?: string; maxSessionDuration?: number }>;
  sources: AccountSources;
}

/**
 * Merges raw AWS CLI exports into the files of one snapshot, recognising each file by its content; what an
 * answer does not name (its account, parent, policy, permission set) comes from the file name, as
 * scripts/export-with-aws-cli.sh writes it. Files that are no export are skipped and named in one note; an
 * error only when nothing usable is left. The same inputs always give the same bytes.
 */
export function combineExports(inputs: readonly ExportInput[], options: CombineOptions): CombinedSnapshot {
  const files = new Map<string, string>();
  const { notes, origins } = combine(inputs, options, (path, text) => files.set(path, text));
  const sorted = new Map([...files].sort(([a], [b]) => compare(a, b)));
  return { files: sorted, notes, ...(origins ? { origins } : {}) };
}

/**
 * As combineExports, handing each file to `write` as soon as it is built, in no particular order: a thousand
 * accounts' files are never all in memory at once.
 */
export function writeCombinedExports(inputs: readonly ExportInput[], options: Omit<CombineOptions, 'origins'>, write: (path: string, text: string) => void): { notes: string[] } {
  return { notes: combine(inputs, { ...options, origins: false }, write).notes };
}

function combine(inputs: readonly ExportInput[], options: CombineOptions, write: (path: string, text: string) => void): Omit<CombinedSnapshot, 'files'> {
  if (inputs.length === 0) throw usage('no export files given', SUPPORTED_HINT);
  const notes: string[] = [];
  const skipped: string[] = [];
  const accounts = new Map<string, AccountParts>();
  const organizationInputs: OrganizationExportInput[] = [];
  const identityCenterOutputs: IdentityCenterOutput[] = [];
  const times: string[] = [];
  const organizationSources: string[] = [];
  const identityCenterSources: string[] = [];
  const usedInputs = new Map<string, string>();
  // AWS managed policy documents repeat in every account's export: one parsed copy is kept, not one per account.
  const awsDocuments = new DocumentInterner();
  const partsOf = (accountId: string): AccountParts => {
    let parts = accounts.get(accountId);
    if (!parts) {
      parts = { accountId, mfaByUser: new Map(), keysByUser: new Map(), keyExports: 0, lastUsed: new Map(), saml: [], oidc: [], sources: emptyAccountSources() };
      accounts.set(accountId, parts);
    }
    return parts;
  };

  for (const input of [...inputs].sort((a, b) => compare(a.path, b.path))) {
    // Read once: a caller may hand texts that are read from disk when asked, so that all of them are never in memory at once.
    const text = input.text;
    const { kind, json: parsed } = input.recognised ?? recogniseExport(text, input.path);
    const name = input.path.replace(/^.*[/\\]/, '');
    const fileTime = `${input.mtime.toISOString().slice(0, 19)}Z`;
    const nameAccount = ACCOUNT_IN_NAME.exec(name)?.[1];
    if (kind === 'snapshot-file') {
      throw usage(`${input.path} is a file of an iamlint snapshot, not a raw export`, 'pass the snapshot folder that holds it, e.g. `iamlint audit snapshots/acme`');
    }
    if (kind === 'unknown') {
      skipped.push(`${input.path} (${whyUnknown(input.path, text)})`);
      continue;
    }
    if (kind === 'credential-report') {
      const report = readCredentialReport(text, input.path);
      const accountId = reportAccount(report.rows, input.path) ?? nameAccount;
      if (!accountId) {
        skipped.push(`${input.path} (a credential report without rows, and no 12-digit account id in its name)`);
        continue;
      }
      const parts = partsOf(accountId);
      if (parts.report) throw usage(`${input.path} and ${parts.report.source} are both credential reports of account ${accountId}`, 'pass one credential report per account');
      const collectedAt = report.generatedTime ?? fileTime;
      parts.report = { rows: report.rows, source: input.path, collectedAt };
      if (options.origins) parts.sources.report = { source: input.path, text };
      usedInputs.set(input.path, options.origins ? text : '');
      times.push(collectedAt);
      continue;
    }
    // The "there is none" answers are the CLI's error text, not JSON.
    // Parsed again only where recognition could not (leading space JSON does not allow), to say where it breaks.
    const json = kind === 'no-password-policy' || kind === 'no-permission-set-boundary' ? null : parsed !== undefined ? parsed : parseJsonFile(input.path, text);
    times.push(fileTime);
    usedInputs.set(input.path, options.origins ? text : '');
    if (kind === 'gaad') {
      const imported = readGaad(json, { source: input.path, splitAccounts: true });
      if (imported.accountIds.length > 1) {
        notes.push(`${input.path}: the ARNs name ${imported.accountIds.length} accounts (${imported.accountIds.join(', ')}); each gets its own account file`);
      }
      for (const account of imported.accounts) {
        const parts = partsOf(account.accountId);
        if (parts.gaad) {
          throw usage(`${input.path} and ${parts.gaad.source} both export account ${account.accountId}`, 'pass one get-account-authorization-details export per account');
        }
        for (const policy of account.policies) {
          if (isAwsManagedPolicyArn(policy.arn)) policy.document = awsDocuments.intern(`${policy.arn}|${policy.defaultVersionId}`, policy.document);
        }
        parts.gaad = { account, source: input.path };
        if (options.origins) parts.sources.gaad = { source: input.path, json };
      }
      continue;
    }
    if ((ORGANIZATION_KINDS as readonly string[]).includes(kind) || (kind === 'tags' && !PERMISSION_SET_ID.test(name))) {
      const parentId = PARENT_IN_NAME.exec(name)?.[1];
      const policyId = POLICY_IN_NAME.exec(name)?.[1];
      organizationSources.push(input.path);
      organizationInputs.push({
        kind: kind as OrganizationExportKind,
        json,
        source: input.path,
        ...(parentId ? { parentId } : {}),
        ...(policyId ? { policyId } : {}),
        ...(nameAccount ? { accountId: nameAccount } : {}),
      });
      continue;
    }
    const reader = new OutputReader(input.path, kind, json);
    if (IDENTITY_CENTER_KINDS.includes(kind) || kind === 'tags') {
      identityCenterSources.push(input.path);
      identityCenterOutputs.push({ reader, permissionSetId: PERMISSION_SET_ID.exec(name)?.[0] ?? null, outdated: /outdated|not-provisioned/i.test(name) });
      continue;
    }

    // The rest are IAM answers about one account: its id is in the content where the answer has an ARN, else in the file name.
    const contentAccount = kind === 'virtual-mfa-devices' || kind === 'mfa-devices' ? accountOfSerials(json) : undefined;
    const accountId = contentAccount ?? nameAccount;
    if (!accountId) {
      skipped.push(`${input.path} (${EXPORT_DESCRIPTIONS[kind]} does not name its account: put the 12-digit account id in the file name)`);
      continue;
    }
    const parts = partsOf(accountId);
    const sourced = (part: 'passwordPolicy' | 'accountSummary' | 'alias' | 'serverCertificates', origin: Omit<Origin, 'file'>) => parts.sources.files.set(part, { file: input.path, ...origin });
    switch (kind) {
      case 'password-policy':
        parts.passwordPolicy = readPasswordPolicy(reader);
        sourced('passwordPolicy', { pointer: '/PasswordPolicy' });
        break;
      case 'no-password-policy':
        parts.passwordPolicy = null;
        sourced('passwordPolicy', { pointer: '', line: 1 });
        break;
      case 'account-summary':
        parts.summary = readAccountSummary(reader);
        sourced('accountSummary', { pointer: '/SummaryMap', within: true });
        break;
      case 'account-aliases':
        parts.alias = readAccountAlias(reader);
        sourced('alias', { pointer: '/AccountAliases' });
        break;
      case 'virtual-mfa-devices':
        parts.virtualMfa = [...(parts.virtualMfa ?? []), ...readVirtualMfaDevices(reader)];
        break;
      case 'mfa-devices': {
        const { userName, devices } = readMfaDevices(reader);
        if (userName) parts.mfaByUser.set(userName, devices);
        if (userName) parts.sources.mfaByUser.set(userName, input.path);
        break;
      }
      case 'access-keys': {
        const { userName, keys } = readAccessKeys(reader);
        parts.keyExports += 1;
        if (userName) parts.keysByUser.set(userName, keys);
        if (userName) parts.sources.keysByUser.set(userName, input.path);
        break;
      }
      case 'access-key-last-used': {
        const keyId = KEY_IN_NAME.exec(name)?.[1];
        if (keyId) parts.lastUsed.set(keyId, readAccessKeyLastUsed(reader));
        else skipped.push(`${input.path} (get-access-key-last-used does not name its key: put the key id in the file name)`);
        break;
      }
      case 'saml-providers':
        parts.samlList = reader.list(reader.root(), 'SAMLProviderList').map((entry, index) => reader.string(entry, 'Arn', `SAMLProviderList[${index}].`));
        break;
      case 'saml-provider': {
        const match = SAML_NAME.exec(name);
        if (!match) {
          skipped.push(`${input.path} (get-saml-provider does not name its provider: name the file saml-provider-<account>-<provider name>.json)`);
          break;
        }
        parts.saml.push(readSamlProvider(reader, `arn:aws:iam::${match[1]}:saml-provider/${match[2]}`));
        parts.sources.samlByArn.set(`arn:aws:iam::${match[1]}:saml-provider/${match[2]}`, input.path);
        break;
      }
      case 'oidc-providers':
        parts.oidcList = reader.list(reader.root(), 'OpenIDConnectProviderList').map((entry, index) => reader.string(entry, 'Arn', `OpenIDConnectProviderList[${index}].`));
        break;
      case 'oidc-provider': {
        const provider = readOidcProvider(reader, accountId);
        parts.oidc.push(provider);
        parts.sources.oidcByArn.set(provider.arn, input.path);
        break;
      }
      case 'server-certificates':
        sourced('serverCertificates', { pointer: '/ServerCertificateMetadataList' });
        parts.serverCertificates = sortBy(
          reader.list(reader.root(), 'ServerCertificateMetadataList').map((certificate, index) => {
            const where = `ServerCertificateMetadataList[${index}].`;
            return {
              arn: reader.string(certificate, 'Arn', where),
              name: reader.string(certificate, 'ServerCertificateName', where),
              path: reader.optionalString(certificate, 'Path', where) ?? '/',
              uploadDate: reader.time(certificate, 'UploadDate', where) ?? reader.fail(`${where}UploadDate is missing`),
              expiration: reader.time(certificate, 'Expiration', where) ?? reader.fail(`${where}Expiration is missing`),
            };
          }),
          (certificate) => certificate.arn,
        );
        break;
      case 'roles':
        parts.roles = new Map(
          reader.list(reader.root(), 'Roles').map((role, index) => {
            const where = `Roles[${index}].`;
            const description = reader.optionalString(role, 'Description', where);
            const duration = role.MaxSessionDuration;
            return [
              reader.string(role, 'Arn', where),
              { ...(description ? { description } : {}), ...(Number.isInteger(duration) ? { maxSessionDuration: duration as number } : {}) },
            ];
          }),
        );
        break;
      default:
        skipped.push(`${input.path} (${EXPORT_DESCRIPTIONS[kind]} is not read on its own)`);
    }
  }

  const organization = organizationInputs.length > 0 ? importOrganizationExports(organizationInputs) : null;
  if (organization) notes.push(...organization.notes);
  const identityCenter = identityCenterOutputs.length > 0 ? importIdentityCenter(identityCenterOutputs, notes, organization?.file.organization.managementAccountId) : null;
  if (skipped.length > 0) notes.unshift(`skipped ${skipped.length} file(s) that are not exports iamlint reads: ${skipped.join('; ')}`);
  if (accounts.size === 0 && !organization && !identityCenter) {
    throw usage(`nothing to import: ${skipped.length === 1 ? skipped[0] : `none of the ${skipped.length} files is an export iamlint reads (${skipped.slice(0, 3).join('; ')}${skipped.length > 3 ? '; …' : ''})`}`, SUPPORTED_HINT);
  }

  const iamFeatures = organization?.file.iamFeatures ?? [];
  const managementAccountId = organization?.file.organization.managementAccountId;
  const accountIds = [...accounts.keys()].sort(compare);
  const collectedAt = times.sort(compare).at(-1) as string;
  const firstInput = [...usedInputs.keys()].sort(compare)[0] as string;
  const accountGaps: Gap[] = [];
  const entries = new Map<string, Map<string, Origin>>();
  for (const accountId of accountIds) {
    const parts = accounts.get(accountId) as AccountParts;
    const { account, gaps } = buildAccount(parts, notes, {
      centrallyManagedRoot: iamFeatures.includes('RootCredentialsManagement') && accountId !== managementAccountId,
      collectedAt,
    });
    accountGaps.push(...gaps);
    write(`accounts/${accountId}.json`, jsonFile(account));
    if (options.origins) entries.set(`accounts/${accountId}.json`, accountOrigins(account, parts.sources, firstInput));
    // Once written, what the account was built from is not needed again.
    else accounts.delete(accountId);
  }

  const manifest: Manifest = {
    schemaVersion: SCHEMA_VERSION,
    collectedAt,
    tool: { name: 'iamlint', version: options.toolVersion },
    scope: {
      ...(organization ? { organizationId: organization.file.organization.id, managementAccountId: organization.file.organization.managementAccountId } : {}),
      accounts: accountIds,
    },
    gaps: sortGaps([...(organization?.gaps ?? []), ...(identityCenter?.gaps ?? []), ...accountGaps]),
  };

  if (organization) write('organization.json', jsonFile(organization.file));
  if (identityCenter) write('identity-center.json', jsonFile(identityCenter.file));
  write('snapshot.json', jsonFile(manifest));
  if (!options.origins) return { notes };
  if (organization) entries.set('organization.json', new Map([['', { file: organizationSources.sort(compare)[0] as string, pointer: '' }]]));
  if (identityCenter) entries.set('identity-center.json', new Map([['', { file: identityCenterSources.sort(compare)[0] as string, pointer: '' }]]));
  entries.set('snapshot.json', new Map([['', { file: firstInput, pointer: '' }]]));
  return { notes, origins: { entries, texts: usedInputs } };
}

function buildAccount(parts: AccountParts, notes: string[], context: { centrallyManagedRoot: boolean; collectedAt: string }): { account: AccountFile; gaps: Gap[] } {
  const { accountId, report } = parts;
  const gaps: Gap[] = [];
  const gap = (section: SectionId, call: string, message: string) => gaps.push({ section, accountId, call, error: 'NotInExport', message });
  const base = parts.gaad?.account;
  if (!base) {
    const users = report ? report.rows.filter((row) => !row.isRoot).length : 0;
    gap(
      'iam.authorizationDetails',
      'iam:GetAccountAuthorizationDetails',
      `no get-account-authorization-details export: ${report ? `the ${users} IAM user${users === 1 ? '' : 's'} of the credential report, and the account's groups, roles and policies, are` : "the account's users, groups, roles and policies are"} not imported`,
    );
    if (report) notes.push(`${report.source}: no get-account-authorization-details export of account ${accountId}; only its root user is imported, users, groups, roles and policies are not evaluated`);
  }

  const rows = new Map((report?.rows ?? []).filter((row) => !row.isRoot).map((row) => [row.arn, row]));
  const rootRow = report?.rows.find((row) => row.isRoot);
  if (!report) {
    gap('iam.credentialReport', 'iam:GetCredentialReport', 'no credential report export: passwords, MFA and root credentials are not evaluated');
  } else if (!rootRow) {
    // Without the root row the root user is unknown; its users' rows still say what they say.
    gap('iam.rootUser', 'iam:GetCredentialReport', `${report.source} has no <root_account> row: the root user's password, MFA and keys are unknown`);
    notes.push(`${report.source}: the credential report has no <root_account> row; the rules about the root user are not evaluated in ${accountId}`);
  }
  if (report && base) notes.push(...unmatchedUsers(base, report.rows, report.source, parts.gaad?.source ?? ''));

  const virtualByUser = new Map<string, VirtualMfaDevice[]>();
  for (const device of parts.virtualMfa ?? []) if (device.userArn) virtualByUser.set(device.userArn, [...(virtualByUser.get(device.userArn) ?? []), device]);

  let keysUnknown = 0;
  const users = (base?.users ?? []).map((user): User => {
    const row = rows.get(user.arn);
    const listedKeys = parts.keysByUser.get(user.userName);
    let accessKeys: AccessKey[];
    if (listedKeys) {
      accessKeys = listedKeys.map((key) => {
        const used = parts.lastUsed.get(key.accessKeyId) ?? slotOf(key, row);
        if (!used) keysUnknown += 1;
        return { ...key, ...(used ?? {}) };
      });
    } else if (row && row.accessKeys.length > 0) {
      // The report says which slots hold a key, not the key's id: a stable stand-in id keeps each slot's state evaluated.
      accessKeys = row.accessKeys.map((slot) => ({
        accessKeyId: `REPORTSLOT${slot.slot}${createHash('sha256').update(user.arn).digest('hex').slice(0, 10).toUpperCase()}`,
        status: slot.active ? 'Active' : 'Inactive',
        createDate: slot.lastRotated ?? user.createDate,
        lastUsedDate: slot.lastUsedDate,
        lastUsedService: slot.lastUsedService,
        lastUsedRegion: slot.lastUsedRegion,
      }));
    } else {
      accessKeys = user.accessKeys;
    }
    const devices = new Map<string, MfaDevice>();
    for (const device of virtualByUser.get(user.arn) ?? []) {
      if (device.enableDate) devices.set(device.serialNumber, { serialNumber: device.serialNumber, type: mfaDeviceType(device.serialNumber), enableDate: device.enableDate });
    }
    for (const device of parts.mfaByUser.get(user.userName) ?? []) devices.set(device.serialNumber, device);
    if (devices.size === 0 && row?.mfaActive) devices.set('unknown', { serialNumber: 'unknown', type: 'unknown', enableDate: report?.collectedAt ?? context.collectedAt });
    const passwordEnabled = row?.passwordEnabled === true;
    return {
      ...user,
      ...(report
        ? {
            passwordLastUsed: row?.passwordLastUsed ?? null,
            // password_last_changed outlives a deleted password: only password_enabled says there is one.
            loginProfile: passwordEnabled ? { createDate: row?.passwordLastChanged ?? row?.userCreationTime ?? user.createDate, passwordResetRequired: false } : null,
          }
        : {}),
      mfaDevices: sortBy(devices.values(), (device) => device.serialNumber),
      accessKeys: sortBy(accessKeys, (key) => key.accessKeyId),
    };
  });
  if (!base) {
    // Without the users, key rules would pass silently over keys nobody listed.
    gap('iam.accessKeys', 'iam:ListAccessKeys', 'no get-account-authorization-details export: the users, and so their access keys, are unknown');
  } else if (!report && parts.keyExports === 0) {
    gap('iam.accessKeys', 'iam:ListAccessKeys', 'neither list-access-keys exports nor a credential report: access keys are not evaluated');
  } else if (keysUnknown > 0) {
    gap('iam.accessKeys', 'iam:GetAccessKeyLastUsed', `${keysUnknown} access key(s) without a get-access-key-last-used export or a credential report slot: when they were last used is unknown`);
  }

  if (parts.samlList) {
    const have = new Set(parts.saml.map((provider) => provider.arn));
    const missing = parts.samlList.filter((arn) => !have.has(arn));
    if (missing.length > 0) gap('iam.samlProviders', 'iam:GetSAMLProvider', `no get-saml-provider export of ${missing.join(', ')}`);
  } else if (parts.saml.length === 0) {
    gap('iam.samlProviders', 'iam:ListSAMLProviders', 'no list-saml-providers export: SAML providers are not evaluated');
  }
  if (parts.oidcList) {
    const have = new Set(parts.oidc.map((provider) => provider.arn));
    const missing = parts.oidcList.filter((arn) => !have.has(arn));
    if (missing.length > 0) gap('iam.oidcProviders', 'iam:GetOpenIDConnectProvider', `no get-open-id-connect-provider export of ${missing.join(', ')}`);
  } else if (parts.oidc.length === 0) {
    gap('iam.oidcProviders', 'iam:ListOpenIDConnectProviders', 'no list-open-id-connect-providers export: OIDC providers are not evaluated');
  }
  if (parts.passwordPolicy === undefined) gap('iam.passwordPolicy', 'iam:GetAccountPasswordPolicy', 'no get-account-password-policy export');
  if (parts.summary === undefined) gap('iam.accountSummary', 'iam:GetAccountSummary', 'no get-account-summary export');
  if (parts.virtualMfa === undefined) gap('iam.virtualMfaDevices', 'iam:ListVirtualMFADevices', 'no list-virtual-mfa-devices export');

  const root = rootRow
    ? rootUserOf(rootRow, {
        accountPasswordPresent: parts.summary?.AccountPasswordPresent,
        centrallyManagedMember: context.centrallyManagedRoot,
        hasVirtualMfa: parts.virtualMfa
          ? parts.virtualMfa.some((device) => device.userArn === rootRow.arn || /:mfa\/root-account-mfa-device$/.test(device.serialNumber))
          : undefined,
      })
    : null;
  const account: AccountFile = {
    accountId,
    alias: parts.alias ?? null,
    // Without the summary, AWS's N/A for root's password_last_used is the only sign that root has no password.
    root: root && rootRow && root.passwordEnabled === null && parts.summary === undefined ? { ...root, passwordEnabled: rootRow.passwordLastUsedMarker !== 'N/A' } : root,
    users,
    groups: base?.groups ?? [],
    roles: (base?.roles ?? []).map((role) => {
      const listed = parts.roles?.get(role.arn);
      if (!listed) return role;
      // The key order of collect's role files, so an import and a collection of the same account give the same bytes.
      const { arn, roleName, roleId, path, createDate, maxSessionDuration, ...rest } = role;
      const description = listed.description ?? rest.description;
      return {
        arn,
        roleName,
        roleId,
        path,
        createDate,
        ...(description ? { description } : {}),
        maxSessionDuration: listed.maxSessionDuration ?? maxSessionDuration,
        ...rest,
        ...(description ? { description } : {}),
      };
    }),
    policies: referencedPolicies(base),
    samlProviders: sortBy(parts.saml, (provider) => provider.arn),
    oidcProviders: sortBy(parts.oidc, (provider) => provider.arn),
    passwordPolicy: parts.passwordPolicy ?? null,
    accountSummary: parts.summary ?? {},
    ...(parts.serverCertificates ? { serverCertificates: parts.serverCertificates } : {}),
  };
  return { account, gaps };
}

/** Emulators list every AWS managed policy in get-account-authorization-details; AWS lists those in use, and so does the snapshot. */
function referencedPolicies(account: AccountFile | undefined): AccountFile['policies'] {
  if (!account) return [];
  const inUse = new Set(
    [...account.users, ...account.groups, ...account.roles].flatMap((principal) => [
      ...principal.attachedManagedPolicies,
      ...('permissionsBoundary' in principal && principal.permissionsBoundary ? [principal.permissionsBoundary] : []),
    ]),
  );
  return account.policies.filter((policy) => !/^arn:aws[a-z-]*:iam::aws:policy\//.test(policy.arn) || inUse.has(policy.arn));
}

/** A listed key's credential report slot: the slot whose last_rotated is the key's creation. */
function slotOf(key: AccessKey, row: CredentialReportRow | undefined): KeyLastUsed | undefined {
  const slot = row?.accessKeys.find((candidate) => candidate.lastRotated === key.createDate);
  return slot ? { lastUsedDate: slot.lastUsedDate, lastUsedService: slot.lastUsedService, lastUsedRegion: slot.lastUsedRegion } : undefined;
}

function reportAccount(rows: readonly CredentialReportRow[], source: string): string | undefined {
  const ids = [...new Set(rows.map((row) => IAM_ARN_ACCOUNT.exec(row.arn)?.[1] ?? ''))].sort();
  if (ids.length > 1) throw usage(`${source}: the credential report's ARNs name ${ids.length} accounts (${ids.join(', ')})`, 'pass one credential report per account, as AWS writes it');
  return ids[0] || undefined;
}

function accountOfSerials(json: unknown): string | undefined {
  const record = json as Record<string, unknown>;
  const devices = (record.VirtualMFADevices ?? record.MFADevices) as unknown[];
  for (const device of devices) {
    const serial = (device as Record<string, unknown>)?.SerialNumber;
    const match = typeof serial === 'string' ? IAM_ARN_ACCOUNT.exec(serial) : null;
    if (match) return match[1];
  }
  return undefined;
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

/** Why a file is not an export: JSON that does not parse says where it breaks. */
function whyUnknown(path: string, text: string): string {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed === '') return 'empty';
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      parseJsonFile(path, text);
    } catch (error) {
      if (error instanceof IamlintError) return error.format().replace(`${path}:`, 'at ').replace(/ \([^()]*\)$/, '');
      throw error;
    }
    return 'JSON of no AWS CLI output iamlint reads';
  }
  return 'not JSON and not a credential report CSV';
}

function usage(message: string, hint: string): SnapshotSchemaError {
  return new SnapshotSchemaError('SNAPSHOT_SCHEMA', message, { hint });
}
