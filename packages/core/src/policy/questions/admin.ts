import { actionCatalog } from '../catalog.js';
import type { DecidingStatement, EvaluationResult } from '../evaluate.js';
import type { RecentBuckets } from '../../util/collections.js';
import { ADMINISTRATOR_DOCUMENT, describeStatement, labelOf, type PrincipalInputs } from './inputs.js';
import { InputAnswers } from './input-answers.js';
import { ANY_RESOURCE, evaluate, type AdminDefinition, type AdminEntry, type AdminMemo, type PrincipalState } from './principal-state.js';
import type { AdminAnswer, AdminOptions } from './types.js';

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

const iamUser = (p: string, a: string): string => `arn:${p}:iam::${a}:user/iamlint-probe`;

/**
 * Granting oneself every permission, whatever kind of principal holds the policy: writing or attaching a policy on
 * every user, and on every role (`iam:*`, `iam:*Policy*`, `iam:Put*`, `iam:Attach*` on `*`). One action of each
 * group suffices. A principal allowed this is an administrator by another name, provided what it would grant itself
 * then passes its boundary, SCPs and denies.
 */
const SELF_GRANT_PROBES: ReadonlyArray<readonly Probe[]> = [
  [
    { action: 'iam:PutUserPolicy', resource: iamUser },
    { action: 'iam:AttachUserPolicy', resource: iamUser },
  ],
  [
    { action: 'iam:PutRolePolicy', resource: iamRole },
    { action: 'iam:AttachRolePolicy', resource: iamRole },
  ],
];

/** The id of the policy a self-granting principal would give itself, for the answer "after granting". */
const SELF_GRANTED = 'iamlint:self-granted-administrator-access';

/** Admin answers kept for one principal state only: a policy version tried, or AdministratorAccess granted to itself. */
export class OwnAdminAnswers implements AdminMemo {
  private readonly entries = new Map<AdminDefinition, AdminEntry>();

  get(definition: AdminDefinition): AdminEntry | undefined {
    return this.entries.get(definition);
  }

  set(definition: AdminDefinition, entry: AdminEntry): void {
    this.entries.set(definition, entry);
  }
}

/** Marks an answer kept for each account: one of its probes on an ARN of the account depended on the resource. */
const PER_ACCOUNT = 'per account';

type SharedEntries = Map<AdminDefinition, AdminEntry | typeof PER_ACCOUNT>;

/**
 * Admin answers shared by principals whose inputs differ at most in their account and partition. The account and
 * partition enter the probes only through the ARNs of `probe.resource`, which are asked only once `*` is allowed: an
 * answer whose probes on such ARNs all ignored the resource (or that asked none) is what any other account would get,
 * since every request before the first one that depends on the resource is the same there. Such answers are kept with
 * the inputs' answers for every account; the others per account, and then every account's depends on it as well (each
 * reaches that same request).
 */
export class SharedAdminAnswers implements AdminMemo {
  private own: Map<AdminDefinition, AdminEntry> | undefined;
  private entries: SharedEntries | undefined;
  private key: string | undefined;

  constructor(
    private readonly store: RecentBuckets<string, Map<AdminDefinition, AdminEntry>>,
    private readonly answers: InputAnswers,
    private readonly inputs: PrincipalInputs,
  ) {}

  get(definition: AdminDefinition): AdminEntry | undefined {
    let entry = this.own?.get(definition);
    if (entry === undefined) {
      const shared = this.shared().get(definition);
      entry = shared === PER_ACCOUNT ? this.store.find(this.accountKey())?.get(definition) : shared;
      if (entry !== undefined) (this.own ??= new Map()).set(definition, entry);
    }
    return entry;
  }

  set(definition: AdminDefinition, entry: AdminEntry): void {
    (this.own ??= new Map()).set(definition, entry);
    if (!entry.dependsOnAccount) {
      this.shared().set(definition, entry);
      return;
    }
    this.shared().set(definition, PER_ACCOUNT);
    this.store.get(this.accountKey(), () => new Map()).set(definition, entry);
  }

  /** Kept with the inputs' answers, apart for each difference in what the answers name (see namedInAnswers). */
  private shared(): SharedEntries {
    if (this.entries === undefined) {
      const named = namedInAnswers(this.inputs);
      const byNamed = (this.answers.adminAnswers ??= new Map()) as Map<string, SharedEntries>;
      this.entries = byNamed.get(named);
      if (this.entries === undefined) byNamed.set(named, (this.entries = new Map()));
    }
    return this.entries;
  }

  private accountKey(): string {
    const { inputs } = this;
    this.key ??= `${this.answers.id}\u0004${namedInAnswers(inputs)}\u0004${inputs.partition}:${inputs.accountId}`;
    return this.key;
  }
}

/** What admin answers name that the key of the inputs leaves out: policies not in the snapshot or not readable, OU levels. */
function namedInAnswers(inputs: PrincipalInputs): string {
  return [inputs.notInSnapshot.join('\u0001'), inputs.unknown.join('\u0001'), inputs.scps.names.join('\u0001'), inputs.rcps.names.join('\u0001')].join('\u0004');
}

/** Whether an answer may stand for every account (see SharedAdminAnswers); set while its probes run. */
interface Probing {
  dependsOnAccount: boolean;
}

