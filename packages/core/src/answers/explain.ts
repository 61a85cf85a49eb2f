import { UsageError } from '../errors.js';
import type { AnyRule, Severity } from '../engine/rule.js';
import type { Finding, FindingResource, LintResult } from '../engine/runner.js';
import type { Model } from '../model/model.js';
import type { AnswerReason, Answerer, Verdict } from './answers.js';
import { createEscalationSearch, ESCALATION_METHODS, type EscalationPath } from '../policy/escalation/index.js';
import type { AdminOptions, RoleAssumer } from '../policy/questions/types.js';

export interface ExplainedPermission {
  readonly action: string;
  readonly resource: string | null;
  readonly verdict: Verdict;
  readonly because: string;
  readonly reasons: readonly AnswerReason[];
}

export interface ExplainedStep {
  readonly method: string;
  readonly title: string;
  /** `role JumpCloudDeveloper (311842569027)` */
  readonly principal: string;
  readonly to: string;
  readonly explanation: string;
  readonly conditional: boolean;
  /** Each action the method needs, asked of the acting principal. */
  readonly permissions: readonly ExplainedPermission[];
}

export interface Explanation {
  readonly finding: {
    readonly ruleId: string;
    readonly severity: Severity;
    readonly level: 'warn' | 'error';
    readonly message: string;
    readonly resource: FindingResource;
    readonly location: { readonly file: string; readonly line: number; readonly column: number; readonly pointer: string; readonly input?: true };
    readonly fingerprint: string;
  };
  readonly rule: { readonly description: string; readonly url: string | null; readonly why: string | null; readonly howToFix: readonly string[] };
  readonly escalation?: {
    readonly administrator: string;
    /** The identity policies that make the principal reached an administrator. */
    readonly administratorBy: readonly string[];
    readonly conditional: boolean;
    readonly steps: readonly ExplainedStep[];
  };
  /** For trust findings: who exactly can assume the role. */
  readonly assumers?: ReadonlyArray<{ readonly who: string; readonly conditional: boolean }>;
  readonly related: readonly FindingResource[];
}

const TRUST_RULES = /^(?:trust-|role-admin-external-trust$)/;

/** The one finding a fingerprint (or a unique prefix of one), or a rule id and a resource (ARN, id, name), names. */
export function findFinding(model: Model, result: LintResult, query: readonly string[]): Finding {
  const findings = [...result.findings, ...result.suppressed];
  if (query.length === 1) {
    const prefix = (query[0] as string).toLowerCase();
    if (!/^[0-9a-f]{6,32}$/.test(prefix)) {
      throw new UsageError('USAGE', `${query[0]} is not a finding fingerprint`, { hint: 'give a fingerprint (from --format json or html), or a rule id and a resource' });
    }
    const matches = findings.filter((finding) => finding.fingerprint.startsWith(prefix));
    if (matches.length === 1) return matches[0] as Finding;
    if (matches.length === 0) throw new UsageError('USAGE', `no finding has the fingerprint ${query[0]}`, { hint: 'run iamlint audit --format json to list the fingerprints' });
    throw new UsageError('USAGE', `${matches.length} findings have fingerprints starting ${query[0]}`, { hint: 'give more of the fingerprint' });
  }
  if (query.length !== 2) throw new UsageError('USAGE', 'explain takes a fingerprint, or a rule id and a resource', { hint: 'e.g. iamlint explain privilege-escalation JumpCloudDeveloper' });
  const [ruleId, resource] = query as [string, string];
  const ofRule = findings.filter((finding) => finding.ruleId === ruleId);
  if (ofRule.length === 0) throw new UsageError('USAGE', `no finding of rule ${ruleId}`, { hint: 'check the rule id (iamlint rules lists them)' });
  const matches = ofRule.filter((finding) => {
    const { id, name, accountId } = finding.resource;
    if (id === resource || name === resource) return true;
    if (accountId === null) return false;
    const account = model.account(accountId);
    return [accountId, account?.name, account?.alias].some((prefix) => prefix && `${prefix}/${name}` === resource);
  });
  if (matches.length === 1) return matches[0] as Finding;
  if (matches.length === 0) throw new UsageError('USAGE', `rule ${ruleId} has no finding on ${resource}`, { hint: 'name the resource by ARN, id, account/name or name' });
  throw new UsageError('USAGE', `rule ${ruleId} has ${matches.length} findings on ${resource}`, { hint: `give one fingerprint: ${matches.map((finding) => finding.fingerprint.slice(0, 12)).join(', ')}` });
}

