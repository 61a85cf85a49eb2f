import { X509Certificate } from 'node:crypto';
import {
  GenerateCredentialReportCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  GetOpenIDConnectProviderCommand,
  GetSAMLProviderCommand,
  GetServiceLastAccessedDetailsCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAccountAliasesCommand,
  ListMFADevicesCommand,
  ListOpenIDConnectProvidersCommand,
  ListOrganizationsFeaturesCommand,
  ListSAMLProvidersCommand,
  ListServerCertificatesCommand,
  CreateUserCommand,
  GetAccessKeyLastUsedCommand,
  paginateListUsers,
  ListVirtualMFADevicesCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListRoles,
  type GetAccountAuthorizationDetailsCommandOutput,
} from '@aws-sdk/client-iam';
import type { AccountFile } from '@iamlint/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAws, type FakeAws, type FakeWorld } from '../src/index.js';
import { CREDENTIAL_REPORT_COLUMNS } from '../src/credential-report.js';
import { clientConfig, DATA_DEV, DATA_PROD, demoWorld, MANAGEMENT, memberCredentials, ORDERS_TEST, rejection, WEB_DEV, xml } from './helpers.js';

const world = demoWorld();
const accountFile = (id: string): AccountFile => world.accounts.find((account) => account.accountId === id) as AccountFile;
const decode = (document: string | undefined) => JSON.parse(decodeURIComponent(document ?? ''));

let fake: FakeAws;
const iamFor = async (accountId: string, maxAttempts = 1) =>
  new IAMClient(clientConfig(fake, accountId === MANAGEMENT ? fake.credentials : await memberCredentials(fake, accountId), maxAttempts));

beforeAll(async () => {
  fake = await startFakeAws({ world, pageSize: 2 });
});
afterAll(() => fake.close());

