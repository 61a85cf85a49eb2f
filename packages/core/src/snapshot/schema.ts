import { Type, type Static, type TSchema } from '@sinclair/typebox';

export { SCHEMA_VERSION, SUPPORTED_SCHEMA_MAJOR } from './version.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** A string enum that validates as `enum`, so an error lists the allowed values. */
const StringEnum = <const T extends readonly string[]>(values: T, options: { description?: string } = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

const AccountId = Type.String({ pattern: '^[0-9]{12}$', description: 'A 12-digit AWS account id.' });
const Arn = Type.String({ pattern: '^arn:aws[a-z-]*:', description: 'An ARN.' });
const Timestamp = Type.String({ format: 'date-time', description: 'UTC ISO-8601 timestamp.' });
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'A UTC day (YYYY-MM-DD): last-used times are kept to the day.' });
const Tags = Type.Record(Type.String(), Type.String(), { description: 'Resource tags, key → value.' });
/** A policy document as AWS stores it, decoded from URL encoding; validated by the policy grammar rules, not here. */
const PolicyDocument = Type.Unknown({ description: 'A decoded IAM policy document.' });

export const SECTION_IDS = [
  'organization',
  'organization.policies',
  'identityCenter',
  'iam.authorizationDetails',
  'iam.credentialReport',
  'iam.accessKeys',
  'iam.samlProviders',
  'iam.oidcProviders',
  'iam.passwordPolicy',
  'iam.accountSummary',
  'iam.virtualMfaDevices',
  'iam.serverCertificates',
  'iam.serviceLastAccessed',
  'iam.rootUser',
  'identityCenter.permissionsBoundaries',
  'identityCenter.tags',
  'identityCenter.provisioning',
  'organization.iamFeatures',
] as const;
/**
 * Parts of a section that can be missing alone (a credential report without the root user's row, permission
 * sets whose boundary, tags or provisioning status cannot be read, an organization whose IAM features cannot be listed): missing with
 * their parent too, so rules that need only the part lose only it, and those that do not need it lose nothing.
 */
export const SECTION_PARENTS: Readonly<Partial<Record<SectionId, SectionId>>> = {
  'iam.rootUser': 'iam.credentialReport',
  'identityCenter.permissionsBoundaries': 'identityCenter',
  'identityCenter.tags': 'identityCenter',
  'identityCenter.provisioning': 'identityCenter',
  'organization.iamFeatures': 'organization',
};
/** Account sections added after 1.0: a file without the key has not collected them, so their rules say "not evaluated". */
export const OPTIONAL_ACCOUNT_SECTIONS = { serverCertificates: 'iam.serverCertificates', serviceLastAccessed: 'iam.serviceLastAccessed' } as const;
export const SectionId = StringEnum(SECTION_IDS,
  { description: 'A part of the snapshot that a collector reads with its own calls, and a rule may require.' },
);
export type SectionId = Static<typeof SectionId>;

export const GAP_KINDS = ['denied', 'not-implemented', 'failed', 'invalid', 'not-in-export'] as const;
export const GapKind = StringEnum(GAP_KINDS, {
  description:
    'Why the data is missing: denied (no permission), not-implemented (the endpoint does not implement the call), failed (an error that may pass), invalid (the answer could not be represented), not-in-export (the export does not carry it). Absent in older snapshots: derived from error.',
});
export type GapKind = Static<typeof GapKind>;

export const Gap = Type.Object(
  {
    section: SectionId,
    accountId: Type.Optional(AccountId),
    call: Type.Optional(Type.String({ description: 'The API call that failed, e.g. iam:GenerateCredentialReport.' })),
    error: Type.String({ description: 'The error code, e.g. AccessDenied.' }),
    message: Type.Optional(Type.String()),
    kind: Type.Optional(GapKind),
    entity: Type.Optional(
      Type.Object(
        {
          kind: Type.String({ description: 'The kind of entity left out or repaired, e.g. User, ManagedPolicy.' }),
          id: Type.String({ description: 'Its ARN, id or name, as far as the answer says.' }),
          field: Type.Optional(Type.String({ description: 'The field that could not be represented, as a JSON pointer inside the entity.' })),
          received: Type.Optional(Type.String({ description: 'What was received there (JSON, shortened), or "absent".' })),
        },
        { additionalProperties: false, description: 'The one entity this gap is about, when it is not a whole call.' },
      ),
    ),
  },
  { additionalProperties: false },
);
export type Gap = Static<typeof Gap>;

