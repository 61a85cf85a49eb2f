import type { IdentityCenterInstance, PermissionSet } from '@iamlint/core';
import type { Call, JsonHandler, JsonParams } from './call.js';
import { stableUuid } from './ids.js';
import { ApiError, epochSeconds, paginate, type Page } from './protocol.js';

type IdcCall = Call<JsonParams>;

export const invalidIdentityCenterInput = (message: string) => new ApiError('ValidationException', message);

function page<T>(call: IdcCall, items: readonly T[], query = '', limit = call.params.integer('MaxResults')): Page<T> {
  return paginate(items, {
    token: call.params.string('NextToken'),
    limit,
    pageSize: Math.min(call.pageSize, 100),
    maxLimit: 100,
    query: `${call.action}:${query}`,
    invalid: invalidIdentityCenterInput,
  });
}

function denied(call: IdcCall, service: 'sso' | 'identitystore', resource: string): ApiError {
  return new ApiError('AccessDeniedException', `User: ${call.caller.arn} is not authorized to perform: ${service}:${call.action} on resource: ${resource}`);
}

/** The instance named by InstanceArn, if the calling account administers it (owner or delegated administrator). */
function instanceOf(call: IdcCall): IdentityCenterInstance {
  const arn = call.params.required('InstanceArn');
  const instance = call.state.instancesFor(call.accountId).find((candidate) => candidate.instanceArn === arn);
  if (!instance) throw denied(call, 'sso', arn);
  return instance;
}

function permissionSetOf(call: IdcCall, instance: IdentityCenterInstance, name = 'PermissionSetArn'): PermissionSet {
  const arn = call.params.required(name);
  const permissionSet = instance.permissionSets.find((candidate) => candidate.arn === arn);
  if (!permissionSet) throw new ApiError('ResourceNotFoundException', `Could not find PermissionSet with PermissionSetArn ${arn}.`, 400, { Reason: 'PERMISSION_SET' });
  return permissionSet;
}

const PROVISIONING_STATUSES = ['LATEST_PERMISSION_SET_PROVISIONED', 'LATEST_PERMISSION_SET_NOT_PROVISIONED'];

