import type { EscalationMethod, EscalationRequirement, EscalationResource } from '../types.js';

/** An action asked about the method's target. */
export const on = (action: string): EscalationRequirement => ({ action, resource: 'target' });
/** An action on a resource the attacker creates, whose ARN is not known: asked about any resource. */
export const anywhere = (action: string): EscalationRequirement => ({ action, resource: 'any' });
/** iam:PassRole, asked about the role handed to the service. */
export const passRole: EscalationRequirement = { action: 'iam:PassRole', resource: 'passedRole' };

/** The service prefix of an action, lower case: `iam:PassRole` → `iam`. */
export function serviceOf(action: string): string {
  return action.slice(0, action.indexOf(':')).toLowerCase();
}

/** The actions of a method's requirements on the kinds of resource `keep` accepts. */
export function actionsOf(method: EscalationMethod, keep: (resource: EscalationResource) => boolean): string[] {
  return method.requires.filter((requirement) => keep(requirement.resource)).map((requirement) => requirement.action);
}
