import type { GetAccountAuthorizationDetailsResponse, PolicyVersion, Role as IamRole } from '@aws-sdk/client-iam';
import type { Group, InlinePolicy, ManagedPolicy, Role, User } from '@iamlint/core';
import { decodePolicyDocument } from '../import/gaad.js';
import { compare, sortBy, tagsOf, toTimestamp } from '../format.js';

export interface Principals {
  users: User[];
  groups: Group[];
  roles: Role[];
  policies: ManagedPolicy[];
}

type Details = Required<Pick<GetAccountAuthorizationDetailsResponse, 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies'>>;

const ARN_ACCOUNT = /^arn:aws[a-z-]*:iam::([0-9]{12}|aws):/;
const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\//;

/**
 * Maps GetAccountAuthorizationDetails entity by entity, never failing on one: what is derivable is repaired
 * (a name or path from the ARN, an attachment count from the attachments), what is absent but not derivable
 * is unknown (an empty id), and anything else is passed on as received, for the writer's schema check to
 * leave out that one entity with a gap that names it.
 */
export function mapAuthorizationDetails(accountId: string, pages: readonly GetAccountAuthorizationDetailsResponse[], listedRoles: readonly IamRole[]): Principals {
  const details: Details = {
    UserDetailList: pages.flatMap((page) => page.UserDetailList ?? []),
    GroupDetailList: pages.flatMap((page) => page.GroupDetailList ?? []),
    RoleDetailList: pages.flatMap((page) => page.RoleDetailList ?? []),
    Policies: pages.flatMap((page) => page.Policies ?? []),
  };
  // Another account's entity cannot be in this account's answer; an ARN that names none is left to the schema check.
  const mine = <T extends { Arn?: string | undefined }>(items: T[]) =>
    items.filter((item) => {
      const owner = ARN_ACCOUNT.exec(item.Arn ?? '')?.[1];
      return owner === undefined || owner === accountId || owner === 'aws';
    });

  const users = mine(details.UserDetailList).map((entry): User => ({
    arn: entry.Arn as string,
    userName: entry.UserName ?? nameOf(entry.Arn),
    userId: entry.UserId ?? '',
    path: entry.Path ?? pathOf(entry.Arn),
    createDate: timestamp(entry.CreateDate),
    passwordLastUsed: null,
    loginProfile: null,
    mfaDevices: [],
    accessKeys: [],
    groups: [...(entry.GroupList ?? [])].sort(compareLoose),
    attachedManagedPolicies: attachedOf(entry.AttachedManagedPolicies),
    inlinePolicies: inlineOf(entry.UserPolicyList),
    permissionsBoundary: entry.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
    tags: tagsOf(entry.Tags),
  }));
  const groups = mine(details.GroupDetailList).map((entry): Group => ({
    arn: entry.Arn as string,
    groupName: entry.GroupName ?? nameOf(entry.Arn),
    groupId: entry.GroupId ?? '',
    path: entry.Path ?? pathOf(entry.Arn),
    createDate: timestamp(entry.CreateDate),
    attachedManagedPolicies: attachedOf(entry.AttachedManagedPolicies),
    inlinePolicies: inlineOf(entry.GroupPolicyList),
  }));
  const listed = new Map(listedRoles.map((role) => [role.Arn, role]));
  const roles = mine(details.RoleDetailList).map((entry): Role => {
    const extra = listed.get(entry.Arn);
    const used = entry.RoleLastUsed?.LastUsedDate;
    const region = entry.RoleLastUsed?.Region;
    return {
      arn: entry.Arn as string,
      roleName: entry.RoleName ?? nameOf(entry.Arn),
      roleId: entry.RoleId ?? '',
      path: entry.Path ?? pathOf(entry.Arn),
      createDate: timestamp(entry.CreateDate),
      ...(extra?.Description ? { description: extra.Description } : {}),
      // RoleDetail has no MaxSessionDuration; ListRoles has, and 3600 is IAM's default.
      maxSessionDuration: extra?.MaxSessionDuration ?? 3600,
      trustPolicy: decodePolicyDocument(entry.AssumeRolePolicyDocument),
      attachedManagedPolicies: attachedOf(entry.AttachedManagedPolicies),
      inlinePolicies: inlineOf(entry.RolePolicyList),
      permissionsBoundary: entry.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
      // RoleLastUsed: {} is a role not used in the tracking period.
      lastUsed: used === undefined ? null : { date: timestamp(used).slice(0, 10), ...(region ? { region } : {}) },
      tags: tagsOf(entry.Tags),
    };
  });

  const attachments = new Map<string, number>();
  const boundaries = new Map<string, number>();
  for (const principal of [...users, ...groups, ...roles]) {
    for (const arn of principal.attachedManagedPolicies) attachments.set(arn, (attachments.get(arn) ?? 0) + 1);
    if ('permissionsBoundary' in principal && principal.permissionsBoundary) boundaries.set(principal.permissionsBoundary, (boundaries.get(principal.permissionsBoundary) ?? 0) + 1);
  }
  const policies = mine(details.Policies)
    // AWS lists only the AWS managed policies in use; an emulator may list all ~1,500. The snapshot keeps those in use.
    .filter((entry) => !AWS_MANAGED.test(entry.Arn ?? '') || attachments.has(entry.Arn as string) || boundaries.has(entry.Arn as string))
    .map((entry): ManagedPolicy => {
      const arn = entry.Arn as string;
      const versions = entry.PolicyVersionList ?? [];
      const version = versions.find((candidate) => candidate.IsDefaultVersion === true) ?? versions.find((candidate) => candidate.VersionId === entry.DefaultVersionId);
      return {
        arn,
        policyName: entry.PolicyName ?? nameOf(arn),
        policyId: entry.PolicyId ?? '',
        path: entry.Path ?? pathOf(arn),
        ...(entry.Description ? { description: entry.Description } : {}),
        createDate: timestamp(entry.CreateDate),
        updateDate: timestamp(entry.UpdateDate ?? entry.CreateDate),
        defaultVersionId: (entry.DefaultVersionId ?? version?.VersionId) as string,
        attachmentCount: entry.AttachmentCount ?? attachments.get(arn) ?? 0,
        permissionsBoundaryUsageCount: entry.PermissionsBoundaryUsageCount ?? boundaries.get(arn) ?? 0,
        document: version ? decodePolicyDocument(version.Document) : undefined,
        ...nonDefaultVersions(arn, versions, version),
      };
    });
  return { users: byArn(users), groups: byArn(groups), roles: byArn(roles), policies: byArn(policies) };
}

