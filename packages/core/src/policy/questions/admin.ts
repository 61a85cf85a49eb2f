import { actionCatalog } from '../catalog.js';
import type { DecidingStatement, EvaluationResult } from '../evaluate.js';
import { ADMINISTRATOR_DOCUMENT, describeStatement, labelOf } from './inputs.js';
import { InputAnswers } from './input-answers.js';
import { ANY_RESOURCE, evaluate, type PrincipalState } from './principal-state.js';
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

const PROBED_ACTIONS: readonly string[] = [...new Set([...ALL_SERVICES_PROBES, ...IAM_WRITE_PROBES, ...SELF_GRANT_PROBES.flat()].map((probe) => probe.action))];

/**
 * Whether the admin answers under these inputs are the same in every account and partition: each probe gets the same
 * answer whatever its resource, so the account and partition in the probes' ARNs play no part. Granting oneself
 * AdministratorAccess (Allow * on *) adds no statement that depends on the resource.
 */
export function adminIgnoresAccount(answers: InputAnswers): boolean {
  return PROBED_ACTIONS.every((action) => answers.ignoresResource(action));
}

/** Whether the principal is an administrator by the definition asked for, memoised in its state. */
export function adminAnswer(state: PrincipalState, options: AdminOptions = {}): AdminAnswer {
  const definition = options.definition ?? 'all-services';
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
  const direct = everyActionAnswer(state);
  return direct.admin ? direct : (selfGrantAnswer(state) ?? direct);
}

/** Every action on every resource, as the policies stand. */
function everyActionAnswer(state: PrincipalState): AdminAnswer {
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

/**
 * An administrator by another name: allowed to write or attach policies on every user and role, and an administrator
 * once it has granted itself AdministratorAccess (its boundary, SCPs and explicit denies still apply then).
 */
function selfGrantAnswer(state: PrincipalState): AdminAnswer | null {
  const grants: ProbeOutcome[] = [];
  for (const alternatives of SELF_GRANT_PROBES) {
    const allowed = alternatives.map((probe) => runProbe(state, probe)).filter((outcome) => outcome.result.decision === 'allowed');
    const grant = allowed.find((outcome) => !outcome.result.conditional) ?? allowed[0];
    if (grant === undefined) return null;
    grants.push(grant);
  }
  const grantedInputs = { ...state.inputs, identityPolicies: [...state.inputs.identityPolicies, { id: SELF_GRANTED, document: ADMINISTRATOR_DOCUMENT }] };
  const granted: PrincipalState = {
    inputs: grantedInputs,
    answers: new InputAnswers(grantedInputs),
    admin: new Map(),
  };
  const after = everyActionAnswer(granted);
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
