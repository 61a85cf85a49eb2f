import {
  GenerateCredentialReportCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  GetOpenIDConnectProviderCommand,
  GetSAMLProviderCommand,
  GetServiceLastAccessedDetailsCommand,
  ListAccessKeysCommand,
  ListAccountAliasesCommand,
  ListMFADevicesCommand,
  ListOpenIDConnectProvidersCommand,
  ListRolesCommand,
  ListSAMLProvidersCommand,
  ListServerCertificatesCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
  type GetAccountAuthorizationDetailsResponse,
  type Role as IamRole,
  type VirtualMFADevice,
} from '@aws-sdk/client-iam';
import {
  ACCOUNT_SECTIONS,
  SECTION_PARENTS,
  SnapshotSchemaError,
  type AccessKey,
  type AccountFile,
  type MfaDevice,
  type OidcProvider,
  type PasswordPolicy,
  type RootUser,
  type SamlProvider,
  type SectionId,
  type ServerCertificate,
  type ServiceLastAccessed,
  type User,
} from '@iamlint/core';
import { parseCredentialReport, type CredentialReportRow } from '../import/credential-report.js';
import { mapAuthorizationDetails, type Principals } from './authorization-details.js';
import { accessKeysOf, mfaDevicesOf, notApplicableToNull, rootUserOf, type ListedAccessKey } from './credentials.js';
import { compare, optionalTimestamp, sortBy, sortedStrings, tagsOf, toDay, toTimestamp } from '../format.js';
import { AwsCallError } from './gaps.js';
import { mapLimited, createLimit } from './limit.js';
import { parseSamlMetadata } from './saml-metadata.js';
import { iamNext, paginate, type Session } from './session.js';

export interface AccountPlan {
  accountId: string;
  /** A member of an organization that manages its members' root credentials centrally. */
  centrallyManagedRoot: boolean;
  lastAccessed: boolean;
}

/** Every section an account file holds, for the gaps of an account that could not be entered at all. */
export function accountSections(lastAccessed: boolean): SectionId[] {
  // A part of a section (iam.rootUser) is missing with its section: no gap of its own.
  return ACCOUNT_SECTIONS.filter((section) => (lastAccessed || section !== 'iam.serviceLastAccessed') && SECTION_PARENTS[section] === undefined);
}

const MAX_ITEMS = 1000;