export const ssoAdminHandlers: Record<string, JsonHandler> = {
  ListInstances: (call) => {
    const result = page(call, call.state.instancesFor(call.accountId));
    return {
      Instances: result.items.map((instance) => ({
        InstanceArn: instance.instanceArn,
        IdentityStoreId: instance.identityStoreId,
        OwnerAccountId: instance.ownerAccountId,
        Status: instance.status ?? 'ACTIVE',
      })),
      NextToken: result.next,
    };
  },

  ListPermissionSets: (call) => {
    const instance = instanceOf(call);
    const result = page(call, instance.permissionSets.map((permissionSet) => permissionSet.arn), instance.instanceArn);
    return { PermissionSets: result.items, NextToken: result.next };
  },

  DescribePermissionSet: (call) => {
    const permissionSet = permissionSetOf(call, instanceOf(call));
    return {
      PermissionSet: {
        Name: permissionSet.name,
        PermissionSetArn: permissionSet.arn,
        Description: permissionSet.description,
        CreatedDate: epochSeconds(permissionSet.createdDate),
        SessionDuration: permissionSet.sessionDuration,
        RelayState: permissionSet.relayState,
      },
    };
  },

  ListManagedPoliciesInPermissionSet: (call) => {
    const permissionSet = permissionSetOf(call, instanceOf(call));
    const result = page(call, permissionSet.managedPolicies, permissionSet.arn);
    return { AttachedManagedPolicies: result.items.map((arn) => ({ Name: arn.slice(arn.lastIndexOf('/') + 1), Arn: arn })), NextToken: result.next };
  },

  ListCustomerManagedPolicyReferencesInPermissionSet: (call) => {
    const permissionSet = permissionSetOf(call, instanceOf(call));
    const result = page(call, permissionSet.customerManagedPolicies, permissionSet.arn);
    return { CustomerManagedPolicyReferences: result.items.map((policy) => ({ Name: policy.name, Path: policy.path })), NextToken: result.next };
  },

  GetInlinePolicyForPermissionSet: (call) => {
    const permissionSet = permissionSetOf(call, instanceOf(call));
    return { InlinePolicy: permissionSet.inlinePolicy === null ? '' : JSON.stringify(permissionSet.inlinePolicy) };
  },

  GetPermissionsBoundaryForPermissionSet: (call) => {
    const permissionSet = permissionSetOf(call, instanceOf(call));
    const boundary = permissionSet.permissionsBoundary;
    if (!boundary) throw new ApiError('ResourceNotFoundException', `Could not find a permissions boundary for PermissionSet ${permissionSet.arn}.`, 400, { Reason: 'PERMISSIONS_BOUNDARY' });
    return {
      PermissionsBoundary: {
        ManagedPolicyArn: boundary.managedPolicyArn,
        CustomerManagedPolicyReference: boundary.customerManagedPolicy && { Name: boundary.customerManagedPolicy.name, Path: boundary.customerManagedPolicy.path },
      },
    };
  },

  ListTagsForResource: (call) => {
    const instance = instanceOf(call);
    const permissionSet = call.params.required('ResourceArn') === instance.instanceArn ? undefined : permissionSetOf(call, instance, 'ResourceArn');
    const tags = Object.entries(permissionSet?.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
    const result = page(call, tags, permissionSet?.arn ?? instance.instanceArn, undefined);
    return { Tags: result.items, NextToken: result.next };
  },

  ListAccountsForProvisionedPermissionSet: (call) => {
    const permissionSet = permissionSetOf(call, instanceOf(call));
    const status = call.params.string('ProvisioningStatus');
    if (status !== undefined && !PROVISIONING_STATUSES.includes(status)) {
      throw invalidIdentityCenterInput(`Value '${status}' at 'provisioningStatus' failed to satisfy constraint: Member must satisfy enum value set: [${PROVISIONING_STATUSES.join(', ')}]`);
    }
    const outdated = new Set(permissionSet.outdatedAccounts ?? []);
    const accounts = permissionSet.provisionedAccounts.filter((id) =>
      status === undefined ? true : status === 'LATEST_PERMISSION_SET_NOT_PROVISIONED' ? outdated.has(id) : !outdated.has(id),
    )
      .filter((id) => !call.state.quirks.has('provisioned-accounts-caller-only') || id === call.accountId)
      .filter(() => !call.state.quirks.has('provisioning-not-reported'));
    const result = page(call, accounts, `${permissionSet.arn}:${status ?? ''}`);
    return { AccountIds: result.items, NextToken: result.next };
  },

  ListPermissionSetsProvisionedToAccount: (call) => {
    const instance = instanceOf(call);
    const accountId = call.params.required('AccountId');
    const status = call.params.string('ProvisioningStatus');
    if (status !== undefined && !PROVISIONING_STATUSES.includes(status)) {
      throw invalidIdentityCenterInput(`Value '${status}' at 'provisioningStatus' failed to satisfy constraint: Member must satisfy enum value set: [${PROVISIONING_STATUSES.join(', ')}]`);
    }
    const arns = instance.permissionSets
      .filter((permissionSet) => permissionSet.provisionedAccounts.includes(accountId))
      .filter((permissionSet) => {
        if (status === undefined) return true;
        const outdated = (permissionSet.outdatedAccounts ?? []).includes(accountId);
        return status === 'LATEST_PERMISSION_SET_NOT_PROVISIONED' ? outdated : !outdated;
      })
      .map((permissionSet) => permissionSet.arn)
      .filter(() => !call.state.quirks.has('provisioning-not-reported'));
    const result = page(call, arns, `${accountId}:${status ?? ''}`);
    return { PermissionSets: result.items, NextToken: result.next };
  },

  ListAccountAssignments: (call) => {
    const instance = instanceOf(call);
    const accountId = call.params.required('AccountId');
    const permissionSet = permissionSetOf(call, instance);
    const assignments = instance.assignments.filter((assignment) => assignment.accountId === accountId && assignment.permissionSetArn === permissionSet.arn);
    const result = page(call, assignments, `${accountId}:${permissionSet.arn}`);
    return {
      AccountAssignments: result.items.map((assignment) => ({
        AccountId: assignment.accountId,
        PermissionSetArn: assignment.permissionSetArn,
        PrincipalType: assignment.principalType,
        PrincipalId: assignment.principalId,
      })),
      NextToken: result.next,
    };
  },
};

function identityStoreOf(call: IdcCall): IdentityCenterInstance {
  const id = call.params.required('IdentityStoreId');
  const instance = call.state.instancesFor(call.accountId).find((candidate) => candidate.identityStoreId === id);
  if (!instance) throw denied(call, 'identitystore', `arn:aws:identitystore::${call.accountId}:identitystore/${id}`);
  return instance;
}

/** "Isabel Moreno" → given and family name, as a SCIM-provisioned Identity Store user carries them. */
function nameOf(displayName: string | undefined): Record<string, string> | undefined {
  const parts = displayName?.trim().split(/\s+/) ?? [];
  if (parts.length < 2) return undefined;
  return { Formatted: displayName as string, GivenName: parts.slice(0, -1).join(' '), FamilyName: parts.at(-1) as string };
}

export const identityStoreHandlers: Record<string, JsonHandler> = {
  ListUsers: (call) => {
    const instance = identityStoreOf(call);
    const result = page(call, instance.users, instance.identityStoreId);
    return {
      Users: result.items.map((user) => ({
        IdentityStoreId: instance.identityStoreId,
        UserId: user.userId,
        UserName: user.userName,
        DisplayName: user.displayName,
        Name: nameOf(user.displayName),
        Emails: user.emails.map((email, index) => ({ Value: email, Type: 'work', Primary: index === 0 })),
      })),
      NextToken: result.next,
    };
  },

  ListGroups: (call) => {
    const instance = identityStoreOf(call);
    const result = page(call, instance.groups, instance.identityStoreId);
    return {
      Groups: result.items.map((group) => ({ GroupId: group.groupId, IdentityStoreId: instance.identityStoreId, DisplayName: group.displayName, Description: group.description })),
      NextToken: result.next,
    };
  },

  ListGroupMemberships: (call) => {
    const instance = identityStoreOf(call);
    const groupId = call.params.required('GroupId');
    const group = instance.groups.find((candidate) => candidate.groupId === groupId);
    if (!group) throw new ApiError('ResourceNotFoundException', `GROUP not found.`, 400, { ResourceType: 'GROUP', ResourceId: groupId });
    const result = page(call, group.members, groupId);
    const storePrefix = instance.identityStoreId.replace(/^d-/, '');
    return {
      GroupMemberships: result.items.map((userId) => ({
        IdentityStoreId: instance.identityStoreId,
        MembershipId: `${storePrefix}-${stableUuid(`membership:${groupId}:${userId}`)}`,
        GroupId: groupId,
        MemberId: { UserId: userId },
      })),
      NextToken: result.next,
    };
  },
};
