import type { EvaluationResult } from '../evaluate.js';
import type { PrincipalInputs } from './inputs.js';
import type { InputAnswers } from './input-answers.js';
import type { AdminAnswer, AdminOptions, GrantedService } from './types.js';

/** One principal's inputs and memoised answers. */
export interface PrincipalState {
  readonly inputs: PrincipalInputs;
  /** The evaluator's answers, shared with the principals of the account that hold the same inputs. */
  readonly answers: InputAnswers;
  readonly admin: AdminMemo;
  services?: readonly GrantedService[];
}

export type AdminDefinition = NonNullable<AdminOptions['definition']>;

/** An admin answer, and whether a probe on one of the account's own resources got an answer that depends on it. */
export interface AdminEntry {
  readonly answer: AdminAnswer;
  readonly dependsOnAccount: boolean;
}

/** Where a principal's admin answers are kept, by definition (see admin.ts). */
export interface AdminMemo {
  get(definition: AdminDefinition): AdminEntry | undefined;
  set(definition: AdminDefinition, entry: AdminEntry): void;
}

/** Where a request's resource is unknown (NotResource statements). */
export const ANY_RESOURCE = undefined;

/** The evaluator's answer for one request of the principal, memoised per action and resource. */
export function evaluate(state: PrincipalState, action: string, resource: string | undefined): EvaluationResult {
  return state.answers.answer(action, resource);
}
