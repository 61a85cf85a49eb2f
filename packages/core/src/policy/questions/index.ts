import type { Model } from '../../model/model.js';
import type { EvaluationResult } from '../evaluate.js';
import { adminAnswer, adminIgnoresAccount } from './admin.js';
import { Assumers } from './assumers.js';
import { organizationLevels, principalInputs, requestContexts, type OrganizationLevels, type PrincipalInputs } from './inputs.js';
import { evaluate, type PrincipalState } from './principal-state.js';
import { InputAnswers, InputKeys } from './input-answers.js';
import { GrantedServicesBySet } from './services.js';
import { RecentBuckets } from '../../util/collections.js';
import type { AdminAnswer, AdminOptions, EvaluatedPrincipal, PolicyQuestions } from './types.js';

export { ADMINISTRATOR_ACCESS, ADMINISTRATOR_DOCUMENT, identityPoliciesOf, MAX_SESSION_DURATION_MS } from './inputs.js';

/** How many accounts' answers are kept at once: the one at hand and the hubs every account trusts or asks about. */
export const ACCOUNTS_KEPT = 16;

/**
 * How many distinct sets of inputs keep their answers: those every account holds (AWS managed policies only), which
 * stay recent, and those of the last few dozen accounts.
 */
export const INPUT_SETS_KEPT = 1024;

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
  const adminBySet = new RecentBuckets<string, Map<string, AdminAnswer>>(INPUT_SETS_KEPT);
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
    const account = states.get(principal.accountId ?? '', () => new Map());
    let state = account.get(principal.id);
    if (!state) {
      const inputs = principalInputs(model, principal, contexts, levelsFor);
      const key = inputKeys.of(inputs);
      const answers = answersBySet.get(key, () => new InputAnswers(inputs));
      const admin = adminBySet.get(adminKeyOf(key, inputs, answers), () => new Map());
      state = { inputs, answers, admin };
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
      state = { inputs: versionInputs, answers: new InputAnswers(versionInputs), admin: new Map() };
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

/**
 * Admin answers also name the policies not in the snapshot or not readable and the OU levels, which the input key
 * leaves out, and probe ARNs of the account and partition unless no probe's answer depends on its resource.
 */
function adminKeyOf(inputKey: string, inputs: PrincipalInputs, answers: InputAnswers): string {
  const where = adminIgnoresAccount(answers) ? '' : `${inputs.partition}:${inputs.accountId}`;
  return [inputKey, inputs.notInSnapshot.join('\u0001'), inputs.unknown.join('\u0001'), inputs.scps.names.join('\u0001'), inputs.rcps.names.join('\u0001'), where].join(
    '\u0004',
  );
}
