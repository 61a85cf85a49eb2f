import type { Model } from '../../model/model.js';
import type { EvaluationResult } from '../evaluate.js';
import { adminAnswer, OwnAdminAnswers, SharedAdminAnswers } from './admin.js';
import { Assumers } from './assumers.js';
import { organizationLevels, principalInputs, requestContexts, type OrganizationLevels } from './inputs.js';
import { evaluate, type AdminDefinition, type AdminEntry, type PrincipalState } from './principal-state.js';
import { InputAnswers, InputKeys } from './input-answers.js';
import { GrantedServicesBySet } from './services.js';
import { RecentBuckets } from '../../util/collections.js';
import type { AdminOptions, EvaluatedPrincipal, PolicyQuestions } from './types.js';

export { ADMINISTRATOR_ACCESS, ADMINISTRATOR_DOCUMENT, identityPoliciesOf, MAX_SESSION_DURATION_MS } from './inputs.js';

/** How many accounts' answers are kept at once: the one at hand and the hubs every account trusts or asks about. */
export const ACCOUNTS_KEPT = 16;

/**
 * How many distinct sets of inputs keep their answers: those every account holds (AWS managed policies only), which
 * stay recent, and those of the last few dozen accounts.
 */
export const INPUT_SETS_KEPT = 1024;

// Hoisted: an arrow written at the call would be a new closure on every question.
const newStateMap = (): Map<string, PrincipalState> => new Map();

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
  // Principals are asked about account by account; only recent accounts' states are kept (see RecentBuckets).
  const states = new RecentBuckets<string, Map<string, PrincipalState>>(ACCOUNTS_KEPT);
  const inputKeys = new InputKeys();
  // Answers depend on the inputs alone, not on whose they are: the StackSet roles of every account share theirs.
  const answersBySet = new RecentBuckets<string, InputAnswers>(INPUT_SETS_KEPT);
  const adminBySet = new RecentBuckets<string, Map<AdminDefinition, AdminEntry>>(INPUT_SETS_KEPT);
  // By account id alone: a key built of kind and id would be a new string to hash on every principal.
  const orgLevels = { Scp: new Map<string, OrganizationLevels>(), Rcp: new Map<string, OrganizationLevels>() };

  const levelsFor = (accountId: string, kind: 'Scp' | 'Rcp'): OrganizationLevels => {
    const byAccount = orgLevels[kind];
    let levels = byAccount.get(accountId);
    if (!levels) {
      levels = organizationLevels(model, accountId, kind);
      byAccount.set(accountId, levels);
    }
    return levels;
  };

  const stateOf = (principal: EvaluatedPrincipal): PrincipalState => {
    const account = states.get(principal.accountId ?? '', newStateMap);
    let state = account.get(principal.id);
    if (!state) {
      const inputs = principalInputs(model, principal, contexts, levelsFor);
      const key = inputKeys.of(inputs);
      const answers = answersBySet.find(key) ?? answersBySet.get(key, () => new InputAnswers(inputs));
      state = { inputs, answers, admin: new SharedAdminAnswers(adminBySet, answers, inputs) };
      account.set(principal.id, state);
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
      const versionInputs = { ...inputs, identityPolicies };
      state = { inputs: versionInputs, answers: new InputAnswers(versionInputs), admin: new OwnAdminAnswers() };
      byDocument.set(handle, state);
    }
    return state;
  };
  const assumers = new Assumers(model, can);
  const granted = new GrantedServicesBySet();
  return {
    can,
    isAdmin: (principal: EvaluatedPrincipal, adminOptions?: AdminOptions) => adminAnswer(stateOf(principal), adminOptions),
    isAdminWithPolicyVersion: (principal, policyArn, document, adminOptions) => adminAnswer(withVersion(principal, policyArn, document), adminOptions),
    grantedServices: (principal, among) => granted.of(stateOf(principal), among),
    grantedServiceNames: (principal, among) => granted.names(stateOf(principal), among),
    namedActions: (principal, among) => granted.namedActions(stateOf(principal), among),
    whoCanAssume: (role) => assumers.of(role),
  };
}
