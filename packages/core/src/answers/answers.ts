import { UsageError } from '../errors.js';
import type { Model } from '../model/model.js';
import type { IamPrincipalNode, PermissionSetNode, RoleNode, UserNode } from '../model/nodes.js';
import { actionCatalog } from '../policy/catalog.js';
import type { ConditionContext } from '../policy/conditions.js';
import { evaluateCondition } from '../policy/conditions.js';
import type { DecidingStatement, EvaluationContext, EvaluationResult, PolicyInput } from '../policy/evaluate.js';
import { evaluateRequest } from '../policy/evaluate.js';
import { ADMINISTRATOR_ACCESS, ADMINISTRATOR_DOCUMENT, identityPoliciesOf, MAX_SESSION_DURATION_MS } from '../policy/questions/index.js';
import type { EvaluatedPrincipal, PolicyQuestions } from '../policy/questions/types.js';
import { normalizePolicy, statementCoversAction } from '../policy/statements.js';
import { contextView, type ContextValue } from '../policy/variables.js';

/** allowed; allowed only if open conditions hold; denied (explicitly or for want of an allow). */
export type Verdict = 'allowed' | 'conditional' | 'denied';

export interface AnswerPrincipal {
  readonly kind: 'User' | 'Role' | 'Group' | 'PermissionSet';
  readonly id: string;
  readonly name: string;
  /** For a permission set, the account it is provisioned into when the answer is about one. */
  readonly accountId: string | null;
}

export interface AnswerReason {
  readonly effect: 'Allow' | 'Deny';
  readonly source: DecidingStatement['source'] | 'trust';
  readonly policyId: string;
  /** How people name the policy: its name, `inline policy X`, `SCP X`. */
  readonly policy: string;
  readonly statementIndex: number;
  readonly sid: string | undefined;
  /** For SCPs and RCPs: the OU-path level it is attached at. */
  readonly level?: string;
  readonly conditional: boolean;
  /** The conditions the request context does not settle, as written (`Bool aws:MultiFactorAuthPresent true`). */
  readonly openConditions: readonly string[];
  /** Asked without a resource: the resources the statement is limited to (`NotResource` ones as `not …`). */
  readonly scopedTo?: readonly string[];
}

export interface CanAnswer {
  readonly principal: AnswerPrincipal;
  readonly action: string;
  readonly resource: string | null;
  readonly verdict: Verdict;
  /** One line: why the answer is what it is. */
  readonly because: string;
  /** The statements that decided: the allows of each policy type, or the denies. */
  readonly reasons: readonly AnswerReason[];
  /** Policies that apply but whose documents the snapshot lacks. */
  readonly notInSnapshot: readonly string[];
}

export interface AnswerOptions {
  /** Condition keys known about the request (`aws:SourceIp`, `aws:MultiFactorAuthPresent`…); others stay open. */
  readonly context?: Readonly<Record<string, ContextValue>>;
  /** The time requests are made at; defaults to the snapshot's collectedAt, as for the rules. */
  readonly now?: Date;
}

/** Built once per snapshot and options: the request context every answer shares. */
export interface Answerer {
  readonly model: Model;
  readonly questions: PolicyQuestions;
  can(principal: EvaluatedPrincipal, action: string, resource?: string, accountId?: string): CanAnswer;
}

const ASSUME_ACTIONS = new Set(['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity']);
const PLACEHOLDER_ACCOUNT = '000000000000';

/**
 * Answers "can this principal do this" with the policy evaluator the rules use (`evaluateRequest`, over the same
 * policies `PolicyQuestions` gathers), adding the request context the user knows, and explaining each deciding
 * statement by name. A permission set is evaluated as the role it becomes in one account, under that account's SCPs.
 */