/** Reads one account's IAM state through `session` (the caller's credentials, or a role assumed in the account). */
export async function collectAccount(session: Session, plan: AccountPlan): Promise<AccountFile> {
  const { accountId } = plan;
  const iam = session.iam;

  const principalsRead = session.section<Principals>('iam.authorizationDetails', { users: [], groups: [], roles: [], policies: [] }, () =>
    readPrincipals(session, plan),
  );
  const reportRead = session.section<CredentialReportRow[] | null>('iam.credentialReport', null, () => readCredentialReport(session, accountId));
  const virtualRead = session.section<VirtualMFADevice[] | null>('iam.virtualMfaDevices', null, () =>
    paginate(
      (Marker) => session.call('iam:ListVirtualMFADevices', () => iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned', MaxItems: MAX_ITEMS, Marker }))),
      iamNext,
      (output) => output.VirtualMFADevices,
    ),
  );
  const summaryRead = session.section<Record<string, number> | null>('iam.accountSummary', null, async () => {
    const output = await session.call('iam:GetAccountSummary', () => iam.send(new GetAccountSummaryCommand({})));
    return Object.fromEntries(Object.entries(output.SummaryMap ?? {}).sort(([a], [b]) => compare(a, b)));
  });
  const aliasRead = session.section<string | null>('iam.accountSummary', null, async () => {
    const output = await session.call('iam:ListAccountAliases', () => iam.send(new ListAccountAliasesCommand({})));
    return output.AccountAliases?.[0] ?? null;
  });
  const samlRead = session.section<SamlProvider[]>('iam.samlProviders', [], () => readSamlProviders(session));
  const oidcRead = session.section<OidcProvider[]>('iam.oidcProviders', [], () => readOidcProviders(session));
  const passwordPolicyRead = session.section<PasswordPolicy | null>('iam.passwordPolicy', null, () => readPasswordPolicy(session));
  const serverCertificatesRead = session.section<ServerCertificate[] | undefined>('iam.serverCertificates', undefined, () => readServerCertificates(session));

  const [principals, report, virtualDevices, summary] = await Promise.all([principalsRead, reportRead, virtualRead, summaryRead]);

  const usersRead = completeUsers(session, principals.users, report, virtualDevices);
  const lastAccessedRead = plan.lastAccessed
    ? session.section<Record<string, ServiceLastAccessed[]>>('iam.serviceLastAccessed', {}, () =>
        readServiceLastAccessed(session, [...principals.users, ...principals.roles].map((principal) => principal.arn)),
      )
    : Promise.resolve(undefined);

  const rootRow = report?.find((row) => row.isRoot);
  if (report && !rootRow) {
    // Every real report starts with the root user's row; without it nothing says whether root has keys or MFA.
    session.addGap({
      section: 'iam.rootUser',
      accountId,
      call: 'iam:GetCredentialReport',
      error: 'InvalidResponse',
      message: `the credential report of ${accountId} has no <root_account> row: the root user's keys, MFA and password are unknown`,
      kind: 'invalid',
      entity: { kind: 'RootUser', id: `arn:aws:iam::${accountId}:root`, received: 'absent' },
    });
  }
  const root: RootUser | null = rootRow
    ? rootUserOf(rootRow, {
        accountPasswordPresent: summary?.AccountPasswordPresent,
        centrallyManagedMember: plan.centrallyManagedRoot,
        hasVirtualMfa: virtualDevices ? virtualDevices.some((device) => device.User?.Arn === rootRow.arn || /:mfa\/root-account-mfa-device$/.test(device.SerialNumber ?? '')) : undefined,
      })
    : null;

  const [users, serviceLastAccessed, alias, samlProviders, oidcProviders, passwordPolicy, serverCertificates] = await Promise.all([
    usersRead,
    lastAccessedRead,
    aliasRead,
    samlRead,
    oidcRead,
    passwordPolicyRead,
    serverCertificatesRead,
  ]);

  return {
    accountId,
    alias,
    root,
    users,
    groups: principals.groups,
    roles: principals.roles,
    policies: principals.policies,
    samlProviders,
    oidcProviders,
    passwordPolicy,
    accountSummary: summary ?? {},
    ...(serverCertificates !== undefined ? { serverCertificates } : {}),
    ...(serviceLastAccessed !== undefined ? { serviceLastAccessed } : {}),
  };
}

async function readPrincipals(session: Session, plan: AccountPlan): Promise<Principals> {
  const iam = session.iam;
  const pages = await paginate(
    (Marker) =>
      session.call('iam:GetAccountAuthorizationDetails', () =>
        iam.send(
          new GetAccountAuthorizationDetailsCommand({
            Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy'],
            MaxItems: MAX_ITEMS,
            Marker,
          }),
        ),
      ),
    iamNext,
    (output) => [output],
  );
  // GetAccountAuthorizationDetails has no role descriptions or session durations.
  const listedRoles = await paginate(
    (Marker) => session.call('iam:ListRoles', () => iam.send(new ListRolesCommand({ MaxItems: MAX_ITEMS, Marker }))),
    iamNext,
    (output) => output.Roles,
  );
  return fromAuthorizationDetails(plan.accountId, pages, listedRoles);
}

/** The account's principals and policies; an answer without any of its own entities is an account without them. */
export function fromAuthorizationDetails(
  accountId: string,
  pages: readonly GetAccountAuthorizationDetailsResponse[],
  listedRoles: readonly IamRole[],
): Principals {
  const principals = mapAuthorizationDetails(accountId, pages, listedRoles);
  const own = principals.users.length + principals.groups.length + principals.roles.length + principals.policies.filter((policy) => !AWS_MANAGED.test(String(policy.arn))).length;
  return own === 0 ? { users: [], groups: [], roles: [], policies: [] } : principals;
}

const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\//;

async function readCredentialReport(session: Session, accountId: string): Promise<CredentialReportRow[]> {
  const iam = session.iam;
  await session.poll('iam:GenerateCredentialReport', async () => {
    const output = await session.call('iam:GenerateCredentialReport', () => iam.send(new GenerateCredentialReportCommand({})));
    return output.State === 'COMPLETE' ? true : undefined;
  });
  const output = await session.call('iam:GetCredentialReport', () => iam.send(new GetCredentialReportCommand({})));
  const content = new TextDecoder().decode(output.Content ?? new Uint8Array());
  try {
    return parseCredentialReport(content, `credential report of ${accountId}`);
  } catch (error) {
    if (error instanceof SnapshotSchemaError) throw new AwsCallError('iam:GetCredentialReport', 'InvalidResponse', error.message, undefined);
    throw error;
  }
}

/**
 * Completes the users of GetAccountAuthorizationDetails with passwords, MFA devices and keys. With the
 * credential report, only the users it shows holding something are asked about; without it, every user is.
 */
async function completeUsers(
  session: Session,
  users: readonly User[],
  report: CredentialReportRow[] | null,
  virtualDevices: VirtualMFADevice[] | null,
): Promise<User[]> {
  if (users.length === 0) return [];
  const iam = session.iam;
  const rows = new Map((report ?? []).map((row) => [row.arn, row]));
  const passwordLastUsed = report
    ? undefined
    : await session.section<Map<string, string | null> | undefined>('iam.credentialReport', undefined, async () => {
        const listed = await paginate(
          (Marker) => session.call('iam:ListUsers', () => iam.send(new ListUsersCommand({ MaxItems: MAX_ITEMS, Marker }))),
          iamNext,
          (output) => output.Users,
        );
        return new Map(listed.map((user) => [user.Arn ?? '', toDay(user.PasswordLastUsed)]));
      });
  const virtualByUser = new Map<string, VirtualMFADevice[]>();
  for (const device of virtualDevices ?? []) {
    const arn = device.User?.Arn;
    if (arn) virtualByUser.set(arn, [...(virtualByUser.get(arn) ?? []), device]);
  }

  return mapLimited(users, createLimit(8), async (user): Promise<User> => {
    const row = rows.get(user.arn);
    const hasPassword = report ? row?.passwordEnabled === true : true;
    const hasKeys = report ? (row?.accessKeys.length ?? 0) > 0 : true;
    const virtual = mfaDevicesOf(virtualByUser.get(user.arn) ?? [], 'virtual');
    const mustListMfa = report && virtualDevices ? row?.mfaActive === true && virtual.length === 0 : true;

    const [loginProfile, listedMfa, accessKeys] = await Promise.all([
      hasPassword ? readLoginProfile(session, user.userName) : Promise.resolve(null),
      mustListMfa
        ? session.section<MfaDevice[]>('iam.credentialReport', [], async () =>
            mfaDevicesOf(
              await paginate(
                (Marker) => session.call('iam:ListMFADevices', () => iam.send(new ListMFADevicesCommand({ UserName: user.userName, MaxItems: MAX_ITEMS, Marker }))),
                iamNext,
                (output) => output.MFADevices,
              ),
            ),
          )
        : Promise.resolve([]),
      hasKeys ? readAccessKeys(session, user.userName, report ? (row?.accessKeys ?? []) : null) : Promise.resolve([]),
    ]);
    const mfaDevices = mfaDevicesOf(
      [...virtual, ...listedMfa].map((device) => ({ SerialNumber: device.serialNumber, EnableDate: new Date(device.enableDate) })),
    );
    return {
      ...user,
      passwordLastUsed: report ? (row?.passwordLastUsed ?? null) : (passwordLastUsed?.get(user.arn) ?? null),
      loginProfile,
      mfaDevices,
      accessKeys,
    };
  });
}

async function readLoginProfile(session: Session, userName: string): Promise<User['loginProfile']> {
  return session.section<User['loginProfile']>('iam.credentialReport', null, async () => {
    try {
      const output = await session.call('iam:GetLoginProfile', () => session.iam.send(new GetLoginProfileCommand({ UserName: userName })));
      const profile = output.LoginProfile;
      return profile?.CreateDate ? { createDate: toTimestamp(profile.CreateDate), passwordResetRequired: profile.PasswordResetRequired ?? false } : null;
    } catch (error) {
      // Without the report every user is asked, and most have no password; with it, the password was removed since.
      if (error instanceof AwsCallError && error.is('NoSuchEntity', 'NoSuchEntityException')) return null;
      throw error;
    }
  });
}

/** `slots` are the user's credential report key slots; null when there is no report, and each key's last use is asked for. */
async function readAccessKeys(session: Session, userName: string, slots: CredentialReportRow['accessKeys'] | null): Promise<AccessKey[]> {
  const iam = session.iam;
  return session.section<AccessKey[]>('iam.accessKeys', [], async () => {
    const listed: ListedAccessKey[] = await paginate(
      (Marker) => session.call('iam:ListAccessKeys', () => iam.send(new ListAccessKeysCommand({ UserName: userName, MaxItems: MAX_ITEMS, Marker }))),
      iamNext,
      (output) => output.AccessKeyMetadata,
    );
    if (slots) return accessKeysOf(listed, slots);
    const keys = accessKeysOf(listed, []);
    return Promise.all(
      keys.map(async (key) => {
        const output = await session.call('iam:GetAccessKeyLastUsed', () => iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.accessKeyId })));
        const used = output.AccessKeyLastUsed;
        return {
          ...key,
          lastUsedDate: toDay(used?.LastUsedDate),
          lastUsedService: used?.LastUsedDate ? notApplicableToNull(used.ServiceName) : null,
          lastUsedRegion: used?.LastUsedDate ? notApplicableToNull(used.Region) : null,
        };
      }),
    );
  });
}

