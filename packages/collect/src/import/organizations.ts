import { SnapshotSchemaError, type Gap, type OrgAccount, type OrganizationFile, type OrgPolicy } from '@iamlint/core';
import { awsTimestamp, compare, isObject, sortBy, sortedStrings } from '../format.js';
import { EXPORT_DESCRIPTIONS, type OrganizationExportKind } from './detect.js';
import { decodePolicyDocument } from './gaad.js';

export type { OrganizationExportKind };

export interface OrganizationExportInput {
  kind: OrganizationExportKind;
  /** The parsed JSON the AWS CLI printed. */
  json: unknown;
  /** The file it came from, named in errors. */
  source: string;
  /** From the file name, for answers that do not say what they are about (list-…-for-parent, targets, tags). */
  parentId?: string;
  policyId?: string;
  accountId?: string;
}

export interface OrganizationImport {
  file: OrganizationFile;
  /** Global gaps: what these exports cannot say, so the rules that need it report "not evaluated". */
  gaps: Gap[];
  /** One line each, for the user: what was assumed. */
  notes: string[];
}

/**
 * Where an account sits when no export says: not a root or OU id, so no rule reads it as "directly under the
 * root" (which account-outside-ou would report) or as inside some OU.
 */
export const UNKNOWN_PARENT = 'unknown';

type Json = Record<string, unknown>;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ACCOUNT_ARN = /^(arn:aws[a-z-]*):organizations::([0-9]{12}):account\/(o-[a-z0-9]{10,32})\/([0-9]{12})$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const STATUSES = ['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE'] as const;
const JOINED_METHODS = ['INVITED', 'CREATED'] as const;

/**
 * Builds `organization.json` from the Organizations outputs of the AWS CLI (docs/exports.md names the files).
 * Answers that do not say what they are about take it from the file name: the parent (`r-…`, `ou-…`) of
 * `list-organizational-units-for-parent` and `list-accounts-for-parent`, the policy (`p-…`) of
 * `list-targets-for-policy`, the account (12 digits) of `list-tags-for-resource` and
 * `list-delegated-services-for-account`.
 *
 * What is missing, and how it is represented (the least misleading choice that still validates):
 * - OU placement: an account no `list-accounts-for-parent` export places has parentId `"unknown"` (the root id
 *   would claim it sits directly under the root, a finding of its own), and SCPs/RCPs become a gap, since where
 *   they apply is unknown.
 * - SCPs and RCPs: without `describe-policy` exports (or a policy without its targets) a global
 *   `organization.policies` gap makes the rules that need them say "not evaluated".
 * - Accounts: without `list-accounts` the organization's accounts are unknown, which is a global `organization`
 *   gap (an empty list would say the imported accounts are outside the organization).
 * - Without `describe-organization`, the organization id and management account come from the account ARNs
 *   (`arn:aws:organizations::<management>:account/<o-id>/<id>`) and the feature set is taken as ALL, noted.
 * - `Status` is deprecated in favour of `State`: when only `State` is given, PENDING_ACTIVATION (not usable yet)
 *   and CLOSED are recorded as SUSPENDED, the status AWS reported for such accounts.
 */