/**
 * The other versions of a customer managed policy, oldest first (a principal that may set the default version can
 * switch to any of them); an empty list says there are none, where a missing one says the source did not tell. AWS managed policies' versions are left out: nobody can set their default, and they would
 * repeat AWS's version history in every account.
 */
function nonDefaultVersions(arn: string, versions: readonly PolicyVersion[], current: PolicyVersion | undefined): { versions?: ManagedPolicy['versions'] } {
  if (AWS_MANAGED.test(arn)) return {};
  const others = versions.filter((candidate) => candidate !== current);
  return {
    versions: sortBy(others, (candidate) => String(candidate.VersionId ?? '').slice(1).padStart(12, '0')).map((candidate) => ({
      versionId: candidate.VersionId as string,
      isDefault: false,
      createDate: timestamp(candidate.CreateDate),
      document: decodePolicyDocument(candidate.Document),
    })),
  };
}

/** The last segment of an IAM ARN's resource: a policy's or principal's name. */
function nameOf(arn: string | undefined): string {
  return arn === undefined ? (undefined as unknown as string) : arn.slice(arn.lastIndexOf('/') + 1);
}

/** `arn:aws:iam::aws:policy/service-role/AWSConfigRole` → `/service-role/`. */
function pathOf(arn: string | undefined): string {
  const resource = /^arn:[^:]+:iam::[^:]*:[a-z-]+(\/.*)$/.exec(arn ?? '')?.[1];
  return resource === undefined ? (undefined as unknown as string) : resource.slice(0, resource.lastIndexOf('/') + 1);
}

function timestamp(value: Date | undefined): string {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? toTimestamp(value) : (value as unknown as string);
}

function attachedOf(list: ReadonlyArray<{ PolicyArn?: string | undefined }> | undefined): string[] {
  return (list ?? []).map((policy) => policy.PolicyArn as string).sort(compareLoose);
}

function inlineOf(list: ReadonlyArray<{ PolicyName?: string | undefined; PolicyDocument?: string | undefined }> | undefined): InlinePolicy[] {
  return (list ?? [])
    .map((policy) => ({ name: policy.PolicyName as string, document: decodePolicyDocument(policy.PolicyDocument) }))
    .sort((a, b) => compareLoose(a.name, b.name));
}

function compareLoose(a: unknown, b: unknown): number {
  return compare(String(a ?? ''), String(b ?? ''));
}

function byArn<T extends { arn: string }>(items: T[]): T[] {
  return sortBy(items, (item) => String(item.arn ?? ''));
}
