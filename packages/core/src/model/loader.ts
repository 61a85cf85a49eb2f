import { SnapshotError, SnapshotSchemaError } from '../errors.js';
import { describeError, pickError } from '../json/ajv.js';
import { parseJsonFile } from '../json/parse.js';
import { joinPointer } from '../json/pointer.js';
import { PositionIndex } from '../json/positions.js';
import type { SnapshotOrigins } from './origins.js';
import { isAwsManagedPolicyArn, Model, type SnapshotTexts } from './model.js';
import { AwsManagedDocumentTexts, awsManagedDocumentKey, type ReducedText } from '../snapshot/document-texts.js';
import { DocumentInterner } from '../snapshot/intern.js';
import { snapshotValidator, type SchemaName } from '../snapshot/validators.js';
import type {
  AccountNode,
  AnyNode,
  InlinePolicyOwner,
  OrganizationNode,
  OrganizationalUnitNode,
  PermissionSetNode,
  UserNode,
} from './nodes.js';
import {
  OPTIONAL_ACCOUNT_SECTIONS,
  SCHEMA_VERSION,
  SUPPORTED_SCHEMA_MAJOR,
  type AccountFile,
  type IdentityCenterFile,
  type InlinePolicy,
  type Manifest,
  type OrganizationFile,
} from '../snapshot/schema.js';
import { compare } from '../util/compare.js';

export const MANIFEST_FILE = 'snapshot.json';
export const ORGANIZATION_FILE = 'organization.json';
export const IDENTITY_CENTER_FILE = 'identity-center.json';
export const ACCOUNT_FILE_PATTERN = /^accounts\/([0-9]{12})\.json$/;

export type SnapshotFileKind = SchemaName;

export interface SnapshotFileProblem {
  /** JSON pointer of the offending value (for a missing property: of the object that lacks it). */
  pointer: string;
  /** The property that is missing, for a missing property. */
  missingProperty?: string;
  message: string;
}

/**
 * The first problem the loader would find in one snapshot file's data, or null when it would accept it:
 * writers check what they are about to write with the loader's own schema.
 */
export function snapshotFileProblem(kind: SnapshotFileKind, data: unknown): SnapshotFileProblem | null {
  const validate = snapshotValidator(kind);
  if (validate(data)) return null;
  const error = pickError(validate.errors);
  if (!error) return { pointer: '', message: 'does not match the schema' };
  const { message } = describeError(error);
  const missing = error.keyword === 'required' ? String((error.params as { missingProperty?: unknown }).missingProperty) : undefined;
  if (error.keyword === 'additionalProperties') {
    return { pointer: `${error.instancePath}/${String((error.params as { additionalProperty?: unknown }).additionalProperty)}`, message };
  }
  return { pointer: error.instancePath, message, ...(missing !== undefined ? { missingProperty: missing } : {}) };
}

/** Whether a snapshot-relative path is one the loader reads. */
export function isSnapshotFile(path: string): boolean {
  return path === MANIFEST_FILE || path === ORGANIZATION_FILE || path === IDENTITY_CENTER_FILE || ACCOUNT_FILE_PATTERN.test(path);
}

/**
 * Turns the texts of a snapshot folder (snapshot-relative path → file content) into a validated Model.
 * Throws a SnapshotError naming the file, line and column of the first problem.
 */
