import type { Model } from '../model/model.js';
import type { AnyNode, NodeKindMap, RoleNode } from '../model/nodes.js';
import type { PolicyQuestions, RoleAssumer } from '../policy/questions-types.js';
import { sameJson, type DocumentComparer } from './canonical.js';
import type { EntityChange, EntityKind, FieldChange, Scalar, TrustChange, TrustedEntity } from './types.js';

type FieldType = 'value' | 'set' | 'tags' | 'document';

interface FieldSpec {
  readonly field: string;
  readonly type: FieldType;
  /** Reads the field straight off the node, so unchanged entities cost no allocation. */
  readonly get: (node: never, model: Model) => unknown;
}

interface Comparable {
  readonly key: string;
  readonly kind: EntityKind;
  readonly name: string;
  readonly accountId: string | null;
  readonly owner?: string;
  readonly node: AnyNode;
}

export interface EntitySide {
  readonly model: Model;
  readonly questions: PolicyQuestions;
}

/** Kinds in the order changes are listed within one account or scope. */
export const ENTITY_KINDS: readonly EntityKind[] = [
  'Organization',
  'OrganizationalUnit',
  'Account',
  'Scp',
  'Rcp',
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
  'PermissionSet',
  'AccountAssignment',
  'IdentityStoreUser',
  'IdentityStoreGroup',
];

/** Kinds read from accounts/<id>.json: not comparable for an account one snapshot did not collect. */
const ACCOUNT_FILE_KINDS: ReadonlySet<EntityKind> = new Set([
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
]);

const field = <N extends AnyNode>(name: string, type: FieldType, get: (node: N, model: Model) => unknown): FieldSpec => ({ field: name, type, get: get as FieldSpec['get'] });
type Spec<K extends EntityKind> = (name: string, type: FieldType, get: (node: NodeKindMap[K], model: Model) => unknown) => FieldSpec;
const of = <K extends EntityKind>(_kind: K): Spec<K> => field;

const orgPolicyFields = (kind: 'Scp' | 'Rcp') => {
  const f = of(kind);
  return [f('name', 'value', (n) => n.name), f('description', 'value', (n) => n.description), f('document', 'document', (n) => n.document), f('targets', 'set', (n) => n.targets)];
};

const passwordPolicyFields = (['minimumPasswordLength', 'requireSymbols', 'requireNumbers', 'requireUppercaseCharacters', 'requireLowercaseCharacters', 'allowUsersToChangePassword', 'expirePasswords', 'maxPasswordAge', 'passwordReusePrevention', 'hardExpiry'] as const).map(
  (name) => of('PasswordPolicy')(name, 'value', (n) => n.policy?.[name]),
);