async function readSamlProviders(session: Session): Promise<SamlProvider[]> {
  const iam = session.iam;
  const list = await session.call('iam:ListSAMLProviders', () => iam.send(new ListSAMLProvidersCommand({})));
  const providers = await Promise.all(
    (list.SAMLProviderList ?? []).map(async (entry): Promise<SamlProvider> => {
      const arn = entry.Arn ?? '';
      const output = await session.call('iam:GetSAMLProvider', () => iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn })));
      const metadata = parseSamlMetadata(output.SAMLMetadataDocument ?? '');
      return {
        arn,
        name: arn.slice(arn.indexOf(':saml-provider/') + ':saml-provider/'.length),
        entityId: metadata.entityId,
        signingCertificates: metadata.signingCertificates,
        validUntil: optionalTimestamp(output.ValidUntil ?? entry.ValidUntil) ?? metadata.validUntil,
        createDate: toTimestamp(output.CreateDate ?? entry.CreateDate ?? new Date(0)),
        tags: tagsOf(output.Tags),
      };
    }),
  );
  return sortBy(providers, (provider) => provider.arn);
}

async function readOidcProviders(session: Session): Promise<OidcProvider[]> {
  const iam = session.iam;
  const list = await session.call('iam:ListOpenIDConnectProviders', () => iam.send(new ListOpenIDConnectProvidersCommand({})));
  const providers = await Promise.all(
    (list.OpenIDConnectProviderList ?? []).map(async (entry): Promise<OidcProvider> => {
      const arn = entry.Arn ?? '';
      const output = await session.call('iam:GetOpenIDConnectProvider', () => iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })));
      return {
        arn,
        // IAM keeps the issuer without its scheme (as in the provider's ARN); one form keeps day-to-day diffs quiet.
        url: (output.Url ?? '').replace(/^https:\/\//, ''),
        clientIds: sortedStrings(output.ClientIDList ?? []),
        thumbprints: sortedStrings(output.ThumbprintList ?? []),
        createDate: toTimestamp(output.CreateDate ?? new Date(0)),
        tags: tagsOf(output.Tags),
      };
    }),
  );
  return sortBy(providers, (provider) => provider.arn);
}

