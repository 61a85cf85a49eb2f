import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { Model } from '../model/model.js';
import { loadSnapshot } from '../model/loader.js';
import {
  SCHEMA_VERSION,
  type AccessKey,
  type AccountAssignment,
  type AccountFile,
  type Gap,
  type Group,
  type IdentityCenterInstance,
  type IdentityStoreGroup,
  type IdentityStoreUser,
  type ManagedPolicy,
  type Manifest,
  type MfaDevice,
  type OidcProvider,
  type OrgAccount,
  type OrganizationFile,
  type OrganizationalUnit,
  type OrgPolicy,
  type PasswordPolicy,
  type PermissionSet,
  type Role,
  type RootUser,
  type SamlProvider,
  type ServerCertificate,
  type ServiceLastAccessed,
  type User,
} from '../snapshot/schema.js';

/**
 * Short descriptions of snapshot content, filled out with realistic defaults into files that pass the
 * same loader and schema as a collected snapshot. Used by RuleTester cases and by plugin authors.
 */
export interface SnapshotSpec {
  collectedAt?: string;
  gaps?: Gap[];
  organization?: OrganizationSpec;
  identityCenter?: IdentityCenterSpec;
  accounts?: Record<string, AccountSpec>;
}

export interface AccountSpec {
  alias?: string | null;
  root?: Partial<RootUser> | null;
  users?: Array<UserSpec>;
  groups?: Array<Partial<Group> & { groupName: string }>;
  roles?: Array<Partial<Role> & { roleName: string }>;
  policies?: Array<Partial<ManagedPolicy> & { policyName: string; document: unknown }>;
  samlProviders?: Array<Partial<SamlProvider> & { name: string }>;
  oidcProviders?: Array<Partial<OidcProvider> & { url: string }>;
  passwordPolicy?: Partial<PasswordPolicy> | null;
  accountSummary?: Record<string, number>;
  /** Collected and empty unless given; null leaves the section out, as a snapshot written before it existed. */
  serverCertificates?: Array<Partial<ServerCertificate> & { name: string }> | null;
  /** Left out (not collected, as without --last-accessed) unless given. */
  serviceLastAccessed?: Record<string, ServiceLastAccessed[]>;
}

export type UserSpec = Partial<Omit<User, 'accessKeys' | 'mfaDevices'>> & {
  userName: string;
  accessKeys?: Array<Partial<AccessKey>>;
  mfaDevices?: Array<Partial<MfaDevice>>;
};

export interface OrganizationSpec {
  id?: string;
  managementAccountId: string;
  rootId?: string;
  organizationalUnits?: Array<Partial<OrganizationalUnit> & { id: string; name: string }>;
  accounts?: Array<Partial<OrgAccount> & { id: string }>;
  policies?: Array<Partial<OrgPolicy> & { name: string; document: unknown }>;
  delegatedAdministrators?: OrganizationFile['delegatedAdministrators'];
  iamFeatures?: string[];
}

export interface IdentityCenterSpec {
  ownerAccountId?: string;
  identitySource?: IdentityCenterInstance['identitySource'];
  externalIdp?: IdentityCenterInstance['externalIdp'];
  permissionSets?: Array<Partial<PermissionSet> & { name: string }>;
  /** permissionSet may name a permission set of this spec instead of giving its ARN. */
  assignments?: Array<Omit<AccountAssignment, 'permissionSetArn'> & { permissionSet?: string; permissionSetArn?: string }>;
  users?: Array<Partial<IdentityStoreUser> & { userId: string; userName: string }>;
  groups?: Array<Partial<IdentityStoreGroup> & { groupId: string; displayName: string }>;
}

export const DEFAULT_COLLECTED_AT = '2026-11-20T06:00:00Z';
const CREATED = '2024-03-04T10:15:00Z';
const SSO_INSTANCE = 'ssoins-7223a2e5f1c1d4b0';
const IDENTITY_STORE = 'd-9067642ac7';

/** Deterministic ids with AWS's prefixes, derived from a seed so tests stay byte-stable. */
export function fakeId(prefix: string, seed: string, length = 17): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = sha256(utf8ToBytes(seed));
  let id = prefix;
  for (let i = 0; id.length < prefix.length + length; i++) id += alphabet[(bytes[i % bytes.length] as number) % 32];
  return id;
}

