import type { AccessLevel } from '../policy/catalog.js';

/** Bumped when a field of the JSON shape changes meaning or is removed (docs/diff.md). */
export const DIFF_JSON_VERSION = 1;

export type EntityKind =
  | 'Organization'
  | 'OrganizationalUnit'
  | 'Account'
  | 'Scp'
  | 'Rcp'
  | 'RootUser'
  | 'PasswordPolicy'
  | 'User'
  | 'AccessKey'
  | 'MfaDevice'
  | 'Group'
  | 'Role'
  | 'ManagedPolicy'
  | 'InlinePolicy'
  | 'SamlProvider'
  | 'OidcProvider'
  | 'PermissionSet'
  | 'AccountAssignment'
  | 'IdentityStoreUser'
  | 'IdentityStoreGroup';

export type Scalar = string | number | boolean | null;

/** What changed in one field: a value, members of a set (ARNs, names, tags as key=value), or a policy document. */
export type FieldChange =
  | { readonly field: string; readonly type: 'value'; readonly from: Scalar; readonly to: Scalar }
  | { readonly field: string; readonly type: 'set'; readonly added: readonly string[]; readonly removed: readonly string[] }
  | { readonly field: string; readonly type: 'document'; readonly change: 'added' | 'removed' | 'changed' };

export type TrustedType = 'principal' | 'account' | 'service' | 'federated' | 'anyone';

/** Someone a role's trust policy lets in (as `whoCanAssume` answers it). */
export interface TrustedEntity {
  readonly type: TrustedType;
  /** ARN, account id, service principal, provider ARN, or `*`. */
  readonly id: string;
  readonly label: string;
  readonly conditional: boolean;
  /** For an account: it is not in the organization (an external account). */
  readonly outsideOrganization?: boolean;
}

export interface TrustChange {
  readonly added: readonly TrustedEntity[];
  readonly removed: readonly TrustedEntity[];
}

export interface EntityChange {
  readonly change: 'added' | 'removed' | 'changed';
  readonly kind: EntityKind;
  /** Stable id: the ARN for IAM and Identity Center entities, AWS's id otherwise (see docs/diff.md). */
  readonly id: string;
  readonly name: string;
  /** null for organization-wide and Identity Center entities. */
  readonly accountId: string | null;
  /** For access keys, MFA devices and inline policies: who holds them, e.g. `user alice`. */
  readonly owner?: string;
  /** Access keys only: created, deleted, activated or deactivated. */
  readonly event?: 'created' | 'deleted' | 'activated' | 'deactivated';
  /** For `changed`: which fields, in a fixed order per kind. Empty for `added` and `removed`. */
  readonly fields: readonly FieldChange[];
  /** Roles whose trust policy changed, and new roles: who can newly assume them, and who no longer can. */
  readonly trust?: TrustChange;
}

export type DiffPrincipalKind = 'User' | 'Group' | 'Role' | 'PermissionSet';

export interface PrincipalRef {
  readonly kind: DiffPrincipalKind;
  readonly id: string;
  readonly name: string;
  readonly accountId: string | null;
}

/** Actions of one service and access level that a principal gained or lost. */
export interface AccessChange {
  readonly service: string;
  readonly accessLevel: AccessLevel;
  /** How many actions. */
  readonly count: number;
  /** How many actions of this level the service has (so `count === total` reads "all of them"). */
  readonly total: number;
  /** The first actions, sorted (at most ACTION_SAMPLE_SIZE); `count` is the full number. */
  readonly actions: readonly string[];
  /** Every one of these actions is allowed only under conditions the snapshot cannot settle. */
  readonly conditional: boolean;
}

export interface AdminState {
  readonly admin: boolean;
  readonly conditional: boolean;
}

export interface PermissionChange {
  readonly principal: PrincipalRef;
  /** `added`: the principal is new (listed only when it is an administrator); `changed`: in both snapshots. */
  readonly status: 'added' | 'changed';
  readonly before: AdminState;
  readonly after: AdminState;
  readonly adminChange: 'gained' | 'lost' | null;
  /** For gained admin: the policies that grant it, e.g. `AdministratorAccess (via group Admins)`. */
  readonly grantedBy: readonly string[];
  /** Empty when admin was gained or lost: being an administrator says it all. */
  readonly gained: readonly AccessChange[];
  readonly lost: readonly AccessChange[];
  /** Policies that apply to the principal (own, via groups, boundary, SCPs/RCPs): added, removed, or with a new document. */
  readonly policies: { readonly added: readonly string[]; readonly removed: readonly string[]; readonly changed: readonly string[] };
  /** Policies the engine could not read (document not in the snapshot): their effect is unknown, not nil. */
  readonly notEvaluated: readonly string[];
}

export interface SnapshotInfo {
  readonly collectedAt: string;
  readonly organizationId: string | null;
  readonly accounts: number;
}

export interface DiffSummary {
  /** Every way admin was gained: principals that became admin, plus `adminAssumersGained`. */
  readonly adminGained: number;
  /** Someone (an outside account, a new principal) newly trusted by a role that is an administrator. */
  readonly adminAssumersGained: number;
  readonly adminLost: number;
  readonly principalsChanged: number;
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
}

export interface SnapshotDiff {
  readonly version: typeof DIFF_JSON_VERSION;
  readonly old: SnapshotInfo;
  readonly new: SnapshotInfo;
  readonly summary: DiffSummary;
  /** Admin gained first, then admin lost, then the rest; each by account, kind and name. */
  readonly permissions: readonly PermissionChange[];
  /** Organization first, then accounts by id, then Identity Center; each by kind and id. */
  readonly entities: readonly EntityChange[];
  /** Account id → name (from organization.json or the alias), for every account either snapshot knows. */
  readonly accountNames: Readonly<Record<string, string>>;
  /** What could not be compared, e.g. an account whose file one snapshot lacks. */
  readonly warnings: readonly string[];
}
