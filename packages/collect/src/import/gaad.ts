import {
  isAwsManagedPolicyArn,
  SCHEMA_VERSION,
  SnapshotSchemaError,
  type AccountFile,
  type Gap,
  type Group,
  type InlinePolicy,
  type ManagedPolicy,
  type Manifest,
  type Role,
  type SectionId,
  type User,
} from '@iamlint/core';
import { compare, isObject, jsonFile, parseAwsTime, sortBy } from '../format.js';

export interface ImportGaadOptions {
  /** When the export was taken (UTC ISO-8601): the snapshot's collectedAt, the rules' notion of now. */
  collectedAt: string;
  toolVersion: string;
  /** The file the export came from, named in errors. */
  source?: string;
  /**
   * Accept a file that merges the exports of several accounts, writing one account file each.
   * A real export covers one account, so by default several account ids in the ARNs are an error.
   */
  splitAccounts?: boolean;
}

type Json = Record<string, unknown>;

/** What get-account-authorization-details does not return, so rules that need it say "not evaluated". */
export const SECTIONS_NOT_IN_EXPORT: ReadonlyArray<{ section: SectionId; call: string }> = [
  { section: 'iam.credentialReport', call: 'iam:GetCredentialReport' },
  { section: 'iam.accessKeys', call: 'iam:ListAccessKeys' },
  { section: 'iam.samlProviders', call: 'iam:ListSAMLProviders' },
  { section: 'iam.oidcProviders', call: 'iam:ListOpenIDConnectProviders' },
  { section: 'iam.passwordPolicy', call: 'iam:GetAccountPasswordPolicy' },
  { section: 'iam.accountSummary', call: 'iam:GetAccountSummary' },
  { section: 'iam.virtualMfaDevices', call: 'iam:ListVirtualMFADevices' },
];

const LIST_KEYS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;
const ARN_ACCOUNT = /^arn:aws[a-z-]*:iam::([0-9]{12}|aws):/;

/**
 * Converts the output of `aws iam get-account-authorization-details` (CLI style with decoded policy
 * documents, or SDK style with URL-encoded ones) into the files of a snapshot (path → text).
 */
export function importGaad(json: unknown, options: ImportGaadOptions): Map<string, string> {
  const { accountIds, accounts, gaps } = readGaad(json, options);
  const manifest: Manifest = {
    schemaVersion: SCHEMA_VERSION,
    collectedAt: readerFor(options.source).timestamp(options.collectedAt, 'options.collectedAt'),
    tool: { name: 'iamlint', version: options.toolVersion },
    scope: { accounts: accountIds },
    gaps,
  };
  const files = new Map<string, string>([['snapshot.json', jsonFile(manifest)]]);
  for (const account of accounts) files.set(`accounts/${account.accountId}.json`, jsonFile(account));
  return files;
}

export interface GaadAccounts {
  /** The accounts the export's ARNs name, sorted. */
  accountIds: string[];
  /** One account file each, in the order of accountIds. */
  accounts: AccountFile[];
  /** What the export does not hold, per account. */
  gaps: Gap[];
}