export function createAnswerer(model: Model, questions: PolicyQuestions, options: AnswerOptions = {}): Answerer {
  const now = options.now ?? model.collectedAt;
  const time = now.getTime();
  const base: Record<string, ContextValue> = Number.isNaN(time) ? {} : { 'aws:CurrentTime': now.toISOString(), 'aws:EpochTime': String(Math.floor(time / 1000)) };
  const values = { ...base, ...(options.context ?? {}) };
  const tokenRange = (mayBeAbsent: boolean) => ({ 'aws:TokenIssueTime': { earliest: time - MAX_SESSION_DURATION_MS, latest: time, mayBeAbsent } });
  const contexts = {
    any: { partial: true, values, dateRanges: tokenRange(true) } satisfies EvaluationContext,
    temporary: { partial: true, values, dateRanges: tokenRange(false) } satisfies EvaluationContext,
  };

  function can(principal: EvaluatedPrincipal, action: string, resource?: string, accountId?: string): CanAnswer {
    const lower = action.toLowerCase();
    const inputs = principal.kind === 'PermissionSet' ? permissionSetInputs(model, principal, accountId) : principalInputs(model, principal);
    const context = principal.kind === 'Role' || principal.kind === 'PermissionSet' ? contexts.temporary : contexts.any;
    const result = evaluateRequest({
      action: lower,
      ...(resource === undefined ? {} : { resource }),
      ...(inputs.requestPrincipal ? { principal: inputs.requestPrincipal } : {}),
      context,
      identityPolicies: inputs.identityPolicies,
      ...(inputs.permissionsBoundary ? { permissionsBoundary: inputs.permissionsBoundary } : {}),
      scps: inputs.scps.map((level) => level.policies),
      rcps: inputs.rcps.map((level) => level.policies),
      managementAccount: inputs.managementAccount,
    });
    const conditionContext = conditionContextOf(context);
    // The same SCP attached at several levels decides once per level, in level order.
    const occurrences = new Map<string, number>();
    const reasons = uniqueReasons(
      result.decidedBy.map((statement) => {
        const key = `${statement.source}|${statement.policyId}|${statement.statementIndex}`;
        const occurrence = occurrences.get(key) ?? 0;
        occurrences.set(key, occurrence + 1);
        return explainStatement(model, inputs, statement, conditionContext, occurrence, resource !== undefined);
      }),
    );
    const who: AnswerPrincipal = {
      kind: principal.kind,
      id: principal.id,
      name: principal.name,
      accountId: principal.kind === 'PermissionSet' ? (accountId ?? null) : principal.accountId,
    };
    const answer: CanAnswer = {
      principal: who,
      action: actionCatalog.action(lower)?.fullName ?? action,
      resource: resource ?? null,
      verdict: verdictOf(result),
      because: because(result, reasons, inputs),
      reasons,
      notInSnapshot: inputs.notInSnapshot,
    };
    const role = resource === undefined ? undefined : model.byId(resource);
    if (ASSUME_ACTIONS.has(lower) && role?.kind === 'Role' && principal.kind !== 'PermissionSet' && principal.kind !== 'Group') {
      return withTrust(answer, role, principal);
    }
    return answer;
  }

  /** Assuming a role also takes its trust policy: the same judgement `whoCanAssume` (and so the escalation search) makes. */
  function withTrust(answer: CanAnswer, role: RoleNode, principal: UserNode | RoleNode): CanAnswer {
    const assumers = questions.whoCanAssume(role);
    const trusted = assumers.find((assumer) => assumer.kind === 'principal' && assumer.principal.id === principal.id);
    const trustReasons = trustStatements(role, principal);
    if (!trusted) {
      return {
        ...answer,
        verdict: 'denied',
        because: answer.verdict === 'denied' ? answer.because : `the trust policy of role ${role.name} does not let ${principal.name} assume it`,
        reasons: [...answer.reasons, ...trustReasons],
      };
    }
    // whoCanAssume has weighed both sides: the trust policy, and the principal's own allow (needed across accounts).
    const identityReasons = answer.verdict === 'denied' ? [] : answer.reasons;
    return {
      ...answer,
      verdict: trusted.conditional ? 'conditional' : 'allowed',
      because: `${answer.verdict === 'denied' ? `the trust policy of role ${role.name} names ${principal.name}, which needs no allow of its own in the role's account` : `${answer.because}; the trust policy of role ${role.name} lets it in`}${trusted.conditional ? ', under conditions' : ''}`,
      reasons: [...identityReasons, ...trustReasons],
    };
  }

  /** The trust policy's statements that let the principal in: naming it, its account, or anyone. */
  function trustStatements(role: RoleNode, principal: UserNode | RoleNode): AnswerReason[] {
    const trust = normalizePolicy(role.trustPolicy);
    const context = conditionContextOf(principal.kind === 'Role' ? contexts.temporary : contexts.any);
    const names = new Set([principal.arn, principal.accountId, `arn:${partitionOf(principal.arn)}:iam::${principal.accountId}:root`]);
    return trust.statements
      .filter(
        (statement) =>
          statement.effect === 'Allow' &&
          statementCoversAction(statement, 'sts:assumerole') &&
          (statement.principal?.wildcard === true || (statement.principal?.byType.get('AWS') ?? []).some((value) => names.has(value))),
      )
      .map((statement) => {
        const open = openConditions(statement.conditions, context, trust.variablesEnabled);
        return {
          effect: 'Allow' as const,
          source: 'trust' as const,
          policyId: `${role.arn}#trust`,
          policy: `trust policy of role ${role.name}`,
          statementIndex: statement.index,
          sid: statement.sid,
          conditional: open.length > 0,
          openConditions: open,
        };
      });
  }

  return { model, questions, can };
}

