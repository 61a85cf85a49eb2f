import type {
  AccessKey,
  AccountAssignment,
  Group,
  IdentityCenterInstance,
  IdentityStoreGroup,
  IdentityStoreUser,
  ManagedPolicy,
  MfaDevice,
  OidcProvider,
  OrgAccount,
  OrganizationFile,
  OrganizationalUnit,
  OrgPolicy,
  PasswordPolicy,
  PermissionSet,
  Role,
  RootUser,
  SamlProvider,
  SectionId,
  ServerCertificate,
  ServiceLastAccessed,
  User,
} from '../snapshot/schema.js';

/** Where a node was read from: the snapshot-relative file and a JSON pointer into it. */
export interface SourceRef {
  readonly file: string;
  readonly pointer: string;
}

interface NodeBase<K extends string> {
  readonly kind: K;
  /**
   * Stable identity: the ARN for IAM and Identity Center entities; AWS's own id for the organization,
   * OUs, SCPs/RCPs (o-…, ou-…, p-…) and accounts (the account id); else an id that survives re-collection.
   */
  readonly id: string;
  /** Human name used in messages. */
  readonly name: string;
  /** The AWS account the node lives in; null for organization- or Identity Center-wide nodes. */
  readonly accountId: string | null;
  readonly source: SourceRef;
}

type Node<K extends string, T> = NodeBase<K> & Readonly<Omit<T, 'name'>>;

export type OrganizationNode = Node<'Organization', OrganizationFile['organization']> & {
  readonly delegatedAdministrators: OrganizationFile['delegatedAdministrators'];
  /** Centralised root access features; null when the snapshot does not say (collected before format 1.1). */
  readonly iamFeatures: readonly string[] | null;
};
export type OrganizationalUnitNode = Node<'OrganizationalUnit', OrganizationalUnit>;
export type AccountNode = NodeBase<'Account'> & {
  readonly accountId: string;
  /** The entry in organization.json, when the snapshot has one. */
  readonly organizationEntry: Readonly<OrgAccount> | null;
  /** OUs from the root down to the account's parent. */
  readonly ouPath: readonly OrganizationalUnitNode[];
  readonly alias: string | null;
  readonly isManagementAccount: boolean;
  /** True when accounts/<id>.json is in the snapshot. */
  readonly hasAccountFile: boolean;
  /** Optional sections the account file does not hold (written before they existed, or not asked for). */
  readonly absentSections: readonly SectionId[];
  /** Principal ARN → services granted and when each was last used, when the snapshot has last-accessed data. */
  readonly serviceLastAccessed: Readonly<Record<string, readonly ServiceLastAccessed[]>> | null;
  /** GetAccountSummary's counts and quotas; null without an account file. */
  readonly accountSummary: Readonly<Record<string, number>> | null;
};
export type ScpNode = Node<'Scp', OrgPolicy>;
export type RcpNode = Node<'Rcp', OrgPolicy>;
export type RootUserNode = Node<'RootUser', RootUser> & { readonly accountId: string };
export type UserNode = Node<'User', User> & { readonly accountId: string };
export type AccessKeyNode = Node<'AccessKey', AccessKey> & { readonly accountId: string; readonly user: UserNode };
export type MfaDeviceNode = Node<'MfaDevice', MfaDevice> & { readonly accountId: string; readonly user: UserNode };
export type GroupNode = Node<'Group', Group> & { readonly accountId: string };
export type RoleNode = Node<'Role', Role> & { readonly accountId: string };
export type ManagedPolicyNode = Node<'ManagedPolicy', ManagedPolicy> & {
  readonly accountId: string;
  readonly awsManaged: boolean;
};
export type InlinePolicyOwner = UserNode | GroupNode | RoleNode | PermissionSetNode;
export type InlinePolicyNode = NodeBase<'InlinePolicy'> & {
  readonly document: unknown;
  readonly owner: InlinePolicyOwner;
};
export type SamlProviderNode = Node<'SamlProvider', SamlProvider> & { readonly accountId: string };
export type OidcProviderNode = Node<'OidcProvider', OidcProvider> & { readonly accountId: string };
export type ServerCertificateNode = Node<'ServerCertificate', ServerCertificate> & { readonly accountId: string };
export type PasswordPolicyNode = NodeBase<'PasswordPolicy'> & {
  readonly accountId: string;
  /** null when the account has no password policy set (AWS then applies its weak default). */
  readonly policy: Readonly<PasswordPolicy> | null;
};
export type PermissionSetNode = Node<'PermissionSet', PermissionSet> & {
  readonly instanceArn: string;
};
export type AccountAssignmentNode = Node<'AccountAssignment', AccountAssignment> & {
  readonly accountId: string;
  readonly instanceArn: string;
};
export type IdentityStoreUserNode = Node<'IdentityStoreUser', IdentityStoreUser> & { readonly instanceArn: string };
export type IdentityStoreGroupNode = Node<'IdentityStoreGroup', IdentityStoreGroup> & { readonly instanceArn: string };
export type IdentityCenterInstanceData = Readonly<IdentityCenterInstance>;