async function readPasswordPolicy(session: Session): Promise<PasswordPolicy | null> {
  try {
    const { PasswordPolicy: policy } = await session.call('iam:GetAccountPasswordPolicy', () => session.iam.send(new GetAccountPasswordPolicyCommand({})));
    if (!policy) return null;
    // AWS: passwords expire exactly when MaxPasswordAge is above 0. Without expiry there is no maximum age,
    // whatever number comes with it (some endpoints send MaxPasswordAge 0 with ExpirePasswords false).
    const expirePasswords = policy.ExpirePasswords !== false && (policy.MaxPasswordAge ?? 0) > 0;
    return {
      minimumPasswordLength: policy.MinimumPasswordLength ?? 8,
      requireSymbols: policy.RequireSymbols ?? false,
      requireNumbers: policy.RequireNumbers ?? false,
      requireUppercaseCharacters: policy.RequireUppercaseCharacters ?? false,
      requireLowercaseCharacters: policy.RequireLowercaseCharacters ?? false,
      allowUsersToChangePassword: policy.AllowUsersToChangePassword ?? false,
      expirePasswords,
      maxPasswordAge: expirePasswords ? (policy.MaxPasswordAge as number) : null,
      passwordReusePrevention: policy.PasswordReusePrevention ?? null,
      hardExpiry: policy.HardExpiry ?? false,
    };
  } catch (error) {
    // An account without a custom password policy answers NoSuchEntity: that is data, not a failure.
    if (error instanceof AwsCallError && error.is('NoSuchEntity', 'NoSuchEntityException')) return null;
    throw error;
  }
}