export function importOrganizationExports(inputs: readonly OrganizationExportInput[]): OrganizationImport {
  const notes: string[] = [];
  const of = (kind: OrganizationExportKind) => inputs.filter((input) => input.kind === kind);
  const describe = of('describe-organization');
  const lists = of('list-accounts');
  const rootExports = of('list-roots');
  for (const group of [describe, rootExports, of('organizations-features'), of('delegated-administrators')]) {
    if (group.length > 1) {
      fail(group[1] as OrganizationExportInput, `a second ${(group[0] as OrganizationExportInput).kind} export (the first is ${(group[0] as OrganizationExportInput).source})`, 'pass one per organization');
    }
  }

  const described = describe[0] ? readOrganization(describe[0]) : null;
  const roots = rootExports[0] ? readRoots(rootExports[0]) : [];
  const accounts = new Map<string, { account: OrgAccount; source: string; organizationId: string; managementAccountId: string; partition: string }>();
  for (const input of lists) {
    for (const entry of readAccounts(input)) {
      const previous = accounts.get(entry.account.id);
      // list-accounts names every account without its parent; list-accounts-for-parent names the parent.
      if (previous) {
        const [was, now] = [previous.account.parentId, entry.account.parentId];
        if (was === UNKNOWN_PARENT && now === UNKNOWN_PARENT) {
          fail(input, `account ${entry.account.id} is listed again (also in ${previous.source})`, 'pass one list-accounts export per organization');
        }
        if (now === UNKNOWN_PARENT) continue;
        if (was !== UNKNOWN_PARENT && was !== now) {
          fail(input, `account ${entry.account.id} is listed under ${now} and under ${was} (${previous.source})`, 'export the organization again: it changed between the calls');
        }
      }
      accounts.set(entry.account.id, { ...entry, source: input.source });
    }
  }
  for (const input of of('tags')) {
    const entry = input.accountId ? accounts.get(input.accountId) : undefined;
    if (entry) entry.account = { ...entry.account, tags: readTags(input) };
    else notes.push(`${input.source}: no account of the organization is named in the file name, so these tags are ignored`);
  }
  const listed = [...accounts.values()];
  const organizationIds = [...new Set([...(described ? [described.organization.id] : []), ...listed.map((entry) => entry.organizationId)])].sort();
  if (organizationIds.length > 1) {
    fail(lists[0] ?? (describe[0] as OrganizationExportInput), `the exports name ${organizationIds.length} organizations (${organizationIds.join(', ')})`, 'pass the exports of one organization');
  }
  for (const root of roots) {
    if (organizationIds[0] !== undefined && !root.arn.includes(`/${organizationIds[0]}/`)) {
      fail(rootExports[0] as OrganizationExportInput, `root ${root.id} belongs to another organization than ${organizationIds[0]}`, 'pass the exports of one organization');
    }
  }

  let organization = described?.organization;
  if (!organization) {
    const first = listed[0];
    if (!first) return fail(inputs[0] as OrganizationExportInput, 'these exports alone do not describe an organization', 'add the output of `aws organizations describe-organization` and `list-accounts`');
    organization = {
      id: first.organizationId,
      arn: `${first.partition}:organizations::${first.managementAccountId}:organization/${first.organizationId}`,
      managementAccountId: first.managementAccountId,
      featureSet: 'ALL',
    };
    notes.push(`no describe-organization export: organization ${organization.id} and its management account ${organization.managementAccountId} come from the account ARNs, and its feature set is assumed to be ALL`);
  }

  const organizationalUnits = readOrganizationalUnits(of('organizational-units'), notes);
  const { policies, missingTargets } = readPolicies(of('describe-policy'), of('policy-targets'), notes);
  const features = of('organizations-features')[0];
  const delegatedAdministrators = readDelegatedAdministrators(of('delegated-administrators')[0], of('delegated-services'), notes);

  const gaps: Gap[] = [];
  if (lists.length === 0) {
    gaps.push({
      section: 'organization',
      call: 'organizations:ListAccounts',
      error: 'NotInExport',
      message: 'no list-accounts export: the accounts of the organization are unknown',
    });
  }
  const unplaced = listed.filter((entry) => entry.account.parentId === UNKNOWN_PARENT).map((entry) => entry.account.id).sort(compare);
  if (of('describe-policy').length === 0) {
    gaps.push({
      section: 'organization.policies',
      call: 'organizations:DescribePolicy',
      error: 'NotInExport',
      message: `no describe-policy export${unplaced.length > 0 ? ` and no list-accounts-for-parent export placing ${unplaced.length} account(s)` : ''}: SCPs and RCPs are not evaluated`,
    });
  } else if (missingTargets.length > 0 || unplaced.length > 0) {
    gaps.push({
      section: 'organization.policies',
      call: missingTargets.length > 0 ? 'organizations:ListTargetsForPolicy' : 'organizations:ListAccountsForParent',
      error: 'NotInExport',
      message: [
        missingTargets.length > 0 ? `no list-targets-for-policy export for ${missingTargets.join(', ')}` : '',
        unplaced.length > 0 ? `no list-accounts-for-parent export places ${unplaced.join(', ')}` : '',
      ].filter(Boolean).join('; ') + ': where SCPs and RCPs apply is unknown, so they are not evaluated',
    });
  }
  if (lists.length > 0 && unplaced.length > 0) {
    notes.push(`${unplaced.length} account(s) are in no list-accounts-for-parent export: their OU is recorded as "${UNKNOWN_PARENT}" (${unplaced.slice(0, 5).join(', ')}${unplaced.length > 5 ? ', …' : ''})`);
  }

  return {
    file: {
      organization,
      roots,
      organizationalUnits,
      accounts: sortBy(listed.map((entry) => entry.account), (account) => account.id),
      policies,
      delegatedAdministrators,
      ...(features ? { iamFeatures: readFeatures(features) } : {}),
    },
    gaps,
    notes,
  };
}

