import { createHash } from 'node:crypto';
import { ListGroupMembershipsCommand, ListGroupsCommand, ListUsersCommand } from '@aws-sdk/client-identitystore';
import {
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListCustomerManagedPolicyReferencesInPermissionSetCommand,
  ListInstancesCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetsCommand,
  ListPermissionSetsProvisionedToAccountCommand,
  ListTagsForResourceCommand,
  type InstanceMetadata,
} from '@aws-sdk/client-sso-admin';
import type { AccountAssignment, IdentityCenterFile, IdentityCenterInstance, IdentityStoreGroup, IdentityStoreUser, PermissionSet } from '@iamlint/core';
import { decodePolicyDocument } from '../import/gaad.js';
import { compare, sortBy, sortedStrings, tagsOf, toTimestamp } from '../format.js';
import { AwsCallError } from './gaps.js';
import { nextToken, paginate, type Session } from './session.js';

export interface IdentityCenterOptions {
  hashEmails: boolean;
}

/**
 * Reads every Identity Center instance the caller can see, with its permission sets, assignments and
 * identity store. Null, with a gap, when the instances cannot be listed at all.
 */
export async function collectIdentityCenter(session: Session, options: IdentityCenterOptions): Promise<IdentityCenterFile | null> {
  const sso = session.ssoAdmin;
  const instances = await session.section<InstanceMetadata[] | null>('identityCenter', null, () =>
    paginate(
      (NextToken) => session.call('sso:ListInstances', () => sso.send(new ListInstancesCommand({ NextToken }))),
      nextToken,
      (output) => output.Instances,
    ),
  );
  if (!instances) return null;
  const read = await Promise.all(instances.map((instance) => readInstance(session, instance, options)));
  return { instances: sortBy(read, (instance) => instance.instanceArn) };
}

async function readInstance(session: Session, instance: InstanceMetadata, options: IdentityCenterOptions): Promise<IdentityCenterInstance> {
  const instanceArn = instance.InstanceArn ?? '';
  const identityStoreId = instance.IdentityStoreId ?? '';
  const [permissionSets, users, groups] = await Promise.all([
    session.section<Array<{ permissionSet: PermissionSet; assignments: AccountAssignment[] }>>('identityCenter', [], () => readPermissionSets(session, instanceArn)),
    session.section<IdentityStoreUser[]>('identityCenter', [], () => readUsers(session, identityStoreId, options)),
    session.section<IdentityStoreGroup[]>('identityCenter', [], () => readGroups(session, identityStoreId)),
  ]);
  return {
    instanceArn,
    identityStoreId,
    ownerAccountId: instance.OwnerAccountId ?? '',
    ...(instance.Status ? { status: instance.Status } : {}),
    // No API reveals the identity source (Identity Center directory, external IdP or Active Directory).
    identitySource: 'UNKNOWN',
    permissionSets: sortBy(
      permissionSets.map((entry) => entry.permissionSet),
      (permissionSet) => permissionSet.arn,
    ),
    assignments: sortAssignments(permissionSets.flatMap((entry) => entry.assignments)),
    users,
    groups,
  };
}

async function readPermissionSets(session: Session, instanceArn: string): Promise<Array<{ permissionSet: PermissionSet; assignments: AccountAssignment[] }>> {
  const sso = session.ssoAdmin;
  const arns = await paginate(
    (NextToken) => session.call('sso:ListPermissionSets', () => sso.send(new ListPermissionSetsCommand({ InstanceArn: instanceArn, NextToken }))),
    nextToken,
    (output) => output.PermissionSets,
  );
  // One permission set that cannot be described is a gap; the others are kept.
  const read = await Promise.all(
    arns.map((arn) =>
      session.section<{ permissionSet: PermissionSet; assignments: AccountAssignment[] } | null>('identityCenter', null, () => readPermissionSet(session, instanceArn, arn)),
    ),
  );
  return read.filter((entry) => entry !== null);
}