/** The fields a diff compares, per kind, in display order. Last-used dates, counters and provisioning status are left out: they churn daily. */
const FIELDS: { readonly [K in EntityKind]: readonly FieldSpec[] } = {
  Organization: [of('Organization')('managementAccountId', 'value', (n) => n.managementAccountId), of('Organization')('featureSet', 'value', (n) => n.featureSet)],
  OrganizationalUnit: [of('OrganizationalUnit')('name', 'value', (n) => n.name), of('OrganizationalUnit')('parentId', 'value', (n) => n.parentId)],
  Account: [
    of('Account')('name', 'value', (n) => n.organizationEntry?.name),
    of('Account')('alias', 'value', (n) => n.alias),
    of('Account')('status', 'value', (n) => n.organizationEntry?.status),
    of('Account')('parentId', 'value', (n) => n.organizationEntry?.parentId),
    of('Account')('tags', 'tags', (n) => n.organizationEntry?.tags),
  ],
  Scp: orgPolicyFields('Scp'),
  Rcp: orgPolicyFields('Rcp'),
  RootUser: [
    of('RootUser')('passwordEnabled', 'value', (n) => n.passwordEnabled),
    of('RootUser')('mfaActive', 'value', (n) => n.mfaActive),
    of('RootUser')('mfaType', 'value', (n) => n.mfaType),
    of('RootUser')('accessKeys', 'set', (n) =>
      n.accessKeys.map((key) => `slot ${key.slot} ${key.active ? 'active' : 'inactive'}${key.lastRotated ? `, rotated ${key.lastRotated}` : ''}`),
    ),
    of('RootUser')('signingCertificatesActive', 'value', (n) => n.signingCertificatesActive),
  ],
  PasswordPolicy: passwordPolicyFields,
  User: [
    of('User')('userId', 'value', (n) => n.userId),
    of('User')('path', 'value', (n) => n.path),
    of('User')('consolePassword', 'value', (n) => n.loginProfile !== null),
    of('User')('groups', 'set', (n) => n.groups),
    of('User')('attachedManagedPolicies', 'set', (n) => n.attachedManagedPolicies),
    of('User')('permissionsBoundary', 'value', (n) => n.permissionsBoundary),
    of('User')('tags', 'tags', (n) => n.tags),
  ],
  AccessKey: [of('AccessKey')('status', 'value', (n) => n.status)],
  MfaDevice: [of('MfaDevice')('type', 'value', (n) => n.type)],
  Group: [
    of('Group')('groupId', 'value', (n) => n.groupId),
    of('Group')('path', 'value', (n) => n.path),
    of('Group')('attachedManagedPolicies', 'set', (n) => n.attachedManagedPolicies),
  ],
  Role: [
    of('Role')('roleId', 'value', (n) => n.roleId),
    of('Role')('path', 'value', (n) => n.path),
    of('Role')('description', 'value', (n) => n.description),
    of('Role')('maxSessionDuration', 'value', (n) => n.maxSessionDuration),
    of('Role')('trustPolicy', 'document', (n) => n.trustPolicy),
    of('Role')('attachedManagedPolicies', 'set', (n) => n.attachedManagedPolicies),
    of('Role')('permissionsBoundary', 'value', (n) => n.permissionsBoundary),
    of('Role')('tags', 'tags', (n) => n.tags),
  ],
  ManagedPolicy: [
    of('ManagedPolicy')('path', 'value', (n) => n.path),
    of('ManagedPolicy')('description', 'value', (n) => n.description),
    of('ManagedPolicy')('defaultVersionId', 'value', (n) => n.defaultVersionId),
    of('ManagedPolicy')('document', 'document', (n) => n.document),
  ],
  InlinePolicy: [of('InlinePolicy')('document', 'document', (n) => n.document)],
  SamlProvider: [
    of('SamlProvider')('entityId', 'value', (n) => n.entityId),
    of('SamlProvider')('signingCertificates', 'set', (n) => n.signingCertificates.map((certificate) => certificate.sha256)),
    of('SamlProvider')('validUntil', 'value', (n) => n.validUntil),
    of('SamlProvider')('tags', 'tags', (n) => n.tags),
  ],
  OidcProvider: [
    of('OidcProvider')('url', 'value', (n) => n.url),
    of('OidcProvider')('clientIds', 'set', (n) => n.clientIds),
    of('OidcProvider')('thumbprints', 'set', (n) => n.thumbprints),
    of('OidcProvider')('tags', 'tags', (n) => n.tags),
  ],
  PermissionSet: [
    of('PermissionSet')('name', 'value', (n) => n.name),
    of('PermissionSet')('description', 'value', (n) => n.description),
    of('PermissionSet')('sessionDuration', 'value', (n) => n.sessionDuration),
    of('PermissionSet')('relayState', 'value', (n) => n.relayState),
    of('PermissionSet')('managedPolicies', 'set', (n) => n.managedPolicies),
    of('PermissionSet')('customerManagedPolicies', 'set', (n) => n.customerManagedPolicies.map((reference) => `${reference.path}${reference.name}`)),
    of('PermissionSet')('inlinePolicy', 'document', (n) => n.inlinePolicy),
    of('PermissionSet')('permissionsBoundary', 'value', (n) => {
      const boundary = n.permissionsBoundary;
      if (boundary === null) return null;
      return boundary.managedPolicyArn ?? `${boundary.customerManagedPolicy?.path ?? '/'}${boundary.customerManagedPolicy?.name ?? ''}`;
    }),
    of('PermissionSet')('provisionedAccounts', 'set', (n) => n.provisionedAccounts),
    of('PermissionSet')('tags', 'tags', (n) => n.tags),
  ],
  AccountAssignment: [],
  IdentityStoreUser: [of('IdentityStoreUser')('userName', 'value', (n) => n.userName), of('IdentityStoreUser')('displayName', 'value', (n) => n.displayName)],
  IdentityStoreGroup: [
    of('IdentityStoreGroup')('displayName', 'value', (n) => n.displayName),
    of('IdentityStoreGroup')('description', 'value', (n) => n.description),
    of('IdentityStoreGroup')('members', 'set', (n, model) => n.members.map((userId) => identityStoreUserLabel(model, n.instanceArn, userId))),
  ],
};