/** What the evaluator knows of a request, for telling which of a statement's conditions it left open. */
function conditionContextOf(context: EvaluationContext): ConditionContext {
  const view = contextView(context);
  const ranges = new Map(Object.entries(context.dateRanges ?? {}).map(([key, range]) => [key.toLowerCase(), range]));
  return { partial: view.partial, get: (key) => view.get(key), dateRange: (key) => ranges.get(key) };
}

interface Level {
  readonly name: string;
  readonly policies: readonly PolicyInput[];
}

interface Inputs {
  readonly identityPolicies: readonly PolicyInput[];
  readonly permissionsBoundary: PolicyInput | undefined;
  readonly scps: readonly Level[];
  readonly rcps: readonly Level[];
  readonly managementAccount: boolean;
  readonly requestPrincipal: { arn: string; accountId: string } | undefined;
  readonly labels: ReadonlyMap<string, string>;
  readonly notInSnapshot: readonly string[];
}

function principalInputs(model: Model, principal: IamPrincipalNode): Inputs {
  const labels = new Map<string, string>();
  const identityPolicies: PolicyInput[] = [];
  const notInSnapshot: string[] = [];
  for (const policy of identityPoliciesOf(model, principal)) {
    const id = policy.type === 'managed' ? (policy.arn as string) : (policy.node?.id ?? `${principal.id}#inline/${policy.name}`);
    const via = policy.via ? ` (via group ${policy.via.name})` : '';
    labels.set(id, `${policy.type === 'managed' ? 'managed policy' : 'inline policy'} ${policy.name}${via}`);
    if (policy.document !== undefined) identityPolicies.push({ id, document: policy.document });
    else if (ADMINISTRATOR_ACCESS.test(id)) identityPolicies.push({ id, document: ADMINISTRATOR_DOCUMENT });
    else notInSnapshot.push(id);
  }
  let permissionsBoundary: PolicyInput | undefined;
  const boundaryArn = principal.kind === 'Group' ? null : principal.permissionsBoundary;
  if (boundaryArn) {
    labels.set(boundaryArn, `permissions boundary ${nameOfArn(boundaryArn)}`);
    const document = model.managedPolicy(boundaryArn, principal.accountId)?.document;
    if (document !== undefined) permissionsBoundary = { id: boundaryArn, document };
    else notInSnapshot.push(boundaryArn);
  }
  return {
    identityPolicies,
    permissionsBoundary,
    scps: organizationLevels(model, principal.accountId, 'Scp', labels),
    rcps: organizationLevels(model, principal.accountId, 'Rcp', labels),
    managementAccount: model.account(principal.accountId)?.isManagementAccount ?? false,
    requestPrincipal: { arn: principal.arn, accountId: principal.accountId },
    labels,
    notInSnapshot,
  };
}

