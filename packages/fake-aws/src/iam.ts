import { randomUUID } from 'node:crypto';
import { actionCatalog, type AccountFile, type ManagedPolicy, type Role, type User } from '@iamlint/core';
import type { Call, QueryHandler } from './call.js';
import { credentialReportCsv } from './credential-report.js';
import { stableId, stableUuid, timeOnDay } from './ids.js';
import { ApiError, isoSeconds, paginate, XmlMap, type Page, type QueryParams, type XmlObject, type XmlValue } from './protocol.js';
import { samlMetadataDocument } from './saml.js';

export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

type IamCall = Call<QueryParams>;

/** IAM hands policy documents out URL-encoded (RFC 3986), as it stores them: the JSON text the author sent. */
export function encodePolicyDocument(document: unknown): string {
  return encodeURIComponent(JSON.stringify(document, null, 4));
}

const tags = (record: Record<string, string>): XmlValue[] => Object.entries(record).map(([Key, Value]) => ({ Key, Value }));
/** Tags as the endpoint sends them: with no-tags-key, an entity without tags has no Tags key at all. */
const tagsOf = (call: IamCall, record: Record<string, string>): XmlValue => (call.state.quirks.has('no-tags-key') && Object.keys(record).length === 0 ? undefined : tags(record));
const policyName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
const attached = (arns: string[]): XmlValue[] => arns.map((PolicyArn) => ({ PolicyName: policyName(PolicyArn), PolicyArn }));
const boundary = (arn: string | null): XmlValue => (arn ? { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn } : undefined);
const inline = (policies: Array<{ name: string; document: unknown }>): XmlValue[] =>
  policies.map((policy) => ({ PolicyName: policy.name, PolicyDocument: encodePolicyDocument(policy.document) }));

function page<T>(call: IamCall, items: readonly T[], query = ''): Page<T> {
  return paginate(items, {
    token: call.params.string('Marker'),
    limit: call.params.integer('MaxItems'),
    pageSize: call.pageSize,
    maxLimit: 1000,
    query: `${call.action}:${query}`,
    invalid: (message) => new ApiError('ValidationError', message),
  });
}

const truncation = (result: Page<unknown>): XmlObject => ({ IsTruncated: result.next !== undefined, Marker: result.next });

function userNamed(account: AccountFile, name: string): User {
  const user = account.users.find((candidate) => candidate.userName === name);
  if (!user) throw new ApiError('NoSuchEntity', `The user with name ${name} cannot be found.`, 404);
  return user;
}

/** The user a per-user call is about: UserName, or the calling IAM user (a role must name one). */
function subjectUser(call: IamCall): User | undefined {
  const name = call.params.string('UserName');
  if (name !== undefined) return userNamed(call.account, name);
  if (call.caller.arn.includes(':assumed-role/')) throw new ApiError('ValidationError', 'Must specify userName when calling with non-User credentials');
  return undefined;
}

function userSummary(user: User): XmlObject {
  return {
    Path: user.path,
    UserName: user.userName,
    UserId: user.userId,
    Arn: user.arn,
    CreateDate: user.createDate,
    PasswordLastUsed: user.passwordLastUsed ? timeOnDay(user.passwordLastUsed, `${user.arn}:password`) : undefined,
  };
}

/** Roles EC2 may assume get the instance profile the console creates with them (same name and path). */
function instanceProfiles(role: Role, accountId: string): XmlValue[] {
  if (!JSON.stringify(role.trustPolicy).includes('ec2.amazonaws.com')) return [];
  return [
    {
      Path: role.path,
      InstanceProfileName: role.roleName,
      InstanceProfileId: stableId('AIPA', `instance-profile:${role.arn}`, 17),
      Arn: `arn:aws:iam::${accountId}:instance-profile${role.path}${role.roleName}`,
      CreateDate: role.createDate,
      Roles: [roleSummary(role)],
    },
  ];
}

function roleSummary(role: Role): XmlObject {
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: encodePolicyDocument(role.trustPolicy),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
  };
}