const DENIED_ERRORS = /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|AuthorizationError|Forbidden)$|NotAuthorized|AccessDenied/;

/** A gap's kind: as recorded, else derived from its error code (older snapshots record none). */
export function gapKind(gap: Pick<Gap, 'kind' | 'error'>): GapKind {
  if (gap.kind) return gap.kind;
  if (gap.error === 'NotInExport') return 'not-in-export';
  if (gap.error === 'NotImplemented') return 'not-implemented';
  if (gap.error === 'InvalidResponse') return 'invalid';
  if (DENIED_ERRORS.test(gap.error)) return 'denied';
  return 'failed';
}

export const Manifest = Type.Object(
  {
    schemaVersion: Type.String({ pattern: '^[0-9]+\\.[0-9]+$' }),
    collectedAt: Timestamp,
    tool: Type.Object({ name: Type.String(), version: Type.String() }, { additionalProperties: false }),
    scope: Type.Object(
      {
        organizationId: Type.Optional(Type.String()),
        managementAccountId: Type.Optional(AccountId),
        accounts: Type.Array(AccountId, { description: 'The accounts this snapshot covers.' }),
      },
      { additionalProperties: false },
    ),
    gaps: Type.Array(Gap),
  },
  { additionalProperties: false },
);
export type Manifest = Static<typeof Manifest>;

const AttachedPolicies = Type.Array(Arn, { description: 'ARNs of attached managed policies.' });
export const InlinePolicy = Type.Object(
  { name: Type.String(), document: PolicyDocument },
  { additionalProperties: false },
);
export type InlinePolicy = Static<typeof InlinePolicy>;

export const AccessKey = Type.Object(
  {
    accessKeyId: Type.String({ pattern: '^[A-Z0-9]{16,128}$' }),
    status: StringEnum(['Active', 'Inactive'] as const),
    createDate: Timestamp,
    lastUsedDate: Nullable(Day),
    lastUsedService: Type.Optional(Nullable(Type.String())),
    lastUsedRegion: Type.Optional(Nullable(Type.String())),
  },
  { additionalProperties: false },
);
export type AccessKey = Static<typeof AccessKey>;

export const MfaDeviceType = StringEnum(['virtual', 'hardware', 'passkey', 'unknown'] as const, {
  description: 'unknown when imported from a credential report, which says a device is active but not which kind.',
});
export type MfaDeviceType = Static<typeof MfaDeviceType>;

export const MfaDevice = Type.Object(
  { serialNumber: Type.String(), type: MfaDeviceType, enableDate: Timestamp },
  { additionalProperties: false },
);
export type MfaDevice = Static<typeof MfaDevice>;

export const User = Type.Object(
  {
    arn: Arn,
    userName: Type.String(),
    userId: Type.String(),
    path: Type.String(),
    createDate: Timestamp,
    passwordLastUsed: Nullable(Day),
    loginProfile: Nullable(
      Type.Object({ createDate: Timestamp, passwordResetRequired: Type.Boolean() }, { additionalProperties: false }),
    ),
    mfaDevices: Type.Array(MfaDevice),
    accessKeys: Type.Array(AccessKey),
    groups: Type.Array(Type.String(), { description: 'Names of the groups the user belongs to.' }),
    attachedManagedPolicies: AttachedPolicies,
    inlinePolicies: Type.Array(InlinePolicy),
    permissionsBoundary: Nullable(Arn),
    tags: Tags,
  },
  { additionalProperties: false },
);
export type User = Static<typeof User>;

export const Group = Type.Object(
  {
    arn: Arn,
    groupName: Type.String(),
    groupId: Type.String(),
    path: Type.String(),
    createDate: Timestamp,
    attachedManagedPolicies: AttachedPolicies,
    inlinePolicies: Type.Array(InlinePolicy),
  },
  { additionalProperties: false },
);
export type Group = Static<typeof Group>;

