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
  /** What the principal's set of documents grants, shared with every principal that holds the same set. */
  documentSet?: unknown;
}

/** Where a request's resource is unknown (NotResource statements). */
export const ANY_RESOURCE = undefined;

/** The evaluator's answer for one request of the principal, memoised per action and resource. */
export function evaluate(state: PrincipalState, action: string, resource: string | undefined): EvaluationResult {
  return evaluateOnce(state.inputs, state.results, action, resource);
}

/** One request for these inputs, answered once per action and resource in `answers`. */
export function evaluateOnce(inputs: PrincipalInputs, answers: Map<string, EvaluationResult>, action: string, resource: string | undefined): EvaluationResult {
  const lower = action.toLowerCase();
  const key = resource === undefined ? lower : `${lower} ${resource}`;
  let result = answers.get(key);
  if (!result) {
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
    answers.set(key, result);
  }
  return result;
}