describe('GetAccountAuthorizationDetails', () => {
  let pages: GetAccountAuthorizationDetailsCommandOutput[];
  beforeAll(async () => {
    pages = [];
    for await (const page of paginateGetAccountAuthorizationDetails({ client: await iamFor(DATA_PROD) }, {})) pages.push(page);
  });
  const all = <K extends 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies'>(key: K) =>
    pages.flatMap((page) => page[key] ?? []) as NonNullable<GetAccountAuthorizationDetailsCommandOutput[K]>;

  it('pages through every user, group, role and policy exactly once, two items a page', () => {
    const account = accountFile(DATA_PROD);
    const total = account.users.length + account.groups.length + account.roles.length + account.policies.length;
    expect(pages).toHaveLength(Math.ceil(total / 2));
    for (const page of pages) {
      const size = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'].reduce((sum, key) => sum + (page[key as 'Policies']?.length ?? 0), 0);
      expect(size).toBeLessThanOrEqual(2);
    }
    expect(pages.at(-1)?.IsTruncated).toBe(false);
    expect(all('UserDetailList').map((user) => user.Arn)).toEqual(account.users.map((user) => user.arn));
    expect(all('GroupDetailList').map((group) => group.Arn)).toEqual(account.groups.map((group) => group.arn));
    expect(all('RoleDetailList').map((role) => role.Arn)).toEqual(account.roles.map((role) => role.arn));
    expect(all('Policies').map((policy) => policy.Arn)).toEqual(account.policies.map((policy) => policy.arn));
  });

  it('sends policy documents URL-encoded, decoding to the snapshot documents', () => {
    const account = accountFile(DATA_PROD);
    const partnerRole = all('RoleDetailList').find((role) => role.RoleName === 'NorthwindPartnerDataShare');
    expect(partnerRole?.AssumeRolePolicyDocument).toMatch(/^%7B/);
    expect(partnerRole?.RolePolicyList?.[0]?.PolicyDocument).not.toContain('"');
    for (const role of all('RoleDetailList')) {
      const expected = account.roles.find((candidate) => candidate.arn === role.Arn);
      expect(decode(role.AssumeRolePolicyDocument)).toEqual(expected?.trustPolicy);
      expect((role.RolePolicyList ?? []).map((policy) => ({ name: policy.PolicyName, document: decode(policy.PolicyDocument) }))).toEqual(expected?.inlinePolicies);
    }
    for (const policy of all('Policies')) {
      const expected = account.policies.find((candidate) => candidate.arn === policy.Arn);
      const defaults = (policy.PolicyVersionList ?? []).filter((version) => version.IsDefaultVersion);
      expect(defaults.map((version) => version.VersionId)).toEqual([expected?.defaultVersionId]);
      expect(decode(defaults[0]?.Document)).toEqual(expected?.document);
    }
  });

  it('serves an older non-default version next to a default version above v1, and only the default at v1', () => {
    const dataLake = all('Policies').find((policy) => policy.PolicyName === 'data-lake-rw');
    expect(dataLake?.DefaultVersionId).toBe('v4');
    expect(dataLake?.PolicyVersionList?.map((version) => [version.VersionId, version.IsDefaultVersion])).toEqual([['v3', false], ['v4', true]]);
    const [older, current] = dataLake?.PolicyVersionList ?? [];
    expect(decode(older?.Document)).not.toEqual(decode(current?.Document));
    const tableau = all('Policies').find((policy) => policy.PolicyName === 'tableau-athena-read');
    expect(tableau?.PolicyVersionList?.map((version) => version.VersionId)).toEqual(['v1']);
  });

  it('carries groups, attached policies, tags and role last use the way IAM reports them', () => {
    const airflow = all('UserDetailList').find((user) => user.UserName === 'airflow-legacy');
    expect(airflow).toMatchObject({ Path: '/service/', UserId: 'AIDAJRQVJUFK4JSHBWDU7', GroupList: ['data-services'] });
    expect(airflow?.CreateDate).toEqual(new Date('2020-02-24T15:32:36Z'));
    expect(airflow?.Tags).toEqual([{ Key: 'owner', Value: 'data' }, { Key: 'purpose', Value: 'Airflow workers (self-hosted)' }]);
    const breakGlassGroup = all('GroupDetailList').find((group) => group.GroupName === 'BreakGlass');
    expect(breakGlassGroup?.AttachedManagedPolicies).toEqual([{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }]);
    const admin = all('RoleDetailList').find((role) => role.RoleName === 'JumpCloudAdmin');
    expect(admin?.RoleLastUsed?.Region).toBe('us-east-1');
    expect(admin?.RoleLastUsed?.LastUsedDate?.toISOString().slice(0, 10)).toBe('2026-11-15');
    expect(admin?.Tags).toEqual([{ Key: 'idp', Value: 'jumpcloud' }, { Key: 'managed-by', Value: 'stacksets' }]);
    const support = all('RoleDetailList').find((role) => role.RoleName === 'AWSServiceRoleForSupport');
    expect(support?.RoleLastUsed?.LastUsedDate).toBeUndefined();
    expect(support?.Path).toBe('/aws-service-role/support.amazonaws.com/');
  });

  it('honours Filter', async () => {
    const client = await iamFor(DATA_PROD);
    const local = [];
    for await (const page of paginateGetAccountAuthorizationDetails({ client }, { Filter: ['LocalManagedPolicy'] })) {
      expect(page.UserDetailList ?? []).toEqual([]);
      local.push(...(page.Policies ?? []).map((policy) => policy.Arn));
    }
    expect(local).toEqual(accountFile(DATA_PROD).policies.map((policy) => policy.arn).filter((arn) => !arn.startsWith('arn:aws:iam::aws:')));
    expect(local).toHaveLength(3);
  });
});