function readOrganizationalUnits(inputs: readonly OrganizationExportInput[], notes: string[]): OrganizationFile['organizationalUnits'] {
  const units = new Map<string, OrganizationFile['organizationalUnits'][number]>();
  for (const input of inputs) {
    if (!input.parentId) {
      notes.push(`${input.source}: list-organizational-units-for-parent names no parent, and the file name holds no r-… or ou-… id; skipped`);
      continue;
    }
    array(input, 'OrganizationalUnits').forEach((value, index) => {
      const where = `OrganizationalUnits[${index}]`;
      const entry = object(input, value, where);
      const id = string(input, entry, 'Id', where);
      if (!OU_ID.test(id)) fail(input, `${where}.Id ${JSON.stringify(id)} is not an OU id (ou-…)`);
      units.set(id, { id, arn: string(input, entry, 'Arn', where), name: string(input, entry, 'Name', where), parentId: input.parentId as string });
    });
  }
  return sortBy(units.values(), (unit) => unit.id);
}

function readPolicies(
  described: readonly OrganizationExportInput[],
  targetInputs: readonly OrganizationExportInput[],
  notes: string[],
): { policies: OrgPolicy[]; missingTargets: string[] } {
  const targets = new Map<string, string[]>();
  for (const input of targetInputs) {
    if (!input.policyId) {
      notes.push(`${input.source}: list-targets-for-policy names no policy, and the file name holds no p-… id; skipped`);
      continue;
    }
    targets.set(
      input.policyId,
      sortedStrings(array(input, 'Targets').map((value, index) => string(input, object(input, value, `Targets[${index}]`), 'TargetId', `Targets[${index}]`))),
    );
  }
  const policies = new Map<string, OrgPolicy>();
  const missingTargets: string[] = [];
  for (const input of described) {
    const policy = object(input, isObject(input.json) ? input.json.Policy : undefined, 'Policy');
    const summary = object(input, policy.PolicySummary, 'Policy.PolicySummary');
    const where = 'Policy.PolicySummary';
    const id = string(input, summary, 'Id', where);
    const type = string(input, summary, 'Type', where);
    if (type !== 'SERVICE_CONTROL_POLICY' && type !== 'RESOURCE_CONTROL_POLICY') {
      notes.push(`${input.source}: a ${type} policy, which iamlint does not evaluate; skipped`);
      continue;
    }
    const description = typeof summary.Description === 'string' && summary.Description ? summary.Description : undefined;
    const policyTargets = targets.get(id);
    if (!policyTargets) missingTargets.push(id);
    policies.set(id, {
      id,
      arn: string(input, summary, 'Arn', where),
      name: string(input, summary, 'Name', where),
      type,
      awsManaged: summary.AwsManaged === true,
      ...(description ? { description } : {}),
      document: decodePolicyDocument(string(input, policy, 'Content', 'Policy')),
      targets: policyTargets ?? [],
    });
  }
  return { policies: sortBy(policies.values(), (policy) => policy.id), missingTargets: missingTargets.sort(compare) };
}