export interface NodeKindMap {
  Organization: OrganizationNode;
  OrganizationalUnit: OrganizationalUnitNode;
  Account: AccountNode;
  Scp: ScpNode;
  Rcp: RcpNode;
  RootUser: RootUserNode;
  User: UserNode;
  AccessKey: AccessKeyNode;
  MfaDevice: MfaDeviceNode;
  Group: GroupNode;
  Role: RoleNode;
  ManagedPolicy: ManagedPolicyNode;
  InlinePolicy: InlinePolicyNode;
  SamlProvider: SamlProviderNode;
  OidcProvider: OidcProviderNode;
  ServerCertificate: ServerCertificateNode;
  PasswordPolicy: PasswordPolicyNode;
  PermissionSet: PermissionSetNode;
  AccountAssignment: AccountAssignmentNode;
  IdentityStoreUser: IdentityStoreUserNode;
  IdentityStoreGroup: IdentityStoreGroupNode;
}

export type NodeKind = keyof NodeKindMap;
export type AnyNode = NodeKindMap[NodeKind];

/** Kinds read from organization.json. */
export const ORGANIZATION_FILE_KINDS = ['Organization', 'OrganizationalUnit', 'Account', 'Scp', 'Rcp'] as const satisfies readonly NodeKind[];

/** Kinds read from accounts/<id>.json (inline policies of permission sets excepted: identity-center.json holds them). */
export const ACCOUNT_FILE_KINDS = [
  'RootUser',
  'PasswordPolicy',
  'User',
  'AccessKey',
  'MfaDevice',
  'Group',
  'Role',
  'ManagedPolicy',
  'InlinePolicy',
  'SamlProvider',
  'OidcProvider',
  'ServerCertificate',
] as const satisfies readonly NodeKind[];

/** Kinds read from identity-center.json. */
export const IDENTITY_CENTER_FILE_KINDS = ['PermissionSet', 'AccountAssignment', 'IdentityStoreUser', 'IdentityStoreGroup'] as const satisfies readonly NodeKind[];

/** Every kind, file by file: the order nodes are visited and listed in. */
export const NODE_KINDS: readonly NodeKind[] = [...ORGANIZATION_FILE_KINDS, ...ACCOUNT_FILE_KINDS, ...IDENTITY_CENTER_FILE_KINDS];

type FileKind = (typeof ORGANIZATION_FILE_KINDS | typeof ACCOUNT_FILE_KINDS | typeof IDENTITY_CENTER_FILE_KINDS)[number];
/** Fails to compile when a kind is added to NodeKindMap and to none of the file lists. */
const everyKindInAFile: Record<Exclude<NodeKind, FileKind>, never> = {};
void everyKindInAFile;

/** A principal whose identity policies can be listed. */
export type IamPrincipalNode = UserNode | GroupNode | RoleNode;