/**
 * For an AWS managed policy without stored versions, an older version next to the default one, so that a reader
 * which takes the first or the newest-numbered document instead of the one marked IsDefaultVersion gets a visibly
 * different policy.
 */
function previousDocument(document: unknown): unknown {
  if (typeof document !== 'object' || document === null) return document;
  const statements = (document as { Statement?: unknown }).Statement;
  if (Array.isArray(statements) && statements.length >= 2) return { ...document, Statement: statements.slice(0, -1) };
  const only = (Array.isArray(statements) ? statements[0] : statements) as Record<string, unknown> | undefined;
  const sid = typeof only?.Sid === 'string' ? only.Sid : '';
  return { ...document, Statement: [{ ...only, Sid: `${sid}PreviousVersion` }] };
}

/** A policy's versions, oldest first: a customer managed policy's stored ones, the default among them. */
function policyVersions(policy: ManagedPolicy): XmlValue[] {
  const current = { Document: encodePolicyDocument(policy.document), VersionId: policy.defaultVersionId, IsDefaultVersion: true, CreateDate: policy.updateDate };
  if (!policy.arn.startsWith('arn:aws:iam::aws:')) {
    const others = (policy.versions ?? []).map((version) => ({ Document: encodePolicyDocument(version.document), VersionId: version.versionId, IsDefaultVersion: false, CreateDate: version.createDate }));
    return [current, ...others].sort((a, b) => Number(a.VersionId.slice(1)) - Number(b.VersionId.slice(1)));
  }
  const number = Number(policy.defaultVersionId.slice(1));
  if (number <= 1) return [current];
  return [{ Document: encodePolicyDocument(previousDocument(policy.document)), VersionId: `v${number - 1}`, IsDefaultVersion: false, CreateDate: policy.createDate }, current];
}

const AUTHORIZATION_FILTERS = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;
type DetailList = 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies';

function getAccountAuthorizationDetails(call: IamCall): XmlObject {
  const filter = call.params.list('Filter');
  for (const value of filter) {
    if (!(AUTHORIZATION_FILTERS as readonly string[]).includes(value)) {
      throw new ApiError('ValidationError', `1 validation error detected: Value '[${filter.join(', ')}]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${AUTHORIZATION_FILTERS.join(', ')}]]`);
    }
  }
  const wants = (kind: (typeof AUTHORIZATION_FILTERS)[number]) => filter.length === 0 || filter.includes(kind);
  const { account, accountId } = call;
  const entries: Array<{ list: DetailList; detail: () => XmlObject }> = [
    ...(wants('User') ? account.users : []).map((user) => ({
      list: 'UserDetailList' as const,
      detail: () => ({
        Path: user.path,
        UserName: user.userName,
        UserId: user.userId,
        Arn: user.arn,
        CreateDate: user.createDate,
        UserPolicyList: inline(user.inlinePolicies),
        GroupList: user.groups,
        AttachedManagedPolicies: attached(user.attachedManagedPolicies),
        PermissionsBoundary: boundary(user.permissionsBoundary),
        Tags: tagsOf(call, user.tags),
      }),
    })),
    ...(wants('Group') ? account.groups : []).map((group) => ({
      list: 'GroupDetailList' as const,
      detail: () => ({
        Path: group.path,
        GroupName: group.groupName,
        GroupId: group.groupId,
        Arn: group.arn,
        CreateDate: group.createDate,
        GroupPolicyList: inline(group.inlinePolicies),
        AttachedManagedPolicies: attached(group.attachedManagedPolicies),
      }),
    })),
    ...(wants('Role') ? account.roles : []).map((role) => ({
      list: 'RoleDetailList' as const,
      detail: () => ({
        Path: role.path,
        RoleName: role.roleName,
        RoleId: role.roleId,
        Arn: role.arn,
        CreateDate: role.createDate,
        AssumeRolePolicyDocument: encodePolicyDocument(role.trustPolicy),
        InstanceProfileList: instanceProfiles(role, accountId),
        RolePolicyList: inline(role.inlinePolicies),
        AttachedManagedPolicies: attached(role.attachedManagedPolicies),
        PermissionsBoundary: boundary(role.permissionsBoundary),
        Tags: tagsOf(call, role.tags),
        RoleLastUsed: role.lastUsed && !call.state.quirks.has('role-last-used-empty') ? { LastUsedDate: timeOnDay(role.lastUsed.date, role.arn), Region: role.lastUsed.region } : {},
      }),
    })),
    ...policiesListed(call)
      .filter((policy) => (policy.arn.startsWith('arn:aws:iam::aws:') ? wants('AWSManagedPolicy') : wants('LocalManagedPolicy')))
      .map((policy) => ({
        list: 'Policies' as const,
        detail: () => ({
          ...(call.state.quirks.has('gaad-policy-without-name-and-id') ? {} : { PolicyName: policy.policyName, PolicyId: policy.policyId }),
          Arn: policy.arn,
          Path: policy.path,
          DefaultVersionId: policy.defaultVersionId,
          AttachmentCount: policy.attachmentCount,
          PermissionsBoundaryUsageCount: policy.permissionsBoundaryUsageCount,
          IsAttachable: true,
          Description: policy.description,
          CreateDate: policy.createDate,
          UpdateDate: policy.updateDate,
          PolicyVersionList: policyVersions(policy),
        }),
      })),
  ];
  const result = page(call, entries, filter.join(','));
  const list = (name: DetailList) => result.items.filter((entry) => entry.list === name).map((entry) => entry.detail());
  return {
    UserDetailList: list('UserDetailList'),
    GroupDetailList: list('GroupDetailList'),
    RoleDetailList: list('RoleDetailList'),
    Policies: list('Policies'),
    ...truncation(result),
  };
}