/** Reads an export into account files, for the importer and the collector (which reads the same data through the SDK). */
export function readGaad(json: unknown, options: Pick<ImportGaadOptions, 'source' | 'splitAccounts'>): GaadAccounts {
  const reader = readerFor(options.source);
  const fail = reader.fail;

  if (!isObject(json) || !LIST_KEYS.some((key) => key in json)) {
    return fail(`not a get-account-authorization-details export (expected ${LIST_KEYS.join(', ')})`);
  }
  const lists = Object.fromEntries(
    LIST_KEYS.map((key) => {
      const value = json[key] ?? [];
      if (!Array.isArray(value)) return fail(`${key} must be an array`);
      return [key, value.map((entry, index) => reader.object(entry, `${key}[${index}]`))];
    }),
  ) as Record<(typeof LIST_KEYS)[number], Json[]>;

  const accountOf = (arn: string): string => ARN_ACCOUNT.exec(arn)?.[1] ?? fail(`"${arn}" is not an IAM ARN`);
  const entities = [...lists.UserDetailList, ...lists.GroupDetailList, ...lists.RoleDetailList, ...lists.Policies];
  const accountIds = [...new Set(entities.map((entity, index) => accountOf(reader.string(entity, 'Arn', `entry ${index}`))))]
    .filter((id) => id !== 'aws')
    .sort();
  if (accountIds.length === 0) fail('no account id found: the export has no users, groups, roles or customer managed policies');
  if (accountIds.length > 1 && !options.splitAccounts) {
    fail(`the ARNs name ${accountIds.length} accounts (${accountIds.join(', ')}), but an export covers one account`);
  }

  const users = lists.UserDetailList.map((entry, index) => reader.user(entry, `UserDetailList[${index}]`));
  const groups = lists.GroupDetailList.map((entry, index) => reader.group(entry, `GroupDetailList[${index}]`));
  const roles = lists.RoleDetailList.map((entry, index) => reader.role(entry, `RoleDetailList[${index}]`));
  const boundaryUses = new Map<string, number>();
  for (const principal of [...users, ...roles]) {
    if (principal.permissionsBoundary) boundaryUses.set(principal.permissionsBoundary, (boundaryUses.get(principal.permissionsBoundary) ?? 0) + 1);
  }
  const policies = lists.Policies.map((entry, index) => reader.policy(entry, `Policies[${index}]`, boundaryUses));

  const gaps: Gap[] = accountIds.flatMap((accountId) =>
    SECTIONS_NOT_IN_EXPORT.map(({ section, call }) => ({
      section,
      accountId,
      call,
      error: 'NotInExport',
      message: `a get-account-authorization-details export does not include ${section}`,
    })),
  );

  const accounts = accountIds.map((accountId): AccountFile => {
    const inAccount = <T extends { arn: string }>(items: T[]) => byArn(items.filter((item) => accountOf(item.arn) === accountId));
    const accountUsers = inAccount(users);
    const accountGroups = inAccount(groups);
    const accountRoles = inAccount(roles);
    const usedAwsPolicies = new Set(
      [...accountUsers, ...accountGroups, ...accountRoles].flatMap((principal) => [
        ...principal.attachedManagedPolicies,
        ...('permissionsBoundary' in principal && principal.permissionsBoundary ? [principal.permissionsBoundary] : []),
      ]),
    );
    const accountPolicies = byArn(
      policies.filter((policy) => {
        const owner = accountOf(policy.arn);
        // In a merged file an AWS managed policy belongs to the accounts that use it, as a collector would record it.
        return owner === accountId || (owner === 'aws' && (accountIds.length === 1 || usedAwsPolicies.has(policy.arn)));
      }),
    );
    return {
      accountId,
      alias: null,
      root: null,
      users: accountUsers,
      groups: accountGroups,
      roles: accountRoles,
      policies: accountPolicies,
      samlProviders: [],
      oidcProviders: [],
      passwordPolicy: null,
      accountSummary: {},
    };
  });
  return { accountIds, accounts, gaps };
}

function readerFor(source = 'get-account-authorization-details export'): Reader {
  return new Reader((message: string): never => {
    throw new SnapshotSchemaError('SNAPSHOT_SCHEMA', `${source}: ${message}`, {
      hint: 'pass the JSON output of `aws iam get-account-authorization-details`',
    });
  });
}

class Reader {
  constructor(readonly fail: (message: string) => never) {}

  object(value: unknown, where: string): Json {
    return isObject(value) ? value : this.fail(`${where} must be an object`);
  }

  string(entry: Json, key: string, where: string): string {
    const value = entry[key];
    return typeof value === 'string' ? value : this.fail(`${where}.${key} must be a string`);
  }

  optionalString(entry: Json, key: string, where: string): string | undefined {
    return entry[key] === undefined || entry[key] === null ? undefined : this.string(entry, key, where);
  }

  integer(entry: Json, key: string, where: string): number {
    const value = entry[key];
    return Number.isInteger(value) ? (value as number) : this.fail(`${where}.${key} must be an integer`);
  }

  array(entry: Json, key: string, where: string): Json[] {
    const value = entry[key] ?? [];
    if (!Array.isArray(value)) return this.fail(`${where}.${key} must be an array`);
    return value.map((item, index) => this.object(item, `${where}.${key}[${index}]`));
  }

