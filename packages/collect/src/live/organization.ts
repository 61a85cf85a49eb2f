import { ListOrganizationsFeaturesCommand } from '@aws-sdk/client-iam';
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsForParentCommand,
  ListDelegatedAdministratorsCommand,
  ListDelegatedServicesForAccountCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
  type Account as OrganizationsAccount,
  type PolicyType,
} from '@aws-sdk/client-organizations';
import type { OrgAccount, OrganizationFile, OrganizationalUnit, OrgPolicy, OrgPolicyType } from '@iamlint/core';
import { decodePolicyDocument } from '../import/gaad.js';
import { compare, sortBy, sortedStrings, tagsOf, toTimestamp } from '../format.js';
import { AwsCallError } from './gaps.js';
import { nextToken, paginate, type Session } from './session.js';

const POLICY_TYPES: readonly OrgPolicyType[] = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'];

/**
 * Reads the organization from its management (or a delegated administrator) account: null, with a gap,
 * when DescribeOrganization itself fails. Parts that fail later are gaps, and the rest is kept.
 */
export async function collectOrganization(session: Session): Promise<OrganizationFile | null> {
  const organizations = session.organizations;
  const described = await session.section('organization', null, () =>
    session.call('organizations:DescribeOrganization', () => organizations.send(new DescribeOrganizationCommand({}))),
  );
  const organization = described?.Organization;
  if (!organization?.Id) return null;

  const structure = session.section('organization', { roots: [], organizationalUnits: [], accounts: [] }, () => readStructure(session));
  const policies = session.section<OrgPolicy[]>('organization.policies', [], () => readPolicies(session));
  const delegated = session.section<OrganizationFile['delegatedAdministrators']>('organization', [], () => readDelegatedAdministrators(session));
  const iamFeatures = session.section<string[] | undefined>('organization.iamFeatures', undefined, () => readIamFeatures(session));

  const [{ roots, organizationalUnits, accounts }, policyList, delegatedAdministrators, features] = await Promise.all([
    structure,
    policies,
    delegated,
    iamFeatures,
  ]);
  return {
    organization: {
      id: organization.Id,
      arn: organization.Arn ?? '',
      managementAccountId: organization.MasterAccountId ?? '',
      featureSet: organization.FeatureSet === 'CONSOLIDATED_BILLING' ? 'CONSOLIDATED_BILLING' : 'ALL',
    },
    roots,
    organizationalUnits,
    accounts,
    policies: policyList,
    delegatedAdministrators,
    ...(features !== undefined ? { iamFeatures: features } : {}),
  };
}

async function readStructure(session: Session): Promise<Pick<OrganizationFile, 'roots' | 'organizationalUnits' | 'accounts'>> {
  const organizations = session.organizations;
  const rootList = await paginate(
    (NextToken) => session.call('organizations:ListRoots', () => organizations.send(new ListRootsCommand({ NextToken }))),
    nextToken,
    (output) => output.Roots,
  );
  const roots = sortBy(
    rootList.map((root) => ({
      id: root.Id ?? '',
      arn: root.Arn ?? '',
      name: root.Name ?? 'Root',
      policyTypes: sortedStrings((root.PolicyTypes ?? []).filter((type) => type.Status === 'ENABLED').map((type) => type.Type ?? '')),
    })),
    (root) => root.id,
  );

  const organizationalUnits: OrganizationalUnit[] = [];
  const listed: Array<{ account: OrganizationsAccount; parentId: string }> = [];
  // Breadth-first: each level's parents are read at once (the session bounds how many calls run together).
  let parents = roots.map((root) => root.id);
  while (parents.length > 0) {
    const levels = await Promise.all(
      parents.map(async (parentId) => {
        const [units, accounts] = await Promise.all([
          paginate(
            (NextToken) =>
              session.call('organizations:ListOrganizationalUnitsForParent', () =>
                organizations.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken })),
              ),
            nextToken,
            (output) => output.OrganizationalUnits,
          ),
          paginate(
            (NextToken) =>
              session.call('organizations:ListAccountsForParent', () => organizations.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken }))),
            nextToken,
            (output) => output.Accounts,
          ),
        ]);
        return { parentId, units, accounts };
      }),
    );
    parents = [];
    for (const { parentId, units, accounts } of levels) {
      for (const unit of units) {
        organizationalUnits.push({ id: unit.Id ?? '', arn: unit.Arn ?? '', name: unit.Name ?? '', parentId });
        parents.push(unit.Id ?? '');
      }
      for (const account of accounts) listed.push({ account, parentId });
    }
  }

  const accounts = await Promise.all(
    listed.map(async ({ account, parentId }): Promise<OrgAccount> => {
      const id = account.Id ?? '';
      const tags = await paginate(
        (NextToken) => session.call('organizations:ListTagsForResource', () => organizations.send(new ListTagsForResourceCommand({ ResourceId: id, NextToken }))),
        nextToken,
        (output) => output.Tags,
      );
      return {
        id,
        arn: account.Arn ?? '',
        name: account.Name ?? '',
        ...(account.Email ? { email: account.Email } : {}),
        status: accountStatus(account),
        joinedMethod: account.JoinedMethod === 'INVITED' ? 'INVITED' : 'CREATED',
        joinedTimestamp: toTimestamp(account.JoinedTimestamp ?? new Date(0)),
        parentId,
        tags: tagsOf(tags),
      };
    }),
  );
  return { roots, organizationalUnits: sortBy(organizationalUnits, (unit) => unit.id), accounts: sortBy(accounts, (account) => account.id) };
}