function permissionSetInputs(model: Model, permissionSet: PermissionSetNode, accountId: string | undefined): Inputs {
  const labels = new Map<string, string>();
  const identityPolicies: PolicyInput[] = [];
  const notInSnapshot: string[] = [];
  const lookupAccount = accountId ?? PLACEHOLDER_ACCOUNT;
  for (const arn of permissionSet.managedPolicies) {
    labels.set(arn, `managed policy ${nameOfArn(arn)}`);
    const document = model.managedPolicy(arn, lookupAccount)?.document;
    if (document !== undefined) identityPolicies.push({ id: arn, document });
    else if (ADMINISTRATOR_ACCESS.test(arn)) identityPolicies.push({ id: arn, document: ADMINISTRATOR_DOCUMENT });
    else notInSnapshot.push(arn);
  }
  for (const inline of model.inlinePoliciesOf(permissionSet)) {
    labels.set(inline.id, `inline policy of permission set ${permissionSet.name}`);
    identityPolicies.push({ id: inline.id, document: inline.document });
  }
  for (const reference of permissionSet.customerManagedPolicies) notInSnapshot.push(`customer managed policy ${reference.path}${reference.name}`);
  const boundaryArn = permissionSet.permissionsBoundary?.managedPolicyArn;
  const boundaryDocument = boundaryArn === undefined ? undefined : model.managedPolicy(boundaryArn, lookupAccount)?.document;
  if (boundaryArn !== undefined) labels.set(boundaryArn, `permissions boundary ${nameOfArn(boundaryArn)}`);
  if (permissionSet.permissionsBoundary && boundaryDocument === undefined) notInSnapshot.push('permissions boundary of the permission set');
  return {
    identityPolicies,
    permissionsBoundary: boundaryArn !== undefined && boundaryDocument !== undefined ? { id: boundaryArn, document: boundaryDocument } : undefined,
    scps: accountId === undefined ? [] : organizationLevels(model, accountId, 'Scp', labels),
    rcps: accountId === undefined ? [] : organizationLevels(model, accountId, 'Rcp', labels),
    managementAccount: accountId !== undefined && (model.account(accountId)?.isManagementAccount ?? false),
    requestPrincipal: undefined,
    labels,
    notInSnapshot,
  };
}

/** As the policy questions read them: levels without a recorded policy are left out (AWS always keeps one). */
function organizationLevels(model: Model, accountId: string, kind: 'Scp' | 'Rcp', labels: Map<string, string>): Level[] {
  if (model.all(kind).length === 0 || !model.isCollected('organization.policies', null)) return [];
  const levels: Level[] = [];
  for (const { target, policies } of model.organizationPolicyLevels(accountId, kind)) {
    if (policies.length === 0) continue;
    for (const policy of policies) labels.set(policy.id, `${kind === 'Scp' ? 'SCP' : 'RCP'} ${policy.name}`);
    const name = target === null ? 'the root' : target.kind === 'Account' ? `account ${target.name}` : `OU ${target.name}`;
    levels.push({ name, policies: policies.map((policy) => ({ id: policy.id, document: policy.document })) });
  }
  return levels;
}