  /** The CLI prints `2023-03-09 10:41:45+00:00`, the SDK `2023-03-09T10:41:45.000Z`; both become UTC ISO-8601. */
  timestamp(value: unknown, where: string): string {
    const millis = value instanceof Date ? value.getTime() : typeof value === 'string' ? parseAwsTime(value) : Number.NaN;
    if (Number.isNaN(millis)) return this.fail(`${where} is not a date: ${JSON.stringify(value)}`);
    return new Date(millis).toISOString().replace(/\.000Z$/, 'Z');
  }

  tags(entry: Json, where: string): Record<string, string> {
    const pairs = this.array(entry, 'Tags', where).map((tag, index) => [
      this.string(tag, 'Key', `${where}.Tags[${index}]`),
      typeof tag.Value === 'string' ? tag.Value : '',
    ]);
    return Object.fromEntries(pairs.sort(([a], [b]) => compare(a as string, b as string)));
  }

  attached(entry: Json, where: string): string[] {
    return this.array(entry, 'AttachedManagedPolicies', where)
      .map((policy, index) => this.string(policy, 'PolicyArn', `${where}.AttachedManagedPolicies[${index}]`))
      .sort(compare);
  }

  inline(entry: Json, key: string, where: string): InlinePolicy[] {
    return this.array(entry, key, where)
      .map((policy, index) => ({
        name: this.string(policy, 'PolicyName', `${where}.${key}[${index}]`),
        document: decodePolicyDocument(policy.PolicyDocument),
      }))
      .sort((a, b) => compare(a.name, b.name));
  }

  boundary(entry: Json, where: string): string | null {
    const boundary = entry.PermissionsBoundary;
    if (boundary === undefined || boundary === null) return null;
    return this.string(this.object(boundary, `${where}.PermissionsBoundary`), 'PermissionsBoundaryArn', `${where}.PermissionsBoundary`);
  }

  user(entry: Json, where: string): User {
    return {
      arn: this.string(entry, 'Arn', where),
      userName: this.string(entry, 'UserName', where),
      userId: this.string(entry, 'UserId', where),
      path: this.string(entry, 'Path', where),
      createDate: this.timestamp(entry.CreateDate, `${where}.CreateDate`),
      passwordLastUsed: null,
      loginProfile: null,
      mfaDevices: [],
      accessKeys: [],
      groups: (Array.isArray(entry.GroupList) ? entry.GroupList : [])
        .map((name, index) => (typeof name === 'string' ? name : this.fail(`${where}.GroupList[${index}] must be a string`)))
        .sort(compare),
      attachedManagedPolicies: this.attached(entry, where),
      inlinePolicies: this.inline(entry, 'UserPolicyList', where),
      permissionsBoundary: this.boundary(entry, where),
      tags: this.tags(entry, where),
    };
  }

  group(entry: Json, where: string): Group {
    return {
      arn: this.string(entry, 'Arn', where),
      groupName: this.string(entry, 'GroupName', where),
      groupId: this.string(entry, 'GroupId', where),
      path: this.string(entry, 'Path', where),
      createDate: this.timestamp(entry.CreateDate, `${where}.CreateDate`),
      attachedManagedPolicies: this.attached(entry, where),
      inlinePolicies: this.inline(entry, 'GroupPolicyList', where),
    };
  }