async function readPermissionSet(
  session: Session,
  instanceArn: string,
  permissionSetArn: string,
): Promise<{ permissionSet: PermissionSet; assignments: AccountAssignment[] }> {
  const sso = session.ssoAdmin;
  const ids = { InstanceArn: instanceArn, PermissionSetArn: permissionSetArn };
  const provisioned = (status?: 'LATEST_PERMISSION_SET_NOT_PROVISIONED') =>
    paginate(
      (NextToken) =>
        session.call('sso:ListAccountsForProvisionedPermissionSet', () =>
          sso.send(new ListAccountsForProvisionedPermissionSetCommand({ ...ids, ...(status ? { ProvisioningStatus: status } : {}), NextToken })),
        ),
      nextToken,
      (output) => output.AccountIds,
    );
  // Each part is its own call: one the endpoint refuses or lacks is a gap, and the permission set keeps the rest.
  const part = <T>(fallback: T, read: () => Promise<T>) => session.section<T>('identityCenter', fallback, read);
  const [described, managed, customerManaged, inline, boundary, tags, provisionedAccounts, outdatedAccounts] = await Promise.all([
    session.call('sso:DescribePermissionSet', () => sso.send(new DescribePermissionSetCommand(ids))),
    part([], () =>
      paginate(
        (NextToken) => session.call('sso:ListManagedPoliciesInPermissionSet', () => sso.send(new ListManagedPoliciesInPermissionSetCommand({ ...ids, NextToken }))),
        nextToken,
        (output) => output.AttachedManagedPolicies,
      ),
    ),
    part([], () =>
      paginate(
        (NextToken) =>
          session.call('sso:ListCustomerManagedPolicyReferencesInPermissionSet', () =>
            sso.send(new ListCustomerManagedPolicyReferencesInPermissionSetCommand({ ...ids, NextToken })),
          ),
        nextToken,
        (output) => output.CustomerManagedPolicyReferences,
      ),
    ),
    part<{ InlinePolicy?: string | undefined }>({}, () => session.call('sso:GetInlinePolicyForPermissionSet', () => sso.send(new GetInlinePolicyForPermissionSetCommand(ids)))),
    session.section<PermissionSet['permissionsBoundary']>('identityCenter.permissionsBoundaries', null, () => readBoundary(session, ids)),
    session.section('identityCenter.tags', [], () =>
      paginate(
        (NextToken) =>
          session.call('sso:ListTagsForResource', () => sso.send(new ListTagsForResourceCommand({ InstanceArn: instanceArn, ResourceArn: permissionSetArn, NextToken }))),
        nextToken,
        (output) => output.Tags,
      ),
    ),
    part([], () => provisioned()),
    part([], () => provisioned('LATEST_PERMISSION_SET_NOT_PROVISIONED')),
  ]);

  const assignments = await readAssignments(session, ids, provisionedAccounts);

  const set = described.PermissionSet ?? {};
  const outdated = sortedStrings(outdatedAccounts);
  const permissionSet: PermissionSet = {
    arn: permissionSetArn,
    name: set.Name ?? '',
    ...(set.Description ? { description: set.Description } : {}),
    createdDate: toTimestamp(set.CreatedDate ?? new Date(0)),
    // DescribePermissionSet leaves SessionDuration out when it is Identity Center's default of one hour.
    sessionDuration: set.SessionDuration ?? 'PT1H',
    ...(set.RelayState ? { relayState: set.RelayState } : {}),
    managedPolicies: sortedStrings(managed.map((policy) => policy.Arn ?? '')),
    customerManagedPolicies: customerManaged
      .map((reference) => ({ name: reference.Name ?? '', path: reference.Path ?? '/' }))
      .sort((a, b) => compare(a.path, b.path) || compare(a.name, b.name)),
    inlinePolicy: inline.InlinePolicy ? decodePolicyDocument(inline.InlinePolicy) : null,
    permissionsBoundary: boundary,
    provisionedAccounts: sortedStrings(provisionedAccounts),
    outdatedAccounts: outdated,
    tags: tagsOf(tags),
  };
  return { permissionSet, assignments };
}

async function readAssignments(session: Session, ids: { InstanceArn: string; PermissionSetArn: string }, accountIds: readonly string[]): Promise<AccountAssignment[]> {
  const sso = session.ssoAdmin;
  const perAccount = await Promise.all(
    accountIds.map((accountId) =>
      session.section('identityCenter', [], () =>
        paginate(
          (NextToken) => session.call('sso:ListAccountAssignments', () => sso.send(new ListAccountAssignmentsCommand({ ...ids, AccountId: accountId, NextToken }))),
          nextToken,
          (output) => output.AccountAssignments,
        ),
      ),
    ),
  );
  return perAccount.flat().map((assignment) => ({
    accountId: assignment.AccountId ?? '',
    permissionSetArn: assignment.PermissionSetArn ?? ids.PermissionSetArn,
    principalType: assignment.PrincipalType === 'USER' ? ('USER' as const) : ('GROUP' as const),
    principalId: assignment.PrincipalId ?? '',
  }));
}