function readTags(input: OrganizationExportInput): Record<string, string> {
  const pairs = array(input, 'Tags').map((value, index) => {
    const entry = object(input, value, `Tags[${index}]`);
    return [string(input, entry, 'Key', `Tags[${index}]`), typeof entry.Value === 'string' ? entry.Value : ''] as const;
  });
  return Object.fromEntries([...pairs].sort(([a], [b]) => compare(a, b)));
}

function readFeatures(input: OrganizationExportInput): string[] {
  const features = isObject(input.json) ? input.json.EnabledFeatures : undefined;
  if (!Array.isArray(features) || !features.every((feature) => typeof feature === 'string')) fail(input, 'EnabledFeatures must be an array of strings');
  return sortedStrings(features as string[]);
}

function readDelegatedAdministrators(
  administrators: OrganizationExportInput | undefined,
  services: readonly OrganizationExportInput[],
  notes: string[],
): OrganizationFile['delegatedAdministrators'] {
  if (!administrators) return [];
  const byAccount = new Map<string, string[]>();
  for (const input of services) {
    if (!input.accountId) {
      notes.push(`${input.source}: list-delegated-services-for-account names no account, and the file name holds no 12-digit account id; skipped`);
      continue;
    }
    byAccount.set(
      input.accountId,
      array(input, 'DelegatedServices').map((value, index) => string(input, object(input, value, `DelegatedServices[${index}]`), 'ServicePrincipal', `DelegatedServices[${index}]`)),
    );
  }
  const entries = array(administrators, 'DelegatedAdministrators').flatMap((value, index) => {
    const accountId = string(administrators, object(administrators, value, `DelegatedAdministrators[${index}]`), 'Id', `DelegatedAdministrators[${index}]`);
    const principals = byAccount.get(accountId);
    if (!principals) notes.push(`${administrators.source}: no list-delegated-services-for-account export of ${accountId}, so what it administers is unknown`);
    return (principals ?? []).map((servicePrincipal) => ({ accountId, servicePrincipal }));
  });
  return entries.sort((a, b) => compare(a.accountId, b.accountId) || compare(a.servicePrincipal, b.servicePrincipal));
}

function readOrganization(input: OrganizationExportInput): { organization: OrganizationFile['organization'] } {
  const where = 'Organization';
  const entry = object(input, isObject(input.json) ? input.json.Organization : undefined, where);
  const id = string(input, entry, 'Id', where);
  if (!ORGANIZATION_ID.test(id)) fail(input, `${where}.Id ${JSON.stringify(id)} is not an organization id (o-…)`);
  const managementAccountId = string(input, entry, 'MasterAccountId', where);
  if (!/^[0-9]{12}$/.test(managementAccountId)) fail(input, `${where}.MasterAccountId ${JSON.stringify(managementAccountId)} is not a 12-digit account id`);
  const featureSet = string(input, entry, 'FeatureSet', where);
  if (featureSet !== 'ALL' && featureSet !== 'CONSOLIDATED_BILLING') fail(input, `${where}.FeatureSet must be ALL or CONSOLIDATED_BILLING, got ${JSON.stringify(featureSet)}`);
  const arn = string(input, entry, 'Arn', where);
  if (!/^arn:aws[a-z-]*:organizations::/.test(arn)) fail(input, `${where}.Arn ${JSON.stringify(arn)} is not an Organizations ARN`);
  return { organization: { id, arn, managementAccountId, featureSet } };
}

function readRoots(input: OrganizationExportInput): OrganizationFile['roots'] {
  return array(input, 'Roots')
    .map((value, index) => {
      const where = `Roots[${index}]`;
      const entry = object(input, value, where);
      const id = string(input, entry, 'Id', where);
      if (!ROOT_ID.test(id)) fail(input, `${where}.Id ${JSON.stringify(id)} is not a root id (r-…)`);
      const policyTypes = (Array.isArray(entry.PolicyTypes) ? entry.PolicyTypes : [])
        .filter((type): type is Json => isObject(type) && type.Status === 'ENABLED' && typeof type.Type === 'string')
        .map((type) => type.Type as string)
        .sort(compare);
      return { id, arn: string(input, entry, 'Arn', where), name: string(input, entry, 'Name', where), policyTypes };
    })
    .sort((a, b) => compare(a.id, b.id));
}

