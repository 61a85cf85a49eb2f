import { pathToPointer, pointerToPath, snapshotFileProblem, type Gap, type SectionId, type SnapshotFileKind, type SnapshotFileProblem } from '@iamlint/core';

type Path = Array<string | number>;
type Container = Record<string | number, unknown>;

/** What each array of a snapshot file holds, to name the entity a repair leaves out. */
const ENTITY_KINDS: Record<string, string> = {
  users: 'User',
  groups: 'Group',
  roles: 'Role',
  policies: 'ManagedPolicy',
  accessKeys: 'AccessKey',
  mfaDevices: 'MfaDevice',
  inlinePolicies: 'InlinePolicy',
  attachedManagedPolicies: 'AttachedPolicy',
  samlProviders: 'SamlProvider',
  signingCertificates: 'SigningCertificate',
  oidcProviders: 'OidcProvider',
  serverCertificates: 'ServerCertificate',
  organizationalUnits: 'OrganizationalUnit',
  accounts: 'Account',
  roots: 'Root',
  delegatedAdministrators: 'DelegatedAdministrator',
  instances: 'IdentityCenterInstance',
  permissionSets: 'PermissionSet',
  assignments: 'AccountAssignment',
  gaps: 'Gap',
};

const TOP_LEVEL_KINDS: Record<string, string> = {
  root: 'RootUser',
  passwordPolicy: 'PasswordPolicy',
  accountSummary: 'AccountSummary',
  alias: 'AccountAlias',
  serviceLastAccessed: 'ServiceLastAccessed',
  organization: 'Organization',
  scope: 'Scope',
};

const MAX_REPAIRS = 5000;
const RECEIVED_LENGTH = 120;

export interface RepairResult<T> {
  /** The data the loader accepts, or null when nothing of the file can be represented. */
  data: T | null;
  /** One per value left out or made unknown, naming the entity, the field and what was received. */
  gaps: Gap[];
}

/**
 * Makes one snapshot file acceptable to the loader's own schema, losing as little as it can: first the
 * offending value alone (an optional field dropped, a nullable one made unknown), else the one array entry
 * that holds it (a user, a key, an attachment), else the whole file. Mutates `data`.
 */
export function repairForLoader<T>(kind: SnapshotFileKind, data: T, context: { accountId?: string } = {}): RepairResult<T> {
  const gaps: Gap[] = [];
  for (let attempt = 0; attempt < MAX_REPAIRS; attempt += 1) {
    const problem = snapshotFileProblem(kind, data);
    if (!problem) return { data, gaps };
    const target: Path = [...pointerToPath(problem.pointer), ...(problem.missingProperty !== undefined ? [problem.missingProperty] : [])];
    const entity = entityAt(data, target, kind, context.accountId);
    const received = describeValue(valueAt(data, target));
    const action = fix(kind, data, target);
    if (!action) return { data: null, gaps: [...gaps, gapOf(kind, target, problem, context.accountId, entity, received, 'the file is left out')] };
    gaps.push(gapOf(kind, target, problem, context.accountId, entity, received, action));
  }
  return { data: null, gaps };
}

/** Tries the smallest change at each level of `target`, deepest first; the description of what it did, or null. */
function fix(kind: SnapshotFileKind, data: unknown, target: Path): string | null {
  for (let depth = target.length; depth >= 1; depth -= 1) {
    const prefix = target.slice(0, depth);
    const parent = valueAt(data, prefix.slice(0, -1));
    const key = prefix[depth - 1] as string | number;
    if (Array.isArray(parent) && typeof key === 'number') {
      parent.splice(key, 1);
      return `${kindOfArray(prefix)} left out`;
    }
    if (typeof parent !== 'object' || parent === null) continue;
    const container = parent as Container;
    const had = Object.hasOwn(container, key);
    const original = container[key];
    const restore = () => {
      if (had) container[key] = original;
      else delete container[key];
    };
    if (had) {
      delete container[key];
      if (resolved(kind, data, prefix)) return 'value left out';
      restore();
    }
    container[key] = null;
    if (resolved(kind, data, prefix)) return 'recorded as unknown (null)';
    restore();
  }
  return null;
}

function resolved(kind: SnapshotFileKind, data: unknown, prefix: Path): boolean {
  const problem = snapshotFileProblem(kind, data);
  if (!problem) return true;
  const path = [...pointerToPath(problem.pointer), ...(problem.missingProperty !== undefined ? [problem.missingProperty] : [])];
  return !prefix.every((segment, index) => String(path[index]) === String(segment));
}