/** The account's policies; with gaad-lists-unattached-aws-policies, every AWS managed policy the world knows too. */
function policiesListed(call: IamCall): ManagedPolicy[] {
  const own = call.account.policies;
  if (!call.state.quirks.has('gaad-lists-unattached-aws-policies')) return own;
  const known = new Set(own.map((policy) => policy.arn));
  const others = new Map<string, ManagedPolicy>();
  for (const account of call.state.world.accounts) {
    for (const policy of account.policies) {
      if (policy.arn.startsWith('arn:aws:iam::aws:') && !known.has(policy.arn) && !others.has(policy.arn)) others.set(policy.arn, { ...policy, attachmentCount: 0, permissionsBoundaryUsageCount: 0 });
    }
  }
  return [...own, ...[...others.values()].sort((a, b) => (a.arn < b.arn ? -1 : 1))];
}

function listRoles(call: IamCall): XmlObject {
  const prefix = call.params.string('PathPrefix') ?? '/';
  const result = page(call, call.account.roles.filter((role) => role.path.startsWith(prefix)), prefix);
  return { Roles: result.items.map(roleSummary), ...truncation(result) };
}

function completeReport(report: { generatedTime?: string }): string {
  report.generatedTime ??= isoSeconds(new Date());
  return report.generatedTime;
}

function generateCredentialReport(call: IamCall): XmlObject {
  const report = call.state.reports.get(call.accountId);
  if (!report) {
    call.state.reports.set(call.accountId, { inProgressLeft: call.state.options.credentialReportPolls ?? 1 });
    return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
  }
  if (report.inProgressLeft > 0) {
    report.inProgressLeft -= 1;
    return { State: 'INPROGRESS' };
  }
  completeReport(report);
  return { State: 'COMPLETE' };
}

function getCredentialReport(call: IamCall): XmlObject {
  const report = call.state.reports.get(call.accountId);
  if (!report) throw new ApiError('ReportNotPresent', 'Credential report not present. Call GenerateCredentialReport to generate one.', 410);
  if (report.inProgressLeft > 0) {
    report.inProgressLeft -= 1;
    throw new ApiError('ReportInProgress', 'Credential report generation is in progress.', 404);
  }
  const generatedTime = completeReport(report);
  const csv = credentialReportCsv(call.account, call.state.accountCreated(call.accountId), call.state.quirks);
  return { Content: Buffer.from(csv).toString('base64'), ReportFormat: 'text/csv', GeneratedTime: generatedTime };
}