/** How an entity is named and matched across snapshots; undefined for nodes the diff does not list. */
function comparableOf(node: AnyNode, model: Model): Comparable | undefined {
  if (node.kind === 'ServerCertificate') return undefined;
  const base = { key: node.id, kind: node.kind, name: node.name, accountId: node.accountId, node };
  switch (node.kind) {
    case 'PasswordPolicy':
      return node.policy === null ? undefined : base;
    case 'AccessKey':
    case 'MfaDevice':
      return { ...base, owner: `user ${node.user.userName}` };
    case 'ManagedPolicy':
      // An AWS managed policy is the same in every account: compared once, by ARN.
      return node.awsManaged ? { ...base, key: node.arn, accountId: null } : base;
    case 'InlinePolicy':
      // A permission set's inline policy is a field of the permission set.
      if (node.owner.kind === 'PermissionSet') return undefined;
      return { ...base, owner: `${node.owner.kind.toLowerCase()} ${node.owner.name}` };
    case 'AccountAssignment':
      return { ...base, name: assignmentName(model, node) };
    default:
      return base;
  }
}

function assignmentName(model: Model, node: NodeKindMap['AccountAssignment']): string {
  const principal =
    node.principalType === 'USER'
      ? identityStoreUserLabel(model, node.instanceArn, node.principalId)
      : (model.identityStoreGroup(node.instanceArn, node.principalId)?.displayName ?? node.principalId);
  const permissionSet = model.permissionSet(node.permissionSetArn)?.name ?? node.permissionSetArn;
  return `${node.principalType.toLowerCase()} ${principal} → ${permissionSet}`;
}

function identityStoreUserLabel(model: Model, instanceArn: string, userId: string): string {
  return model.identityStoreUser(instanceArn, userId)?.userName ?? userId;
}

function comparablesOf(model: Model, kind: EntityKind): Map<string, Comparable> {
  const byKey = new Map<string, Comparable>();
  for (const node of model.all(kind)) {
    const comparable = comparableOf(node, model);
    if (comparable && !byKey.has(comparable.key)) byKey.set(comparable.key, comparable);
  }
  return byKey;
}

function absent(value: unknown): boolean {
  return value === undefined || value === null;
}

function sameField(type: FieldType, a: unknown, b: unknown, documents: DocumentComparer): boolean {
  switch (type) {
    case 'value':
      return (a ?? null) === (b ?? null);
    case 'set':
      return sameMembers(a as readonly string[], b as readonly string[]);
    case 'tags':
      return sameJson(a ?? {}, b ?? {});
    case 'document':
      if (absent(a) || absent(b)) return absent(a) === absent(b);
      return documents.same(a, b);
  }
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === b.length && a.every((member, index) => member === b[index])) return true;
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((member) => right.has(member));
}

function fieldChange(spec: FieldSpec, before: unknown, after: unknown): FieldChange {
  switch (spec.type) {
    case 'set':
    case 'tags': {
      const members = (value: unknown) => (spec.type === 'tags' ? tagMembers(value) : (value as readonly string[]));
      const old = new Set(members(before));
      const now = new Set(members(after));
      return {
        field: spec.field,
        type: 'set',
        added: sortedUnique([...now].filter((member) => !old.has(member))),
        removed: sortedUnique([...old].filter((member) => !now.has(member))),
      };
    }
    case 'document':
      return { field: spec.field, type: 'document', change: absent(before) ? 'added' : absent(after) ? 'removed' : 'changed' };
    case 'value':
      return { field: spec.field, type: 'value', from: (before ?? null) as Scalar, to: (after ?? null) as Scalar };
  }
}

function tagMembers(tags: unknown): string[] {
  return Object.entries((tags ?? {}) as Record<string, string>).map(([key, value]) => `${key}=${value}`);
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareStrings);
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Accounts in both snapshots whose account file only one of them holds: their IAM entities cannot be compared. */
export function accountsNotComparable(oldModel: Model, newModel: Model): string[] {
  return newModel.accounts
    .filter((account) => {
      const before = oldModel.account(account.accountId);
      return before !== undefined && before.hasAccountFile !== account.hasAccountFile;
    })
    .map((account) => account.accountId);
}

export function diffEntities(before: EntitySide, after: EntitySide, documents: DocumentComparer, skipAccounts: ReadonlySet<string>): EntityChange[] {
  const changes: EntityChange[] = [];
  const comparable = (entity: Comparable) => !(ACCOUNT_FILE_KINDS.has(entity.kind) && entity.accountId !== null && skipAccounts.has(entity.accountId));
  for (const kind of ENTITY_KINDS) {
    const old = comparablesOf(before.model, kind);
    const now = comparablesOf(after.model, kind);
    for (const [key, entity] of now) {
      if (!comparable(entity)) continue;
      const previous = old.get(key);
      if (!previous) {
        changes.push(added(entity, before, after));
        continue;
      }
      const fields: FieldChange[] = [];
      for (const spec of FIELDS[kind]) {
        if (spec.field === 'alias' && entity.accountId !== null && skipAccounts.has(entity.accountId)) continue;
        const earlier = spec.get(previous.node as never, before.model);
        const current = spec.get(entity.node as never, after.model);
        if (!sameField(spec.type, earlier, current, documents)) fields.push(fieldChange(spec, earlier, current));
      }
      if (fields.length > 0) changes.push(changed(previous, entity, fields, before, after));
    }
    for (const [key, entity] of old) {
      if (!now.has(key) && comparable(entity)) changes.push(removed(entity));
    }
  }
  return changes;
}