/**
 * Asks each account which permission sets are provisioned to it, and reads the assignments of any pair that
 * ListAccountsForProvisionedPermissionSet left out (some endpoints answer it with the caller's account only).
 * One call per account when both agree, as AWS's do.
 */
export async function completeProvisioning(session: Session, file: IdentityCenterFile, accountIds: readonly string[]): Promise<IdentityCenterFile> {
  const sso = session.ssoAdmin;
  const instances = await Promise.all(
    file.instances.map(async (instance): Promise<IdentityCenterInstance> => {
      const byArn = new Map(instance.permissionSets.map((permissionSet) => [permissionSet.arn, permissionSet]));
      const provisionedTo = (accountId: string, status?: 'LATEST_PERMISSION_SET_NOT_PROVISIONED') =>
        session.section<string[] | null>('identityCenter', null, () =>
          paginate(
            (NextToken) =>
              session.call('sso:ListPermissionSetsProvisionedToAccount', () =>
                sso.send(
                  new ListPermissionSetsProvisionedToAccountCommand({ InstanceArn: instance.instanceArn, AccountId: accountId, ...(status ? { ProvisioningStatus: status } : {}), NextToken }),
                ),
              ),
            nextToken,
            (output) => output.PermissionSets,
          ),
        );
      const missed = (
        await Promise.all(
          accountIds.map(async (accountId) => {
            const arns = (await provisionedTo(accountId)) ?? [];
            return arns.filter((arn) => byArn.get(arn) && !byArn.get(arn)?.provisionedAccounts.includes(accountId)).map((arn) => ({ accountId, arn }));
          }),
        )
      ).flat();
      // Neither list names any account for these: an endpoint that does not track provisioning. Their assignments
      // are then read account by account (AWS provisions a permission set where it is assigned).
      const unseen = instance.permissionSets.filter((permissionSet) => permissionSet.provisionedAccounts.length === 0 && !missed.some((pair) => pair.arn === permissionSet.arn));
      const probed = (
        await Promise.all(
          unseen.flatMap((permissionSet) =>
            accountIds.map(async (accountId) => ({
              accountId,
              arn: permissionSet.arn,
              assignments: await readAssignments(session, { InstanceArn: instance.instanceArn, PermissionSetArn: permissionSet.arn }, [accountId]),
            })),
          ),
        )
      ).filter((pair) => pair.assignments.length > 0);
      if (missed.length === 0 && probed.length === 0) return instance;
      if (probed.length > 0) {
        session.addGap({
          section: 'identityCenter.provisioning',
          call: 'sso:ListAccountsForProvisionedPermissionSet',
          error: 'InvalidResponse',
          kind: 'invalid',
          message: `the endpoint reports no provisioned account for ${probed.length === 1 ? 'a permission set' : 'permission sets'} assigned in ${[...new Set(probed.map((pair) => pair.accountId))].length} account(s): assignments were read account by account, and which accounts run an outdated version is unknown`,
        });
      }

      const permissionSets = new Map(instance.permissionSets.map((permissionSet) => [permissionSet.arn, { ...permissionSet, provisionedAccounts: [...permissionSet.provisionedAccounts], outdatedAccounts: [...(permissionSet.outdatedAccounts ?? [])] }]));
      const assignments = [...instance.assignments];
      await Promise.all(
        [...new Set(missed.map((pair) => pair.accountId))].map(async (accountId) => {
          const outdated = new Set((await provisionedTo(accountId, 'LATEST_PERMISSION_SET_NOT_PROVISIONED')) ?? []);
          for (const { arn } of missed.filter((pair) => pair.accountId === accountId)) {
            const permissionSet = permissionSets.get(arn);
            if (!permissionSet) continue;
            permissionSet.provisionedAccounts = sortedStrings([...permissionSet.provisionedAccounts, accountId]);
            if (outdated.has(arn)) permissionSet.outdatedAccounts = sortedStrings([...permissionSet.outdatedAccounts, accountId]);
            assignments.push(...(await readAssignments(session, { InstanceArn: instance.instanceArn, PermissionSetArn: arn }, [accountId])));
          }
        }),
      );
      for (const { accountId, arn, assignments: found } of probed) {
        const permissionSet = permissionSets.get(arn);
        if (!permissionSet) continue;
        permissionSet.provisionedAccounts = sortedStrings([...permissionSet.provisionedAccounts, accountId]);
        assignments.push(...found);
      }
      return {
        ...instance,
        permissionSets: sortBy(permissionSets.values(), (permissionSet) => permissionSet.arn),
        assignments: sortAssignments(assignments),
      };
    }),
  );
  return { instances };
}