  role(entry: Json, where: string): Role {
    const description = this.optionalString(entry, 'Description', where);
    const lastUsed = isObject(entry.RoleLastUsed) ? entry.RoleLastUsed : {};
    const region = this.optionalString(lastUsed, 'Region', `${where}.RoleLastUsed`);
    return {
      arn: this.string(entry, 'Arn', where),
      roleName: this.string(entry, 'RoleName', where),
      roleId: this.string(entry, 'RoleId', where),
      path: this.string(entry, 'Path', where),
      createDate: this.timestamp(entry.CreateDate, `${where}.CreateDate`),
      ...(description !== undefined ? { description } : {}),
      // RoleDetail does not carry MaxSessionDuration; 3600 is IAM's default.
      maxSessionDuration: entry.MaxSessionDuration === undefined ? 3600 : this.integer(entry, 'MaxSessionDuration', where),
      trustPolicy: decodePolicyDocument(entry.AssumeRolePolicyDocument),
      attachedManagedPolicies: this.attached(entry, where),
      inlinePolicies: this.inline(entry, 'RolePolicyList', where),
      permissionsBoundary: this.boundary(entry, where),
      lastUsed:
        lastUsed.LastUsedDate === undefined || lastUsed.LastUsedDate === null
          ? null
          : {
              date: this.timestamp(lastUsed.LastUsedDate, `${where}.RoleLastUsed.LastUsedDate`).slice(0, 10),
              ...(region !== undefined ? { region } : {}),
            },
      tags: this.tags(entry, where),
    };
  }

  /** `boundaryUses` counts, per policy ARN, the principals of the export that use it as their permissions boundary. */
  policy(entry: Json, where: string, boundaryUses: ReadonlyMap<string, number>): ManagedPolicy {
    const arn = this.string(entry, 'Arn', where);
    const defaultVersionId = this.string(entry, 'DefaultVersionId', where);
    const versions = this.array(entry, 'PolicyVersionList', where);
    const version =
      versions.find((candidate) => candidate.IsDefaultVersion === true) ??
      versions.find((candidate) => candidate.VersionId === defaultVersionId) ??
      this.fail(`${where} has no default version (${defaultVersionId}) in PolicyVersionList`);
    const description = this.optionalString(entry, 'Description', where);
    return {
      arn,
      policyName: this.string(entry, 'PolicyName', where),
      policyId: this.string(entry, 'PolicyId', where),
      path: this.string(entry, 'Path', where),
      ...(description !== undefined ? { description } : {}),
      createDate: this.timestamp(entry.CreateDate, `${where}.CreateDate`),
      updateDate: this.timestamp(entry.UpdateDate, `${where}.UpdateDate`),
      defaultVersionId,
      attachmentCount: this.integer(entry, 'AttachmentCount', where),
      // Real exports carry null here (AWS managed policies in older exports); the export itself holds every principal, so count them.
      permissionsBoundaryUsageCount:
        entry.PermissionsBoundaryUsageCount === null || entry.PermissionsBoundaryUsageCount === undefined
          ? (boundaryUses.get(arn) ?? 0)
          : this.integer(entry, 'PermissionsBoundaryUsageCount', where),
      document: decodePolicyDocument(version.Document),
      ...this.otherVersions(arn, versions, version, where),
    };
  }

  /** A customer managed policy's non-default versions, oldest first; AWS managed ones' are left out (see the live collector). */
  private otherVersions(arn: string, versions: Json[], current: Json, where: string): { versions?: ManagedPolicy['versions'] } {
    if (isAwsManagedPolicyArn(arn)) return {};
    const others = versions.filter((candidate) => candidate !== current);
    const listed = others.map((candidate, index) => {
      const at = `${where}.PolicyVersionList[${versions.indexOf(candidate)}]`;
      return {
        versionId: this.string(candidate, 'VersionId', at),
        isDefault: false,
        createDate: this.timestamp(candidate.CreateDate, `${at}.CreateDate`),
        document: decodePolicyDocument(candidate.Document),
        order: index,
      };
    });
    listed.sort((a, b) => Number(a.versionId.slice(1)) - Number(b.versionId.slice(1)) || a.order - b.order);
    return { versions: listed.map(({ order: _order, ...version }) => version) };
  }
}

/**
 * The SDK returns policy documents URL-encoded, as the IAM Query API sends them; the CLI decodes them.
 * What cannot be decoded stays the raw string, for the policy grammar rule to report.
 */
export function decodePolicyDocument(document: unknown): unknown {
  if (typeof document !== 'string') return document;
  for (const decode of [(text: string) => text, decodeURIComponent]) {
    try {
      return JSON.parse(decode(document)) as unknown;
    } catch {
      // try the next decoding
    }
  }
  return document;
}

function byArn<T extends { arn: string }>(items: T[]): T[] {
  return sortBy(items, (item) => item.arn);
}
