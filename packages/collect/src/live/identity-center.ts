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
    assignments: permissionSets
      .flatMap((entry) => entry.assignments)
      .sort(
        (a, b) =>
          compare(a.accountId, b.accountId) ||
          compare(a.permissionSetArn, b.permissionSetArn) ||
          compare(a.principalType, b.principalType) ||
          compare(a.principalId, b.principalId),
      ),
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
  return Promise.all(arns.map((arn) => readPermissionSet(session, instanceArn, arn)));
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
  const [described, managed, customerManaged, inline, boundary, tags, provisionedAccounts, outdatedAccounts] = await Promise.all([
    session.call('sso:DescribePermissionSet', () => sso.send(new DescribePermissionSetCommand(ids))),
    paginate(
      (NextToken) => session.call('sso:ListManagedPoliciesInPermissionSet', () => sso.send(new ListManagedPoliciesInPermissionSetCommand({ ...ids, NextToken }))),
      nextToken,
      (output) => output.AttachedManagedPolicies,
    ),
    paginate(
      (NextToken) =>
        session.call('sso:ListCustomerManagedPolicyReferencesInPermissionSet', () =>
          sso.send(new ListCustomerManagedPolicyReferencesInPermissionSetCommand({ ...ids, NextToken })),
        ),
      nextToken,
      (output) => output.CustomerManagedPolicyReferences,
    ),
    session.call('sso:GetInlinePolicyForPermissionSet', () => sso.send(new GetInlinePolicyForPermissionSetCommand(ids))),
    readBoundary(session, ids),
    paginate(
      (NextToken) =>
        session.call('sso:ListTagsForResource', () => sso.send(new ListTagsForResourceCommand({ InstanceArn: instanceArn, ResourceArn: permissionSetArn, NextToken }))),
      nextToken,
      (output) => output.Tags,
    ),
    provisioned(),
    provisioned('LATEST_PERMISSION_SET_NOT_PROVISIONED'),
  ]);

  const assignments = (
    await Promise.all(
      provisionedAccounts.map((accountId) =>
        paginate(
          (NextToken) =>
            session.call('sso:ListAccountAssignments', () => sso.send(new ListAccountAssignmentsCommand({ ...ids, AccountId: accountId, NextToken }))),
          nextToken,
          (output) => output.AccountAssignments,
        ),
      ),
    )
  )
    .flat()
    .map((assignment) => ({
      accountId: assignment.AccountId ?? '',
      permissionSetArn: assignment.PermissionSetArn ?? permissionSetArn,
      principalType: assignment.PrincipalType === 'USER' ? ('USER' as const) : ('GROUP' as const),
      principalId: assignment.PrincipalId ?? '',
    }));

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
        members: sortedStrings(memberships.flatMap((membership) => (membership.MemberId && 'UserId' in membership.MemberId && membership.MemberId.UserId ? [membership.MemberId.UserId] : []))),
      };
    }),
  );
  return sortBy(withMembers, (group) => group.groupId);
}