function listAccessKeys(call: IamCall): XmlObject {
  const user = subjectUser(call);
  const keys = (user?.accessKeys ?? []).map((key) => ({ UserName: user?.userName, AccessKeyId: key.accessKeyId, Status: key.status, CreateDate: key.createDate }));
  const result = page(call, keys, user?.userName);
  return { AccessKeyMetadata: result.items, ...truncation(result) };
}

function listUsers(call: IamCall): XmlObject {
  const prefix = call.params.string('PathPrefix') ?? '/';
  const result = page(call, call.account.users.filter((user) => user.path.startsWith(prefix)), prefix);
  return { Users: result.items.map(userSummary), ...truncation(result) };
}

function getAccessKeyLastUsed(call: IamCall): XmlObject {
  const accessKeyId = call.params.required('AccessKeyId');
  const user = call.account.users.find((candidate) => candidate.accessKeys.some((key) => key.accessKeyId === accessKeyId));
  const key = user?.accessKeys.find((candidate) => candidate.accessKeyId === accessKeyId);
  if (!user || !key) throw new ApiError('NoSuchEntity', `The Access Key with id ${accessKeyId} cannot be found.`, 404);
  // A key never used reports N/A for service and region, and no date.
  const used = key.lastUsedDate !== null;
  return {
    UserName: user.userName,
    AccessKeyLastUsed: {
      LastUsedDate: used ? timeOnDay(key.lastUsedDate as string, `${user.arn}:key:${accessKeyId}`) : undefined,
      ServiceName: used ? (key.lastUsedService ?? 'N/A') : 'N/A',
      Region: used ? (key.lastUsedRegion ?? 'N/A') : 'N/A',
    },
  };
}

function listVirtualMfaDevices(call: IamCall): XmlObject {
  const status = call.params.string('AssignmentStatus') ?? 'Any';
  if (!['Assigned', 'Unassigned', 'Any'].includes(status)) {
    throw new ApiError('ValidationError', `1 validation error detected: Value '${status}' at 'assignmentStatus' failed to satisfy constraint: Member must satisfy enum value set: [Unassigned, Any, Assigned]`);
  }
  const { account, accountId } = call;
  const devices: XmlObject[] = account.users.flatMap((user) =>
    user.mfaDevices.filter((device) => device.type === 'virtual').map((device) => ({ SerialNumber: device.serialNumber, User: userSummary(user), EnableDate: device.enableDate })),
  );
  if (account.root?.mfaType === 'virtual') {
    const created = call.state.accountCreated(accountId);
    devices.unshift({
      SerialNumber: `arn:aws:iam::${accountId}:mfa/root-account-mfa-device`,
      // The root user has no name or path: IAM describes it by ARN and account id only.
      User: {
        UserId: accountId,
        Arn: `arn:aws:iam::${accountId}:root`,
        CreateDate: created,
        PasswordLastUsed: account.root.passwordLastUsed ? timeOnDay(account.root.passwordLastUsed, `arn:aws:iam::${accountId}:root:password`) : undefined,
      },
      EnableDate: created,
    });
  }
  // Every device in a snapshot is assigned to someone: the snapshot keeps devices per user.
  const result = page(call, status === 'Unassigned' ? [] : devices, status);
  return { VirtualMFADevices: result.items, ...truncation(result) };
}

function listMfaDevices(call: IamCall): XmlObject {
  const user = subjectUser(call);
  const devices = (user?.mfaDevices ?? []).map((device) => ({ UserName: user?.userName, SerialNumber: device.serialNumber, EnableDate: device.enableDate }));
  const result = page(call, devices, user?.userName);
  return { MFADevices: result.items, ...truncation(result) };
}

function getLoginProfile(call: IamCall): XmlObject {
  const user = userNamed(call.account, call.params.required('UserName'));
  if (!user.loginProfile) throw new ApiError('NoSuchEntity', `Login Profile for User ${user.userName} cannot be found.`, 404);
  return { LoginProfile: { UserName: user.userName, CreateDate: user.loginProfile.createDate, PasswordResetRequired: user.loginProfile.passwordResetRequired } };
}

