import type { Model } from '../../model/model.js';
import type { PolicyQuestions } from '../questions/types.js';
import { actsOnlyAsService, Search } from './search.js';
import type { EscalationOptions, EscalationPath, EscalationPrincipal, EscalationSearch } from './types.js';

export { ESCALATION_METHODS } from './methods/index.js';
export type * from './types.js';

/**
 * Searches the principal graph for privilege escalation. A step counts only when `can` answers `allowed` for each
 * required action, so permissions boundaries, SCPs and RCPs are respected as the questions apply them; allowed
 * only under conditions keeps the step, marked conditional. `namedActions` first rules out methods with an action
 * no Allow statement of the principal's identity policies covers. Answers are memoised for the search's lifetime.
 */
export function createEscalationSearch(model: Model, questions: PolicyQuestions, options: EscalationOptions = {}): EscalationSearch {
  const search = new Search(model, questions, options);
  return {
    escalationPathFrom: (principal) => search.pathFrom(principal),
    findEscalationPaths: () => search.allPaths(),
    startsNoPath: (principal) => principal.kind === 'Role' && actsOnlyAsService(principal, questions),
    canAssume: (principal, role) => search.canAssume(principal, role),
  };
}

export function findEscalationPaths(model: Model, questions: PolicyQuestions, options?: EscalationOptions): EscalationPath[] {
  return createEscalationSearch(model, questions, options).findEscalationPaths();
}

export function escalationPathFrom(
  model: Model,
  questions: PolicyQuestions,
  principal: EscalationPrincipal,
  options?: EscalationOptions,
): EscalationPath | null {
  return createEscalationSearch(model, questions, options).escalationPathFrom(principal);
}