describe('the other IAM reads', () => {
  it('ListRoles pages every role once, with Description and MaxSessionDuration', async () => {
    const roles = [];
    for await (const page of paginateListRoles({ client: await iamFor(DATA_PROD) }, {})) {
      expect(page.Roles?.length).toBeLessThanOrEqual(2);
      roles.push(...(page.Roles ?? []));
    }
    expect(roles.map((role) => role.RoleName)).toEqual(accountFile(DATA_PROD).roles.map((role) => role.roleName));
    const developer = roles.find((role) => role.RoleName === 'JumpCloudDeveloper');
    expect(developer).toMatchObject({ Description: 'JumpCloud SSO: PowerUserAccess', MaxSessionDuration: 28800, RoleId: 'AROAZESE5WTNH2AD3CFTG' });
    expect(decode(developer?.AssumeRolePolicyDocument).Statement[0].Action).toBe('sts:AssumeRoleWithSAML');
  });

  it('ListAccessKeys, ListMFADevices and GetLoginProfile answer per user', async () => {
    const iam = await iamFor(WEB_DEV);
    const keys = await iam.send(new ListAccessKeysCommand({ UserName: 'farid.haddad' }));
    expect(keys.AccessKeyMetadata?.map((key) => [key.AccessKeyId, key.Status, key.CreateDate?.toISOString()])).toEqual([
      ['AKIAQ6ZRH3KT5NWVB2LD', 'Active', '2026-08-27T14:11:52.000Z'],
      ['AKIAR3MVD7WKQ2YHXN5E', 'Active', '2026-11-10T10:00:33.000Z'],
    ]);
    const devices = await iam.send(new ListMFADevicesCommand({ UserName: 'farid.haddad' }));
    expect(devices.MFADevices).toEqual([{ UserName: 'farid.haddad', SerialNumber: 'arn:aws:iam::183640257719:mfa/farid.haddad', EnableDate: new Date('2022-10-12T12:53:32Z') }]);
    const profile = await iam.send(new GetLoginProfileCommand({ UserName: 'farid.haddad' }));
    expect(profile.LoginProfile).toEqual({ UserName: 'farid.haddad', CreateDate: new Date('2021-09-13T13:36:04Z'), PasswordResetRequired: false });
    const noProfile = await rejection(() => iam.send(new GetLoginProfileCommand({ UserName: 'cypress-e2e' })));
    expect(noProfile.name).toBe('NoSuchEntityException');
    expect(noProfile.message).toBe('Login Profile for User cypress-e2e cannot be found.');
    expect(noProfile.$metadata?.httpStatusCode).toBe(404);
    const noUser = await rejection(() => iam.send(new ListAccessKeysCommand({ UserName: 'no.such.user' })));
    expect(noUser.name).toBe('NoSuchEntityException');
    const roleWithoutUser = await rejection(() => iam.send(new ListAccessKeysCommand({})));
    expect(roleWithoutUser.name).toBe('ValidationError');
  });

  it('ListUsers and GetAccessKeyLastUsed answer where the credential report cannot', async () => {
    const iam = await iamFor(WEB_DEV);
    const users = [];
    for await (const page of paginateListUsers({ client: iam }, {})) users.push(...(page.Users ?? []));
    expect(users.map((user) => user.UserName)).toEqual(['break-glass', 'farid.haddad', 'cypress-e2e']);
    expect(users[1]?.PasswordLastUsed?.toISOString().slice(0, 10)).toBe('2026-11-05');
    expect(users[2]?.PasswordLastUsed).toBeUndefined();
    const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAR3MVD7WKQ2YHXN5E' }));
    expect(used.UserName).toBe('farid.haddad');
    expect(used.AccessKeyLastUsed).toMatchObject({ ServiceName: 's3', Region: 'us-east-1' });
    expect(used.AccessKeyLastUsed?.LastUsedDate?.toISOString().slice(0, 10)).toBe('2026-11-19');
    const never = await (await iamFor(DATA_PROD)).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAYB3TQ6MFK2WZP7RJ' }));
    expect(never.AccessKeyLastUsed).toEqual({ ServiceName: 'N/A', Region: 'N/A' });
    const elsewhere = await rejection(() => iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAYB3TQ6MFK2WZP7RJ' })));
    expect(elsewhere.name).toBe('NoSuchEntityException');
  });

  it('ListVirtualMFADevices lists users’ virtual devices and the root device, each with its user', async () => {
    const iam = await iamFor(DATA_PROD);
    const { VirtualMFADevices } = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
    expect(VirtualMFADevices?.map((device) => [device.SerialNumber, device.User?.Arn])).toEqual([
      ['arn:aws:iam::097352618404:mfa/root-account-mfa-device', 'arn:aws:iam::097352618404:root'],
      ['arn:aws:iam::097352618404:mfa/break-glass', 'arn:aws:iam::097352618404:user/break-glass'],
    ]);
    expect(VirtualMFADevices?.[1]?.EnableDate).toEqual(new Date('2025-03-30T09:13:14Z'));
    const unassigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
    expect(unassigned.VirtualMFADevices).toEqual([]);
    // The management account's root uses a hardware key, which is not a virtual device.
    const management = await (await iamFor(MANAGEMENT)).send(new ListVirtualMFADevicesCommand({}));
    expect(management.VirtualMFADevices?.map((device) => device.SerialNumber)).not.toContain('arn:aws:iam::311842569027:mfa/root-account-mfa-device');
  });

  it('GetSAMLProvider serves SAML metadata with the entity id and the matching signing certificate', async () => {
    const iam = await iamFor(DATA_PROD);
    const { SAMLProviderList } = await iam.send(new ListSAMLProvidersCommand({}));
    expect(SAMLProviderList?.map((provider) => provider.Arn)).toEqual(accountFile(DATA_PROD).samlProviders.map((provider) => provider.arn));
    expect(SAMLProviderList?.[1]?.CreateDate).toEqual(new Date('2019-06-12T12:34:27Z'));
    const provider = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: 'arn:aws:iam::097352618404:saml-provider/JumpCloud' }));
    expect(provider.Tags).toEqual([{ Key: 'managed-by', Value: 'stacksets' }]);
    const document = provider.SAMLMetadataDocument ?? '';
    expect(xml.XMLValidator.validate(document)).toBe(true);
    const parsed = new xml.XMLParser({ ignoreAttributes: false, removeNSPrefix: true, attributeNamePrefix: '@' }).parse(document) as {
      EntityDescriptor: { '@entityID': string; IDPSSODescriptor: { KeyDescriptor: { '@use': string; KeyInfo: { X509Data: { X509Certificate: string } } } } };
    };
    expect(parsed.EntityDescriptor['@entityID']).toBe('https://sso.jumpcloud.com/saml2/acme-aws');
    const key = parsed.EntityDescriptor.IDPSSODescriptor.KeyDescriptor;
    expect(key['@use']).toBe('signing');
    const certificate = new X509Certificate(Buffer.from(key.KeyInfo.X509Data.X509Certificate, 'base64'));
    expect(certificate.fingerprint256.replaceAll(':', '').toLowerCase()).toBe('015e83ff6e79c26b91af9b4f13a301f83b04bb556350e1ce624ee97b282f1265');
    const missing = await rejection(() => iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: 'arn:aws:iam::097352618404:saml-provider/Okta' })));
    expect(missing.name).toBe('NoSuchEntityException');
  });

  it('serves OIDC providers with the URL without scheme, audiences, thumbprints and tags', async () => {
    const iam = await iamFor(MANAGEMENT);
    const { OpenIDConnectProviderList } = await iam.send(new ListOpenIDConnectProvidersCommand({}));
    expect(OpenIDConnectProviderList).toEqual([{ Arn: 'arn:aws:iam::311842569027:oidc-provider/token.actions.githubusercontent.com' }]);
    const provider = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: OpenIDConnectProviderList?.[0]?.Arn }));
    expect(provider).toMatchObject({
      Url: 'token.actions.githubusercontent.com',
      ClientIDList: ['sts.amazonaws.com'],
      ThumbprintList: ['1c58a3a8518e8759bf075b76b750d4f2df264fcd', '6938fd4d98bab03faadb97b34396831e3780aea1'],
      CreateDate: new Date('2026-08-03T12:22:47Z'),
      Tags: [{ Key: 'managed-by', Value: 'terraform' }],
    });
  });

  it('answers the password policy, or NoSuchEntity where the account has none', async () => {
    const { PasswordPolicy } = await (await iamFor(DATA_DEV)).send(new GetAccountPasswordPolicyCommand({}));
    expect(PasswordPolicy).toEqual({
      MinimumPasswordLength: 8, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true, ExpirePasswords: false, HardExpiry: false,
    });
    const none = await rejection(async () => (await iamFor(ORDERS_TEST)).send(new GetAccountPasswordPolicyCommand({})));
    expect(none.name).toBe('NoSuchEntityException');
    expect(none.message).toBe('The Password Policy with domain name 658104729361 cannot be found.');
  });

  it('answers the account summary, aliases and server certificates', async () => {
    const iam = await iamFor(DATA_PROD);
    const { SummaryMap } = await iam.send(new GetAccountSummaryCommand({}));
    expect(SummaryMap).toEqual(accountFile(DATA_PROD).accountSummary);
    expect(SummaryMap?.Roles).toBe(12);
    expect((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual(['acme-data-prod']);
    expect((await iam.send(new ListServerCertificatesCommand({}))).ServerCertificateMetadataList).toEqual([]);
  });

  it('ListOrganizationsFeatures answers the management account only', async () => {
    const features = await (await iamFor(MANAGEMENT)).send(new ListOrganizationsFeaturesCommand({}));
    expect(features).toMatchObject({ OrganizationId: 'o-k7x2m9q4vb', EnabledFeatures: ['RootCredentialsManagement', 'RootSessions'] });
    const member = await rejection(async () => (await iamFor(WEB_DEV)).send(new ListOrganizationsFeaturesCommand({})));
    expect(member.name).toBe('AccountNotManagementOrDelegatedAdministratorException');
  });

  it('rejects an action it does not serve as AWS rejects an unknown action', async () => {
    // The fake is read-only, like the collector's policy.
    const error = await rejection(async () => (await iamFor(MANAGEMENT)).send(new CreateUserCommand({ UserName: 'intruder' })));
    expect(error.name).toBe('InvalidAction');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });
});

