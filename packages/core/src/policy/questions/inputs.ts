import type { Model, PrincipalPolicy } from '../../model/model.js';
import type { IamPrincipalNode, PermissionSetNode } from '../../model/nodes.js';
import type { DecidingStatement, EvaluationContext, PolicyInput, RequestPrincipal } from '../evaluate.js';
import type { EvaluatedPrincipal } from './types.js';

/** The policies that govern one principal, ready for `evaluateRequest`, and names for explaining answers. */
export interface PrincipalInputs {
  readonly identityPolicies: readonly PolicyInput[];
  readonly permissionsBoundary: PolicyInput | undefined;
  readonly scps: OrganizationLevels;
  readonly rcps: OrganizationLevels;
  readonly managementAccount: boolean;
  readonly requestPrincipal: RequestPrincipal | undefined;
  readonly context: EvaluationContext;
  /** Account and partition used to build probe ARNs. */
  readonly accountId: string;
  readonly partition: string;
  /** Policy id → how a message names it. */
  readonly labels: ReadonlyMap<string, string>;
  /** Attached policies whose document is not in the snapshot; they are treated as absent. */
  readonly notInSnapshot: readonly string[];
  /** Policies that apply but cannot be read (customer managed references, missing boundaries). */
  readonly unknown: readonly string[];
  /** Synthetic stand-ins, left out when listing what a principal was granted. */
  readonly synthetic: ReadonlySet<string>;
}

export interface OrganizationLevels {
  readonly levels: ReadonlyArray<readonly PolicyInput[]>;
  readonly names: readonly string[];
}

const PLACEHOLDER_ACCOUNT = '000000000000';

/** AWS's managed administrator policy; a principal can hold it even when its document is not in the snapshot. */
export const ADMINISTRATOR_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

/** AdministratorAccess as AWS publishes it, for snapshots that attach it without carrying its document. */
export const ADMINISTRATOR_DOCUMENT = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** Stands in for a policy that applies but cannot be read: it may allow anything, so answers become conditional. */
const UNREADABLE_DOCUMENT = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'iamlint:PolicyDocumentKnown': 'true' } } }],
};

const NO_LEVELS: OrganizationLevels = { levels: [], names: [] };

/** Shared by the inputs of most principals, which hold no stand-in: never added to once made. */
const NONE_SYNTHETIC: ReadonlySet<string> = new Set();

/**
 * The longest any temporary credentials live: GetSessionToken and GetFederationToken sessions last up to 36 hours
 * (role sessions at most 12). A request made now carries an `aws:TokenIssueTime` no older than this.
 */
export const MAX_SESSION_DURATION_MS = 36 * 60 * 60 * 1000;

/** What is known of any request made now: the time, and when its credentials can have been issued. */
export interface RequestContexts {
  /** Users and groups: long-term access keys carry no aws:TokenIssueTime, sessions do. */
  readonly anyCredentials: EvaluationContext;
  /** Roles (and the roles permission sets become) act only with temporary credentials. */
  readonly temporaryCredentials: EvaluationContext;
}

export function requestContexts(now: Date): RequestContexts {
  const time = now.getTime();
  if (Number.isNaN(time)) return { anyCredentials: { partial: true }, temporaryCredentials: { partial: true } };
  const values = { 'aws:CurrentTime': now.toISOString(), 'aws:EpochTime': String(Math.floor(time / 1000)) };
  const issued = (mayBeAbsent: boolean) => ({ 'aws:TokenIssueTime': { earliest: time - MAX_SESSION_DURATION_MS, latest: time, mayBeAbsent } });
  return {
    anyCredentials: { partial: true, values, dateRanges: issued(true) },
    temporaryCredentials: { partial: true, values, dateRanges: issued(false) },
  };
}

/**
 * The identity policies of a principal. A user object that is not the model's own (the escalation search's user
 * after adding itself to a group) has the stored user's policies, then those of the groups only it names.
 */