function valueAt(data: unknown, path: Path): unknown {
  let current = data;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Container)[segment];
  }
  return current;
}

function kindOfArray(prefix: Path): string {
  const name = String(prefix[prefix.length - 2] ?? '');
  return ENTITY_KINDS[name] ?? 'entry';
}

interface EntityName {
  kind: string;
  id: string;
  field: string;
}

/** The entity the value belongs to: the deepest array entry on the path, else the top-level part of the file. */
function entityAt(data: unknown, target: Path, fileKind: SnapshotFileKind, accountId: string | undefined): EntityName {
  for (let index = target.length - 1; index >= 1; index -= 1) {
    const container = valueAt(data, target.slice(0, index));
    const key = target[index];
    if (Array.isArray(container) && typeof key === 'number') {
      const element = container[key];
      return {
        kind: ENTITY_KINDS[String(target[index - 1])] ?? String(target[index - 1]),
        id: identify(element) ?? `${pathToPointer(target.slice(0, index + 1))}`,
        field: pathToPointer(target.slice(index + 1)),
      };
    }
  }
  const top = String(target[0] ?? '');
  return {
    kind: TOP_LEVEL_KINDS[top] ?? (fileKind === 'account' ? 'Account' : fileKind),
    id: accountId ?? fileKind,
    field: pathToPointer(target.slice(TOP_LEVEL_KINDS[top] ? 1 : 0)),
  };
}

function identify(element: unknown): string | undefined {
  if (typeof element === 'string') return element;
  if (typeof element !== 'object' || element === null) return undefined;
  const record = element as Record<string, unknown>;
  for (const key of ['arn', 'instanceArn', 'accessKeyId', 'serialNumber', 'id', 'userName', 'roleName', 'groupName', 'policyName', 'name', 'userId', 'groupId', 'principalId']) {
    if (typeof record[key] === 'string' && record[key] !== '') return record[key] as string;
  }
  return undefined;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'absent';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > RECEIVED_LENGTH ? `${text.slice(0, RECEIVED_LENGTH - 1)}…` : text;
}

function gapOf(
  kind: SnapshotFileKind,
  target: Path,
  problem: SnapshotFileProblem,
  accountId: string | undefined,
  entity: EntityName,
  received: string,
  action: string,
): Gap {
  const what = problem.missingProperty !== undefined ? `${entity.field || '(root)'} is missing` : `${entity.field || '(value)'} ${problem.message}`;
  return {
    section: sectionOf(kind, target),
    ...(accountId !== undefined ? { accountId } : {}),
    error: 'InvalidResponse',
    message: `${entity.kind} ${entity.id}: ${what} (received ${received}); ${action}`,
    kind: 'invalid',
    entity: { kind: entity.kind, id: entity.id, field: entity.field, received },
  };
}

/** The section whose rules can no longer be trusted for this account once the value is gone. */
export function sectionOf(kind: SnapshotFileKind, target: Path): SectionId {
  if (kind === 'organization') return target[0] === 'policies' ? 'organization.policies' : target[0] === 'iamFeatures' ? 'organization.iamFeatures' : 'organization';
  if (kind === 'identityCenter' || kind === 'manifest') {
    if (target.includes('permissionsBoundary')) return 'identityCenter.permissionsBoundaries';
    return target[2] === 'permissionSets' && target[4] === 'tags' ? 'identityCenter.tags' : 'identityCenter';
  }
  const [top, , inner] = target.map(String);
  switch (top) {
    case 'users':
      if (inner === 'accessKeys') return 'iam.accessKeys';
      if (inner === 'mfaDevices' || inner === 'loginProfile' || inner === 'passwordLastUsed') return 'iam.credentialReport';
      return 'iam.authorizationDetails';
    case 'groups':
    case 'roles':
    case 'policies':
      return 'iam.authorizationDetails';
    case 'root':
      return 'iam.rootUser';
    case 'samlProviders':
      return 'iam.samlProviders';
    case 'oidcProviders':
      return 'iam.oidcProviders';
    case 'passwordPolicy':
      return 'iam.passwordPolicy';
    case 'serverCertificates':
      return 'iam.serverCertificates';
    case 'serviceLastAccessed':
      return 'iam.serviceLastAccessed';
    default:
      return 'iam.accountSummary';
  }
}