export function loadSnapshot(files: SnapshotTexts, folder = '', origins?: SnapshotOrigins): Model {
  const display = (file: string) => (folder ? `${folder.replace(/\/+$/, '')}/${file}` : file);
  // Texts are asked for one file at a time and not kept: a caller may read them from disk on demand, so that a large
  // snapshot is never all in memory as text (the model asks again for the files a report locates findings in).
  const names = [...files.keys()].filter(isSnapshotFile).sort(compare);
  const present = new Set(names);

  if (!present.has(MANIFEST_FILE)) {
    throw new SnapshotError(
      names.length === 0 ? 'SNAPSHOT_EMPTY' : 'SNAPSHOT_NOT_FOUND',
      names.length === 0 ? 'no snapshot files found' : `${MANIFEST_FILE} is missing`,
      {
        location: { file: display(MANIFEST_FILE) },
        hint: 'point iamlint at a folder written by `iamlint collect` or `iamlint import`',
      },
    );
  }

  const interner = new DocumentInterner();
  const documentTexts = new AwsManagedDocumentTexts();
  // Document texts are learned for the account files read after; the last one (they are read in this order) has none.
  const lastAccountFile = names.findLast((name) => ACCOUNT_FILE_PATTERN.test(name));
  let newerMinor = false;
  const read = <T>(file: string, schema: SchemaName): T => {
    const text = files.get(file) as string;
    const reduced = schema === 'account' ? documentTexts.reduce(text, { learn: file !== lastAccountFile }) : undefined;
    const data = (reduced && parseReduced(display(file), reduced, documentTexts)) ?? parseJsonFile(display(file), text);
    if (schema === 'account') {
      internAwsManagedDocuments(data, interner);
      if (reduced) documentTexts.learn(text, reduced, data);
    }
    if (schema === 'manifest') newerMinor = checkSchemaVersion(display(file), text, data);
    const validate = snapshotValidator(schema);
    if (newerMinor) dropUnknownProperties(data, validate);
    if (!validate(data)) {
      const error = pickError(validate.errors);
      const { pointer, message } = error ? describeError(error) : { pointer: '', message: 'does not match the schema' };
      const position = new PositionIndex(text).positionOfPointer(pointer);
      throw new SnapshotSchemaError('SNAPSHOT_SCHEMA', `${pointer || '(root)'} ${message}`, {
        location: { file: display(file), line: position.line, column: position.column },
        hint: `see the snapshot format v1 (${schema} schema)`,
      });
    }
    return deepFreeze(data) as T;
  };

  const manifest = read<Manifest>(MANIFEST_FILE, 'manifest');
  const organization = present.has(ORGANIZATION_FILE) ? read<OrganizationFile>(ORGANIZATION_FILE, 'organization') : null;
  const identityCenter = present.has(IDENTITY_CENTER_FILE) ? read<IdentityCenterFile>(IDENTITY_CENTER_FILE, 'identityCenter') : null;
  const accountFiles: Array<{ file: string; data: AccountFile }> = [];
  for (const file of names) {
    const match = ACCOUNT_FILE_PATTERN.exec(file);
    if (!match) continue;
    const data = read<AccountFile>(file, 'account');
    if (data.accountId !== match[1]) {
      throw new SnapshotError('SNAPSHOT_INCONSISTENT', `accountId ${data.accountId} does not match the file name`, {
        location: { file: display(file), ...new PositionIndex(files.get(file) as string).positionOfPointer('/accountId') },
        hint: `rename the file to accounts/${data.accountId}.json`,
      });
    }
    accountFiles.push({ file, data });
  }

  const builder = new NodeBuilder();
  builder.addOrganization(organization);
  builder.addAccounts(manifest, organization, accountFiles);
  for (const { file, data } of accountFiles) builder.addAccountFile(file, data);
  if (identityCenter) builder.addIdentityCenter(identityCenter);

  return new Model({
    manifest,
    texts: files,
    nodes: builder.nodes,
    organization: builder.organization,
    identityCenter: identityCenter?.instances ?? [],
    hasOrganizationFile: organization !== null,
    hasIdentityCenterFile: identityCenter !== null,
    ...(origins ? { origins } : {}),
  });
}

/**
 * Refuses another major version ("upgrade iamlint" for a higher one); returns whether the snapshot is of a higher
 * minor version of ours, whose optional fields this iamlint does not know and reads without.
 */