export function identityPoliciesOf(model: Model, principal: IamPrincipalNode): PrincipalPolicy[] {
  if (principal.kind !== 'User') return model.policiesOf(principal);
  const storedUser = model.byId(principal.arn);
  if (storedUser === principal || storedUser?.kind !== 'User') return model.policiesOf(principal);
  const joined = principal.groups.filter((name) => !storedUser.groups.includes(name)).flatMap((name) => model.group(principal.accountId, name) ?? []);
  return [...model.policiesOf(storedUser), ...joined.flatMap((group) => model.policiesOf(group).map((policy) => ({ ...policy, via: group })))];
}

/** The policies that govern a principal; SCP and RCP levels are shared by an account's principals, hence passed in. */
export function principalInputs(model: Model, principal: EvaluatedPrincipal, contexts: RequestContexts, levelsFor: LevelsFor): PrincipalInputs {
  return principal.kind === 'PermissionSet' ? permissionSetInputs(model, principal, contexts) : iamPrincipalInputs(model, principal, contexts, levelsFor);
}

export type LevelsFor = (accountId: string, kind: 'Scp' | 'Rcp') => OrganizationLevels;

function iamPrincipalInputs(model: Model, principal: IamPrincipalNode, contexts: RequestContexts, levelsFor: LevelsFor): PrincipalInputs {
  const labels = new Map<string, string>();
  const notInSnapshot: string[] = [];
  const unknown: string[] = [];
  let synthetic: ReadonlySet<string> = NONE_SYNTHETIC;
  const identityPolicies: PolicyInput[] = [];
  for (const policy of identityPoliciesOf(model, principal)) {
    const id = policy.type === 'managed' ? (policy.arn as string) : (policy.node?.id ?? `${principal.id}#inline/${policy.name}`);
    labels.set(id, policy.name);
    if (policy.document !== undefined) identityPolicies.push({ id, document: policy.document });
    else if (ADMINISTRATOR_ACCESS.test(id)) identityPolicies.push({ id, document: ADMINISTRATOR_DOCUMENT });
    else notInSnapshot.push(id);
  }
  let permissionsBoundary: PolicyInput | undefined;
  const boundaryArn = principal.kind === 'Group' ? null : principal.permissionsBoundary;
  if (boundaryArn) {
    labels.set(boundaryArn, nameOfArn(boundaryArn));
    const document = model.managedPolicy(boundaryArn, principal.accountId)?.document;
    if (document !== undefined) permissionsBoundary = { id: boundaryArn, document };
    else {
      permissionsBoundary = { id: boundaryArn, document: UNREADABLE_DOCUMENT };
      unknown.push(`permissions boundary ${boundaryArn}`);
      synthetic = new Set([boundaryArn]);
    }
  }
  const scps = levelsFor(principal.accountId, 'Scp');
  const rcps = levelsFor(principal.accountId, 'Rcp');
  for (const node of model.all('Scp')) labels.set(node.id, node.name);
  for (const node of model.all('Rcp')) labels.set(node.id, node.name);
  return {
    identityPolicies,
    permissionsBoundary,
    scps,
    rcps,
    managementAccount: model.account(principal.accountId)?.isManagementAccount ?? false,
    requestPrincipal: { arn: principal.arn, accountId: principal.accountId },
    context: principal.kind === 'Role' ? contexts.temporaryCredentials : contexts.anyCredentials,
    accountId: principal.accountId,
    partition: partitionOf(principal.arn),
    labels,
    notInSnapshot,
    unknown,
    synthetic,
  };
}

