import type { OrganizationFile, OrgAccount, OrgPolicy } from '@iamlint/core';
import type { Call, JsonHandler, JsonParams } from './call.js';
import { ApiError, epochSeconds, paginate, type Page } from './protocol.js';

type OrgCall = Call<JsonParams>;

const POLICY_TYPES = [
  'SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY', 'TAG_POLICY', 'BACKUP_POLICY', 'AISERVICES_OPT_OUT_POLICY',
  'CHATBOT_POLICY', 'DECLARATIVE_POLICY_EC2', 'SECURITYHUB_POLICY',
];

export const invalidOrganizationsInput = (message: string) => new ApiError('InvalidInputException', message, 400, { Reason: 'INVALID_INPUT' });

/** Organizations answers member accounts with AccessDenied, and accounts outside any organization with NotInUse. */
function organizationFor(call: OrgCall, { membersToo = false } = {}): OrganizationFile {
  const organization = call.state.world.organization;
  const inOrganization = organization && (call.state.orgAccounts.has(call.accountId) || organization.organization.managementAccountId === call.accountId);
  if (!organization || !inOrganization) {
    throw new ApiError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
  }
  if (!membersToo && call.accountId !== organization.organization.managementAccountId) {
    throw new ApiError('AccessDeniedException', "You don't have permissions to access this resource.");
  }
  return organization;
}

function page<T>(call: OrgCall, items: readonly T[], query = ''): Page<T> {
  // Organizations never returns more than 20 items a page, whatever the caller asks.
  return paginate(items, {
    token: call.params.string('NextToken'),
    limit: call.params.integer('MaxResults'),
    pageSize: Math.min(call.pageSize, 20),
    maxLimit: 20,
    query: `${call.action}:${query}`,
    invalid: invalidOrganizationsInput,
  });
}

function accountJson(account: OrgAccount): Record<string, unknown> {
  return {
    Id: account.id,
    Arn: account.arn,
    Email: account.email,
    Name: account.name,
    Status: account.status,
    State: account.status,
    JoinedMethod: account.joinedMethod,
    JoinedTimestamp: epochSeconds(account.joinedTimestamp),
  };
}

function parentExists(organization: OrganizationFile, id: string): boolean {
  return organization.roots.some((root) => root.id === id) || organization.organizationalUnits.some((ou) => ou.id === id);
}

function requireParent(organization: OrganizationFile, id: string): void {
  if (!parentExists(organization, id)) throw new ApiError('ParentNotFoundException', "We can't find a root or OU with the ParentId that you specified.");
}

/** The OU's place in the tree as Organizations writes it: `o-…/r-…/ou-…/`. */
function ouPath(organization: OrganizationFile, id: string): string {
  const segments = [id];
  let parent = organization.organizationalUnits.find((ou) => ou.id === id)?.parentId;
  while (parent) {
    segments.unshift(parent);
    const parentId: string = parent;
    parent = organization.organizationalUnits.find((ou) => ou.id === parentId)?.parentId;
  }
  return `${organization.organization.id}/${segments.join('/')}/`;
}

