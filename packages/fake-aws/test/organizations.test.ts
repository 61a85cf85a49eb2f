import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListDelegatedAdministratorsCommand,
  ListDelegatedServicesForAccountCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListPolicies,
  paginateListTagsForResource,
  paginateListTargetsForPolicy,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAws, type FakeAws } from '../src/index.js';
import { clientConfig, DATA_PROD, demoWorld, MANAGEMENT, memberCredentials, rejection, WEB_DEV } from './helpers.js';

const world = demoWorld();
const organization = world.organization!;
let fake: FakeAws;
let orgs: OrganizationsClient;
beforeAll(async () => {
  fake = await startFakeAws({ world, pageSize: 2 });
  orgs = new OrganizationsClient(clientConfig(fake, fake.credentials));
});
afterAll(() => fake.close());

describe('Organizations', () => {
  it('describes the organization and its root', async () => {
    const { Organization } = await orgs.send(new DescribeOrganizationCommand({}));
    expect(Organization).toMatchObject({
      Id: 'o-k7x2m9q4vb',
      Arn: 'arn:aws:organizations::311842569027:organization/o-k7x2m9q4vb',
      FeatureSet: 'ALL',
      MasterAccountId: MANAGEMENT,
      MasterAccountArn: 'arn:aws:organizations::311842569027:account/o-k7x2m9q4vb/311842569027',
      MasterAccountEmail: 'aws+management@acme-analytics.example',
    });
    const { Roots } = await orgs.send(new ListRootsCommand({}));
    expect(Roots).toEqual([
      { Id: 'r-8f3k', Arn: 'arn:aws:organizations::311842569027:root/o-k7x2m9q4vb/r-8f3k', Name: 'Root', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] },
    ]);
  });

  it('walks the OU tree with the SDK paginators, meeting every OU and account once', async () => {
    const ous: string[] = [];
    const accounts: string[] = [];
    const visit = async (parentId: string): Promise<void> => {
      for await (const page of paginateListAccountsForParent({ client: orgs }, { ParentId: parentId })) accounts.push(...(page.Accounts ?? []).map((account) => account.Id as string));
      for await (const page of paginateListOrganizationalUnitsForParent({ client: orgs }, { ParentId: parentId })) {
        expect(page.OrganizationalUnits?.length).toBeLessThanOrEqual(2);
        for (const ou of page.OrganizationalUnits ?? []) {
          ous.push(ou.Id as string);
          await visit(ou.Id as string);
        }
      }
    };
    await visit('r-8f3k');
    expect(ous.sort()).toEqual(organization.organizationalUnits.map((ou) => ou.id).sort());
    expect(accounts.sort()).toEqual(organization.accounts.map((account) => account.id).sort());
    const missing = await rejection(() => orgs.send(new ListTagsForResourceCommand({ ResourceId: '999999999999' })));
    expect(missing.name).toBe('TargetNotFoundException');
  });

  it('lists accounts with their status and joined time, and refuses page sizes above 20', async () => {
    const accounts = [];
    for await (const page of paginateListAccounts({ client: orgs }, {})) accounts.push(...(page.Accounts ?? []));
    expect(accounts).toHaveLength(12);
    expect(accounts.find((account) => account.Id === DATA_PROD)).toMatchObject({
      Name: 'acme-data-prod',
      Email: 'aws+data-prod@acme-analytics.example',
      Status: 'ACTIVE',
      State: 'ACTIVE',
      JoinedMethod: 'INVITED',
      JoinedTimestamp: new Date('2019-05-21T14:09:33Z'),
    });
    const tooMany = await rejection(() => orgs.send(new ListAccountsCommand({ MaxResults: 50 })));
    expect(tooMany.name).toBe('InvalidInputException');
    const tags = [];
    for await (const page of paginateListTagsForResource({ client: orgs }, { ResourceId: DATA_PROD })) tags.push(...(page.Tags ?? []));
    expect(tags).toEqual([{ Key: 'cost-center', Value: 'cc-data' }, { Key: 'environment', Value: 'prod' }, { Key: 'team', Value: 'data' }]);
  });

  it('serves SCPs: summaries, content as JSON text, and their targets', async () => {
    const all = [];
    for await (const page of paginateListPolicies({ client: orgs }, { Filter: 'SERVICE_CONTROL_POLICY' })) all.push(...(page.Policies ?? []));
    expect(all.map((policy) => `${policy.Name}:${policy.AwsManaged}`)).toEqual(['FullAWSAccess:true', 'ProtectCloudTrail:false', 'DenyLeaveOrganization:false', 'ProtectSecurityServices:false']);
    expect((await orgs.send(new ListPoliciesCommand({ Filter: 'RESOURCE_CONTROL_POLICY' }))).Policies).toEqual([]);
    const { Policy } = await orgs.send(new DescribePolicyCommand({ PolicyId: 'p-dezdjlxd' }));
    expect(Policy?.PolicySummary).toMatchObject({ Name: 'DenyLeaveOrganization', Type: 'SERVICE_CONTROL_POLICY', Description: 'Member accounts cannot leave the organization.' });
    expect(JSON.parse(Policy?.Content ?? '')).toEqual(organization.policies.find((policy) => policy.id === 'p-dezdjlxd')?.document);
    const targets = [];
    for await (const page of paginateListTargetsForPolicy({ client: orgs }, { PolicyId: 'p-FullAWSAccess' })) targets.push(...(page.Targets ?? []));
    expect(targets.map((target) => target.TargetId)).toEqual(organization.policies[0]?.targets);
    expect(targets.find((target) => target.TargetId === 'ou-8f3k-fk9eu8ct')).toMatchObject({ Type: 'ORGANIZATIONAL_UNIT', Name: 'Workloads' });
    expect(targets.find((target) => target.TargetId === 'r-8f3k')).toMatchObject({ Type: 'ROOT', Name: 'Root' });
    expect(targets.find((target) => target.TargetId === WEB_DEV)).toMatchObject({ Type: 'ACCOUNT', Name: 'acme-web-dev' });
    const missing = await rejection(() => orgs.send(new DescribePolicyCommand({ PolicyId: 'p-00000000' })));
    expect(missing.name).toBe('PolicyNotFoundException');
  });

  it('lists delegated administrators and their services', async () => {
    const { DelegatedAdministrators } = await orgs.send(new ListDelegatedAdministratorsCommand({}));
    expect(DelegatedAdministrators?.map((admin) => [admin.Id, admin.Name])).toEqual([['739205816443', 'acme-security-audit']]);
    const services = [];
    let token: string | undefined;
    do {
      const page = await orgs.send(new ListDelegatedServicesForAccountCommand({ AccountId: '739205816443', NextToken: token }));
      services.push(...(page.DelegatedServices ?? []).map((service) => service.ServicePrincipal));
      token = page.NextToken;
    } while (token);
    expect(services).toEqual(['access-analyzer.amazonaws.com', 'guardduty.amazonaws.com', 'securityhub.amazonaws.com']);
    const notAdmin = await rejection(() => orgs.send(new ListDelegatedServicesForAccountCommand({ AccountId: WEB_DEV })));
    expect(notAdmin.name).toBe('AccountNotRegisteredException');
  });

  it('denies member accounts everything but DescribeOrganization', async () => {
    const member = new OrganizationsClient(clientConfig(fake, await memberCredentials(fake, WEB_DEV)));
    const denied = await rejection(() => member.send(new ListAccountsCommand({})));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toBe("You don't have permissions to access this resource.");
    expect(denied.$metadata?.httpStatusCode).toBe(400);
    expect((await member.send(new DescribeOrganizationCommand({}))).Organization?.Id).toBe('o-k7x2m9q4vb');
  });

  it('answers AWSOrganizationsNotInUseException when the world has no organization', async () => {
    const alone = demoWorld();
    const standalone = await startFakeAws({ world: { organization: null, identityCenter: null, accounts: alone.accounts.filter((account) => account.accountId === DATA_PROD) } });
    try {
      const client = new OrganizationsClient(clientConfig(standalone, standalone.credentials));
      expect((await rejection(() => client.send(new DescribeOrganizationCommand({})))).name).toBe('AWSOrganizationsNotInUseException');
      expect((await rejection(() => client.send(new ListAccountsCommand({})))).name).toBe('AWSOrganizationsNotInUseException');
    } finally {
      await standalone.close();
    }
  });
});