/** The whole reasoning of a finding: where it is, why the rule matters, and the engine's answers behind it. */
export function explainFinding(answerer: Answerer, rules: ReadonlyMap<string, AnyRule>, finding: Finding, admin: AdminOptions = {}): Explanation {
  const { model, questions } = answerer;
  const located = model.locate(finding.location);
  const meta = rules.get(finding.ruleId)?.meta;
  const explanation: Explanation = {
    finding: {
      ruleId: finding.ruleId,
      severity: finding.severity,
      level: finding.level,
      message: finding.message,
      resource: finding.resource,
      location: { file: located.file, line: located.line, column: located.column, pointer: located.pointer, ...(located.input ? { input: located.input } : {}) },
      fingerprint: finding.fingerprint,
    },
    rule: {
      description: meta?.docs.description ?? '',
      url: meta?.docs.url ?? null,
      why: meta?.docs.why?.[0] ?? null,
      howToFix: firstFix(meta?.docs.howToFix ?? []),
    },
    related: finding.related.map((entry) => entry.resource),
  };
  const node = model.byId(finding.resource.id);
  if (finding.ruleId === 'privilege-escalation' && (node?.kind === 'User' || node?.kind === 'Role')) {
    const path = createEscalationSearch(model, questions, { admin }).escalationPathFrom(node);
    if (path) return { ...explanation, escalation: explainPath(answerer, path, admin) };
  }
  if (TRUST_RULES.test(finding.ruleId) && node?.kind === 'Role') {
    return { ...explanation, assumers: questions.whoCanAssume(node).map((assumer) => ({ who: describeAssumer(model, assumer), conditional: assumer.conditional })) };
  }
  return explanation;
}

/** The first paragraph of the how-to-fix, with the list that follows it. */
function firstFix(blocks: readonly string[]): string[] {
  const start = blocks.findIndex((block) => !block.startsWith('### '));
  if (start === -1) return [];
  const taken = [blocks[start] as string];
  for (const block of blocks.slice(start + 1)) {
    if (!/^(?:- |\d+\. )/.test(block)) break;
    taken.push(block);
  }
  return taken;
}

function explainPath(answerer: Answerer, path: EscalationPath, admin: AdminOptions): NonNullable<Explanation['escalation']> {
  const { model, questions } = answerer;
  const steps = path.steps.map((step): ExplainedStep => {
    const method = ESCALATION_METHODS.find((entry) => entry.id === step.method);
    const actor = model.byId(step.principal);
    const target = step.via[0];
    const permissions =
      method && (actor?.kind === 'User' || actor?.kind === 'Role')
        ? method.requires.map((requirement): ExplainedPermission => {
            const resource = requirement.resource === 'any' ? undefined : target;
            const answer = answerer.can(actor, requirement.action, resource);
            return { action: answer.action, resource: answer.resource, verdict: answer.verdict, because: answer.because, reasons: answer.reasons };
          })
        : [];
    return {
      method: step.method,
      title: method?.title ?? step.method,
      principal: label(model, step.principal),
      to: step.to === 'admin' ? 'administrator' : label(model, step.to),
      explanation: step.explanation,
      conditional: step.conditional,
      permissions,
    };
  });
  const reached = model.byId(path.to);
  const administratorBy =
    reached?.kind === 'User' || reached?.kind === 'Role'
      ? [
          ...new Set(
            questions
              .isAdmin(reached, admin)
              .decidedBy.filter((statement) => statement.source === 'identity' && statement.effect === 'Allow')
              .map((statement) => (isArn(statement.policyId) ? `managed policy ${statement.policyId.slice(statement.policyId.lastIndexOf('/') + 1)}` : `inline policy ${model.byId(statement.policyId)?.name ?? statement.policyId}`)),
          ),
        ]
      : [];
  return { administrator: path.to === 'admin' ? `${label(model, path.from.id)} itself` : label(model, path.to), administratorBy, conditional: path.conditional, steps };
}

function isArn(id: string): boolean {
  return /^arn:[^:]+:iam::(?:aws|\d{12}):policy\//.test(id);
}

function label(model: Model, id: string): string {
  const node = model.byId(id);
  if (!node) return id;
  const kind = node.kind === 'User' ? 'user' : node.kind === 'Role' ? 'role' : node.kind === 'Group' ? 'group' : node.kind;
  return node.accountId ? `${kind} ${node.name} (${node.accountId})` : `${kind} ${node.name}`;
}

function describeAssumer(model: Model, assumer: RoleAssumer): string {
  switch (assumer.kind) {
    case 'principal':
      return label(model, assumer.principal.id);
    case 'account':
      return `any principal of account ${assumer.accountId} its own policies allow (${assumer.inOrganization ? 'in the organization' : 'outside the organization'})`;
    case 'service':
      return `the service ${assumer.service}`;
    case 'federated':
      return `users federated through ${assumer.provider}`;
    default:
      return 'anyone';
  }
}