function readAccounts(input: OrganizationExportInput): Array<{ account: OrgAccount; organizationId: string; managementAccountId: string; partition: string }> {
  return array(input, 'Accounts').map((value, index) => {
    const where = `Accounts[${index}]`;
    const entry = object(input, value, where);
    const id = string(input, entry, 'Id', where);
    const arn = string(input, entry, 'Arn', where);
    const match = ACCOUNT_ARN.exec(arn);
    if (!match || match[4] !== id) return fail(input, `${where}.Arn ${JSON.stringify(arn)} is not the Organizations ARN of account ${JSON.stringify(id)}`);
    const [, partition, managementAccountId, organizationId] = match as unknown as [string, string, string, string];
    const joined = typeof entry.JoinedTimestamp === 'number' ? entry.JoinedTimestamp : string(input, entry, 'JoinedTimestamp', where);
    const joinedTimestamp = awsTimestamp(joined) ?? fail(input, `${where}.JoinedTimestamp is not a date: ${JSON.stringify(joined)}`);
    const joinedMethod = string(input, entry, 'JoinedMethod', where);
    if (!(JOINED_METHODS as readonly string[]).includes(joinedMethod)) fail(input, `${where}.JoinedMethod must be INVITED or CREATED, got ${JSON.stringify(joinedMethod)}`);
    const email = typeof entry.Email === 'string' ? entry.Email : undefined;
    const account: OrgAccount = {
      id,
      arn,
      name: string(input, entry, 'Name', where),
      ...(email !== undefined ? { email } : {}),
      status: statusOf(input, entry, where),
      joinedMethod: joinedMethod as OrgAccount['joinedMethod'],
      joinedTimestamp,
      parentId: input.parentId ?? UNKNOWN_PARENT,
      tags: {},
    };
    return { account, organizationId, managementAccountId, partition };
  });
}

function statusOf(input: OrganizationExportInput, entry: Json, where: string): OrgAccount['status'] {
  const status = entry.Status;
  if (typeof status === 'string') {
    if ((STATUSES as readonly string[]).includes(status)) return status as OrgAccount['status'];
    return fail(input, `${where}.Status must be one of ${STATUSES.join(', ')}, got ${JSON.stringify(status)}`);
  }
  const state = entry.State;
  if (typeof state !== 'string') return fail(input, `${where} has neither Status nor State`);
  if ((STATUSES as readonly string[]).includes(state)) return state as OrgAccount['status'];
  if (state === 'PENDING_ACTIVATION' || state === 'CLOSED') return 'SUSPENDED';
  return fail(input, `${where}.State must be one of ${[...STATUSES, 'PENDING_ACTIVATION', 'CLOSED'].join(', ')}, got ${JSON.stringify(state)}`);
}

function fail(input: OrganizationExportInput, message: string, hint = `pass the JSON output of \`${EXPORT_DESCRIPTIONS[input.kind]}\``): never {
  throw new SnapshotSchemaError('SNAPSHOT_SCHEMA', `${input.source}: ${message}`, { hint });
}

function array(input: OrganizationExportInput, key: string): unknown[] {
  const value = isObject(input.json) ? input.json[key] : undefined;
  return Array.isArray(value) ? value : fail(input, `${key} must be an array`);
}

function object(input: OrganizationExportInput, value: unknown, where: string): Json {
  return isObject(value) ? value : fail(input, `${where} must be an object`);
}

function string(input: OrganizationExportInput, entry: Json, key: string, where: string): string {
  const value = entry[key];
  return typeof value === 'string' ? value : fail(input, `${where}.${key} must be a string`);
}