describe('the credential report', () => {
  let reportFake: FakeAws;
  beforeAll(async () => {
    reportFake = await startFakeAws({ world, credentialReportPolls: 2 });
  });
  afterAll(() => reportFake.close());

  async function csvOf(accountId: string): Promise<Map<string, Record<string, string>>> {
    const iam = new IAMClient(clientConfig(reportFake, accountId === MANAGEMENT ? reportFake.credentials : await memberCredentials(reportFake, accountId)));
    let state: string | undefined;
    while (state !== 'COMPLETE') state = (await iam.send(new GenerateCredentialReportCommand({}))).State;
    const report = await iam.send(new GetCredentialReportCommand({}));
    expect(report.ReportFormat).toBe('text/csv');
    const [header, ...rows] = Buffer.from(report.Content ?? new Uint8Array()).toString('utf8').split('\n');
    expect(header?.split(',')).toEqual([...CREDENTIAL_REPORT_COLUMNS]);
    return new Map(rows.map((row) => {
      const values = row.split(',');
      const record = Object.fromEntries(CREDENTIAL_REPORT_COLUMNS.map((column, index) => [column, values[index] as string]));
      return [record.user as string, record];
    }));
  }

  it('goes not present → started → in progress → complete, then serves the report', async () => {
    const iam = new IAMClient(clientConfig(reportFake, await memberCredentials(reportFake, DATA_DEV)));
    const notPresent = await rejection(() => iam.send(new GetCredentialReportCommand({})));
    expect(notPresent.name).toBe('CredentialReportNotPresentException');
    expect(notPresent.$metadata?.httpStatusCode).toBe(410);
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('INPROGRESS');
    const inProgress = await rejection(() => iam.send(new GetCredentialReportCommand({})));
    expect(inProgress.name).toBe('CredentialReportNotReadyException');
    expect(inProgress.$metadata?.httpStatusCode).toBe(404);
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
    const report = await iam.send(new GetCredentialReportCommand({}));
    expect(report.GeneratedTime).toBeInstanceOf(Date);
    expect(Buffer.from(report.Content ?? new Uint8Array()).toString('utf8')).toContain('dbt-runner,arn:aws:iam::205937461830:user/service/dbt-runner,2023-01-16T12:46:47+00:00,false,N/A,N/A,N/A,false,false,2025-06-02T15:22:27+00:00');
  });

  it('writes a user with two keys: the older key in slot 1, times with +00:00', async () => {
    const farid = (await csvOf(WEB_DEV)).get('farid.haddad');
    expect(farid).toMatchObject({
      arn: 'arn:aws:iam::183640257719:user/farid.haddad',
      user_creation_time: '2021-09-13T13:36:04+00:00',
      password_enabled: 'true',
      password_last_changed: '2021-09-13T13:36:04+00:00',
      password_next_rotation: 'N/A',
      mfa_active: 'true',
      access_key_1_active: 'true',
      access_key_1_last_rotated: '2026-08-27T14:11:52+00:00',
      access_key_1_last_used_region: 'us-east-1',
      access_key_1_last_used_service: 's3',
      access_key_2_active: 'true',
      access_key_2_last_rotated: '2026-11-10T10:00:33+00:00',
      cert_1_active: 'false',
      cert_1_last_rotated: 'N/A',
    });
    expect(farid?.password_last_used).toMatch(/^2026-11-05T[0-9]{2}:[0-9]{2}:[0-9]{2}\+00:00$/);
    expect(farid?.access_key_1_last_used_date).toMatch(/^2026-11-10T.*\+00:00$/);
    expect(farid?.access_key_2_last_used_date).toMatch(/^2026-11-19T.*\+00:00$/);
  });

  it('writes a user without a password, and a key never used, with N/A', async () => {
    const cypress = (await csvOf(WEB_DEV)).get('cypress-e2e');
    expect(cypress).toMatchObject({ password_enabled: 'false', password_last_used: 'N/A', password_last_changed: 'N/A', mfa_active: 'false', access_key_2_active: 'false', access_key_2_last_rotated: 'N/A' });
    const tableau = (await csvOf(DATA_PROD)).get('tableau-export');
    expect(tableau).toMatchObject({ access_key_1_active: 'true', access_key_1_last_used_date: 'N/A', access_key_1_last_used_region: 'N/A', access_key_1_last_used_service: 'N/A' });
  });

  it('writes the root row first, with not_supported password columns and its keys', async () => {
    const report = await csvOf(DATA_PROD);
    expect([...report.keys()][0]).toBe('<root_account>');
    const root = report.get('<root_account>');
    expect(root).toMatchObject({
      arn: 'arn:aws:iam::097352618404:root',
      user_creation_time: '2019-05-21T14:09:33+00:00',
      password_enabled: 'not_supported',
      password_last_changed: 'not_supported',
      password_next_rotation: 'not_supported',
      mfa_active: 'true',
      access_key_1_active: 'true',
      access_key_1_last_rotated: '2018-03-09T14:22:37+00:00',
      access_key_2_active: 'false',
    });
    expect(root?.password_last_used).toMatch(/^2026-06-16T/);
    expect(root?.access_key_1_last_used_date).toMatch(/^2026-11-17T/);
    // Centrally managed root access: no root credentials, so nothing was ever used.
    expect((await csvOf(ORDERS_TEST)).get('<root_account>')).toMatchObject({ password_last_used: 'N/A', mfa_active: 'false', access_key_1_active: 'false' });
  });
});