function explainStatement(
  model: Model,
  inputs: Inputs,
  statement: DecidingStatement,
  context: ConditionContext,
  occurrence: number,
  resourceGiven: boolean,
): AnswerReason {
  const levels = statement.source === 'scp' ? inputs.scps : statement.source === 'rcp' ? inputs.rcps : [];
  const level = levels.filter((entry) => entry.policies.some((policy) => policy.id === statement.policyId))[occurrence];
  const document = documentOf(inputs, level, statement.policyId);
  const normalized = normalizePolicy(document);
  const written = normalized.statements[statement.statementIndex];
  const conditions = statement.conditional ? (written?.conditions ?? []) : [];
  const scopedTo =
    statement.conditional && !resourceGiven && written
      ? (written.resources?.filter((pattern) => pattern !== '*') ?? written.notResources?.map((pattern) => `not ${pattern}`) ?? [])
      : [];
  return {
    effect: statement.effect,
    source: statement.source,
    policyId: statement.policyId,
    policy: inputs.labels.get(statement.policyId) ?? model.byId(statement.policyId)?.name ?? statement.policyId,
    statementIndex: statement.statementIndex,
    sid: statement.sid,
    ...(level ? { level: level.name } : {}),
    conditional: statement.conditional,
    openConditions: openConditions(conditions, context, normalized.variablesEnabled),
    ...(scopedTo.length > 0 ? { scopedTo } : {}),
  };
}

function documentOf(inputs: Inputs, level: Level | undefined, policyId: string): unknown {
  const candidates = [...(level?.policies ?? []), ...inputs.identityPolicies, ...(inputs.permissionsBoundary ? [inputs.permissionsBoundary] : [])];
  return candidates.find((policy) => policy.id === policyId)?.document;
}

function openConditions(
  conditions: ReadonlyArray<Parameters<typeof evaluateCondition>[0] & { operatorName: string; key: string }>,
  context: ConditionContext,
  variables: boolean,
): string[] {
  return conditions
    .filter((condition) => evaluateCondition(condition, context, variables) === 'unknown')
    .map((condition) => `${condition.operatorName} ${condition.key} ${condition.values.length === 1 ? (condition.values[0] as string) : `[${condition.values.join(', ')}]`}`);
}