// SCPs and RCPs are left out: they depend on the account the permission set is provisioned into.
function permissionSetInputs(model: Model, permissionSet: PermissionSetNode, contexts: RequestContexts): PrincipalInputs {
  const labels = new Map<string, string>();
  const notInSnapshot: string[] = [];
  const unknown: string[] = [];
  const synthetic = new Set<string>();
  const identityPolicies: PolicyInput[] = [];
  for (const arn of permissionSet.managedPolicies) {
    labels.set(arn, nameOfArn(arn));
    const document = model.managedPolicy(arn, PLACEHOLDER_ACCOUNT)?.document;
    if (document !== undefined) identityPolicies.push({ id: arn, document });
    else if (ADMINISTRATOR_ACCESS.test(arn)) identityPolicies.push({ id: arn, document: ADMINISTRATOR_DOCUMENT });
    else notInSnapshot.push(arn);
  }
  for (const inline of model.inlinePoliciesOf(permissionSet)) {
    labels.set(inline.id, 'inline policy');
    identityPolicies.push({ id: inline.id, document: inline.document });
  }
  // Customer managed policies are looked up by name in each account; the snapshot cannot say which version applies.
  for (const reference of permissionSet.customerManagedPolicies) {
    const id = `${permissionSet.arn}#customer-managed${reference.path}${reference.name}`;
    labels.set(id, reference.name);
    identityPolicies.push({ id, document: UNREADABLE_DOCUMENT });
    unknown.push(`customer managed policy ${reference.path}${reference.name}`);
    synthetic.add(id);
  }
  let permissionsBoundary: PolicyInput | undefined;
  const boundary = permissionSet.permissionsBoundary;
  if (boundary) {
    const arn = boundary.managedPolicyArn;
    const document = arn === undefined ? undefined : model.managedPolicy(arn, PLACEHOLDER_ACCOUNT)?.document;
    const id = arn ?? `${permissionSet.arn}#boundary${boundary.customerManagedPolicy?.path ?? '/'}${boundary.customerManagedPolicy?.name ?? ''}`;
    labels.set(id, arn === undefined ? (boundary.customerManagedPolicy?.name ?? 'boundary') : nameOfArn(arn));
    if (document !== undefined) permissionsBoundary = { id, document };
    else {
      permissionsBoundary = { id, document: UNREADABLE_DOCUMENT };
      unknown.push(`permissions boundary ${labels.get(id) ?? id}`);
      synthetic.add(id);
    }
  }
  return {
    identityPolicies,
    permissionsBoundary,
    scps: NO_LEVELS,
    rcps: NO_LEVELS,
    managementAccount: false,
    requestPrincipal: undefined,
    context: contexts.temporaryCredentials,
    accountId: PLACEHOLDER_ACCOUNT,
    partition: partitionOf(permissionSet.arn),
    labels,
    notInSnapshot,
    unknown,
    synthetic,
  };
}

/** The SCPs or RCPs at each level of an account's OU path: the root, each OU, then the account. */
export function organizationLevels(model: Model, accountId: string, kind: 'Scp' | 'Rcp'): OrganizationLevels {
  if (model.all(kind).length === 0 || !model.isCollected('organization.policies', null)) return NO_LEVELS;
  const levels: PolicyInput[][] = [];
  const names: string[] = [];
  for (const { target, policies } of model.organizationPolicyLevels(accountId, kind)) {
    // AWS keeps at least one policy on every target once the type is enabled: an empty level is unrecorded, not empty.
    if (policies.length === 0) continue;
    levels.push(policies.map((policy) => ({ id: policy.id, document: policy.document })));
    names.push(target === null ? 'the root' : target.kind === 'Account' ? `account ${target.name}` : `OU ${target.name}`);
  }
  return { levels, names };
}

/** How a message names the statement: the policy, and for SCPs and RCPs the level of the OU path it sits at. */
export function describeStatement(inputs: PrincipalInputs, statement: DecidingStatement): string {
  const label = labelOf(inputs, statement.policyId);
  switch (statement.source) {
    case 'scp':
      return `SCP ${label} at ${levelNameOf(inputs.scps, statement.policyId)}`;
    case 'rcp':
      return `RCP ${label} at ${levelNameOf(inputs.rcps, statement.policyId)}`;
    case 'permissionsBoundary':
      return `permissions boundary ${label}`;
    default:
      return statement.sid ? `policy ${label} (statement ${statement.sid})` : `policy ${label}`;
  }
}

function levelNameOf(levels: OrganizationLevels, policyId: string): string {
  const index = levels.levels.findIndex((level) => level.some((policy) => policy.id === policyId));
  return levels.names[index] ?? 'an OU level';
}

export function labelOf(inputs: PrincipalInputs, policyId: string): string {
  return inputs.labels.get(policyId) ?? policyId;
}

function partitionOf(arn: string): string {
  return /^arn:(aws[a-z-]*):/.exec(arn)?.[1] ?? 'aws';
}

function nameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}