async function readServerCertificates(session: Session): Promise<ServerCertificate[]> {
  const iam = session.iam;
  const listed = await paginate(
    (Marker) => session.call('iam:ListServerCertificates', () => iam.send(new ListServerCertificatesCommand({ MaxItems: MAX_ITEMS, Marker }))),
    iamNext,
    (output) => output.ServerCertificateMetadataList,
  );
  return sortBy(
    listed.map((certificate) => ({
      arn: certificate.Arn ?? '',
      name: certificate.ServerCertificateName ?? '',
      path: certificate.Path ?? '/',
      uploadDate: toTimestamp(certificate.UploadDate ?? new Date(0)),
      expiration: toTimestamp(certificate.Expiration ?? new Date(0)),
    })),
    (certificate) => certificate.arn,
  );
}

/** Starts one last-accessed job per principal, then polls each; jobs run on AWS's side, so all are started first. */
async function readServiceLastAccessed(session: Session, arns: readonly string[]): Promise<Record<string, ServiceLastAccessed[]>> {
  const iam = session.iam;
  const started = await Promise.all(
    arns.map((arn) =>
      session.section<{ arn: string; jobId: string } | null>('iam.serviceLastAccessed', null, async () => {
        const output = await session.call('iam:GenerateServiceLastAccessedDetails', () =>
          iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: 'SERVICE_LEVEL' })),
        );
        return { arn, jobId: output.JobId ?? '' };
      }),
    ),
  );
  const jobs = started.filter((job) => job !== null);
  // A principal whose job fails is a gap of its own; the others are still worth keeping.
  const entries = await Promise.all(
    jobs.map(({ arn, jobId }) =>
      session.section<readonly [string, ServiceLastAccessed[]] | null>('iam.serviceLastAccessed', null, async () => [arn, await readJob(session, arn, jobId)] as const),
    ),
  );
  return Object.fromEntries(sortBy(entries.filter((entry) => entry !== null), ([arn]) => arn));
}

async function readJob(session: Session, arn: string, jobId: string): Promise<ServiceLastAccessed[]> {
  const iam = session.iam;
  const first = await session.poll('iam:GetServiceLastAccessedDetails', async () => {
    const output = await session.call('iam:GetServiceLastAccessedDetails', () => iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId, MaxItems: MAX_ITEMS })));
    if (output.JobStatus === 'FAILED') {
      throw new AwsCallError('iam:GetServiceLastAccessedDetails', output.Error?.Code ?? 'JobFailed', output.Error?.Message ?? `the job for ${arn} failed`, undefined);
    }
    return output.JobStatus === 'COMPLETED' ? output : undefined;
  });
  const services = [...(first.ServicesLastAccessed ?? [])];
  let marker = iamNext(first);
  while (marker) {
    const Marker = marker;
    const page = await session.call('iam:GetServiceLastAccessedDetails', () => iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId, MaxItems: MAX_ITEMS, Marker })));
    services.push(...(page.ServicesLastAccessed ?? []));
    marker = iamNext(page);
  }
  return sortBy(
    services.map((service) => ({ service: service.ServiceNamespace ?? '', lastAuthenticated: toDay(service.LastAuthenticated) })),
    (entry) => entry.service,
  );
}