function uniqueReasons(reasons: readonly AnswerReason[]): AnswerReason[] {
  const seen = new Set<string>();
  return reasons.filter((reason) => {
    const key = `${reason.source}|${reason.policyId}|${reason.statementIndex}|${reason.level ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function verdictOf(result: EvaluationResult): Verdict {
  if (result.decision !== 'allowed') return 'denied';
  return result.conditional ? 'conditional' : 'allowed';
}

function because(result: EvaluationResult, reasons: readonly AnswerReason[], inputs: Inputs): string {
  const named = (reason: AnswerReason) => `${reason.policy}${reason.sid ? ` (statement ${reason.sid})` : ` (statement ${reason.statementIndex})`}${reason.level ? ` at ${reason.level}` : ''}`;
  if (result.decision === 'denied') return `explicitly denied by ${reasons.filter((reason) => reason.effect === 'Deny').map(named).join(', ')}`;
  if (result.decision === 'implicitDeny') {
    const missing = inputs.notInSnapshot.length > 0 ? ` (not in the snapshot: ${inputs.notInSnapshot.join(', ')})` : '';
    switch (result.missingAllow) {
      case 'scp':
        return `no SCP at ${inputs.scps[result.level ?? 0]?.name ?? 'an OU level'} allows it`;
      case 'rcp':
        return `no RCP at ${inputs.rcps[result.level ?? 0]?.name ?? 'an OU level'} allows it`;
      case 'permissionsBoundary':
        return `the ${inputs.labels.get(inputs.permissionsBoundary?.id ?? '') ?? 'permissions boundary'} does not allow it`;
      default:
        return `no identity policy allows it${missing}`;
    }
  }
  const allows = reasons.filter((reason) => reason.effect === 'Allow' && (reason.source === 'identity' || reason.source === 'resource'));
  const text = `allowed by ${allows.map(named).join(', ') || 'its policies'}`;
  if (!result.conditional) return text;
  const open = [...new Set(reasons.flatMap((reason) => reason.openConditions))];
  const scoped = [...new Set(reasons.flatMap((reason) => reason.scopedTo ?? []))];
  const denies = reasons.filter((reason) => reason.effect === 'Deny');
  const parts = [];
  if (open.length > 0) parts.push(`only if ${open.join(' and ')}`);
  if (scoped.length > 0) parts.push(`only on ${scoped.join(', ')} (ask with --resource for one)`);
  if (denies.length > 0) parts.push(`unless ${denies.map(named).join(', ')} applies`);
  return `${text}, ${parts.join(', ') || 'only under conditions the snapshot cannot settle'}`;
}

function partitionOf(arn: string): string {
  return /^arn:(aws[a-z-]*):/.exec(arn)?.[1] ?? 'aws';
}

function nameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** A principal named by ARN, `account/name` (account id or name) or a unique name: users, roles, groups, permission sets. */
export function resolvePrincipal(model: Model, text: string): EvaluatedPrincipal {
  const candidates: EvaluatedPrincipal[] = [...model.all('User'), ...model.all('Role'), ...model.all('Group'), ...model.all('PermissionSet')];
  const byId = model.byId(text);
  if (byId && (byId.kind === 'User' || byId.kind === 'Role' || byId.kind === 'Group' || byId.kind === 'PermissionSet')) return byId;
  if (text.startsWith('arn:')) {
    throw new UsageError('USAGE', `no user, role, group or permission set ${text} in the snapshot`, { hint: 'check the ARN, or name it as account/name' });
  }
  const slash = text.indexOf('/');
  let matches: EvaluatedPrincipal[];
  if (slash > 0) {
    const accountText = text.slice(0, slash);
    const name = text.slice(slash + 1);
    const account = model.accounts.find((entry) => entry.accountId === accountText || entry.name === accountText || entry.alias === accountText);
    if (!account) throw new UsageError('USAGE', `no account ${accountText} in the snapshot`, { hint: 'name the account by its 12-digit id or its name' });
    matches = candidates.filter((candidate) => candidate.kind !== 'PermissionSet' && candidate.accountId === account.accountId && candidate.name === name);
  } else {
    matches = candidates.filter((candidate) => candidate.name === text);
  }
  if (matches.length === 1) return matches[0] as EvaluatedPrincipal;
  if (matches.length === 0) {
    throw new UsageError('USAGE', `no user, role, group or permission set named ${text} in the snapshot`, { hint: 'name it by ARN, account/name or a unique name' });
  }
  const listed = matches.slice(0, 5).map((match) => match.id).join(', ');
  throw new UsageError('USAGE', `${text} is ambiguous: ${matches.length} principals have that name (${listed}${matches.length > 5 ? ', …' : ''})`, {
    hint: 'name it by ARN or as account/name',
  });
}

/** A real action (`service:Action`, case-insensitive), as the IAM action catalogue lists it. */
export function resolveAction(text: string): string {
  const info = actionCatalog.action(text);
  if (info) return info.fullName;
  if (!/^[A-Za-z0-9-]+:[A-Za-z0-9]+$/.test(text)) {
    throw new UsageError('USAGE', `${text} is not an action`, { hint: 'write it as service:Action, e.g. s3:GetObject; wildcards are not questions' });
  }
  const service = text.slice(0, text.indexOf(':')).toLowerCase();
  throw new UsageError('USAGE', actionCatalog.hasService(service) ? `${service} has no action ${text.slice(service.length + 1)}` : `no AWS service has the prefix ${service}`, {
    hint: 'see the Service Authorization Reference for the action names',
  });
}

/** `key=value` pairs into a request context; a key given twice holds both values. */
export function parseContextPairs(pairs: readonly string[]): Record<string, ContextValue> {
  const context: Record<string, string[]> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError('USAGE', `--context ${pair} is not key=value`, { hint: 'e.g. --context aws:MultiFactorAuthPresent=true' });
    const key = pair.slice(0, eq);
    (context[key] ??= []).push(pair.slice(eq + 1));
  }
  return Object.fromEntries(Object.entries(context).map(([key, values]) => [key, values.length === 1 ? (values[0] as string) : values]));
}