function checkSchemaVersion(file: string, text: string, data: unknown): boolean {
  const version = typeof data === 'object' && data !== null ? (data as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (typeof version !== 'string') return false;
  const [major, minor] = version.split('.').map(Number) as [number, number | undefined];
  if (major !== SUPPORTED_SCHEMA_MAJOR) {
    throw new SnapshotError('SNAPSHOT_VERSION', `schemaVersion ${version} is not supported (this iamlint reads ${SUPPORTED_SCHEMA_MAJOR}.x)`, {
      location: { file, ...new PositionIndex(text).positionOfPointer('/schemaVersion') },
      hint: major > SUPPORTED_SCHEMA_MAJOR ? 'newer format, upgrade iamlint' : 'collect the snapshot again with this iamlint',
    });
  }
  return (minor ?? 0) > Number(SCHEMA_VERSION.split('.')[1]);
}

// Each pass removes one unknown field everywhere it occurs at the same place in sibling entries, so a newer field on
// every user costs one pass; the bound stops a file with endless distinct unknown fields from looping long.
const MAX_UNKNOWN_FIELDS = 200;

/** Removes the fields of a newer minor version that this schema does not know, so that the rest is validated as usual. */
function dropUnknownProperties(data: unknown, validate: (data: unknown) => boolean): void {
  const validator = validate as ((data: unknown) => boolean) & { errors?: Array<{ keyword: string; instancePath: string; params: unknown }> | null };
  for (let pass = 0; pass < MAX_UNKNOWN_FIELDS && !validator(data); pass++) {
    const unknown = validator.errors?.find((error) => error.keyword === 'additionalProperties');
    if (!unknown) return;
    const property = String((unknown.params as { additionalProperty?: unknown }).additionalProperty);
    const segments = unknown.instancePath.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
    let objects: unknown[] = [data];
    for (const segment of segments) {
      objects = objects.flatMap((value) => {
        if (Array.isArray(value) && /^[0-9]+$/.test(segment)) return value;
        return typeof value === 'object' && value !== null && Object.hasOwn(value, segment) ? [(value as Record<string, unknown>)[segment]] : [];
      });
    }
    for (const object of objects) if (typeof object === 'object' && object !== null && !Array.isArray(object)) delete (object as Record<string, unknown>)[property];
  }
}

class NodeBuilder {
  readonly nodes: AnyNode[] = [];
  organization: OrganizationNode | null = null;
  private readonly ous = new Map<string, OrganizationalUnitNode>();

  private add<N extends AnyNode>(node: N): N {
    Object.freeze(node);
    this.nodes.push(node);
    return node;
  }

  addOrganization(file: OrganizationFile | null): void {
    if (!file) return;
    const source = ORGANIZATION_FILE;
    this.organization = this.add({
      ...file.organization,
      kind: 'Organization',
      name: file.organization.id,
      accountId: null,
      delegatedAdministrators: file.delegatedAdministrators,
      iamFeatures: file.iamFeatures ?? null,
      source: { file: source, pointer: '/organization' },
    });
    file.organizationalUnits.forEach((ou, index) => {
      this.ous.set(
        ou.id,
        this.add({ ...ou, kind: 'OrganizationalUnit', accountId: null, source: { file: source, pointer: `/organizationalUnits/${index}` } }),
      );
    });
  }

  addAccounts(manifest: Manifest, organization: OrganizationFile | null, accountFiles: Array<{ file: string; data: AccountFile }>): void {
    const orgEntries = new Map((organization?.accounts ?? []).map((entry, index) => [entry.id, { entry, index }]));
    const files = new Map(accountFiles.map((account) => [account.data.accountId, account]));
    const ids = [...new Set([...manifest.scope.accounts, ...orgEntries.keys(), ...files.keys()])].sort();
    const managementAccountId = organization?.organization.managementAccountId ?? manifest.scope.managementAccountId ?? null;
    for (const accountId of ids) {
      const org = orgEntries.get(accountId);
      const file = files.get(accountId);
      const node: AccountNode = {
        kind: 'Account',
        id: accountId,
        accountId,
        name: org?.entry.name ?? file?.data.alias ?? accountId,
        organizationEntry: org?.entry ?? null,
        ouPath: org ? this.ouPath(org.entry.parentId) : [],
        alias: file?.data.alias ?? null,
        isManagementAccount: accountId === managementAccountId,
        hasAccountFile: file !== undefined,
        absentSections: file
          ? Object.entries(OPTIONAL_ACCOUNT_SECTIONS).filter(([key]) => !(key in file.data)).map(([, section]) => section)
          : [],
        serviceLastAccessed: file?.data.serviceLastAccessed ?? null,
        accountSummary: file?.data.accountSummary ?? null,
        source: file
          ? { file: file.file, pointer: '' }
          : org
            ? { file: ORGANIZATION_FILE, pointer: `/accounts/${org.index}` }
            : { file: MANIFEST_FILE, pointer: '/scope/accounts' },
      };
      this.add(node);
    }
    organization?.policies.forEach((policy, index) => {
      const base = { ...policy, accountId: null, source: { file: ORGANIZATION_FILE, pointer: `/policies/${index}` } };
      if (policy.type === 'SERVICE_CONTROL_POLICY') this.add({ ...base, kind: 'Scp' });
      else this.add({ ...base, kind: 'Rcp' });
    });
  }

  private ouPath(parentId: string): OrganizationalUnitNode[] {
    const path: OrganizationalUnitNode[] = [];
    const seen = new Set<string>();
    let current = this.ous.get(parentId);
    while (current && !seen.has(current.id)) {
      seen.add(current.id);
      path.unshift(current);
      current = this.ous.get(current.parentId);
    }
    return path;
  }

  addAccountFile(file: string, data: AccountFile): void {
    const { accountId } = data;
    const at = (...segments: Array<string | number>) => ({ file, pointer: joinPointer('', ...segments) });
    if (data.root) {
      this.add({ ...data.root, kind: 'RootUser', id: data.root.arn, name: 'root', accountId, source: at('root') });
    }
    this.add({
      kind: 'PasswordPolicy',
      id: `${accountId}/password-policy`,
      name: 'password policy',
      accountId,
      policy: data.passwordPolicy,
      source: at('passwordPolicy'),
    });
    data.users.forEach((user, index) => {
      const userNode: UserNode = this.add({ ...user, kind: 'User', id: user.arn, name: user.userName, accountId, source: at('users', index) });
      user.accessKeys.forEach((key, keyIndex) =>
        this.add({ ...key, kind: 'AccessKey', id: key.accessKeyId, name: key.accessKeyId, accountId, user: userNode, source: at('users', index, 'accessKeys', keyIndex) }),
      );
      user.mfaDevices.forEach((device, deviceIndex) =>
        this.add({ ...device, kind: 'MfaDevice', id: device.serialNumber, name: device.serialNumber, accountId, user: userNode, source: at('users', index, 'mfaDevices', deviceIndex) }),
      );
      this.addInlinePolicies(userNode, user.inlinePolicies, file, `/users/${index}`);
    });
    data.groups.forEach((group, index) => {
      const node = this.add({ ...group, kind: 'Group', id: group.arn, name: group.groupName, accountId, source: at('groups', index) });
      this.addInlinePolicies(node, group.inlinePolicies, file, `/groups/${index}`);
    });
    data.roles.forEach((role, index) => {
      const node = this.add({ ...role, kind: 'Role', id: role.arn, name: role.roleName, accountId, source: at('roles', index) });
      this.addInlinePolicies(node, role.inlinePolicies, file, `/roles/${index}`);
    });
    data.policies.forEach((policy, index) => {
      const awsManaged = isAwsManagedPolicyArn(policy.arn);
      this.add({
        ...policy,
        kind: 'ManagedPolicy',
        id: awsManaged ? `${policy.arn}@${accountId}` : policy.arn,
        name: policy.policyName,
        accountId,
        awsManaged,
        source: at('policies', index),
      });
    });
    data.samlProviders.forEach((provider, index) =>
      this.add({ ...provider, kind: 'SamlProvider', id: provider.arn, accountId, source: at('samlProviders', index) }),
    );
    data.oidcProviders.forEach((provider, index) =>
      this.add({ ...provider, kind: 'OidcProvider', id: provider.arn, name: provider.url, accountId, source: at('oidcProviders', index) }),
    );
    data.serverCertificates?.forEach((certificate, index) =>
      this.add({ ...certificate, kind: 'ServerCertificate', id: certificate.arn, accountId, source: at('serverCertificates', index) }),
    );
  }

  private addInlinePolicies(owner: InlinePolicyOwner, policies: readonly InlinePolicy[], file: string, ownerPointer: string): void {
    policies.forEach((policy, index) =>
      this.add({
        kind: 'InlinePolicy',
        id: `${owner.id}#inline/${policy.name}`,
        name: policy.name,
        accountId: owner.accountId,
        document: policy.document,
        owner,
        source: { file, pointer: `${ownerPointer}/inlinePolicies/${index}` },
      }),
    );
  }

  addIdentityCenter(file: IdentityCenterFile): void {
    const source = IDENTITY_CENTER_FILE;
    file.instances.forEach((instance, instanceIndex) => {
      const base = `/instances/${instanceIndex}`;
      const { instanceArn, identityStoreId } = instance;
      instance.permissionSets.forEach((permissionSet, index) => {
        const node: PermissionSetNode = this.add({
          ...permissionSet,
          kind: 'PermissionSet',
          id: permissionSet.arn,
          accountId: null,
          instanceArn,
          source: { file: source, pointer: `${base}/permissionSets/${index}` },
        });
        if (permissionSet.inlinePolicy !== null) {
          this.add({
            kind: 'InlinePolicy',
            id: `${permissionSet.arn}#inline`,
            name: `${permissionSet.name} inline policy`,
            accountId: null,
            document: permissionSet.inlinePolicy,
            owner: node,
            source: { file: source, pointer: `${base}/permissionSets/${index}/inlinePolicy` },
          });
        }
      });
      instance.assignments.forEach((assignment, index) =>
        this.add({
          ...assignment,
          kind: 'AccountAssignment',
          id: `${assignment.accountId}/${assignment.permissionSetArn}/${assignment.principalType}/${assignment.principalId}`,
          name: `${assignment.principalType.toLowerCase()} ${assignment.principalId}`,
          instanceArn,
          source: { file: source, pointer: `${base}/assignments/${index}` },
        }),
      );
      instance.users.forEach((user, index) =>
        this.add({ ...user, kind: 'IdentityStoreUser', id: `${identityStoreId}/user/${user.userId}`, name: user.userName, accountId: null, instanceArn, source: { file: source, pointer: `${base}/users/${index}` } }),
      );
      instance.groups.forEach((group, index) =>
        this.add({ ...group, kind: 'IdentityStoreGroup', id: `${identityStoreId}/group/${group.groupId}`, name: group.displayName, accountId: null, instanceArn, source: { file: source, pointer: `${base}/groups/${index}` } }),
      );
    });
  }
}

/**
 * An account file parsed without the AWS managed documents already known, which are put back in; undefined when that
 * does not give what parsing the whole text gives (then the whole text is parsed, and its errors reported).
 */
function parseReduced(file: string, reduced: ReducedText, documentTexts: AwsManagedDocumentTexts): unknown {
  if (reduced.placeholders.size === 0) return undefined;
  let data: unknown;
  try {
    data = parseJsonFile(file, reduced.text);
  } catch {
    return undefined;
  }
  return documentTexts.restore(data, reduced) ? data : undefined;
}

/** Before validation and freezing: an interned document is already frozen, and valid wherever it was first seen. */
function internAwsManagedDocuments(data: unknown, interner: DocumentInterner): void {
  const policies = typeof data === 'object' && data !== null ? (data as { policies?: unknown }).policies : undefined;
  if (!Array.isArray(policies)) return;
  for (const policy of policies as unknown[]) {
    if (typeof policy !== 'object' || policy === null) continue;
    const { arn, defaultVersionId, document } = policy as { arn?: unknown; defaultVersionId?: unknown; document?: unknown };
    if (typeof arn !== 'string' || !isAwsManagedPolicyArn(arn) || typeof document !== 'object' || document === null) continue;
    (policy as { document: unknown }).document = interner.intern(awsManagedDocumentKey(arn, defaultVersionId), document);
  }
}

/**
 * Freezes parsed JSON without recursion, so a deeply nested document cannot overflow the stack. Only objects are
 * stacked, and not those already frozen (interned documents, frozen where they were first read).
 */
function deepFreeze(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  const stack: object[] = [value];
  while (stack.length > 0) {
    const current = stack.pop() as Record<string, unknown>;
    Object.freeze(current);
    if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i++) {
        const child: unknown = current[i];
        if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) stack.push(child);
      }
    } else {
      // Parsed JSON has only own enumerable properties, and for...in makes no array of them.
      for (const key in current) {
        const child = current[key];
        if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) stack.push(child);
      }
    }
  }
  return value;
}