describe('service last accessed', () => {
  const role = 'arn:aws:iam::205937461830:role/glue-etl';
  let jobFake: FakeAws;
  beforeAll(async () => {
    const changed: FakeWorld = demoWorld();
    const dataDev = changed.accounts.find((account) => account.accountId === DATA_DEV) as AccountFile;
    dataDev.serviceLastAccessed = { [role]: [{ service: 's3', lastAuthenticated: '2026-11-18' }, { service: 'glue', lastAuthenticated: null }] };
    dataDev.serverCertificates = [{ arn: 'arn:aws:iam::205937461830:server-certificate/legacy/api-acme-analytics', name: 'api-acme-analytics', path: '/legacy/', uploadDate: '2021-02-03T10:11:12Z', expiration: '2022-02-03T23:59:59Z' }];
    jobFake = await startFakeAws({ world: changed, lastAccessedPolls: 1 });
  });
  afterAll(() => jobFake.close());

  it('answers IN_PROGRESS first, then each service with its last authentication', async () => {
    const iam = new IAMClient(clientConfig(jobFake, await memberCredentials(jobFake, DATA_DEV)));
    const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: role }));
    expect(JobId).toMatch(/^[0-9a-f-]{36}$/);
    const first = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    expect(first.JobStatus).toBe('IN_PROGRESS');
    expect(first.ServicesLastAccessed).toEqual([]);
    const done = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    expect(done.JobStatus).toBe('COMPLETED');
    expect(done.ServicesLastAccessed?.map((entry) => [entry.ServiceNamespace, entry.ServiceName, entry.LastAuthenticated?.toISOString().slice(0, 10), entry.TotalAuthenticatedEntities])).toEqual([
      ['s3', 'Amazon S3', '2026-11-18', 1],
      ['glue', 'AWS Glue', undefined, 0],
    ]);
    const unknown = await rejection(() => iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: 'arn:aws:iam::205937461830:role/not-there' })));
    expect(unknown.name).toBe('NoSuchEntityException');
    const servers = await iam.send(new ListServerCertificatesCommand({}));
    expect(servers.ServerCertificateMetadataList).toMatchObject([
      { ServerCertificateName: 'api-acme-analytics', Path: '/legacy/', Expiration: new Date('2022-02-03T23:59:59Z'), Arn: 'arn:aws:iam::205937461830:server-certificate/legacy/api-acme-analytics' },
    ]);
    expect(servers.ServerCertificateMetadataList?.[0]?.ServerCertificateId).toMatch(/^ASCA[A-Z2-7]{17}$/);
  });
});