export const STRONG_PASSWORD_POLICY: PasswordPolicy = {
  minimumPasswordLength: 14,
  requireSymbols: true,
  requireNumbers: true,
  requireUppercaseCharacters: true,
  requireLowercaseCharacters: true,
  allowUsersToChangePassword: true,
  expirePasswords: false,
  maxPasswordAge: null,
  passwordReusePrevention: 24,
  hardExpiry: false,
};

function buildUser(accountId: string, spec: UserSpec): User {
  const path = spec.path ?? '/';
  const arn = spec.arn ?? `arn:aws:iam::${accountId}:user${path}${spec.userName}`;
  return {
    arn,
    userName: spec.userName,
    userId: spec.userId ?? fakeId('AIDA', arn),
    path,
    createDate: spec.createDate ?? CREATED,
    passwordLastUsed: spec.passwordLastUsed ?? null,
    loginProfile: spec.loginProfile ?? null,
    mfaDevices: (spec.mfaDevices ?? []).map((device, index) => ({
      serialNumber: device.serialNumber ?? `arn:aws:iam::${accountId}:mfa/${spec.userName}${index === 0 ? '' : `-${index + 1}`}`,
      type: device.type ?? 'virtual',
      enableDate: device.enableDate ?? spec.createDate ?? CREATED,
    })),
    accessKeys: (spec.accessKeys ?? []).map((key, index) => ({
      accessKeyId: key.accessKeyId ?? fakeId('AKIA', `${arn}#${index}`, 16),
      status: key.status ?? 'Active',
      createDate: key.createDate ?? spec.createDate ?? CREATED,
      lastUsedDate: key.lastUsedDate ?? null,
      ...(key.lastUsedService !== undefined ? { lastUsedService: key.lastUsedService } : {}),
      ...(key.lastUsedRegion !== undefined ? { lastUsedRegion: key.lastUsedRegion } : {}),
    })),
    groups: spec.groups ?? [],
    attachedManagedPolicies: spec.attachedManagedPolicies ?? [],
    inlinePolicies: spec.inlinePolicies ?? [],
    permissionsBoundary: spec.permissionsBoundary ?? null,
    tags: spec.tags ?? {},
  };
}

function buildAccount(accountId: string, spec: AccountSpec): AccountFile {
  return {
    accountId,
    alias: spec.alias ?? null,
    root:
      spec.root === null
        ? null
        : {
            arn: `arn:aws:iam::${accountId}:root`,
            passwordEnabled: true,
            passwordLastUsed: null,
            mfaActive: true,
            mfaType: 'hardware',
            accessKeys: [],
            signingCertificatesActive: 0,
            ...spec.root,
          },
    users: (spec.users ?? []).map((user) => buildUser(accountId, user)),
    groups: (spec.groups ?? []).map((group) => buildGroup(accountId, group)),
    roles: (spec.roles ?? []).map((role) => buildRole(accountId, role)),
    policies: (spec.policies ?? []).map((policy) => buildPolicy(accountId, policy)),
    samlProviders: (spec.samlProviders ?? []).map((provider) => ({
      arn: provider.arn ?? `arn:aws:iam::${accountId}:saml-provider/${provider.name}`,
      name: provider.name,
      entityId: provider.entityId ?? null,
      signingCertificates: provider.signingCertificates ?? [],
      validUntil: provider.validUntil ?? null,
      createDate: provider.createDate ?? CREATED,
      tags: provider.tags ?? {},
    })),
    oidcProviders: (spec.oidcProviders ?? []).map((provider) => ({
      arn: provider.arn ?? `arn:aws:iam::${accountId}:oidc-provider/${provider.url.replace(/^https:\/\//, '')}`,
      url: provider.url,
      clientIds: provider.clientIds ?? ['sts.amazonaws.com'],
      thumbprints: provider.thumbprints ?? [],
      createDate: provider.createDate ?? CREATED,
      tags: provider.tags ?? {},
    })),
    passwordPolicy: spec.passwordPolicy === null ? null : { ...STRONG_PASSWORD_POLICY, ...spec.passwordPolicy },
    accountSummary: spec.accountSummary ?? {},
    ...(spec.serverCertificates === null
      ? {}
      : {
          serverCertificates: (spec.serverCertificates ?? []).map((certificate) => {
            const path = certificate.path ?? '/';
            return {
              arn: certificate.arn ?? `arn:aws:iam::${accountId}:server-certificate${path}${certificate.name}`,
              name: certificate.name,
              path,
              uploadDate: certificate.uploadDate ?? CREATED,
              expiration: certificate.expiration ?? '2027-03-04T10:15:00Z',
            };
          }),
        }),
    ...(spec.serviceLastAccessed ? { serviceLastAccessed: spec.serviceLastAccessed } : {}),
  };
}

