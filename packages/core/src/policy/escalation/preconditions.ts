import type { Model } from '../../model/model.js';
import type { EvaluationResult } from '../evaluate.js';
import { evaluateRequest } from '../evaluate.js';
import { identityPoliciesOf } from '../questions/inputs.js';
import type { AdminAnswer, EvaluatedPrincipal } from '../questions/types.js';
import type { Candidate, TargetNode, Targeted } from './graph.js';
import type { EscalationMethod, EscalationPrecondition, EscalationPrincipal } from './types.js';

const UNNAMED_ACTION = 'iamlint:unnamedaction';

/** A precondition not met (null), or met, perhaps only if data the snapshot lacks would confirm it. */
type PreconditionAnswer = { readonly conditional: boolean; readonly missing?: string } | null;
const MET: PreconditionAnswer = { conditional: false };

/** The facts of the snapshot a method needs besides the permissions (`EscalationPrecondition`), memoised. */
export class Preconditions {
  private readonly unbounded = new Map<string, EvaluationResult>();

  constructor(
    private readonly model: Model,
    private readonly admin: (principal: EvaluatedPrincipal) => AdminAnswer,
  ) {}

  /** Keeps the targets whose facts meet the method's precondition, carrying the answer's conditionality. */
  keepMet(method: EscalationMethod, targets: readonly Targeted[]): Candidate[] {
    const candidates: Candidate[] = [];
    for (const { node, candidate } of targets) {
      const met = this.check(method.precondition, node);
      if (met === null) continue;
      if (!met.conditional) candidates.push(candidate);
      else candidates.push({ ...candidate, conditional: true, ...(met.missing === undefined ? {} : { missing: met.missing }) });
    }
    return candidates;
  }

  private check(precondition: EscalationPrecondition | undefined, node: TargetNode): PreconditionAnswer {
    switch (precondition) {
      // A policy's versions are checked by the search, which knows who holds the policy.
      case undefined:
      case 'adminVersion':
        return MET;
      case 'targetIsAdmin': {
        const answer = this.admin(node);
        return answer.admin ? { conditional: answer.conditional } : null;
      }
      case 'targetAdminButForBoundary': {
        if ((node.kind !== 'User' && node.kind !== 'Role') || node.permissionsBoundary === null || this.admin(node).admin) return null;
        const unbounded = this.identityPoliciesGrantEverything(node);
        return unbounded.decision === 'allowed' ? { conditional: unbounded.conditional } : null;
      }
      // A snapshot without the credential report or the access keys imports every user as having none: unknown, not none.
      case 'noLoginProfile':
        if (node.kind !== 'User' || node.loginProfile !== null) return null;
        return this.assumedWithout('iam.credentialReport', node.accountId) ?? MET;
      case 'hasLoginProfile':
        if (node.kind !== 'User') return null;
        return node.loginProfile !== null ? MET : this.assumedWithout('iam.credentialReport', node.accountId);
      case 'freeAccessKeySlot':
        if (node.kind !== 'User' || node.accessKeys.length >= 2) return null;
        return this.assumedWithout('iam.accessKeys', node.accountId) ?? MET;
    }
  }

  /** A precondition taken as met, conditionally, because the account's section is not in the snapshot; null if it is. */
  private assumedWithout(section: 'iam.credentialReport' | 'iam.accessKeys', accountId: string): PreconditionAnswer {
    if (this.model.isCollected(section, accountId)) return null;
    const data = section === 'iam.credentialReport' ? 'credential report' : 'access key list';
    return { conditional: true, missing: `the snapshot has no ${data} for account ${accountId}` };
  }

  /**
   * Approximates "administrator but for its boundary": its identity policies alone allow an action that no policy
   * names on every resource, which only `Action: "*"` (or a NotAction) on `Resource: "*"` does. SCPs are left out
   * here; policies missing from the snapshot count as absent.
   */
  private identityPoliciesGrantEverything(node: EscalationPrincipal): EvaluationResult {
    let result = this.unbounded.get(node.id);
    if (!result) {
      const identityPolicies = identityPoliciesOf(this.model, node).flatMap((policy) =>
        policy.document === undefined ? [] : [{ id: policy.arn ?? policy.node?.id ?? policy.name, document: policy.document }],
      );
      result = evaluateRequest({ action: UNNAMED_ACTION, resource: '*', identityPolicies });
      this.unbounded.set(node.id, result);
    }
    return result;
  }
}
