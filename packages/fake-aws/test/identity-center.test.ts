import {
  IdentitystoreClient,
  ListGroupMembershipsCommand,
  paginateListGroupMemberships,
  paginateListGroups,
  paginateListUsers,
} from '@aws-sdk/client-identitystore';
import {
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  ListInstancesCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetsCommand,
  ListTagsForResourceCommand,
  paginateListAccountAssignments,
  paginateListAccountsForProvisionedPermissionSet,
  paginateListCustomerManagedPolicyReferencesInPermissionSet,
  paginateListPermissionSets,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import type { IdentityCenterInstance, PermissionSet } from '@iamlint/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAws, type FakeAws } from '../src/index.js';
import { clientConfig, DATA_DEV, DATA_PROD, demoWorld, memberCredentials, ORDERS_TEST, rejection, WEB_DEV } from './helpers.js';

const INSTANCE = 'arn:aws:sso:::instance/ssoins-7223c4b2a19e5d08';
const STORE = 'd-9067c4b2a1';
const ADMIN = 'arn:aws:sso:::permissionSet/ssoins-7223c4b2a19e5d08/ps-3a9f1c7e5b2d8046';
const POWER_USER = 'arn:aws:sso:::permissionSet/ssoins-7223c4b2a19e5d08/ps-8e4b2d6f1a9c7350';
const PLATFORM_GROUP = '9067c4b2a1-0b7d3e9f-6a2c-4d18-b5e4-7c9f1a2d8e63';

const world = demoWorld();
const instance = world.identityCenter?.instances[0] as IdentityCenterInstance;
// The demo's permission sets use AWS managed policies only: give PowerUser the rest, as a real team would.
const powerUser = instance.permissionSets.find((permissionSet) => permissionSet.arn === POWER_USER) as PermissionSet;
powerUser.customerManagedPolicies = [{ name: 'deny-iam-writes', path: '/guardrails/' }, { name: 'orders-deploy', path: '/' }, { name: 'data-lake-rw', path: '/' }];
powerUser.inlinePolicy = { Version: '2012-10-17', Statement: [{ Sid: 'DenyOrganizations', Effect: 'Deny', Action: 'organizations:*', Resource: '*' }] };
powerUser.permissionsBoundary = { customerManagedPolicy: { name: 'developer-boundary', path: '/boundaries/' } };
powerUser.outdatedAccounts = [DATA_DEV, ORDERS_TEST];
powerUser.relayState = 'https://console.aws.amazon.com/lambda/home';

let fake: FakeAws;
let sso: SSOAdminClient;
let store: IdentitystoreClient;
beforeAll(async () => {
  fake = await startFakeAws({ world, pageSize: 2 });
  sso = new SSOAdminClient(clientConfig(fake, fake.credentials));
  store = new IdentitystoreClient(clientConfig(fake, fake.credentials));
});
afterAll(() => fake.close());

describe('IAM Identity Center admin', () => {
  it('lists the instance and pages through its permission sets', async () => {
    const { Instances } = await sso.send(new ListInstancesCommand({}));
    expect(Instances).toEqual([{ InstanceArn: INSTANCE, IdentityStoreId: STORE, OwnerAccountId: '311842569027', Status: 'ACTIVE' }]);
    const arns = [];
    for await (const page of paginateListPermissionSets({ client: sso }, { InstanceArn: INSTANCE })) {
      expect(page.PermissionSets?.length).toBeLessThanOrEqual(2);
      arns.push(...(page.PermissionSets ?? []));
    }
    expect(arns).toEqual(instance.permissionSets.map((permissionSet) => permissionSet.arn));
  });

  it('describes a permission set and its policies', async () => {
    const { PermissionSet } = await sso.send(new DescribePermissionSetCommand({ InstanceArn: INSTANCE, PermissionSetArn: ADMIN }));
    expect(PermissionSet).toEqual({
      Name: 'Admin',
      PermissionSetArn: ADMIN,
      Description: 'Full administrator access. Platform team only.',
      CreatedDate: new Date('2026-06-16T14:07:06Z'),
      SessionDuration: 'PT1H',
    });
    const managed = await sso.send(new ListManagedPoliciesInPermissionSetCommand({ InstanceArn: INSTANCE, PermissionSetArn: ADMIN }));
    expect(managed.AttachedManagedPolicies).toEqual([{ Name: 'AdministratorAccess', Arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }]);
    expect((await sso.send(new GetInlinePolicyForPermissionSetCommand({ InstanceArn: INSTANCE, PermissionSetArn: ADMIN }))).InlinePolicy).toBe('');
    const noBoundary = await rejection(() => sso.send(new GetPermissionsBoundaryForPermissionSetCommand({ InstanceArn: INSTANCE, PermissionSetArn: ADMIN })));
    expect(noBoundary.name).toBe('ResourceNotFoundException');
    const { Tags } = await sso.send(new ListTagsForResourceCommand({ InstanceArn: INSTANCE, ResourceArn: ADMIN }));
    expect(Tags).toEqual([{ Key: 'managed-by', Value: 'terraform' }]);
  });

  it('serves customer managed references, the inline policy and the boundary where a permission set has them', async () => {
    const references = [];
    for await (const page of paginateListCustomerManagedPolicyReferencesInPermissionSet({ client: sso }, { InstanceArn: INSTANCE, PermissionSetArn: POWER_USER })) {
      references.push(...(page.CustomerManagedPolicyReferences ?? []));
    }
    expect(references).toEqual([{ Name: 'deny-iam-writes', Path: '/guardrails/' }, { Name: 'orders-deploy', Path: '/' }, { Name: 'data-lake-rw', Path: '/' }]);
    const inline = await sso.send(new GetInlinePolicyForPermissionSetCommand({ InstanceArn: INSTANCE, PermissionSetArn: POWER_USER }));
    expect(JSON.parse(inline.InlinePolicy ?? '')).toEqual(powerUser.inlinePolicy);
    const boundary = await sso.send(new GetPermissionsBoundaryForPermissionSetCommand({ InstanceArn: INSTANCE, PermissionSetArn: POWER_USER }));
    expect(boundary.PermissionsBoundary).toEqual({ CustomerManagedPolicyReference: { Name: 'developer-boundary', Path: '/boundaries/' } });
    const described = await sso.send(new DescribePermissionSetCommand({ InstanceArn: INSTANCE, PermissionSetArn: POWER_USER }));
    expect(described.PermissionSet?.RelayState).toBe('https://console.aws.amazon.com/lambda/home');
  });

  it('lists provisioned accounts, filtered by provisioning status', async () => {
    const accounts = async (ProvisioningStatus?: 'LATEST_PERMISSION_SET_PROVISIONED' | 'LATEST_PERMISSION_SET_NOT_PROVISIONED') => {
      const ids = [];
      for await (const page of paginateListAccountsForProvisionedPermissionSet({ client: sso }, { InstanceArn: INSTANCE, PermissionSetArn: POWER_USER, ProvisioningStatus })) ids.push(...(page.AccountIds ?? []));
      return ids;
    };
    expect(await accounts()).toEqual(powerUser.provisionedAccounts);
    expect(await accounts('LATEST_PERMISSION_SET_NOT_PROVISIONED')).toEqual([DATA_DEV, ORDERS_TEST]);
    expect(await accounts('LATEST_PERMISSION_SET_PROVISIONED')).toEqual(powerUser.provisionedAccounts.filter((id) => id !== DATA_DEV && id !== ORDERS_TEST));
  });

  it('lists the assignments of a permission set in an account', async () => {
    const assignments = [];
    for await (const page of paginateListAccountAssignments({ client: sso }, { InstanceArn: INSTANCE, AccountId: DATA_PROD, PermissionSetArn: ADMIN })) assignments.push(...(page.AccountAssignments ?? []));
    expect(assignments).toEqual(
      instance.assignments
        .filter((assignment) => assignment.accountId === DATA_PROD && assignment.permissionSetArn === ADMIN)
        .map((assignment) => ({ AccountId: DATA_PROD, PermissionSetArn: ADMIN, PrincipalType: assignment.principalType, PrincipalId: assignment.principalId })),
    );
    expect(assignments.map((assignment) => assignment.PrincipalId)).toContain(PLATFORM_GROUP);
  });

  it('shows member accounts no instance, and denies them its permission sets', async () => {
    const member = new SSOAdminClient(clientConfig(fake, await memberCredentials(fake, WEB_DEV)));
    expect((await member.send(new ListInstancesCommand({}))).Instances).toEqual([]);
    const denied = await rejection(() => member.send(new ListPermissionSetsCommand({ InstanceArn: INSTANCE })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain('is not authorized to perform: sso:ListPermissionSets');
    const missing = await rejection(() => sso.send(new DescribePermissionSetCommand({ InstanceArn: INSTANCE, PermissionSetArn: `${INSTANCE.replace('instance', 'permissionSet')}/ps-0000000000000000` })));
    expect(missing.name).toBe('ResourceNotFoundException');
  });
});

describe('Identity Store', () => {
  it('pages through users with user name, display name and primary email', async () => {
    const users = [];
    for await (const page of paginateListUsers({ client: store }, { IdentityStoreId: STORE })) users.push(...(page.Users ?? []));
    expect(users.map((user) => user.UserId)).toEqual(instance.users.map((user) => user.userId));
    expect(users.find((user) => user.UserName === 'isabel.moreno@acme-analytics.example')).toMatchObject({
      IdentityStoreId: STORE,
      DisplayName: 'Isabel Moreno',
      Name: { GivenName: 'Isabel', FamilyName: 'Moreno' },
      Emails: [{ Value: 'isabel.moreno@acme-analytics.example', Type: 'work', Primary: true }],
    });
  });

  it('pages through groups and their memberships', async () => {
    const groups = [];
    for await (const page of paginateListGroups({ client: store }, { IdentityStoreId: STORE })) groups.push(...(page.Groups ?? []));
    expect(groups.map((group) => group.DisplayName)).toEqual(['OrdersTeam', 'Platform', 'WebTeam', 'Security', 'Engineers', 'DataTeam']);
    const members = [];
    for await (const page of paginateListGroupMemberships({ client: store }, { IdentityStoreId: STORE, GroupId: PLATFORM_GROUP })) members.push(...(page.GroupMemberships ?? []));
    expect(members.map((membership) => membership.MemberId)).toEqual(instance.groups.find((group) => group.groupId === PLATFORM_GROUP)?.members.map((UserId) => ({ UserId })));
    expect(new Set(members.map((membership) => membership.MembershipId)).size).toBe(4);
    expect(members[0]?.GroupId).toBe(PLATFORM_GROUP);
    const unknown = await rejection(() => store.send(new ListGroupMembershipsCommand({ IdentityStoreId: STORE, GroupId: '9067c4b2a1-00000000-0000-4000-8000-000000000000' })));
    expect(unknown.name).toBe('ResourceNotFoundException');
  });

  it('denies the identity store to member accounts', async () => {
    const member = new IdentitystoreClient(clientConfig(fake, await memberCredentials(fake, WEB_DEV)));
    const denied = await rejection(() => member.send(new ListGroupMembershipsCommand({ IdentityStoreId: STORE, GroupId: PLATFORM_GROUP })));
    expect(denied.name).toBe('AccessDeniedException');
  });
});