function buildGroup(accountId: string, group: NonNullable<AccountSpec['groups']>[number]): Group {
  const path = group.path ?? '/';
  const arn = group.arn ?? `arn:aws:iam::${accountId}:group${path}${group.groupName}`;
  return {
    arn,
    groupName: group.groupName,
    groupId: group.groupId ?? fakeId('AGPA', arn),
    path,
    createDate: group.createDate ?? CREATED,
    attachedManagedPolicies: group.attachedManagedPolicies ?? [],
    inlinePolicies: group.inlinePolicies ?? [],
  };
}

function buildRole(accountId: string, role: NonNullable<AccountSpec['roles']>[number]): Role {
  const path = role.path ?? '/';
  const arn = role.arn ?? `arn:aws:iam::${accountId}:role${path}${role.roleName}`;
  return {
    arn,
    roleName: role.roleName,
    roleId: role.roleId ?? fakeId('AROA', arn),
    path,
    createDate: role.createDate ?? CREATED,
    ...(role.description !== undefined ? { description: role.description } : {}),
    maxSessionDuration: role.maxSessionDuration ?? 3600,
    trustPolicy: role.trustPolicy ?? {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    },
    attachedManagedPolicies: role.attachedManagedPolicies ?? [],
    inlinePolicies: role.inlinePolicies ?? [],
    permissionsBoundary: role.permissionsBoundary ?? null,
    lastUsed: role.lastUsed ?? null,
    tags: role.tags ?? {},
  };
}

function buildPolicy(accountId: string, policy: NonNullable<AccountSpec['policies']>[number]): ManagedPolicy {
  const path = policy.path ?? '/';
  const arn = policy.arn ?? `arn:aws:iam::${accountId}:policy${path}${policy.policyName}`;
  return {
    arn,
    policyName: policy.policyName,
    policyId: policy.policyId ?? fakeId('ANPA', arn),
    path,
    ...(policy.description !== undefined ? { description: policy.description } : {}),
    createDate: policy.createDate ?? CREATED,
    updateDate: policy.updateDate ?? policy.createDate ?? CREATED,
    defaultVersionId: policy.defaultVersionId ?? 'v1',
    attachmentCount: policy.attachmentCount ?? 1,
    permissionsBoundaryUsageCount: policy.permissionsBoundaryUsageCount ?? 0,
    document: policy.document,
    ...(policy.versions !== undefined ? { versions: policy.versions } : {}),
  };
}

function buildOrganization(spec: OrganizationSpec): OrganizationFile {
  const id = spec.id ?? 'o-a1b2c3d4e5';
  const management = spec.managementAccountId;
  const rootId = spec.rootId ?? 'r-a1b2';
  const base = `arn:aws:organizations::${management}`;
  return {
    organization: { id, arn: `${base}:organization/${id}`, managementAccountId: management, featureSet: 'ALL' },
    roots: [{ id: rootId, arn: `${base}:root/${id}/${rootId}`, name: 'Root', policyTypes: ['SERVICE_CONTROL_POLICY'] }],
    organizationalUnits: (spec.organizationalUnits ?? []).map((ou) => ({
      id: ou.id,
      arn: ou.arn ?? `${base}:ou/${id}/${ou.id}`,
      name: ou.name,
      parentId: ou.parentId ?? rootId,
    })),
    accounts: (spec.accounts ?? [{ id: management }]).map((account) => ({
      id: account.id,
      arn: account.arn ?? `${base}:account/${id}/${account.id}`,
      name: account.name ?? `account-${account.id}`,
      ...(account.email !== undefined ? { email: account.email } : {}),
      status: account.status ?? 'ACTIVE',
      joinedMethod: account.joinedMethod ?? (account.id === management ? 'INVITED' : 'CREATED'),
      joinedTimestamp: account.joinedTimestamp ?? CREATED,
      parentId: account.parentId ?? rootId,
      tags: account.tags ?? {},
    })),
    policies: (spec.policies ?? []).map((policy) => {
      const policyId = policy.id ?? fakeId('p-', policy.name, 8).toLowerCase();
      const type = policy.type ?? 'SERVICE_CONTROL_POLICY';
      return {
        id: policyId,
        arn: policy.arn ?? `${base}:policy/${id}/${type.toLowerCase()}/${policyId}`,
        name: policy.name,
        type,
        awsManaged: policy.awsManaged ?? false,
        ...(policy.description !== undefined ? { description: policy.description } : {}),
        document: policy.document,
        targets: policy.targets ?? [rootId],
      };
    }),
    delegatedAdministrators: spec.delegatedAdministrators ?? [],
    ...(spec.iamFeatures ? { iamFeatures: spec.iamFeatures } : {}),
  };
}