/** `Status` is deprecated in favour of `State`, which has more values; the snapshot keeps the three that matter. */
function accountStatus(account: OrganizationsAccount): OrgAccount['status'] {
  const value: string | undefined = account.Status ?? account.State;
  if (value === 'ACTIVE' || value === 'PENDING_CLOSURE') return value;
  return 'SUSPENDED';
}

async function readPolicies(session: Session): Promise<OrgPolicy[]> {
  const organizations = session.organizations;
  const perType = await Promise.all(
    POLICY_TYPES.map(async (type) => {
      try {
        return await paginate(
          (NextToken) =>
            session.call('organizations:ListPolicies', () => organizations.send(new ListPoliciesCommand({ Filter: type as PolicyType, NextToken }))),
          nextToken,
          (output) => output.Policies,
        );
      } catch (error) {
        // Organizations created before RCPs existed may not know the type at all: no such policies, not a failure.
        if (error instanceof AwsCallError && error.is('PolicyTypeNotEnabledException', 'PolicyTypeNotAvailableForOrganizationException')) return [];
        throw error;
      }
    }),
  );
  const policies = await Promise.all(
    perType.flat().map(async (summary): Promise<OrgPolicy> => {
      const id = summary.Id ?? '';
      const [described, targets] = await Promise.all([
        session.call('organizations:DescribePolicy', () => organizations.send(new DescribePolicyCommand({ PolicyId: id }))),
        paginate(
          (NextToken) => session.call('organizations:ListTargetsForPolicy', () => organizations.send(new ListTargetsForPolicyCommand({ PolicyId: id, NextToken }))),
          nextToken,
          (output) => output.Targets,
        ),
      ]);
      const description = summary.Description;
      return {
        id,
        arn: summary.Arn ?? '',
        name: summary.Name ?? '',
        type: summary.Type === 'RESOURCE_CONTROL_POLICY' ? 'RESOURCE_CONTROL_POLICY' : 'SERVICE_CONTROL_POLICY',
        awsManaged: summary.AwsManaged ?? false,
        ...(description ? { description } : {}),
        document: decodePolicyDocument(described.Policy?.Content ?? ''),
        targets: sortedStrings(targets.map((target) => target.TargetId ?? '')),
      };
    }),
  );
  return sortBy(policies, (policy) => policy.id);
}

async function readDelegatedAdministrators(session: Session): Promise<OrganizationFile['delegatedAdministrators']> {
  const organizations = session.organizations;
  const administrators = await paginate(
    (NextToken) =>
      session.call('organizations:ListDelegatedAdministrators', () => organizations.send(new ListDelegatedAdministratorsCommand({ NextToken }))),
    nextToken,
    (output) => output.DelegatedAdministrators,
  );
  const entries = await Promise.all(
    administrators.map(async (administrator) => {
      const accountId = administrator.Id ?? '';
      const services = await paginate(
        (NextToken) =>
          session.call('organizations:ListDelegatedServicesForAccount', () =>
            organizations.send(new ListDelegatedServicesForAccountCommand({ AccountId: accountId, NextToken })),
          ),
        nextToken,
        (output) => output.DelegatedServices,
      );
      return services.map((service) => ({ accountId, servicePrincipal: service.ServicePrincipal ?? '' }));
    }),
  );
  return entries.flat().sort((a, b) => compare(a.accountId, b.accountId) || compare(a.servicePrincipal, b.servicePrincipal));
}

/** Centralised root access (RootCredentialsManagement, RootSessions) is an IAM feature of the organization. */
async function readIamFeatures(session: Session): Promise<string[]> {
  try {
    const output = await session.call('iam:ListOrganizationsFeatures', () => session.iam.send(new ListOrganizationsFeaturesCommand({})));
    return sortedStrings(output.EnabledFeatures ?? []);
  } catch (error) {
    // IAM's trusted access to Organizations was never enabled: no feature can be on.
    if (error instanceof AwsCallError && error.is('ServiceAccessNotEnabledException')) return [];
    throw error;
  }
}
