import type { EscalationRequirement } from '../types.js';

/** An action asked about the method's target. */
export const on = (action: string): EscalationRequirement => ({ action, resource: 'target' });
/** An action on a resource the attacker creates, whose ARN is not known: asked about any resource. */
export const anywhere = (action: string): EscalationRequirement => ({ action, resource: 'any' });
/** iam:PassRole, asked about the role handed to the service. */
export const passRole: EscalationRequirement = { action: 'iam:PassRole', resource: 'passedRole' };
