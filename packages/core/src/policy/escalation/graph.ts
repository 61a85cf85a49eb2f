import type { GroupNode, PermissionSetNode, RoleNode, UserNode } from '../../model/nodes.js';
import type { EscalationMethod, EscalationPath, EscalationPrincipal, EscalationStep } from './types.js';

/** A step one principal can take; its message is written only if it ends up on a reported path. */
export interface Edge {
  readonly method: EscalationMethod;
  readonly actor: EscalationPrincipal;
  readonly target: Candidate;
  readonly conditional: boolean;
}

export interface Candidate {
  readonly resource: string;
  readonly via: readonly string[];
  readonly label: string;
  readonly next: EscalationPrincipal | null;
  readonly conditional: boolean;
  /** The data the precondition needs and the snapshot lacks, as a message names it. */
  readonly missing?: string;
}

export type TargetNode = UserNode | RoleNode | GroupNode | PermissionSetNode;

/** A target, and the node whose facts decide a method's precondition about it. */
export interface Targeted {
  readonly node: TargetNode;
  readonly candidate: Candidate;
}

/** A user after joining a group (the search's own object) → the user as the model holds it. */
const storedUsers = new WeakMap<UserNode, UserNode>();

/** Records that a search principal (a user after joining a group) stands for a user of the model. */
export function standsFor(member: UserNode, user: UserNode): void {
  storedUsers.set(member, user);
}

/** The model's principal a search principal stands for: a user that joined a group is still that user. */
export function identityOf(principal: EscalationPrincipal): EscalationPrincipal {
  return (principal.kind === 'User' && storedUsers.get(principal)) || principal;
}

export interface Visit {
  readonly node: EscalationPrincipal;
  readonly parent: Visit | null;
  readonly edge: Edge | null;
  readonly conditional: boolean;
}

export interface Ending {
  readonly visit: Visit;
  readonly edge: Edge;
  readonly to: string;
  readonly conditional: boolean;
}

export function simple(resource: string, label: string, next: EscalationPrincipal | null): Candidate {
  return { resource, via: [resource], label, next, conditional: false };
}

/** Of two endings in one layer, the first, unless only the second needs no condition. */
export function better(current: Ending | null, candidate: Ending): Ending {
  if (!current || (current.conditional && !candidate.conditional)) return candidate;
  return current;
}

export function toPath(from: EscalationPrincipal, ending: Ending): EscalationPath {
  const steps: EscalationStep[] = [toStep(ending.edge)];
  for (let visit: Visit | null = ending.visit; visit?.edge; visit = visit.parent) steps.unshift(toStep(visit.edge));
  return { from, steps, to: ending.to, conditional: ending.conditional };
}

function toStep({ method, actor, target, conditional }: Edge): EscalationStep {
  const template = target.missing !== undefined && method.explanationWithoutData !== undefined ? method.explanationWithoutData : method.explanation;
  return {
    method: method.id,
    principal: identityOf(actor).id,
    via: target.via,
    to: target.next ? identityOf(target.next).id : 'admin',
    explanation: template
      .replaceAll('{principal}', describe(actor))
      .replaceAll('{target}', target.label)
      .replaceAll('{missing}', target.missing ?? ''),
    conditional,
  };
}

export function describe(node: EscalationPrincipal | GroupNode): string {
  return `${node.kind.toLowerCase()} ${node.name}`;
}
