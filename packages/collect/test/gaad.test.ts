import { describe, expect, it } from 'vitest';
import { createPolicyQuestions, IamlintError, loadSnapshot, type AccountFile, type Manifest } from '@iamlint/core';
import { importGaad } from '../src/index.js';

const ACCOUNT = '123456789012';
const OPTIONS = { collectedAt: '2026-11-20T06:00:00Z', toolVersion: '0.1.0-test' };

const adminDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const trustEc2 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const inlineDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] };

/** A small export as `aws iam get-account-authorization-details` prints it: documents decoded, Python-style dates. */
function cliExport(): Record<string, unknown> {
  return {
    UserDetailList: [
      {
        Path: '/',
        UserName: 'zoe',
        UserId: 'AIDAZOEZOEZOEZOEZOE1',
        Arn: `arn:aws:iam::${ACCOUNT}:user/zoe`,
        CreateDate: '2023-03-09 10:41:45+00:00',
        UserPolicyList: [{ PolicyName: 'reports', PolicyDocument: inlineDocument }],
        GroupList: ['readers', 'admins'],
        AttachedManagedPolicies: [],
        PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/boundary` },
        Tags: [{ Key: 'team', Value: 'data' }, { Key: 'owner', Value: 'zoe' }],
      },
      {
        Path: '/ops/',
        UserName: 'adam',
        UserId: 'AIDAADAMADAMADAMADA1',
        Arn: `arn:aws:iam::${ACCOUNT}:user/ops/adam`,
        CreateDate: '2021-01-02 03:04:05+00:00',
        GroupList: [],
        AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
        Tags: [],
      },
    ],
    GroupDetailList: [
      {
        Path: '/',
        GroupName: 'admins',
        GroupId: 'AGPAADMINSADMINSADM1',
        Arn: `arn:aws:iam::${ACCOUNT}:group/admins`,
        CreateDate: '2021-01-02 03:04:05+00:00',
        GroupPolicyList: [],
        AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
      },
    ],
    RoleDetailList: [
      {
        Path: '/',
        RoleName: 'web',
        RoleId: 'AROAWEBWEBWEBWEBWEB1',
        Arn: `arn:aws:iam::${ACCOUNT}:role/web`,
        CreateDate: '2022-08-07 12:55:43+00:00',
        AssumeRolePolicyDocument: trustEc2,
        InstanceProfileList: [{ InstanceProfileName: 'web', Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/web` }],
        RolePolicyList: [{ PolicyName: 'reports', PolicyDocument: inlineDocument }],
        AttachedManagedPolicies: [],
        Tags: [],
        RoleLastUsed: { LastUsedDate: '2026-11-19 22:13:08+00:00', Region: 'eu-west-1' },
      },
      {
        Path: '/service-role/',
        RoleName: 'batch',
        RoleId: 'AROABATCHBATCHBATCH1',
        Arn: `arn:aws:iam::${ACCOUNT}:role/service-role/batch`,
        CreateDate: '2022-08-07 12:55:43+00:00',
        AssumeRolePolicyDocument: trustEc2,
        InstanceProfileList: [],
        RolePolicyList: [],
        AttachedManagedPolicies: [{ PolicyName: 'boundary', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/boundary` }],
        Tags: [],
        RoleLastUsed: {},
      },
    ],
    Policies: [
      {
        PolicyName: 'boundary',
        PolicyId: 'ANPABOUNDARYBOUNDAR1',
        Arn: `arn:aws:iam::${ACCOUNT}:policy/boundary`,
        Path: '/',
        DefaultVersionId: 'v2',
        AttachmentCount: 1,
        PermissionsBoundaryUsageCount: 1,
        IsAttachable: true,
        CreateDate: '2021-01-02 03:04:05+00:00',
        UpdateDate: '2022-01-02 03:04:05+00:00',
        PolicyVersionList: [
          { Document: inlineDocument, VersionId: 'v2', IsDefaultVersion: true, CreateDate: '2022-01-02 03:04:05+00:00' },
          { Document: adminDocument, VersionId: 'v1', IsDefaultVersion: false, CreateDate: '2021-01-02 03:04:05+00:00' },
        ],
      },
      {
        PolicyName: 'AdministratorAccess',
        PolicyId: 'ANPAIWMBCKSKIEE64ZLYK',
        Arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        Path: '/',
        DefaultVersionId: 'v1',
        AttachmentCount: 2,
        PermissionsBoundaryUsageCount: null,
        IsAttachable: true,
        CreateDate: '2015-02-06 18:39:46+00:00',
        UpdateDate: '2015-02-06 18:39:46+00:00',
        PolicyVersionList: [{ Document: adminDocument, VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2015-02-06 18:39:46+00:00' }],
      },
    ],
  };
}

/** The same export as the AWS SDK returns it: documents URL-encoded, ISO dates, no InstanceProfileList. */
function sdkExport(): Record<string, unknown> {
  const encode = (document: unknown) => encodeURIComponent(JSON.stringify(document));
  const isoDate = (value: unknown) => (typeof value === 'string' ? new Date(value.replace(' ', 'T')).toISOString() : value);
  const cli = cliExport() as Record<string, Array<Record<string, unknown>>>;
  const inline = (list: unknown) => (list as Array<{ PolicyName: string; PolicyDocument: unknown }>).map((policy) => ({ ...policy, PolicyDocument: encode(policy.PolicyDocument) }));
  return {
    UserDetailList: cli.UserDetailList?.map((user) => ({ ...user, CreateDate: isoDate(user.CreateDate), ...(user.UserPolicyList ? { UserPolicyList: inline(user.UserPolicyList) } : {}) })),
    GroupDetailList: cli.GroupDetailList?.map((group) => ({ ...group, CreateDate: isoDate(group.CreateDate), GroupPolicyList: inline(group.GroupPolicyList) })),
    RoleDetailList: cli.RoleDetailList?.map(({ InstanceProfileList: _ignored, ...role }) => ({
      ...role,
      CreateDate: isoDate(role.CreateDate),
      AssumeRolePolicyDocument: encode(role.AssumeRolePolicyDocument),
      RolePolicyList: inline(role.RolePolicyList),
      RoleLastUsed: Object.fromEntries(Object.entries(role.RoleLastUsed as object).map(([key, value]) => [key, key === 'LastUsedDate' ? isoDate(value) : value])),
    })),
    Policies: cli.Policies?.map((policy) => ({
      ...policy,
      CreateDate: isoDate(policy.CreateDate),
      UpdateDate: isoDate(policy.UpdateDate),
      PolicyVersionList: (policy.PolicyVersionList as Array<Record<string, unknown>>).map((version) => ({ ...version, Document: encode(version.Document), CreateDate: isoDate(version.CreateDate) })),
    })),
  };
}

const accountFile = (files: Map<string, string>, accountId = ACCOUNT) => JSON.parse(files.get(`accounts/${accountId}.json`) as string) as AccountFile;
const manifest = (files: Map<string, string>) => JSON.parse(files.get('snapshot.json') as string) as Manifest;

function importError(json: unknown): IamlintError {
  try {
    importGaad(json, { ...OPTIONS, source: 'gaad.json' });
  } catch (error) {
    if (error instanceof IamlintError) return error;
    throw error;
  }
  throw new Error('expected importGaad to throw');
}

describe('importGaad', () => {
  it('writes a manifest and one account file that the real loader accepts', () => {
    const files = importGaad(cliExport(), OPTIONS);
    expect([...files.keys()]).toEqual(['snapshot.json', `accounts/${ACCOUNT}.json`]);
    const model = loadSnapshot(files);
    expect(model.accounts.map((account) => account.accountId)).toEqual([ACCOUNT]);
    expect(model.nodes().filter((node) => node.kind === 'User')).toHaveLength(2);
    expect(model.nodes().filter((node) => node.kind === 'InlinePolicy')).toHaveLength(2);
    for (const text of files.values()) expect(text.endsWith('}\n')).toBe(true);
  });

  it('gives identical snapshots for the CLI-style and the SDK-style (URL-encoded) export', () => {
    expect(importGaad(sdkExport(), OPTIONS)).toEqual(importGaad(cliExport(), OPTIONS));
  });

  it('is deterministic: the same input twice, or reordered, gives identical bytes', () => {
    const reversed = Object.fromEntries(Object.entries(cliExport()).map(([key, list]) => [key, [...(list as unknown[])].reverse()]));
    const first = importGaad(cliExport(), OPTIONS);
    expect(importGaad(cliExport(), OPTIONS)).toEqual(first);
    expect(importGaad(reversed, OPTIONS)).toEqual(first);
  });

  it('lists every section the export does not carry as a gap of the account', () => {
    const { scope, gaps, collectedAt, schemaVersion } = manifest(importGaad(cliExport(), OPTIONS));
    expect({ schemaVersion, collectedAt, scope }).toEqual({ schemaVersion: '1.2', collectedAt: OPTIONS.collectedAt, scope: { accounts: [ACCOUNT] } });
    expect(gaps.map((gap) => gap.section)).toEqual([
      'iam.credentialReport', 'iam.accessKeys', 'iam.samlProviders', 'iam.oidcProviders', 'iam.passwordPolicy', 'iam.accountSummary', 'iam.virtualMfaDevices',
    ]);
    for (const gap of gaps) {
      expect(gap).toMatchObject({ accountId: ACCOUNT, error: 'NotInExport' });
      expect(gap.message).toContain('does not include');
    }
  });

  it('maps users, groups, roles and the default version of managed policies in the schema order', () => {
    const account = accountFile(importGaad(cliExport(), OPTIONS));
    expect(account.users.map((user) => user.arn)).toEqual([`arn:aws:iam::${ACCOUNT}:user/ops/adam`, `arn:aws:iam::${ACCOUNT}:user/zoe`]);
    expect(account.users[1]).toEqual({
      arn: `arn:aws:iam::${ACCOUNT}:user/zoe`,
      userName: 'zoe',
      userId: 'AIDAZOEZOEZOEZOEZOE1',
      path: '/',
      createDate: '2023-03-09T10:41:45Z',
      passwordLastUsed: null,
      loginProfile: null,
      mfaDevices: [],
      accessKeys: [],
      groups: ['admins', 'readers'],
      attachedManagedPolicies: [],
      inlinePolicies: [{ name: 'reports', document: inlineDocument }],
      permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/boundary`,
      tags: { owner: 'zoe', team: 'data' },
    });
    expect(Object.keys(account.users[1] as object)).toEqual(Object.keys(account.users[0] as object));
    expect(account.groups[0]?.attachedManagedPolicies).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
    expect(account.policies.map((policy) => [policy.arn, policy.document, policy.permissionsBoundaryUsageCount])).toEqual([
      ['arn:aws:iam::123456789012:policy/boundary', inlineDocument, 1],
      // null in the export: counted from the principals, none of which uses it as a boundary
      ['arn:aws:iam::aws:policy/AdministratorAccess', adminDocument, 0],
    ]);
    expect(account).toMatchObject({ alias: null, root: null, samlProviders: [], oidcProviders: [], passwordPolicy: null, accountSummary: {} });
  });

  it('keeps the non-default versions of customer managed policies, not of AWS managed ones, and only the default is in effect', () => {
    const files = importGaad(cliExport(), OPTIONS);
    const [boundary, administratorAccess] = accountFile(files).policies;
    expect(boundary?.versions).toEqual([{ versionId: 'v1', isDefault: false, createDate: '2021-01-02T03:04:05Z', document: adminDocument }]);
    expect(administratorAccess?.versions).toBeUndefined();
    // zoe's boundary is v2 (the reports policy): the admin v1 beside it caps nothing.
    const model = loadSnapshot(files);
    const zoe = model.byId(`arn:aws:iam::${ACCOUNT}:user/zoe`);
    if (zoe?.kind !== 'User') throw new Error('no zoe');
    expect(createPolicyQuestions(model).can(zoe, 'ec2:TerminateInstances', '*').decision).toBe('implicitDeny');
  });

  it('maps RoleLastUsed to the day, and an empty one to null; MaxSessionDuration defaults to 3600', () => {
    const [batch, web] = accountFile(importGaad(cliExport(), OPTIONS)).roles;
    expect(web).toMatchObject({ roleName: 'web', lastUsed: { date: '2026-11-19', region: 'eu-west-1' }, maxSessionDuration: 3600, trustPolicy: trustEc2 });
    expect(batch).toMatchObject({ roleName: 'batch', lastUsed: null, maxSessionDuration: 3600 });
    const missing = cliExport();
    delete (missing.RoleDetailList as Array<Record<string, unknown>>)[1]?.RoleLastUsed;
    expect(accountFile(importGaad(missing, OPTIONS)).roles[0]?.lastUsed).toBeNull();
  });

  it('keeps a document it cannot decode as the raw string, for the grammar rule to report', () => {
    const broken = cliExport();
    const role = (broken.RoleDetailList as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    role.AssumeRolePolicyDocument = '%7B%22Version%22%3A%2';
    const files = importGaad(broken, OPTIONS);
    expect(accountFile(files).roles[1]?.trustPolicy).toBe('%7B%22Version%22%3A%2');
    expect(() => loadSnapshot(files)).not.toThrow();
  });

  it('takes the account id from the ARNs and rejects an export without one or with several', () => {
    const none = importError({ UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] });
    expect(none.code).toBe('SNAPSHOT_SCHEMA');
    expect(none.message).toBe('gaad.json: no account id found: the export has no users, groups, roles or customer managed policies');

    const mixed = cliExport();
    (mixed.UserDetailList as Array<Record<string, unknown>>)[0] = {
      ...(mixed.UserDetailList as Array<Record<string, unknown>>)[0],
      Arn: 'arn:aws:iam::210987654321:user/zoe',
    };
    const several = importError(mixed);
    expect(several.code).toBe('SNAPSHOT_SCHEMA');
    expect(several.message).toBe('gaad.json: the ARNs name 2 accounts (123456789012, 210987654321), but an export covers one account');
    expect(several.message).not.toContain('\n');

    const split = importGaad(mixed, { ...OPTIONS, splitAccounts: true });
    expect(manifest(split).scope.accounts).toEqual([ACCOUNT, '210987654321']);
    expect(accountFile(split, '210987654321').users.map((user) => user.userName)).toEqual(['zoe']);
    expect(accountFile(split, '210987654321').policies).toEqual([]);
    expect(loadSnapshot(split).accounts).toHaveLength(2);
  });

  it('rejects input that is not an export, and dates it cannot read, with a one-line error', () => {
    expect(importError({ Users: [] }).message).toMatch(/^gaad\.json: not a get-account-authorization-details export/);
    const badDate = cliExport();
    (badDate.GroupDetailList as Array<Record<string, unknown>>)[0] = { ...(badDate.GroupDetailList as Array<Record<string, unknown>>)[0], CreateDate: 'yesterday' };
    expect(importError(badDate).message).toBe('gaad.json: GroupDetailList[0].CreateDate is not a date: "yesterday"');
  });
});