function getSamlProvider(call: IamCall): XmlObject {
  const arn = call.params.required('SAMLProviderArn');
  const provider = call.account.samlProviders.find((candidate) => candidate.arn === arn);
  if (!provider) throw new ApiError('NoSuchEntity', `Manifest not found for arn ${arn}`, 404);
  return {
    SAMLProviderUUID: stableUuid(provider.arn),
    SAMLMetadataDocument: samlMetadataDocument(provider, call.state.certificates),
    CreateDate: provider.createDate,
    ValidUntil: provider.validUntil,
    Tags: tagsOf(call, provider.tags),
    AssertionEncryptionMode: 'Allowed',
  };
}

function getOpenIdConnectProvider(call: IamCall): XmlObject {
  const arn = call.params.required('OpenIDConnectProviderArn');
  const provider = call.account.oidcProviders.find((candidate) => candidate.arn === arn);
  if (!provider) throw new ApiError('NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`, 404);
  return { Url: provider.url, ClientIDList: provider.clientIds, ThumbprintList: provider.thumbprints, CreateDate: provider.createDate, Tags: tagsOf(call, provider.tags) };
}

function getAccountPasswordPolicy(call: IamCall): XmlObject {
  const policy = call.account.passwordPolicy;
  if (!policy) throw new ApiError('NoSuchEntity', `The Password Policy with domain name ${call.accountId} cannot be found.`, 404);
  return {
    PasswordPolicy: {
      MinimumPasswordLength: policy.minimumPasswordLength,
      RequireSymbols: policy.requireSymbols,
      RequireNumbers: policy.requireNumbers,
      RequireUppercaseCharacters: policy.requireUppercaseCharacters,
      RequireLowercaseCharacters: policy.requireLowercaseCharacters,
      AllowUsersToChangePassword: policy.allowUsersToChangePassword,
      ExpirePasswords: policy.expirePasswords,
      MaxPasswordAge: !policy.expirePasswords && call.state.quirks.has('password-policy-max-age-zero') ? 0 : policy.maxPasswordAge,
      PasswordReusePrevention: policy.passwordReusePrevention,
      HardExpiry: policy.hardExpiry,
    },
  };
}

function listServerCertificates(call: IamCall): XmlObject {
  const prefix = call.params.string('PathPrefix') ?? '/';
  const certificates = (call.account.serverCertificates ?? [])
    .filter((certificate) => certificate.path.startsWith(prefix))
    .map((certificate) => ({
      Path: certificate.path,
      ServerCertificateName: certificate.name,
      ServerCertificateId: stableId('ASCA', `server-certificate:${certificate.arn}`, 17),
      Arn: certificate.arn,
      UploadDate: certificate.uploadDate,
      Expiration: certificate.expiration,
    }));
  const result = page(call, certificates, prefix);
  return { ServerCertificateMetadataList: result.items, ...truncation(result) };
}

function listOrganizationsFeatures(call: IamCall): XmlObject {
  const organization = call.state.world.organization;
  if (!organization) throw new ApiError('OrganizationNotFoundException', 'The request was rejected because no organization is associated with your account.');
  if (call.accountId !== organization.organization.managementAccountId) {
    throw new ApiError('AccountNotManagementOrDelegatedAdministratorException', 'The request was rejected because the account making the request is not the management account or delegated administrator account for centralized root access.');
  }
  if (organization.iamFeatures === undefined) {
    throw new ApiError('ServiceAccessNotEnabledException', 'The request was rejected because trusted access is not enabled for IAM in AWS Organizations.');
  }
  return { OrganizationId: organization.organization.id, EnabledFeatures: organization.iamFeatures };
}

function entityExists(account: AccountFile, arn: string): boolean {
  return [...account.users, ...account.groups, ...account.roles, ...account.policies].some((entity) => entity.arn === arn);
}

function generateServiceLastAccessedDetails(call: IamCall): XmlObject {
  const arn = call.params.required('Arn');
  const granularity = call.params.string('Granularity') ?? 'SERVICE_LEVEL';
  if (!['SERVICE_LEVEL', 'ACTION_LEVEL'].includes(granularity)) throw new ApiError('ValidationError', `Value '${granularity}' at 'granularity' failed to satisfy constraint: Member must satisfy enum value set: [SERVICE_LEVEL, ACTION_LEVEL]`);
  if (!/^arn:aws[a-z-]*:iam::[0-9]{12}:/.test(arn)) throw new ApiError('InvalidInput', `ARN ${arn} is not valid.`);
  if (!entityExists(call.account, arn)) throw new ApiError('NoSuchEntity', `The entity ${arn} cannot be found.`, 404);
  const jobId = randomUUID();
  call.state.jobs.set(jobId, { accountId: call.accountId, arn, pollsLeft: call.state.options.lastAccessedPolls ?? 1, createdAt: isoSeconds(new Date()) });
  return { JobId: jobId };
}

function getServiceLastAccessedDetails(call: IamCall): XmlObject {
  const jobId = call.params.required('JobId');
  const job = call.state.jobs.get(jobId);
  if (!job || job.accountId !== call.accountId) throw new ApiError('NoSuchEntity', `No job found with id ${jobId}.`, 404);
  if (job.pollsLeft > 0) {
    job.pollsLeft -= 1;
    return { JobStatus: 'IN_PROGRESS', JobType: 'SERVICE_LEVEL', JobCreationDate: job.createdAt, ServicesLastAccessed: [], IsTruncated: false };
  }
  const services = (call.account.serviceLastAccessed?.[job.arn] ?? []).map((entry) => ({
    ServiceName: actionCatalog.serviceName(entry.service) ?? entry.service,
    ServiceNamespace: entry.service,
    LastAuthenticated: entry.lastAuthenticated ? timeOnDay(entry.lastAuthenticated, `${job.arn}:${entry.service}`) : undefined,
    LastAuthenticatedEntity: entry.lastAuthenticated ? job.arn : undefined,
    LastAuthenticatedRegion: entry.lastAuthenticated ? 'us-east-1' : undefined,
    TotalAuthenticatedEntities: entry.lastAuthenticated ? 1 : 0,
  }));
  const result = page(call, services, jobId);
  return { JobStatus: 'COMPLETED', JobType: 'SERVICE_LEVEL', JobCreationDate: job.createdAt, JobCompletionDate: job.createdAt, ServicesLastAccessed: result.items, ...truncation(result) };
}

export const iamHandlers: Record<string, QueryHandler> = {
  GetAccountAuthorizationDetails: getAccountAuthorizationDetails,
  ListRoles: listRoles,
  GenerateCredentialReport: generateCredentialReport,
  GetCredentialReport: getCredentialReport,
  ListUsers: listUsers,
  ListAccessKeys: listAccessKeys,
  GetAccessKeyLastUsed: getAccessKeyLastUsed,
  ListVirtualMFADevices: listVirtualMfaDevices,
  ListMFADevices: listMfaDevices,
  GetLoginProfile: getLoginProfile,
  ListSAMLProviders: (call) => ({
    SAMLProviderList: call.account.samlProviders.map((provider) => ({ Arn: provider.arn, ValidUntil: provider.validUntil, CreateDate: provider.createDate })),
  }),
  GetSAMLProvider: getSamlProvider,
  ListOpenIDConnectProviders: (call) => ({ OpenIDConnectProviderList: call.account.oidcProviders.map((provider) => ({ Arn: provider.arn })) }),
  GetOpenIDConnectProvider: getOpenIdConnectProvider,
  GetAccountPasswordPolicy: getAccountPasswordPolicy,
  GetAccountSummary: (call) => ({ SummaryMap: new XmlMap(Object.entries(call.account.accountSummary)) }),
  ListAccountAliases: (call) => {
    const result = page(call, call.account.alias ? [call.account.alias] : []);
    return { AccountAliases: result.items, ...truncation(result) };
  },
  ListServerCertificates: listServerCertificates,
  ListOrganizationsFeatures: listOrganizationsFeatures,
  GenerateServiceLastAccessedDetails: generateServiceLastAccessedDetails,
  GetServiceLastAccessedDetails: getServiceLastAccessedDetails,
};