export const Role = Type.Object(
  {
    arn: Arn,
    roleName: Type.String(),
    roleId: Type.String(),
    path: Type.String(),
    createDate: Timestamp,
    description: Type.Optional(Type.String()),
    maxSessionDuration: Type.Integer({ minimum: 3600, maximum: 43200 }),
    trustPolicy: PolicyDocument,
    attachedManagedPolicies: AttachedPolicies,
    inlinePolicies: Type.Array(InlinePolicy),
    permissionsBoundary: Nullable(Arn),
    lastUsed: Nullable(
      Type.Object({ date: Day, region: Type.Optional(Type.String()) }, { additionalProperties: false }),
    ),
    tags: Tags,
  },
  { additionalProperties: false },
);
export type Role = Static<typeof Role>;

export const PolicyVersion = Type.Object(
  {
    versionId: Type.String({ pattern: '^v[0-9]+$' }),
    isDefault: Type.Boolean(),
    createDate: Timestamp,
    document: PolicyDocument,
  },
  { additionalProperties: false, description: 'A stored version of a customer managed policy. Only the default version is in effect.' },
);
export type PolicyVersion = Static<typeof PolicyVersion>;

export const ManagedPolicy = Type.Object(
  {
    arn: Arn,
    policyName: Type.String(),
    policyId: Type.String(),
    path: Type.String(),
    description: Type.Optional(Type.String()),
    createDate: Timestamp,
    updateDate: Timestamp,
    defaultVersionId: Type.String({ pattern: '^v[0-9]+$' }),
    attachmentCount: Type.Integer({ minimum: 0 }),
    permissionsBoundaryUsageCount: Type.Integer({ minimum: 0 }),
    document: PolicyDocument,
    versions: Type.Optional(
      Type.Array(PolicyVersion, {
        description:
          'The non-default versions, when the source lists every version (GAAD does): empty when there are none, absent when the source did not say. Kept for customer managed policies only: nobody can set the default version of an AWS managed policy. Since 1.2.',
      }),
    ),
  },
  { additionalProperties: false, description: 'A customer managed policy, or an AWS managed policy in use; document is the default version.' },
);
export type ManagedPolicy = Static<typeof ManagedPolicy>;

export const SamlProvider = Type.Object(
  {
    arn: Arn,
    name: Type.String(),
    entityId: Nullable(Type.String({ description: 'The IdP entity id from the metadata document.' })),
    signingCertificates: Type.Array(
      Type.Object(
        {
          sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 fingerprint of the DER certificate, lowercase hex.' }),
          notAfter: Nullable(Timestamp),
        },
        { additionalProperties: false },
      ),
    ),
    validUntil: Nullable(Timestamp),
    createDate: Timestamp,
    tags: Tags,
  },
  { additionalProperties: false },
);
export type SamlProvider = Static<typeof SamlProvider>;

export const OidcProvider = Type.Object(
  {
    arn: Arn,
    url: Type.String(),
    clientIds: Type.Array(Type.String()),
    thumbprints: Type.Array(Type.String()),
    createDate: Timestamp,
    tags: Tags,
  },
  { additionalProperties: false },
);
export type OidcProvider = Static<typeof OidcProvider>;

