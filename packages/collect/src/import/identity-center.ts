import type { AccountAssignment, Gap, IdentityCenterFile, IdentityCenterInstance, IdentityStoreGroup, IdentityStoreUser, PermissionSet } from '@iamlint/core';
import { compare, sortBy, sortedStrings } from '../format.js';
import { decodePolicyDocument } from './gaad.js';
import type { OutputReader } from './iam-outputs.js';

/** A permission-set id in a file name: the part of the export that says which permission set an answer is about. */
export const PERMISSION_SET_ID = /(?<![0-9a-z])ps-[0-9a-z]{10,64}(?![0-9a-z])/;

export interface IdentityCenterOutput {
  reader: OutputReader;
  /** From the file name, for the answers that do not name their permission set. */
  permissionSetId: string | null;
  /** list-accounts-for-provisioned-permission-set run with --provisioning-status LATEST_PERMISSION_SET_NOT_PROVISIONED. */
  outdated: boolean;
}

interface PermissionSetParts {
  described?: PermissionSet;
  source?: string;
  managed?: string[];
  customerManaged?: PermissionSet['customerManagedPolicies'];
  inline?: unknown;
  boundary?: PermissionSet['permissionsBoundary'];
  provisioned?: string[];
  outdated?: string[];
  tags?: Record<string, string>;
}

const PARTS: ReadonlyArray<[keyof PermissionSetParts, string]> = [
  ['managed', 'list-managed-policies-in-permission-set'],
  ['customerManaged', 'list-customer-managed-policy-references-in-permission-set'],
  ['inline', 'get-inline-policy-for-permission-set'],
  ['boundary', 'get-permissions-boundary-for-permission-set'],
  ['provisioned', 'list-accounts-for-provisioned-permission-set'],
];

/**
 * Builds `identity-center.json` from the sso-admin and identitystore CLI outputs. Answers that do not name
 * their permission set (its policies, boundary, accounts) are matched by the `ps-…` id in the file name. A
 * permission set that lacks one of those answers makes the section a gap: its rules say "not evaluated".
 */