/** Whether the principal is an administrator by the definition asked for, memoised in its state. */
export function adminAnswer(state: PrincipalState, options: AdminOptions = {}): AdminAnswer {
  const definition = options.definition ?? 'all-services';
  const known = state.admin.get(definition);
  if (known) return known.answer;
  let allServices = state.admin.get('all-services');
  if (!allServices) {
    const probing: Probing = { dependsOnAccount: false };
    allServices = { answer: allServicesAnswer(state, probing), dependsOnAccount: probing.dependsOnAccount };
    state.admin.set('all-services', allServices);
  }
  if (definition === 'all-services') return allServices.answer;
  const probing: Probing = { dependsOnAccount: allServices.dependsOnAccount };
  const answer = iamWriteAnswer(state, allServices.answer, probing);
  state.admin.set(definition, { answer, dependsOnAccount: probing.dependsOnAccount });
  return answer;
}

interface ProbeOutcome {
  readonly probe: Probe;
  /** The failing or conditional evaluation, or the allow on `*`. */
  readonly result: EvaluationResult;
  readonly resource: string;
}

function runProbe(state: PrincipalState, probe: Probe, probing: Probing): ProbeOutcome {
  const onEverything = evaluate(state, probe.action, '*');
  if (onEverything.decision !== 'allowed' || !probe.resource) return { probe, result: onEverything, resource: '*' };
  const resource = probe.resource(state.inputs.partition, state.inputs.accountId);
  if (!state.answers.ignoresResource(probe.action)) probing.dependsOnAccount = true;
  const onTypical = evaluate(state, probe.action, resource);
  if (onTypical.decision !== 'allowed' || (onTypical.conditional && !onEverything.conditional)) {
    return { probe, result: onTypical, resource };
  }
  return { probe, result: onEverything, resource: '*' };
}

function allServicesAnswer(state: PrincipalState, probing: Probing): AdminAnswer {
  const direct = everyActionAnswer(state, probing);
  return direct.admin ? direct : (selfGrantAnswer(state, probing) ?? direct);
}

/** Every action on every resource, as the policies stand. The first refusal decides: the probes after it are not asked. */
function everyActionAnswer(state: PrincipalState, probing: Probing): AdminAnswer {
  const outcomes: ProbeOutcome[] = [];
  for (const probe of ALL_SERVICES_PROBES) {
    const outcome = runProbe(state, probe, probing);
    if (outcome.result.decision !== 'allowed') {
      return { admin: false, conditional: false, decidedBy: uniqueStatements(outcome.result.decidedBy), reason: explainRefusal(state, outcome) };
    }
    outcomes.push(outcome);
  }
  const conditional = outcomes.find((outcome) => outcome.result.conditional);
  return {
    admin: true,
    conditional: conditional !== undefined,
    decidedBy: uniqueStatements(outcomes.flatMap((outcome) => outcome.result.decidedBy)),
    ...(conditional ? { reason: explainConditional(state, conditional) } : {}),
  };
}

/**
 * An administrator by another name: allowed to write or attach policies on every user and role, and an administrator
 * once it has granted itself AdministratorAccess (its boundary, SCPs and explicit denies still apply then).
 */
function selfGrantAnswer(state: PrincipalState, probing: Probing): AdminAnswer | null {
  const grants: ProbeOutcome[] = [];
  for (const alternatives of SELF_GRANT_PROBES) {
    const grant = preferredGrant(alternatives.map((probe) => runProbe(state, probe, probing)));
    if (grant === undefined) return null;
    grants.push(grant);
  }
  const grantedInputs = { ...state.inputs, identityPolicies: [...state.inputs.identityPolicies, { id: SELF_GRANTED, document: ADMINISTRATOR_DOCUMENT }] };
  const granted: PrincipalState = {
    inputs: grantedInputs,
    answers: new InputAnswers(grantedInputs),
    admin: new OwnAdminAnswers(),
  };
  const after = everyActionAnswer(granted, probing);
  if (!after.admin) return null;
  const conditional = grants.find((outcome) => outcome.result.conditional);
  return {
    admin: true,
    conditional: conditional !== undefined || after.conditional,
    decidedBy: uniqueStatements(grants.flatMap((outcome) => outcome.result.decidedBy)),
    selfGrant: grants.map((outcome) => actionCatalog.action(outcome.probe.action)?.fullName ?? outcome.probe.action),
    ...(conditional ? { reason: explainConditional(state, conditional) } : after.reason === undefined ? {} : { reason: after.reason }),
  };
}

/** The first allowed outcome without conditions, else the first allowed one. */
function preferredGrant(outcomes: readonly ProbeOutcome[]): ProbeOutcome | undefined {
  const allowed = outcomes.filter((outcome) => outcome.result.decision === 'allowed');
  return allowed.find((outcome) => !outcome.result.conditional) ?? allowed[0];
}

function iamWriteAnswer(state: PrincipalState, allServices: AdminAnswer, probing: Probing): AdminAnswer {
  if (allServices.admin && !allServices.conditional) return allServices;
  const outcomes = IAM_WRITE_PROBES.map((probe) => runProbe(state, probe, probing));
  const grant = preferredGrant(outcomes);
  if (grant && !grant.result.conditional) return { admin: true, conditional: false, decidedBy: uniqueStatements(grant.result.decidedBy) };
  if (allServices.admin) return allServices;
  if (grant) {
    return { admin: true, conditional: true, decidedBy: uniqueStatements(grant.result.decidedBy), reason: explainConditional(state, grant) };
  }
  const firstRefusal = outcomes[0] as ProbeOutcome;
  return {
    admin: false,
    conditional: false,
    decidedBy: allServices.decidedBy,
    reason: `${allServices.reason ?? 'not an administrator'}; cannot write IAM: ${explainRefusal(state, firstRefusal)}`,
  };
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

function uniqueStatements(statements: readonly DecidingStatement[]): DecidingStatement[] {
  const seen = new Set<string>();
  return statements.filter((statement) => {
    const key = `${statement.source}|${statement.policyId}|${statement.statementIndex}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