function sortAssignments(assignments: AccountAssignment[]): AccountAssignment[] {
  return [...assignments].sort(
    (a, b) =>
      compare(a.accountId, b.accountId) ||
      compare(a.permissionSetArn, b.permissionSetArn) ||
      compare(a.principalType, b.principalType) ||
      compare(a.principalId, b.principalId),
  );
}

async function readBoundary(session: Session, ids: { InstanceArn: string; PermissionSetArn: string }): Promise<PermissionSet['permissionsBoundary']> {
  try {
    const output = await session.call('sso:GetPermissionsBoundaryForPermissionSet', () =>
      session.ssoAdmin.send(new GetPermissionsBoundaryForPermissionSetCommand(ids)),
    );
    const boundary = output.PermissionsBoundary;
    if (boundary?.ManagedPolicyArn) return { managedPolicyArn: boundary.ManagedPolicyArn };
    if (boundary?.CustomerManagedPolicyReference) {
      return { customerManagedPolicy: { name: boundary.CustomerManagedPolicyReference.Name ?? '', path: boundary.CustomerManagedPolicyReference.Path ?? '/' } };
    }
    return null;
  } catch (error) {
    // A permission set without a boundary answers ResourceNotFoundException.
    if (error instanceof AwsCallError && error.is('ResourceNotFoundException')) return null;
    throw error;
  }
}

async function readUsers(session: Session, identityStoreId: string, options: IdentityCenterOptions): Promise<IdentityStoreUser[]> {
  const store = session.identityStore;
  const users = await paginate(
    (NextToken) => session.call('identitystore:ListUsers', () => store.send(new ListUsersCommand({ IdentityStoreId: identityStoreId, NextToken }))),
    nextToken,
    (output) => output.Users,
  );
  return sortBy(
    users.map((user) => {
      const emails = (user.Emails ?? []).flatMap((email) => (email.Value ? [options.hashEmails ? hashEmail(email.Value) : email.Value] : []));
      return {
        userId: user.UserId ?? '',
        userName: user.UserName ?? '',
        ...(user.DisplayName ? { displayName: user.DisplayName } : {}),
        emails: sortedStrings(emails),
      };
    }),
    (user) => user.userId,
  );
}

/** Personal data stays out of git with --hash-emails; the hash still shows the same person across snapshots. */
export function hashEmail(email: string): string {
  return createHash('sha256').update(email.toLowerCase()).digest('hex');
}

async function readGroups(session: Session, identityStoreId: string): Promise<IdentityStoreGroup[]> {
  const store = session.identityStore;
  const groups = await paginate(
    (NextToken) => session.call('identitystore:ListGroups', () => store.send(new ListGroupsCommand({ IdentityStoreId: identityStoreId, NextToken }))),
    nextToken,
    (output) => output.Groups,
  );
  const withMembers = await Promise.all(
    groups.map(async (group): Promise<IdentityStoreGroup> => {
      const memberships = await paginate(
        (NextToken) =>
          session.call('identitystore:ListGroupMemberships', () =>
            store.send(new ListGroupMembershipsCommand({ IdentityStoreId: identityStoreId, GroupId: group.GroupId ?? '', NextToken })),
          ),
        nextToken,
        (output) => output.GroupMemberships,
      );
      return {
        groupId: group.GroupId ?? '',
        displayName: group.DisplayName ?? '',
        ...(group.Description ? { description: group.Description } : {}),
        members: sortedStrings(memberships.flatMap((membership) => (typeof membership.MemberId === 'object' && 'UserId' in membership.MemberId && membership.MemberId.UserId ? [membership.MemberId.UserId] : []))),
      };
    }),
  );
  return sortBy(withMembers, (group) => group.groupId);
}