export function importIdentityCenter(
  outputs: readonly IdentityCenterOutput[],
  notes: string[],
  /** The organization's management account: where an organization instance lives when list-instances does not say (AWS CLI before 2.15). */
  defaultOwner: string | undefined,
): { file: IdentityCenterFile; gaps: Gap[] } {
  const instances = new Map<string, { arn: string; identityStoreId: string; ownerAccountId: string; status?: string }>();
  const sets = new Map<string, PermissionSetParts>();
  const assignments: AccountAssignment[] = [];
  const users = new Map<string, IdentityStoreUser & { store: string }>();
  const groups = new Map<string, IdentityStoreGroup & { store: string }>();
  const members = new Map<string, Set<string>>();
  const setOf = (id: string) => sets.get(id) ?? (sets.set(id, {}), sets.get(id) as PermissionSetParts);

  for (const { reader, permissionSetId, outdated } of outputs) {
    const root = reader.kind === 'no-permission-set-boundary' ? {} : reader.root();
    const owned = (): PermissionSetParts | null => {
      if (permissionSetId) return setOf(permissionSetId);
      notes.push(`${reader.source}: no permission-set id (ps-…) in the file name, so it cannot be matched to its permission set; skipped`);
      return null;
    };
    switch (reader.kind) {
      case 'sso-instances':
        reader.list(root, 'Instances').forEach((instance, index) => {
          const where = `Instances[${index}].`;
          const arn = reader.string(instance, 'InstanceArn', where);
          const status = reader.optionalString(instance, 'Status', where);
          instances.set(arn, {
            arn,
            identityStoreId: reader.string(instance, 'IdentityStoreId', where),
            ownerAccountId: reader.optionalString(instance, 'OwnerAccountId', where) ?? defaultOwner ?? '',
            ...(status ? { status } : {}),
          });
        });
        break;
      case 'permission-set': {
        const set = reader.object(root.PermissionSet, 'PermissionSet');
        const where = 'PermissionSet.';
        const arn = reader.string(set, 'PermissionSetArn', where);
        const id = arn.slice(arn.lastIndexOf('/') + 1);
        const description = reader.optionalString(set, 'Description', where);
        const relayState = reader.optionalString(set, 'RelayState', where);
        const parts = setOf(id);
        parts.source = reader.source;
        parts.described = {
          arn,
          name: reader.string(set, 'Name', where),
          ...(description ? { description } : {}),
          createdDate: reader.time(set, 'CreatedDate', where) ?? '1970-01-01T00:00:00Z',
          // Identity Center leaves SessionDuration out when it is its default of one hour.
          sessionDuration: reader.optionalString(set, 'SessionDuration', where) ?? 'PT1H',
          ...(relayState ? { relayState } : {}),
          managedPolicies: [],
          customerManagedPolicies: [],
          inlinePolicy: null,
          permissionsBoundary: null,
          provisionedAccounts: [],
          outdatedAccounts: [],
          tags: {},
        };
        break;
      }
      case 'permission-set-managed-policies': {
        const parts = owned();
        if (parts) parts.managed = sortedStrings(reader.list(root, 'AttachedManagedPolicies').map((policy, index) => reader.string(policy, 'Arn', `AttachedManagedPolicies[${index}].`)));
        break;
      }
      case 'permission-set-customer-managed-policies': {
        const parts = owned();
        if (parts) {
          parts.customerManaged = reader
            .list(root, 'CustomerManagedPolicyReferences')
            .map((reference, index) => ({ name: reader.string(reference, 'Name', `CustomerManagedPolicyReferences[${index}].`), path: reader.optionalString(reference, 'Path') ?? '/' }))
            .sort((a, b) => compare(a.path, b.path) || compare(a.name, b.name));
        }
        break;
      }
      case 'permission-set-inline-policy': {
        const parts = owned();
        if (parts) parts.inline = typeof root.InlinePolicy === 'string' && root.InlinePolicy !== '' ? decodePolicyDocument(root.InlinePolicy) : null;
        break;
      }
      case 'permission-set-boundary': {
        const parts = owned();
        if (!parts) break;
        const boundary = reader.object(root.PermissionsBoundary, 'PermissionsBoundary');
        const reference = boundary.CustomerManagedPolicyReference;
        parts.boundary =
          typeof boundary.ManagedPolicyArn === 'string'
            ? { managedPolicyArn: boundary.ManagedPolicyArn }
            : reference !== undefined
              ? { customerManagedPolicy: { name: reader.string(reader.object(reference, 'PermissionsBoundary.CustomerManagedPolicyReference'), 'Name'), path: reader.optionalString(reader.object(reference, 'PermissionsBoundary.CustomerManagedPolicyReference'), 'Path') ?? '/' } }
              : null;
        break;
      }
      case 'no-permission-set-boundary': {
        const parts = owned();
        if (parts) parts.boundary = null;
        break;
      }
      case 'permission-set-accounts': {
        const parts = owned();
        if (!parts) break;
        const accounts = sortedStrings(reader.strings(root, 'AccountIds'));
        if (outdated) parts.outdated = accounts;
        else parts.provisioned = accounts;
        break;
      }
      case 'tags': {
        const parts = owned();
        if (parts) parts.tags = reader.tags(root);
        break;
      }
      case 'account-assignments':
        reader.list(root, 'AccountAssignments').forEach((assignment, index) => {
          const where = `AccountAssignments[${index}].`;
          assignments.push({
            accountId: reader.string(assignment, 'AccountId', where),
            permissionSetArn: reader.string(assignment, 'PermissionSetArn', where),
            principalType: reader.string(assignment, 'PrincipalType', where) === 'USER' ? 'USER' : 'GROUP',
            principalId: reader.string(assignment, 'PrincipalId', where),
          });
        });
        break;
      case 'identity-store-users':
        reader.list(root, 'Users').forEach((user, index) => {
          const where = `Users[${index}].`;
          const displayName = reader.optionalString(user, 'DisplayName', where);
          const emails = reader.list(user, 'Emails', where).flatMap((email) => (typeof email.Value === 'string' && email.Value ? [email.Value] : []));
          const userId = reader.string(user, 'UserId', where);
          users.set(userId, {
            store: reader.string(user, 'IdentityStoreId', where),
            userId,
            userName: reader.optionalString(user, 'UserName', where) ?? '',
            ...(displayName ? { displayName } : {}),
            emails: sortedStrings(emails),
          });
        });
        break;
      case 'identity-store-groups':
        reader.list(root, 'Groups').forEach((group, index) => {
          const where = `Groups[${index}].`;
          const description = reader.optionalString(group, 'Description', where);
          const groupId = reader.string(group, 'GroupId', where);
          groups.set(groupId, {
            store: reader.string(group, 'IdentityStoreId', where),
            groupId,
            displayName: reader.optionalString(group, 'DisplayName', where) ?? '',
            ...(description ? { description } : {}),
            members: [],
          });
        });
        break;
      case 'group-memberships':
        reader.list(root, 'GroupMemberships').forEach((membership, index) => {
          const where = `GroupMemberships[${index}].`;
          const groupId = reader.string(membership, 'GroupId', where);
          const member = reader.object(membership.MemberId, `${where}MemberId`);
          if (typeof member.UserId !== 'string') return;
          members.set(groupId, (members.get(groupId) ?? new Set<string>()).add(member.UserId));
        });
        break;
      default:
        reader.fail(`not an Identity Center export`);
    }
  }

  const gaps: Gap[] = [];
  const incomplete: string[] = [];
  const permissionSets: PermissionSet[] = [];
  for (const [id, parts] of [...sets].sort(([a], [b]) => compare(a, b))) {
    if (!parts.described) {
      notes.push(`permission set ${id}: no describe-permission-set export, so its other answers are ignored`);
      continue;
    }
    const missing = PARTS.filter(([key]) => !(key in parts)).map(([, command]) => command);
    if (missing.length > 0) incomplete.push(`${parts.described.name} (${id}): ${missing.join(', ')}`);
    permissionSets.push({
      ...parts.described,
      managedPolicies: parts.managed ?? [],
      customerManagedPolicies: parts.customerManaged ?? [],
      inlinePolicy: parts.inline ?? null,
      permissionsBoundary: parts.boundary ?? null,
      provisionedAccounts: parts.provisioned ?? [],
      outdatedAccounts: parts.outdated ?? [],
      tags: parts.tags ?? {},
    });
  }
  if (incomplete.length > 0) {
    gaps.push({
      section: 'identityCenter',
      error: 'NotInExport',
      message: `permission sets without every part of their export: ${incomplete.join('; ')}`,
    });
  }

  const instanceOfSet = (arn: string) => /\/(ssoins-[0-9a-z]+)\//.exec(arn)?.[1];
  const unowned = [...instances.values()].filter((instance) => instance.ownerAccountId === '');
  if (unowned.length > 0) {
    notes.push(`${unowned.map((instance) => instance.arn).join(', ')}: list-instances names no owner account and there is no describe-organization export to take it from; left out`);
  }
  const instanceFiles = sortBy(
    [...instances.values()].filter((instance) => instance.ownerAccountId !== ''),
    (instance) => instance.arn,
  ).map((instance): IdentityCenterInstance => {
    const instanceId = instance.arn.slice(instance.arn.lastIndexOf('/') + 1);
    const ownSets = permissionSets.filter((set) => instanceOfSet(set.arn) === instanceId);
    const ownSetArns = new Set(ownSets.map((set) => set.arn));
    return {
      instanceArn: instance.arn,
      identityStoreId: instance.identityStoreId,
      ownerAccountId: instance.ownerAccountId,
      ...(instance.status ? { status: instance.status } : {}),
      // No export reveals the identity source, as no API does.
      identitySource: 'UNKNOWN',
      permissionSets: sortBy(ownSets, (set) => set.arn),
      assignments: dedupe(assignments.filter((assignment) => ownSetArns.has(assignment.permissionSetArn) || instanceOfSet(assignment.permissionSetArn) === instanceId)),
      users: sortBy(
        [...users.values()].filter((user) => user.store === instance.identityStoreId).map(({ store: _store, ...user }) => user),
        (user) => user.userId,
      ),
      groups: sortBy(
        [...groups.values()]
          .filter((group) => group.store === instance.identityStoreId)
          .map(({ store: _store, ...group }) => ({ ...group, members: sortedStrings(members.get(group.groupId) ?? []) })),
        (group) => group.groupId,
      ),
    };
  });
  if (instanceFiles.length === 0) {
    gaps.push({ section: 'identityCenter', call: 'sso:ListInstances', error: 'NotInExport', message: 'no `aws sso-admin list-instances` export: Identity Center is not evaluated' });
  }
  return { file: { instances: instanceFiles }, gaps };
}

function dedupe(assignments: readonly AccountAssignment[]): AccountAssignment[] {
  const byKey = new Map(assignments.map((assignment) => [`${assignment.accountId} ${assignment.permissionSetArn} ${assignment.principalType} ${assignment.principalId}`, assignment]));
  return [...byKey.values()].sort(
    (a, b) =>
      compare(a.accountId, b.accountId) ||
      compare(a.permissionSetArn, b.permissionSetArn) ||
      compare(a.principalType, b.principalType) ||
      compare(a.principalId, b.principalId),
  );
}