function entry(entity: Comparable, change: EntityChange['change'], fields: FieldChange[]): EntityChange {
  return {
    change,
    kind: entity.kind,
    id: entity.key,
    name: entity.name,
    accountId: entity.accountId,
    ...(entity.owner !== undefined ? { owner: entity.owner } : {}),
    fields,
  };
}

function added(entity: Comparable, before: EntitySide, after: EntitySide): EntityChange {
  const base = entry(entity, 'added', []);
  if (entity.kind === 'AccessKey') return { ...base, event: 'created' };
  if (entity.node.kind === 'Role') return withTrust(base, trustChange(before, undefined, after, entity.node));
  return base;
}

function removed(entity: Comparable): EntityChange {
  const base = entry(entity, 'removed', []);
  return entity.kind === 'AccessKey' ? { ...base, event: 'deleted' } : base;
}

function changed(previous: Comparable, entity: Comparable, fields: FieldChange[], before: EntitySide, after: EntitySide): EntityChange {
  const base = entry(entity, 'changed', fields);
  if (entity.node.kind === 'AccessKey') {
    const status = fields.find((field) => field.field === 'status');
    if (status?.type === 'value') return { ...base, event: status.to === 'Active' ? 'activated' : 'deactivated' };
  }
  if (entity.node.kind === 'Role' && previous.node.kind === 'Role' && fields.some((field) => field.field === 'trustPolicy')) {
    return withTrust(base, trustChange(before, previous.node, after, entity.node));
  }
  return base;
}

function withTrust(change: EntityChange, trust: TrustChange): EntityChange {
  return trust.added.length > 0 || trust.removed.length > 0 ? { ...change, trust } : change;
}

function trustChange(before: EntitySide, oldRole: RoleNode | undefined, after: EntitySide, newRole: RoleNode): TrustChange {
  const old = new Map((oldRole ? before.questions.whoCanAssume(oldRole) : []).map((assumer) => toTrusted(before.model, assumer)).map((t) => [trustKey(t), t]));
  const now = new Map(after.questions.whoCanAssume(newRole).map((assumer) => toTrusted(after.model, assumer)).map((t) => [trustKey(t), t]));
  const byLabel = (a: TrustedEntity, b: TrustedEntity) => compareStrings(a.type, b.type) || compareStrings(a.id, b.id);
  return {
    added: [...now].filter(([key]) => !old.has(key)).map(([, t]) => t).sort(byLabel),
    removed: [...old].filter(([key]) => !now.has(key)).map(([, t]) => t).sort(byLabel),
  };
}

/** A conditional grant that became unconditional is a new way in, so the key holds the condition flag. */
function trustKey(trusted: TrustedEntity): string {
  return `${trusted.type}|${trusted.id}|${trusted.conditional ? 'conditional' : ''}`;
}

function toTrusted(model: Model, assumer: RoleAssumer): TrustedEntity {
  const conditional = assumer.conditional;
  const suffix = conditional ? ', with conditions' : '';
  switch (assumer.kind) {
    case 'principal': {
      const { principal } = assumer;
      return { type: 'principal', id: principal.id, label: `${principal.kind.toLowerCase()} ${principal.name} (${principal.accountId}${suffix})`, conditional };
    }
    case 'account': {
      const name = model.account(assumer.accountId)?.name;
      const known = name !== undefined && name !== assumer.accountId ? name : undefined;
      // Without organization.json the snapshot cannot tell an outside account from a member.
      const outside = !assumer.inOrganization && model.organization !== null;
      const where = outside ? 'outside the organization' : (known ?? (assumer.inOrganization ? 'in the organization' : 'not in the snapshot'));
      return { type: 'account', id: assumer.accountId, label: `account ${assumer.accountId} (${where}${suffix})`, conditional, outsideOrganization: outside };
    }
    case 'service':
      return { type: 'service', id: assumer.service, label: `service ${assumer.service}${conditional ? ' (with conditions)' : ''}`, conditional };
    case 'federated':
      return { type: 'federated', id: assumer.provider, label: `federated ${assumer.provider}${conditional ? ' (with conditions)' : ''}`, conditional };
    case 'anyone':
      return { type: 'anyone', id: '*', label: `anyone (Principal *${suffix})`, conditional };
  }
}