export const PasswordPolicy = Type.Object(
  {
    minimumPasswordLength: Type.Integer({ minimum: 6, maximum: 128 }),
    requireSymbols: Type.Boolean(),
    requireNumbers: Type.Boolean(),
    requireUppercaseCharacters: Type.Boolean(),
    requireLowercaseCharacters: Type.Boolean(),
    allowUsersToChangePassword: Type.Boolean(),
    expirePasswords: Type.Boolean(),
    maxPasswordAge: Nullable(Type.Integer({ minimum: 1, maximum: 1095 })),
    passwordReusePrevention: Nullable(Type.Integer({ minimum: 1, maximum: 24 })),
    hardExpiry: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type PasswordPolicy = Static<typeof PasswordPolicy>;

export const RootUser = Type.Object(
  {
    arn: Arn,
    passwordEnabled: Nullable(Type.Boolean({ description: 'null when the account has no root credentials to report (centrally managed root access).' })),
    passwordLastUsed: Nullable(Day),
    mfaActive: Type.Boolean(),
    mfaType: Nullable(MfaDeviceType),
    accessKeys: Type.Array(
      Type.Object(
        {
          slot: Type.Union([Type.Literal(1), Type.Literal(2)]),
          active: Type.Boolean(),
          lastRotated: Nullable(Timestamp),
          lastUsedDate: Nullable(Day),
        },
        { additionalProperties: false },
      ),
      { description: 'From the credential report; AWS does not reveal root key ids.' },
    ),
    signingCertificatesActive: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type RootUser = Static<typeof RootUser>;

export const ServerCertificate = Type.Object(
  {
    arn: Arn,
    name: Type.String(),
    path: Type.String(),
    uploadDate: Timestamp,
    expiration: Timestamp,
  },
  { additionalProperties: false },
);
export type ServerCertificate = Static<typeof ServerCertificate>;

export const ServiceLastAccessed = Type.Object(
  {
    service: Type.String({ description: 'The service namespace, e.g. s3.' }),
    lastAuthenticated: Nullable(Day),
  },
  { additionalProperties: false },
);
export type ServiceLastAccessed = Static<typeof ServiceLastAccessed>;

export const AccountFile = Type.Object(
  {
    accountId: AccountId,
    alias: Nullable(Type.String()),
    root: Nullable(RootUser),
    users: Type.Array(User),
    groups: Type.Array(Group),
    roles: Type.Array(Role),
    policies: Type.Array(ManagedPolicy),
    samlProviders: Type.Array(SamlProvider),
    oidcProviders: Type.Array(OidcProvider),
    passwordPolicy: Nullable(PasswordPolicy),
    accountSummary: Type.Record(Type.String(), Type.Integer()),
    serverCertificates: Type.Optional(Type.Array(ServerCertificate)),
    serviceLastAccessed: Type.Optional(
      Type.Record(Type.String(), Type.Array(ServiceLastAccessed), {
        description: 'Principal ARN → the services its policies grant, with the day each was last used (null: not in the tracking period).',
      }),
    ),
  },
  { additionalProperties: false },
);
export type AccountFile = Static<typeof AccountFile>;

export const OrganizationalUnit = Type.Object(
  { id: Type.String({ pattern: '^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$' }), arn: Arn, name: Type.String(), parentId: Type.String() },
  { additionalProperties: false },
);
export type OrganizationalUnit = Static<typeof OrganizationalUnit>;

export const OrgAccount = Type.Object(
  {
    id: AccountId,
    arn: Arn,
    name: Type.String(),
    email: Type.Optional(Type.String()),
    status: StringEnum(['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE'] as const),
    joinedMethod: StringEnum(['INVITED', 'CREATED'] as const),
    joinedTimestamp: Timestamp,
    parentId: Type.String({ description: 'The root or OU the account sits in.' }),
    tags: Tags,
  },
  { additionalProperties: false },
);
export type OrgAccount = Static<typeof OrgAccount>;

export const OrgPolicyType = StringEnum(['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const);
export type OrgPolicyType = Static<typeof OrgPolicyType>;

export const OrgPolicy = Type.Object(
  {
    id: Type.String(),
    arn: Arn,
    name: Type.String(),
    type: OrgPolicyType,
    awsManaged: Type.Boolean(),
    description: Type.Optional(Type.String()),
    document: PolicyDocument,
    targets: Type.Array(Type.String(), { description: 'Ids of the roots, OUs and accounts the policy is attached to.' }),
  },
  { additionalProperties: false },
);
export type OrgPolicy = Static<typeof OrgPolicy>;

export const OrganizationFile = Type.Object(
  {
    organization: Type.Object(
      {
        id: Type.String({ pattern: '^o-[a-z0-9]{10,32}$' }),
        arn: Arn,
        managementAccountId: AccountId,
        featureSet: StringEnum(['ALL', 'CONSOLIDATED_BILLING'] as const),
      },
      { additionalProperties: false },
    ),
    roots: Type.Array(
      Type.Object(
        { id: Type.String({ pattern: '^r-[0-9a-z]{4,32}$' }), arn: Arn, name: Type.String(), policyTypes: Type.Array(Type.String()) },
        { additionalProperties: false },
      ),
    ),
    organizationalUnits: Type.Array(OrganizationalUnit),
    accounts: Type.Array(OrgAccount),
    policies: Type.Array(OrgPolicy),
    delegatedAdministrators: Type.Array(
      Type.Object({ accountId: AccountId, servicePrincipal: Type.String() }, { additionalProperties: false }),
    ),
    iamFeatures: Type.Optional(
      Type.Array(Type.String(), {
        description: 'Centralised root access features enabled for member accounts (iam:ListOrganizationsFeatures), e.g. RootCredentialsManagement.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type OrganizationFile = Static<typeof OrganizationFile>;

export const PermissionSet = Type.Object(
  {
    arn: Arn,
    name: Type.String(),
    description: Type.Optional(Type.String()),
    createdDate: Timestamp,
    sessionDuration: Type.String({ pattern: '^PT', description: 'ISO-8601 duration, e.g. PT8H.' }),
    relayState: Type.Optional(Type.String()),
    managedPolicies: AttachedPolicies,
    customerManagedPolicies: Type.Array(
      Type.Object({ name: Type.String(), path: Type.String() }, { additionalProperties: false }),
    ),
    inlinePolicy: Nullable(PolicyDocument),
    permissionsBoundary: Nullable(
      Type.Object(
        {
          managedPolicyArn: Type.Optional(Arn),
          customerManagedPolicy: Type.Optional(
            Type.Object({ name: Type.String(), path: Type.String() }, { additionalProperties: false }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    provisionedAccounts: Type.Array(AccountId, { description: 'Accounts where the permission set is provisioned.' }),
    outdatedAccounts: Type.Optional(
      Type.Array(AccountId, { description: 'Provisioned accounts that do not have the latest version of the permission set.' }),
    ),
    tags: Tags,
  },
  { additionalProperties: false },
);
export type PermissionSet = Static<typeof PermissionSet>;

export const AccountAssignment = Type.Object(
  {
    accountId: AccountId,
    permissionSetArn: Arn,
    principalType: StringEnum(['USER', 'GROUP'] as const),
    principalId: Type.String(),
  },
  { additionalProperties: false },
);
export type AccountAssignment = Static<typeof AccountAssignment>;

export const IdentityStoreUser = Type.Object(
  {
    userId: Type.String(),
    userName: Type.String(),
    displayName: Type.Optional(Type.String()),
    emails: Type.Array(Type.String(), { description: 'Email addresses, or their SHA-256 when collected with --hash-emails.' }),
  },
  { additionalProperties: false },
);
export type IdentityStoreUser = Static<typeof IdentityStoreUser>;

export const IdentityStoreGroup = Type.Object(
  {
    groupId: Type.String(),
    displayName: Type.String(),
    description: Type.Optional(Type.String()),
    members: Type.Array(Type.String(), { description: 'User ids of the members.' }),
  },
  { additionalProperties: false },
);
export type IdentityStoreGroup = Static<typeof IdentityStoreGroup>;

export const IdentityCenterInstance = Type.Object(
  {
    instanceArn: Arn,
    identityStoreId: Type.String(),
    ownerAccountId: AccountId,
    status: Type.Optional(Type.String()),
    identitySource: StringEnum(['IDENTITY_STORE', 'EXTERNAL_IDP', 'ACTIVE_DIRECTORY', 'UNKNOWN'] as const, {
      description: 'UNKNOWN when collected through the API, which does not reveal the identity source.',
    }),
    externalIdp: Type.Optional(
      Type.Object(
        { entityId: Type.Optional(Type.String()), signingCertificates: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }))) },
        { additionalProperties: false, description: 'The external SAML IdP, when the identity source is EXTERNAL_IDP.' },
      ),
    ),
    permissionSets: Type.Array(PermissionSet),
    assignments: Type.Array(AccountAssignment),
    users: Type.Array(IdentityStoreUser),
    groups: Type.Array(IdentityStoreGroup),
  },
  { additionalProperties: false },
);
export type IdentityCenterInstance = Static<typeof IdentityCenterInstance>;

export const IdentityCenterFile = Type.Object(
  { instances: Type.Array(IdentityCenterInstance) },
  { additionalProperties: false },
);
export type IdentityCenterFile = Static<typeof IdentityCenterFile>;

export const snapshotSchemas = {
  manifest: Manifest,
  organization: OrganizationFile,
  identityCenter: IdentityCenterFile,
  account: AccountFile,
} as const;
