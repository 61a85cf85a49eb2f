import { SnapshotSchemaError, type Gap, type OrgAccount, type OrganizationFile } from '@iamlint/core';
import { awsTimestamp, compare, isObject, sortBy } from '../format.js';

export type OrganizationExportKind = 'describe-organization' | 'list-accounts' | 'list-roots';

export interface OrganizationExportInput {
  kind: OrganizationExportKind;
  /** The parsed JSON the AWS CLI printed. */
  json: unknown;
  /** The file it came from, named in errors. */
  source: string;
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
const STATUSES = ['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE'] as const;
const JOINED_METHODS = ['INVITED', 'CREATED'] as const;

/**
 * Builds `organization.json` from what a team can export with the AWS CLI:
 * `aws organizations describe-organization`, `list-accounts` and `list-roots`.
 *
 * What these exports do not say, and how it is represented (the least misleading choice that still validates):
 * - OU placement: `list-accounts` does not say which OU holds an account (and `list-organizational-units-for-parent`
 *   does not name its parent), so every account's `parentId` is `"unknown"` and `organizationalUnits` stays
 *   empty. The root id would claim the account sits directly under the root, a finding of its own. A config
 *   scoped by `ous` therefore matches no account: scoping by OU needs a collected snapshot. `list-roots` still
 *   fills `roots`.
 * - SCPs and RCPs: `list-policies` carries no documents and `describe-policy` no targets, so `policies` stays
 *   empty and a global `organization.policies` gap makes the rules that need them say "not evaluated"; the policy
 *   engine then ignores organization policies rather than treating the organization as having none.
 * - Accounts: without `list-accounts` the organization's accounts are unknown, which is a global `organization`
 *   gap (an empty list would say the imported accounts are outside the organization).
 * - Without `describe-organization`, the organization id and management account come from the account ARNs
 *   (`arn:aws:organizations::<management>:account/<o-id>/<id>`) and the feature set is taken as ALL, noted.
 * - `Status` is deprecated in favour of `State`: when only `State` is given, PENDING_ACTIVATION (not usable yet)
 *   and CLOSED are recorded as SUSPENDED, the status AWS reported for such accounts.
 * - Tags and delegated administrators are not in these exports: empty.
 */
export function importOrganizationExports(inputs: readonly OrganizationExportInput[]): OrganizationImport {
  const notes: string[] = [];
  const describe = inputs.filter((input) => input.kind === 'describe-organization');
  const lists = inputs.filter((input) => input.kind === 'list-accounts');
  const rootExports = inputs.filter((input) => input.kind === 'list-roots');
  for (const group of [describe, rootExports]) {
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
      if (previous) fail(input, `account ${entry.account.id} is listed again (also in ${previous.source})`, 'pass one list-accounts export per organization');
      accounts.set(entry.account.id, { ...entry, source: input.source });
    }
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
    if (!first) return fail(inputs[0] as OrganizationExportInput, 'list-roots alone does not describe an organization', 'add the output of `aws organizations describe-organization` and `list-accounts`');
    organization = {
      id: first.organizationId,
      arn: `${first.partition}:organizations::${first.managementAccountId}:organization/${first.organizationId}`,
      managementAccountId: first.managementAccountId,
      featureSet: 'ALL',
    };
    notes.push(`no describe-organization export: organization ${organization.id} and its management account ${organization.managementAccountId} come from the account ARNs, and its feature set is assumed to be ALL`);
  }

  const gaps: Gap[] = [];
  if (lists.length === 0) {
    gaps.push({
      section: 'organization',
      call: 'organizations:ListAccounts',
      error: 'NotInExport',
      message: 'no list-accounts export: the accounts of the organization are unknown',
    });
  }
  gaps.push({
    section: 'organization.policies',
    call: 'organizations:ListPolicies',
    error: 'NotInExport',
    message: `SCPs, RCPs and OU placement are not in these exports: accounts have parentId "${UNKNOWN_PARENT}", and organization policies are not evaluated`,
  });
  if (lists.length > 0) {
    notes.push(`list-accounts does not say which OU holds an account: OU placement is recorded as "${UNKNOWN_PARENT}" and SCPs/RCPs are not evaluated; collect the organization for both`);
  }

  return {
    file: {
      organization,
      roots,
      organizationalUnits: [],
      accounts: sortBy(listed.map((entry) => entry.account), (account) => account.id),
      policies: [],
      delegatedAdministrators: [],
    },
    gaps,
    notes,
  };
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
    const joined = string(input, entry, 'JoinedTimestamp', where);
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
      parentId: UNKNOWN_PARENT,
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

const COMMAND: Record<OrganizationExportKind, string> = {
  'describe-organization': 'aws organizations describe-organization',
  'list-accounts': 'aws organizations list-accounts',
  'list-roots': 'aws organizations list-roots',
};

function fail(input: OrganizationExportInput, message: string, hint = `pass the JSON output of \`${COMMAND[input.kind]}\``): never {
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