function buildIdentityCenter(spec: IdentityCenterSpec, fallbackOwner: string): IdentityCenterInstance {
  const owner = spec.ownerAccountId ?? fallbackOwner;
  const instanceArn = `arn:aws:sso:::instance/${SSO_INSTANCE}`;
  const permissionSets: PermissionSet[] = (spec.permissionSets ?? []).map((set) => ({
    arn: set.arn ?? `arn:aws:sso:::permissionSet/${SSO_INSTANCE}/${fakeId('ps-', set.name, 16).toLowerCase()}`,
    name: set.name,
    ...(set.description !== undefined ? { description: set.description } : {}),
    createdDate: set.createdDate ?? CREATED,
    sessionDuration: set.sessionDuration ?? 'PT1H',
    managedPolicies: set.managedPolicies ?? [],
    customerManagedPolicies: set.customerManagedPolicies ?? [],
    inlinePolicy: set.inlinePolicy ?? null,
    permissionsBoundary: set.permissionsBoundary ?? null,
    provisionedAccounts: set.provisionedAccounts ?? [],
    ...(set.outdatedAccounts ? { outdatedAccounts: set.outdatedAccounts } : {}),
    tags: set.tags ?? {},
  }));
  const arnOf = (name: string | undefined, arn: string | undefined): string => {
    if (arn) return arn;
    const found = permissionSets.find((set) => set.name === name);
    if (!found) throw new Error(`assignment names an unknown permission set "${String(name)}"`);
    return found.arn;
  };
  return {
    instanceArn,
    identityStoreId: IDENTITY_STORE,
    ownerAccountId: owner,
    identitySource: spec.identitySource ?? 'EXTERNAL_IDP',
    ...(spec.externalIdp ? { externalIdp: spec.externalIdp } : {}),
    permissionSets,
    assignments: (spec.assignments ?? []).map(({ permissionSet, permissionSetArn, ...rest }) => ({
      accountId: rest.accountId,
      permissionSetArn: arnOf(permissionSet, permissionSetArn),
      principalType: rest.principalType,
      principalId: rest.principalId,
    })),
    users: (spec.users ?? []).map((user) => ({
      userId: user.userId,
      userName: user.userName,
      ...(user.displayName !== undefined ? { displayName: user.displayName } : {}),
      emails: user.emails ?? [],
    })),
    groups: (spec.groups ?? []).map((group) => ({
      groupId: group.groupId,
      displayName: group.displayName,
      ...(group.description !== undefined ? { description: group.description } : {}),
      members: group.members ?? [],
    })),
  };
}

/** The files of a snapshot folder, as `iamlint collect` would write them. */
export function buildSnapshotFiles(spec: SnapshotSpec): Map<string, string> {
  const accountIds = Object.keys(spec.accounts ?? {}).sort();
  const organization = spec.organization ? buildOrganization(spec.organization) : null;
  const allAccounts = [...new Set([...accountIds, ...(organization?.accounts.map((account) => account.id) ?? [])])].sort();
  const manifest: Manifest = {
    schemaVersion: SCHEMA_VERSION,
    collectedAt: spec.collectedAt ?? DEFAULT_COLLECTED_AT,
    tool: { name: 'iamlint', version: '0.0.0-test' },
    scope: {
      ...(organization ? { organizationId: organization.organization.id, managementAccountId: organization.organization.managementAccountId } : {}),
      accounts: allAccounts,
    },
    gaps: spec.gaps ?? [],
  };
  const files = new Map<string, string>();
  const write = (path: string, data: unknown) => files.set(path, `${JSON.stringify(data, null, 2)}\n`);
  write('snapshot.json', manifest);
  if (organization) write('organization.json', organization);
  if (spec.identityCenter) {
    const owner = organization?.organization.managementAccountId ?? accountIds[0] ?? '111111111111';
    write('identity-center.json', { instances: [buildIdentityCenter(spec.identityCenter, owner)] });
  }
  for (const accountId of accountIds) write(`accounts/${accountId}.json`, buildAccount(accountId, spec.accounts?.[accountId] ?? {}));
  return files;
}

export function buildModel(spec: SnapshotSpec): Model {
  return loadSnapshot(buildSnapshotFiles(spec));
}
