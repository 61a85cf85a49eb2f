import { wildcardMatch } from '../../util/glob.js';
import type { Model, PrincipalPolicy } from '../../model/model.js';
import type { IamPrincipalNode, PermissionSetNode, RoleNode } from '../../model/nodes.js';
import type { AccessLevel, ActionInfo } from '../catalog.js';
import { actionCatalog } from '../catalog.js';
import type { DecidingStatement, EvaluationContext, EvaluationResult, PolicyInput, RequestPrincipal } from '../evaluate.js';
import { evaluateRequest } from '../evaluate.js';
import type {
  AdminAnswer,
  AdminOptions,
  EvaluatedPrincipal,
  GrantedService,
  PolicyQuestions,
  RoleAssumer,
} from './types.js';
import type { NormalizedStatement } from '../statements.js';
import { normalizePolicy, statementCoversAction } from '../statements.js';
import { compare } from '../../util/compare.js';

/** The policies that govern one principal, ready for `evaluateRequest`, and names for explaining answers. */
interface PrincipalInputs {
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

interface OrganizationLevels {
  readonly levels: ReadonlyArray<readonly PolicyInput[]>;
  readonly names: readonly string[];
}

interface PrincipalState {
  readonly inputs: PrincipalInputs;
  readonly results: Map<string, EvaluationResult>;
  readonly admin: Map<string, AdminAnswer>;
  services?: readonly GrantedService[];
}

interface Probe {
  readonly action: string;
  /** A resource of the kind the action works on; a deny scoped to such resources stops the probe. */
  readonly resource?: (partition: string, accountId: string) => string;
}

const iamRole = (p: string, a: string): string => `arn:${p}:iam::${a}:role/iamlint-probe`;

/**
 * High-impact actions across services, and one AWS has not invented yet, so `*` is told apart from a long
 * list. No guardrail actions (leaving the organization, stopping CloudTrail): SCPs commonly deny those to
 * everyone, and an administrator under such guardrails is still an administrator.
 */
const ALL_SERVICES_PROBES: readonly Probe[] = [
  { action: 'iam:CreateUser', resource: (p, a) => `arn:${p}:iam::${a}:user/iamlint-probe` },
  { action: 'iam:AttachRolePolicy', resource: iamRole },
  { action: 'iam:PutRolePolicy', resource: iamRole },
  { action: 'sts:AssumeRole', resource: iamRole },
  { action: 's3:GetObject', resource: (p) => `arn:${p}:s3:::iamlint-probe/object` },
  { action: 's3:DeleteBucket', resource: (p) => `arn:${p}:s3:::iamlint-probe` },
  { action: 'ec2:RunInstances', resource: (p, a) => `arn:${p}:ec2:us-east-1:${a}:instance/i-0123456789abcdef0` },
  { action: 'kms:Decrypt', resource: (p, a) => `arn:${p}:kms:us-east-1:${a}:key/1234abcd-12ab-34cd-56ef-1234567890ab` },
  { action: 'lambda:CreateFunction', resource: (p, a) => `arn:${p}:lambda:us-east-1:${a}:function:iamlint-probe` },
  { action: 'secretsmanager:GetSecretValue', resource: (p, a) => `arn:${p}:secretsmanager:us-east-1:${a}:secret:iamlint-probe-AbCdEf` },
  { action: 'dynamodb:DeleteTable', resource: (p, a) => `arn:${p}:dynamodb:us-east-1:${a}:table/iamlint-probe` },
  { action: 'newservice:DoSomething', resource: (p, a) => `arn:${p}:newservice:us-east-1:${a}:thing/iamlint-probe` },
];

const IAM_WRITE_PROBES: readonly Probe[] = [
  { action: 'iam:PutUserPolicy', resource: (p, a) => `arn:${p}:iam::${a}:user/iamlint-probe` },
  { action: 'iam:AttachUserPolicy', resource: (p, a) => `arn:${p}:iam::${a}:user/iamlint-probe` },
  { action: 'iam:CreatePolicyVersion', resource: (p, a) => `arn:${p}:iam::${a}:policy/iamlint-probe` },
  { action: 'iam:PutRolePolicy', resource: iamRole },
  { action: 'iam:AttachRolePolicy', resource: iamRole },
  { action: 'iam:UpdateAssumeRolePolicy', resource: iamRole },
];

const ACCESS_LEVEL_ORDER: readonly AccessLevel[] = ['Permissions management', 'Write', 'Tagging', 'Read', 'List'];
/** After a level's first conditional grant, how many more actions to try for an unconditional one. */
const CONDITIONAL_SEARCH_LIMIT = 32;
const ASSUME_ACTIONS = ['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity'];
/** Where a request's resource is unknown (NotResource statements). */
const ANY_RESOURCE = undefined;
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

/**
 * The longest any temporary credentials live: GetSessionToken and GetFederationToken sessions last up to 36 hours
 * (role sessions at most 12). A request made now carries an `aws:TokenIssueTime` no older than this.
 */
export const MAX_SESSION_DURATION_MS = 36 * 60 * 60 * 1000;

export interface PolicyQuestionsOptions {
  /**
   * The time requests are made at, for `aws:CurrentTime`, `aws:EpochTime` and `aws:TokenIssueTime`; defaults to
   * the snapshot's collectedAt.
   */
  readonly now?: Date;
}

/** What is known of any request made now: the time, and when its credentials can have been issued. */
interface RequestContexts {
  /** Users and groups: long-term access keys carry no aws:TokenIssueTime, sessions do. */
  readonly anyCredentials: EvaluationContext;
  /** Roles (and the roles permission sets become) act only with temporary credentials. */
  readonly temporaryCredentials: EvaluationContext;
}

function requestContexts(now: Date): RequestContexts {
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

export function createPolicyQuestions(model: Model, options: PolicyQuestionsOptions = {}): PolicyQuestions {
  const contexts = requestContexts(options.now ?? model.collectedAt);
  const states = new Map<string, PrincipalState>();
  const assumers = new Map<string, readonly RoleAssumer[]>();
  const orgLevels = new Map<string, OrganizationLevels>();
  const mayAssume = new Map<string, readonly IamPrincipalNode[]>();

  function stateOf(principal: EvaluatedPrincipal): PrincipalState {
    let state = states.get(principal.id);
    if (!state) {
      state = { inputs: inputsOf(principal), results: new Map(), admin: new Map() };
      states.set(principal.id, state);
    }
    return state;
  }

  function levelsFor(accountId: string, kind: 'Scp' | 'Rcp'): OrganizationLevels {
    const key = `${kind}|${accountId}`;
    let levels = orgLevels.get(key);
    if (!levels) {
      levels = organizationLevels(model, accountId, kind);
      orgLevels.set(key, levels);
    }
    return levels;
  }

  function inputsOf(principal: EvaluatedPrincipal): PrincipalInputs {
    return principal.kind === 'PermissionSet' ? permissionSetInputs(principal) : iamPrincipalInputs(principal);
  }

  function iamPrincipalInputs(principal: IamPrincipalNode): PrincipalInputs {
    const labels = new Map<string, string>();
    const notInSnapshot: string[] = [];
    const unknown: string[] = [];
    const synthetic = new Set<string>();
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
        synthetic.add(boundaryArn);
      }
    }
    const scps = levelsFor(principal.accountId, 'Scp');
    const rcps = levelsFor(principal.accountId, 'Rcp');
    for (const node of [...model.all('Scp'), ...model.all('Rcp')]) labels.set(node.id, node.name);
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
  function permissionSetInputs(permissionSet: PermissionSetNode): PrincipalInputs {
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

  function evaluate(state: PrincipalState, action: string, resource: string | undefined): EvaluationResult {
    const lower = action.toLowerCase();
    const key = resource === undefined ? lower : `${lower} ${resource}`;
    let result = state.results.get(key);
    if (!result) {
      const { inputs } = state;
      result = evaluateRequest({
        action: lower,
        ...(resource === undefined ? {} : { resource }),
        ...(inputs.requestPrincipal ? { principal: inputs.requestPrincipal } : {}),
        context: inputs.context,
        identityPolicies: inputs.identityPolicies,
        ...(inputs.permissionsBoundary ? { permissionsBoundary: inputs.permissionsBoundary } : {}),
        scps: inputs.scps.levels,
        rcps: inputs.rcps.levels,
        managementAccount: inputs.managementAccount,
      });
      state.results.set(key, result);
    }
    return result;
  }

  function can(principal: EvaluatedPrincipal, action: string, resource?: string): EvaluationResult {
    return evaluate(stateOf(principal), action, resource);
  }

  interface ProbeOutcome {
    readonly probe: Probe;
    /** The failing or conditional evaluation, or the allow on `*`. */
    readonly result: EvaluationResult;
    readonly resource: string;
  }

  function runProbe(state: PrincipalState, probe: Probe): ProbeOutcome {
    const onEverything = evaluate(state, probe.action, '*');
    if (onEverything.decision !== 'allowed' || !probe.resource) return { probe, result: onEverything, resource: '*' };
    const resource = probe.resource(state.inputs.partition, state.inputs.accountId);
    const onTypical = evaluate(state, probe.action, resource);
    if (onTypical.decision !== 'allowed' || (onTypical.conditional && !onEverything.conditional)) {
      return { probe, result: onTypical, resource };
    }
    return { probe, result: onEverything, resource: '*' };
  }

  function allServicesAnswer(state: PrincipalState): AdminAnswer {
    const outcomes = ALL_SERVICES_PROBES.map((probe) => runProbe(state, probe));
    const failed = outcomes.find((outcome) => outcome.result.decision !== 'allowed');
    if (failed) {
      return { admin: false, conditional: false, decidedBy: uniqueStatements(failed.result.decidedBy), reason: explainRefusal(state, failed) };
    }
    const conditional = outcomes.find((outcome) => outcome.result.conditional);
    return {
      admin: true,
      conditional: conditional !== undefined,
      decidedBy: uniqueStatements(outcomes.flatMap((outcome) => outcome.result.decidedBy)),
      ...(conditional ? { reason: explainConditional(state, conditional) } : {}),
    };
  }

  function iamWriteAnswer(state: PrincipalState, allServices: AdminAnswer): AdminAnswer {
    if (allServices.admin && !allServices.conditional) return allServices;
    const outcomes = IAM_WRITE_PROBES.map((probe) => runProbe(state, probe));
    const allowed = outcomes.filter((outcome) => outcome.result.decision === 'allowed');
    const sure = allowed.find((outcome) => !outcome.result.conditional);
    if (sure) return { admin: true, conditional: false, decidedBy: uniqueStatements(sure.result.decidedBy) };
    if (allServices.admin) return allServices;
    const maybe = allowed[0];
    if (maybe) {
      return { admin: true, conditional: true, decidedBy: uniqueStatements(maybe.result.decidedBy), reason: explainConditional(state, maybe) };
    }
    const firstRefusal = outcomes[0] as ProbeOutcome;
    return {
      admin: false,
      conditional: false,
      decidedBy: allServices.decidedBy,
      reason: `${allServices.reason ?? 'not an administrator'}; cannot write IAM: ${explainRefusal(state, firstRefusal)}`,
    };
  }

  function isAdmin(principal: EvaluatedPrincipal, options: AdminOptions = {}): AdminAnswer {
    const definition = options.definition ?? 'all-services';
    const state = stateOf(principal);
    let answer = state.admin.get(definition);
    if (!answer) {
      let allServices = state.admin.get('all-services');
      if (!allServices) {
        allServices = allServicesAnswer(state);
        state.admin.set('all-services', allServices);
      }
      answer = definition === 'iam-write' ? iamWriteAnswer(state, allServices) : allServices;
      state.admin.set(definition, answer);
    }
    return answer;
  }

  function explainRefusal(state: PrincipalState, outcome: ProbeOutcome): string {
    const { inputs } = state;
    const { result } = outcome;
    const action = actionCatalog.action(outcome.probe.action)?.fullName ?? outcome.probe.action;
    if (result.decision === 'denied') {
      const by = result.decidedBy[0];
      return by ? `denied by ${describeStatement(inputs, by)}` : `${action} is denied`;
    }
    switch (result.missingAllow) {
      case 'scp':
        return `no SCP at ${inputs.scps.names[result.level ?? 0] ?? 'an OU level'} allows ${action}`;
      case 'rcp':
        return `no RCP at ${inputs.rcps.names[result.level ?? 0] ?? 'an OU level'} allows ${action}`;
      case 'permissionsBoundary':
        return `permissions boundary ${labelOf(inputs, inputs.permissionsBoundary?.id ?? '')} does not allow ${action}`;
      default: {
        const scoped = outcome.resource === '*' && evaluate(state, outcome.probe.action, ANY_RESOURCE).decision === 'allowed';
        let reason = scoped ? `no policy allows ${action} on every resource` : `no policy allows ${action}`;
        if (inputs.notInSnapshot.length > 0) reason += ` (not in the snapshot: ${inputs.notInSnapshot.join(', ')})`;
        return reason;
      }
    }
  }

  function explainConditional(state: PrincipalState, outcome: ProbeOutcome): string {
    const action = actionCatalog.action(outcome.probe.action)?.fullName ?? outcome.probe.action;
    const { unknown } = state.inputs;
    const tail = unknown.length > 0 ? ` (not readable in the snapshot: ${unknown.join(', ')})` : '';
    return `${action} is allowed only under conditions${tail}`;
  }

  function grantedServices(principal: EvaluatedPrincipal): readonly GrantedService[] {
    const state = stateOf(principal);
    if (state.services) return state.services;
    const statements = state.inputs.identityPolicies
      .filter((policy) => !state.inputs.synthetic.has(policy.id))
      .flatMap((policy) => normalizePolicy(policy.document).statements)
      .filter((statement) => statement.effect === 'Allow');
    const byService = new Map<string, NormalizedStatement[]>();
    for (const statement of statements) {
      for (const service of candidatesOf(statement).keys()) {
        const list = byService.get(service);
        if (list) list.push(statement);
        else byService.set(service, [statement]);
      }
    }
    const granted: GrantedService[] = [];
    for (const [service, serviceStatements] of byService) {
      const accessLevels: AccessLevel[] = [];
      let unconditional = false;
      for (const level of ACCESS_LEVEL_ORDER) {
        const found = searchLevel(state, serviceStatements, service, level);
        if (found === undefined) continue;
        accessLevels.push(level);
        if (found === 'allowed') unconditional = true;
      }
      if (accessLevels.length > 0) granted.push({ service, accessLevels, conditional: !unconditional });
    }
    granted.sort((a, b) => compare(a.service, b.service));
    state.services = granted;
    return granted;
  }

  function searchLevel(
    state: PrincipalState,
    statements: readonly NormalizedStatement[],
    service: string,
    level: AccessLevel,
  ): 'allowed' | 'conditional' | undefined {
    let conditionalFound = false;
    let budget = CONDITIONAL_SEARCH_LIMIT;
    for (const statement of statements) {
      const actions = candidatesOf(statement).get(service)?.get(level) ?? [];
      const resources = statement.resources ?? [ANY_RESOURCE];
      for (const action of actions) {
        for (const resource of resources) {
          const result = evaluate(state, action.fullName, resource);
          if (result.decision !== 'allowed') continue;
          if (!result.conditional) return 'allowed';
          conditionalFound = true;
        }
        if (conditionalFound && --budget <= 0) return 'conditional';
      }
    }
    return conditionalFound ? 'conditional' : undefined;
  }

  function whoCanAssume(role: RoleNode): readonly RoleAssumer[] {
    const cached = assumers.get(role.id);
    if (cached) return cached;
    const found = new AssumerList();
    const trust = normalizePolicy(role.trustPolicy);
    for (const statement of trust.statements) {
      if (statement.effect !== 'Allow' || !ASSUME_ACTIONS.some((action) => statementCoversAction(statement, action))) continue;
      const conditional = statement.conditions.length > 0;
      if (statement.notPrincipal !== undefined || statement.principal?.wildcard) {
        found.add('anyone', { kind: 'anyone', conditional });
      }
      const principal = statement.principal;
      if (!principal) continue;
      const trustsAws = statementCoversAction(statement, 'sts:assumerole');
      for (const value of trustsAws ? (principal.byType.get('AWS') ?? []) : []) {
        if (value !== '*') addAwsPrincipal(found, role, value, conditional);
      }
      for (const service of principal.byType.get('Service') ?? []) {
        found.add(`service|${service}`, { kind: 'service', service, conditional });
      }
      for (const provider of principal.byType.get('Federated') ?? []) {
        found.add(`federated|${provider}`, { kind: 'federated', provider, conditional });
      }
    }
    const list = found.list();
    assumers.set(role.id, list);
    return list;
  }

  function addAwsPrincipal(found: AssumerList, role: RoleNode, value: string, conditional: boolean): void {
    const account = accountOfPrincipalValue(value);
    if (account === undefined) return;
    if (account.root) {
      addAccount(found, account.id, conditional);
      for (const candidate of mayAssumeRoles(account.id)) {
        const result = can(candidate, 'sts:AssumeRole', role.arn);
        if (result.decision === 'allowed') {
          found.add(candidate.id, { kind: 'principal', principal: candidate, conditional: conditional || result.conditional });
        }
      }
      return;
    }
    const node = model.byId(value);
    if (node?.kind !== 'User' && node?.kind !== 'Role') {
      addAccount(found, account.id, conditional);
      return;
    }
    const result = can(node, 'sts:AssumeRole', role.arn);
    const sameAccount = node.accountId === role.accountId;
    // In its own account the trust policy grants a principal it names; SCPs and explicit denies still apply.
    const blocked = sameAccount
      ? result.decision === 'denied' || result.missingAllow === 'scp' || result.missingAllow === 'rcp'
      : result.decision !== 'allowed';
    if (blocked) return;
    const resultConditional = result.decision === 'allowed' && result.conditional;
    found.add(node.id, { kind: 'principal', principal: node, conditional: conditional || resultConditional });
  }

  /** The account's users and roles allowed sts:AssumeRole on some role: computed once, most principals are not. */
  function mayAssumeRoles(accountId: string): readonly IamPrincipalNode[] {
    let list = mayAssume.get(accountId);
    if (!list) {
      list = [...model.inAccount('User', accountId), ...model.inAccount('Role', accountId)].filter(
        (candidate) => can(candidate, 'sts:AssumeRole').decision === 'allowed',
      );
      mayAssume.set(accountId, list);
    }
    return list;
  }

  function addAccount(found: AssumerList, accountId: string, conditional: boolean): void {
    const inOrganization = model.account(accountId)?.organizationEntry != null;
    found.add(`account|${accountId}`, { kind: 'account', accountId, inOrganization, conditional });
  }

  return { can, isAdmin, grantedServices, whoCanAssume };
}

class AssumerList {
  private readonly byKey = new Map<string, RoleAssumer>();

  /** The same assumer through several statements: an unconditional grant wins. */
  add(key: string, assumer: RoleAssumer): void {
    const existing = this.byKey.get(key);
    if (!existing || (existing.conditional && !assumer.conditional)) this.byKey.set(key, assumer);
  }

  list(): readonly RoleAssumer[] {
    return [...this.byKey.values()];
  }
}

/** The SCPs or RCPs at each level of an account's OU path: the root, each OU, then the account. */
function organizationLevels(model: Model, accountId: string, kind: 'Scp' | 'Rcp'): OrganizationLevels {
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

function describeStatement(inputs: PrincipalInputs, statement: DecidingStatement): string {
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

function labelOf(inputs: PrincipalInputs, policyId: string): string {
  return inputs.labels.get(policyId) ?? policyId;
}

function uniqueStatements(statements: readonly DecidingStatement[]): DecidingStatement[] {
  const seen = new Set<string>();
  return statements.filter((statement) => {
    const key = `${statement.source}|${statement.policyId}|${statement.statementIndex}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type Candidates = ReadonlyMap<string, ReadonlyMap<AccessLevel, readonly ActionInfo[]>>;
const candidatesByStatement = new WeakMap<NormalizedStatement, Candidates>();

/** The catalogue's actions an Allow statement names, by service and access level; shared by every principal. */
function candidatesOf(statement: NormalizedStatement): Candidates {
  let candidates = candidatesByStatement.get(statement);
  if (candidates) return candidates;
  const grouped = new Map<string, Map<AccessLevel, ActionInfo[]>>();
  const add = (info: ActionInfo) => {
    let levels = grouped.get(info.service);
    if (!levels) grouped.set(info.service, (levels = new Map()));
    const list = levels.get(info.accessLevel);
    if (list) list.push(info);
    else levels.set(info.accessLevel, [info]);
  };
  if (statement.actions !== undefined && statement.notActions === undefined) {
    const seen = new Set<string>();
    for (const pattern of statement.actions) {
      for (const fullName of actionCatalog.expand(pattern)) {
        const info = actionCatalog.action(fullName);
        if (info && !seen.has(info.fullName)) {
          seen.add(info.fullName);
          add(info);
        }
      }
    }
  } else if (statement.notActions !== undefined && statement.actions === undefined) {
    const excluded = statement.notActions;
    for (const service of actionCatalog.services()) {
      for (const info of actionCatalog.actions(service)) {
        const lower = info.fullName.toLowerCase();
        if (!excluded.some((pattern) => wildcardMatch(pattern, lower))) add(info);
      }
    }
  }
  candidates = grouped;
  candidatesByStatement.set(statement, candidates);
  return candidates;
}

/** The account an AWS principal value names, and whether it names the whole account (`123…` or `:root`). */
function accountOfPrincipalValue(value: string): { id: string; root: boolean } | undefined {
  if (/^\d{12}$/.test(value)) return { id: value, root: true };
  const match = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):(.+)$/.exec(value);
  if (!match) return undefined;
  return { id: match[1] as string, root: match[2] === 'root' };
}

function partitionOf(arn: string): string {
  return /^arn:(aws[a-z-]*):/.exec(arn)?.[1] ?? 'aws';
}

function nameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}
