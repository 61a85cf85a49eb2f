import type { Model } from '../model/model.js';
import { ACCOUNT_FILE_KINDS, NODE_KINDS, type AnyNode, type NodeKindMap, type RoleNode } from '../model/nodes.js';
import type { PolicyQuestions, RoleAssumer } from '../policy/questions/types.js';
import { sameJson, type DocumentComparer } from './canonical.js';
import type { EntityChange, EntityKind, FieldChange, Scalar, TrustChange, TrustedEntity } from './types.js';
import { compare } from '../util/compare.js';

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

/** Kinds in the order changes are listed within one account or scope: the model's, less those the diff leaves out. */
export const ENTITY_KINDS: readonly EntityKind[] = NODE_KINDS.filter((kind): kind is EntityKind => kind !== 'ServerCertificate');

/** Kinds read from accounts/<id>.json: not comparable for an account one snapshot did not collect. */
const ACCOUNT_FILE_ENTITY_KINDS: ReadonlySet<EntityKind> = new Set(ENTITY_KINDS.filter((kind) => (ACCOUNT_FILE_KINDS as readonly string[]).includes(kind)));

type Getter<K extends EntityKind> = (node: NodeKindMap[K], model: Model) => unknown;
/** A field read off the node's property of the same name, or through its own getter. */
type FieldEntry<K extends EntityKind> = readonly [name: keyof NodeKindMap[K] & string, type: FieldType] | readonly [name: string, type: FieldType, get: Getter<K>];

function fieldsOf<K extends EntityKind>(_kind: K, entries: ReadonlyArray<FieldEntry<K>>): FieldSpec[] {
  return entries.map(([name, type, get]) => ({
    field: name,
    type,
    get: (get ?? ((node: NodeKindMap[K]) => node[name as keyof NodeKindMap[K]])) as FieldSpec['get'],
  }));
}

const orgPolicyFields = (kind: 'Scp' | 'Rcp') =>
  fieldsOf(kind, [
    ['name', 'value'],
    ['description', 'value'],
    ['document', 'document'],
    ['targets', 'set'],
  ]);

const PASSWORD_POLICY_SETTINGS = [
  'minimumPasswordLength',
  'requireSymbols',
  'requireNumbers',
  'requireUppercaseCharacters',
  'requireLowercaseCharacters',
  'allowUsersToChangePassword',
  'expirePasswords',
  'maxPasswordAge',
  'passwordReusePrevention',
  'hardExpiry',
] as const;

/** The fields a diff compares, per kind, in display order. Last-used dates, counters and provisioning status are left out: they churn daily. */
const FIELDS: { readonly [K in EntityKind]: readonly FieldSpec[] } = {
  Organization: fieldsOf('Organization', [
    ['managementAccountId', 'value'],
    ['featureSet', 'value'],
  ]),
  OrganizationalUnit: fieldsOf('OrganizationalUnit', [
    ['name', 'value'],
    ['parentId', 'value'],
  ]),
  Account: fieldsOf('Account', [
    ['name', 'value', (n) => n.organizationEntry?.name],
    ['alias', 'value'],
    ['status', 'value', (n) => n.organizationEntry?.status],
    ['parentId', 'value', (n) => n.organizationEntry?.parentId],
    ['tags', 'tags', (n) => n.organizationEntry?.tags],
  ]),
  Scp: orgPolicyFields('Scp'),
  Rcp: orgPolicyFields('Rcp'),
  RootUser: fieldsOf('RootUser', [
    ['passwordEnabled', 'value'],
    ['mfaActive', 'value'],
    ['mfaType', 'value'],
    ['accessKeys', 'set', (n) => n.accessKeys.map((key) => `slot ${key.slot} ${key.active ? 'active' : 'inactive'}${key.lastRotated ? `, rotated ${key.lastRotated}` : ''}`)],
    ['signingCertificatesActive', 'value'],
  ]),
  PasswordPolicy: fieldsOf(
    'PasswordPolicy',
    PASSWORD_POLICY_SETTINGS.map((name): FieldEntry<'PasswordPolicy'> => [name, 'value', (n) => n.policy?.[name]]),
  ),
  User: fieldsOf('User', [
    ['userId', 'value'],
    ['path', 'value'],
    ['consolePassword', 'value', (n) => n.loginProfile !== null],
    ['groups', 'set'],
    ['attachedManagedPolicies', 'set'],
    ['permissionsBoundary', 'value'],
    ['tags', 'tags'],
  ]),
  AccessKey: fieldsOf('AccessKey', [['status', 'value']]),
  MfaDevice: fieldsOf('MfaDevice', [['type', 'value']]),
  Group: fieldsOf('Group', [
    ['groupId', 'value'],
    ['path', 'value'],
    ['attachedManagedPolicies', 'set'],
  ]),
  Role: fieldsOf('Role', [
    ['roleId', 'value'],
    ['path', 'value'],
    ['description', 'value'],
    ['maxSessionDuration', 'value'],
    ['trustPolicy', 'document'],
    ['attachedManagedPolicies', 'set'],
    ['permissionsBoundary', 'value'],
    ['tags', 'tags'],
  ]),
  ManagedPolicy: fieldsOf('ManagedPolicy', [
    ['path', 'value'],
    ['description', 'value'],
    ['defaultVersionId', 'value'],
    ['document', 'document'],
  ]),
  InlinePolicy: fieldsOf('InlinePolicy', [['document', 'document']]),
  SamlProvider: fieldsOf('SamlProvider', [
    ['entityId', 'value'],
    ['signingCertificates', 'set', (n) => n.signingCertificates.map((certificate) => certificate.sha256)],
    ['validUntil', 'value'],
    ['tags', 'tags'],
  ]),
  OidcProvider: fieldsOf('OidcProvider', [
    ['url', 'value'],
    ['clientIds', 'set'],
    ['thumbprints', 'set'],
    ['tags', 'tags'],
  ]),
  PermissionSet: fieldsOf('PermissionSet', [
    ['name', 'value'],
    ['description', 'value'],
    ['sessionDuration', 'value'],
    ['relayState', 'value'],
    ['managedPolicies', 'set'],
    ['customerManagedPolicies', 'set', (n) => n.customerManagedPolicies.map((reference) => `${reference.path}${reference.name}`)],
    ['inlinePolicy', 'document'],
    [
      'permissionsBoundary',
      'value',
      (n) => {
        const boundary = n.permissionsBoundary;
        if (boundary === null) return null;
        return boundary.managedPolicyArn ?? `${boundary.customerManagedPolicy?.path ?? '/'}${boundary.customerManagedPolicy?.name ?? ''}`;
      },
    ],
    ['provisionedAccounts', 'set'],
    ['tags', 'tags'],
  ]),
  AccountAssignment: [],
  IdentityStoreUser: fieldsOf('IdentityStoreUser', [
    ['userName', 'value'],
    ['displayName', 'value'],
  ]),
  IdentityStoreGroup: fieldsOf('IdentityStoreGroup', [
    ['displayName', 'value'],
    ['description', 'value'],
    ['members', 'set', (n, model) => n.members.map((userId) => identityStoreUserLabel(model, n.instanceArn, userId))],
  ]),
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
  return [...new Set(values)].sort(compare);
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
  const comparable = (entity: Comparable) => !(ACCOUNT_FILE_ENTITY_KINDS.has(entity.kind) && entity.accountId !== null && skipAccounts.has(entity.accountId));
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
  const byLabel = (a: TrustedEntity, b: TrustedEntity) => compare(a.type, b.type) || compare(a.id, b.id);
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
