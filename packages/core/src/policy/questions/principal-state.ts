import type { NormalizedStatement } from '../statements.js';
import type { EvaluationResult } from '../evaluate.js';
import { evaluateRequest } from '../evaluate.js';
import type { PrincipalInputs } from './inputs.js';
import type { AdminAnswer, GrantedService } from './types.js';

/** One principal's inputs and memoised answers. */
export interface PrincipalState {
  readonly inputs: PrincipalInputs;
  readonly results: Map<string, EvaluationResult>;
  readonly admin: Map<string, AdminAnswer>;
  services?: readonly GrantedService[];
  /** The statements of its identity policies that allow, and which services were asked about alone. */
  allowStatements?: readonly NormalizedStatement[];
  grants?: Map<string, boolean>;
}

/** Where a request's resource is unknown (NotResource statements). */
export const ANY_RESOURCE = undefined;

/** The evaluator's answer for one request of the principal, memoised per action and resource. */
export function evaluate(state: PrincipalState, action: string, resource: string | undefined): EvaluationResult {
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
