import type { Model } from '../../model/model.js';
import type { EvaluationResult } from '../evaluate.js';
import { adminAnswer } from './admin.js';
import { Assumers } from './assumers.js';
import { organizationLevels, principalInputs, requestContexts, type OrganizationLevels } from './inputs.js';
import { evaluate, type PrincipalState } from './principal-state.js';
import { grantedServicesOf, grantsIn } from './services.js';
import type { AdminOptions, EvaluatedPrincipal, PolicyQuestions } from './types.js';

export { ADMINISTRATOR_ACCESS, ADMINISTRATOR_DOCUMENT, identityPoliciesOf, MAX_SESSION_DURATION_MS } from './inputs.js';

export interface PolicyQuestionsOptions {
  /**
   * The time requests are made at, for `aws:CurrentTime`, `aws:EpochTime` and `aws:TokenIssueTime`; defaults to
   * the snapshot's collectedAt.
   */
  readonly now?: Date;
}

/**
 * The questions rules ask about effective permissions, over one model. Each principal's inputs (its policies, boundary,
 * SCP and RCP levels) are gathered once, and every answer is memoised with them; the answers themselves come from
 * admin.ts (admin probes), services.ts (granted services) and assumers.ts (trust policies).
 */
export function createPolicyQuestions(model: Model, options: PolicyQuestionsOptions = {}): PolicyQuestions {
  const contexts = requestContexts(options.now ?? model.collectedAt);
  const states = new Map<string, PrincipalState>();
  const orgLevels = new Map<string, OrganizationLevels>();

  const levelsFor = (accountId: string, kind: 'Scp' | 'Rcp'): OrganizationLevels => {
    const key = `${kind}|${accountId}`;
    let levels = orgLevels.get(key);
    if (!levels) {
      levels = organizationLevels(model, accountId, kind);
      orgLevels.set(key, levels);
    }
    return levels;
  };

  const stateOf = (principal: EvaluatedPrincipal): PrincipalState => {
    let state = states.get(principal.id);
    if (!state) {
      state = { inputs: principalInputs(model, principal, contexts, levelsFor), results: new Map(), admin: new Map() };
      states.set(principal.id, state);
    }
    return state;
  };

  const can = (principal: EvaluatedPrincipal, action: string, resource?: string): EvaluationResult => evaluate(stateOf(principal), action, resource);
  // Keyed by principal, policy and document identity: a search asks about each stored version of each held policy once.
  const versionStates = new Map<string, WeakMap<object, PrincipalState>>();
  const withVersion = (principal: EvaluatedPrincipal, policyArn: string, document: unknown): PrincipalState => {
    const { inputs } = stateOf(principal);
    const key = `${principal.id}|${policyArn}`;
    let byDocument = versionStates.get(key);
    if (!byDocument) versionStates.set(key, (byDocument = new WeakMap()));
    const handle = typeof document === 'object' && document !== null ? document : { document };
    let state = byDocument.get(handle);
    if (!state) {
      const identityPolicies = inputs.identityPolicies.map((policy) => (policy.id === policyArn ? { id: policy.id, document } : policy));
      state = { inputs: { ...inputs, identityPolicies }, results: new Map(), admin: new Map() };
      byDocument.set(handle, state);
    }
    return state;
  };
  const assumers = new Assumers(model, can);
  return {
    can,
    isAdmin: (principal: EvaluatedPrincipal, adminOptions?: AdminOptions) => adminAnswer(stateOf(principal), adminOptions),
    isAdminWithPolicyVersion: (principal, policyArn, document, adminOptions) => adminAnswer(withVersion(principal, policyArn, document), adminOptions),
    grantedServices: (principal) => grantedServicesOf(stateOf(principal)),
    grantsIn: (principal, service) => grantsIn(stateOf(principal), service),
    whoCanAssume: (role) => assumers.of(role),
  };
}