function policyNamed(organization: OrganizationFile, id: string): OrgPolicy {
  const policy = organization.policies.find((candidate) => candidate.id === id);
  if (!policy) throw new ApiError('PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified.");
  return policy;
}

const policySummary = (policy: OrgPolicy) => ({
  Id: policy.id,
  Arn: policy.arn,
  Name: policy.name,
  Description: policy.description,
  Type: policy.type,
  AwsManaged: policy.awsManaged,
});

function target(organization: OrganizationFile, id: string): Record<string, unknown> {
  const root = organization.roots.find((candidate) => candidate.id === id);
  if (root) return { TargetId: id, Arn: root.arn, Name: root.name, Type: 'ROOT' };
  const ou = organization.organizationalUnits.find((candidate) => candidate.id === id);
  if (ou) return { TargetId: id, Arn: ou.arn, Name: ou.name, Type: 'ORGANIZATIONAL_UNIT' };
  const account = organization.accounts.find((candidate) => candidate.id === id);
  return { TargetId: id, Arn: account?.arn, Name: account?.name, Type: 'ACCOUNT' };
}

/** The snapshot does not keep when a delegation was made; the account's joining is the earliest it can be. */
const delegationDate = (account: OrgAccount | undefined) => (account ? epochSeconds(account.joinedTimestamp) : undefined);

export const organizationsHandlers: Record<string, JsonHandler> = {
  DescribeOrganization: (call) => {
    // Any account of the organization may describe it.
    const { organization, accounts, roots } = organizationFor(call, { membersToo: true });
    const management = accounts.find((account) => account.id === organization.managementAccountId);
    return {
      Organization: {
        Id: organization.id,
        Arn: organization.arn,
        FeatureSet: organization.featureSet,
        MasterAccountArn: management?.arn ?? `arn:aws:organizations::${organization.managementAccountId}:account/${organization.id}/${organization.managementAccountId}`,
        MasterAccountId: organization.managementAccountId,
        MasterAccountEmail: management?.email,
        AvailablePolicyTypes: (roots[0]?.policyTypes ?? []).map((type) => ({ Type: type, Status: 'ENABLED' })),
      },
    };
  },

  ListRoots: (call) => {
    const result = page(call, organizationFor(call).roots);
    return {
      Roots: result.items.map((root) => ({ Id: root.id, Arn: root.arn, Name: root.name, PolicyTypes: root.policyTypes.map((type) => ({ Type: type, Status: 'ENABLED' })) })),
      NextToken: result.next,
    };
  },

  ListOrganizationalUnitsForParent: (call) => {
    const organization = organizationFor(call);
    const parentId = call.params.required('ParentId');
    requireParent(organization, parentId);
    const result = page(call, organization.organizationalUnits.filter((ou) => ou.parentId === parentId), parentId);
    return {
      OrganizationalUnits: result.items.map((ou) => ({ Id: ou.id, Arn: ou.arn, Name: ou.name, Path: ouPath(organization, ou.id) })),
      NextToken: result.next,
    };
  },

  ListAccountsForParent: (call) => {
    const organization = organizationFor(call);
    const parentId = call.params.required('ParentId');
    requireParent(organization, parentId);
    const result = page(call, organization.accounts.filter((account) => account.parentId === parentId), parentId);
    return { Accounts: result.items.map(accountJson), NextToken: result.next };
  },

  ListAccounts: (call) => {
    const result = page(call, organizationFor(call).accounts);
    return { Accounts: result.items.map(accountJson), NextToken: result.next };
  },

  ListTagsForResource: (call) => {
    const organization = organizationFor(call);
    const id = call.params.required('ResourceId');
    const account = organization.accounts.find((candidate) => candidate.id === id);
    const known = account || parentExists(organization, id) || organization.policies.some((policy) => policy.id === id);
    if (!known) throw new ApiError('TargetNotFoundException', "We can't find a root, OU, account, or policy with the TargetId that you specified.");
    const tags = Object.entries(account?.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
    const result = paginate(tags, { token: call.params.string('NextToken'), limit: undefined, pageSize: Math.min(call.pageSize, 20), maxLimit: 20, query: `${call.action}:${id}`, invalid: invalidOrganizationsInput });
    return { Tags: result.items, NextToken: result.next };
  },

  ListPolicies: (call) => {
    const organization = organizationFor(call);
    const filter = call.params.required('Filter');
    if (!POLICY_TYPES.includes(filter)) throw invalidOrganizationsInput(`Value '${filter}' at 'filter' failed to satisfy constraint: Member must satisfy enum value set: [${POLICY_TYPES.join(', ')}]`);
    const result = page(call, organization.policies.filter((policy) => policy.type === filter), filter);
    return { Policies: result.items.map(policySummary), NextToken: result.next };
  },

  DescribePolicy: (call) => {
    const policy = policyNamed(organizationFor(call), call.params.required('PolicyId'));
    return { Policy: { PolicySummary: policySummary(policy), Content: JSON.stringify(policy.document, null, 2) } };
  },

  ListTargetsForPolicy: (call) => {
    const organization = organizationFor(call);
    const policy = policyNamed(organization, call.params.required('PolicyId'));
    const result = page(call, policy.targets, policy.id);
    return { Targets: result.items.map((id) => target(organization, id)), NextToken: result.next };
  },

  ListDelegatedAdministrators: (call) => {
    const organization = organizationFor(call);
    const service = call.params.string('ServicePrincipal');
    const ids = [...new Set(organization.delegatedAdministrators.filter((admin) => service === undefined || admin.servicePrincipal === service).map((admin) => admin.accountId))];
    const result = page(call, ids, service);
    return {
      DelegatedAdministrators: result.items.map((id) => {
        const account = organization.accounts.find((candidate) => candidate.id === id);
        return { ...(account ? accountJson(account) : { Id: id }), DelegationEnabledDate: delegationDate(account) };
      }),
      NextToken: result.next,
    };
  },

  ListDelegatedServicesForAccount: (call) => {
    const organization = organizationFor(call);
    const accountId = call.params.required('AccountId');
    const account = organization.accounts.find((candidate) => candidate.id === accountId);
    if (!account) throw new ApiError('AccountNotFoundException', "You specified an account that doesn't exist.");
    const services = organization.delegatedAdministrators.filter((admin) => admin.accountId === accountId);
    if (services.length === 0) throw new ApiError('AccountNotRegisteredException', 'The provided account is not a registered delegated administrator for your organization.');
    const result = page(call, services, accountId);
    return { DelegatedServices: result.items.map((admin) => ({ ServicePrincipal: admin.servicePrincipal, DelegationEnabledDate: delegationDate(account) })), NextToken: result.next };
  },
};
