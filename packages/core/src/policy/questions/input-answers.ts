import type { CoveringStatements, EvaluationResult, PolicyInput, RequestPolicies } from '../evaluate.js';
import { answerIgnoresResource, coveringStatements, evaluateFor } from '../evaluate.js';
import { normalizePolicy } from '../statements.js';
import type { PrincipalInputs } from './inputs.js';

/**
 * Answers about given resources kept per set of inputs. A set shared by every account (AWS managed policies only) is
 * asked about the roles and users of each in turn: past this many, the older are let go and computed again if asked.
 */
const RESOURCE_ANSWERS_KEPT = 10_000;

let nextId = 0;

interface ActionAnswers {
  /** No statement that may cover the action depends on the resource: one answer serves every resource. */
  readonly ignoresResource: boolean;
  /** The statements that may cover the action, kept until its one answer is known, or while it is asked resource by resource. */
  covering: CoveringStatements | undefined;
  anyResource?: EvaluationResult;
  byResource?: Map<string | undefined, EvaluationResult>;
}

/**
 * The evaluator's answers for one set of inputs, each request answered once. An action whose statements name no
 * resource but `*` is answered once for every resource: the escalation search asks the same action of every role and
 * user of an account.
 */
export class InputAnswers {
  /** Stands for the inputs in keys: shorter than their key, and shared by the principals that share this object. */
  readonly id = nextId++;
  private readonly policies: RequestPolicies;
  private readonly byAction = new Map<string, ActionAnswers>();
  private resourceAnswers = 0;
  /** What the inputs grant, service by service (see services.ts): the same for every principal that shares them. */
  grantedServices: unknown;
  /** Admin answers that hold in every account (see admin.ts). */
  adminAnswers: unknown;

  constructor(inputs: PrincipalInputs) {
    this.policies = requestPolicies(inputs);
  }

  /** Whether every request for the action gets the same answer, whatever its resource. */
  ignoresResource(action: string): boolean {
    return this.answersTo(action.toLowerCase()).ignoresResource;
  }

  answer(action: string, resource: string | undefined): EvaluationResult {
    const lower = action.toLowerCase();
    const answers = this.answersTo(lower);
    if (answers.ignoresResource) {
      if (!answers.anyResource) {
        answers.anyResource = evaluateFor(this.policies, lower, resource, answers.covering);
        answers.covering = undefined;
      }
      return answers.anyResource;
    }
    answers.byResource ??= new Map();
    let result = answers.byResource.get(resource);
    if (!result) {
      result = evaluateFor(this.policies, lower, resource, answers.covering);
      if (++this.resourceAnswers > RESOURCE_ANSWERS_KEPT) this.forgetResourceAnswers();
      answers.byResource.set(resource, result);
    }
    return result;
  }

  private answersTo(lower: string): ActionAnswers {
    let answers = this.byAction.get(lower);
    if (!answers) {
      const covering = coveringStatements(this.policies, lower);
      answers = { ignoresResource: answerIgnoresResource(covering), covering };
      this.byAction.set(lower, answers);
    }
    return answers;
  }

  private forgetResourceAnswers(): void {
    for (const answers of this.byAction.values()) answers.byResource?.clear();
    this.resourceAnswers = 1;
  }
}

/** What the evaluator needs of a principal's inputs. */
export function requestPolicies(inputs: PrincipalInputs): RequestPolicies {
  return {
    principal: inputs.requestPrincipal,
    context: inputs.context,
    identityPolicies: inputs.identityPolicies,
    permissionsBoundary: inputs.permissionsBoundary,
    scps: inputs.scps.levels,
    rcps: inputs.rcps.levels,
    managementAccount: inputs.managementAccount,
  };
}

/**
 * Keys of inputs that get the same answers: the same policies (id and document) in the same places, the same
 * request context, and the same principal where an RCP matches on principals. Principals of an account that hold the
 * same policies (the StackSet roles, the users of one group) share one `InputAnswers`.
 */
export class InputKeys {
  private readonly ids = new IdentityIds();

  of(inputs: PrincipalInputs): string {
    const policies = (list: readonly PolicyInput[]) => list.map((policy) => `${policy.id}\u0000${this.ids.of(policy.document)}`).join('\u0001');
    const levels = (list: ReadonlyArray<readonly PolicyInput[]>) => list.map(policies).join('\u0002');
    const rcps = inputs.rcps.levels.flat();
    const principal = rcps.some((policy) => namesPrincipals(policy.document)) ? JSON.stringify(inputs.requestPrincipal ?? null) : '';
    return [
      policies(inputs.identityPolicies),
      inputs.permissionsBoundary ? policies([inputs.permissionsBoundary]) : '',
      levels(inputs.scps.levels),
      levels(inputs.rcps.levels),
      inputs.managementAccount ? 'm' : '',
      this.ids.of(inputs.context),
      principal,
    ].join('\u0003');
  }

}

/** Short ids for keys: objects (parsed documents, contexts) by identity, texts by content, anything else as JSON. */
export class IdentityIds {
  private readonly objects = new WeakMap<object, number>();
  private readonly texts = new Map<string, number>();
  private next = 0;

  of(value: unknown): number | string {
    if (typeof value === 'object' && value !== null) {
      let id = this.objects.get(value);
      if (id === undefined) this.objects.set(value, (id = this.next++));
      return id;
    }
    if (typeof value === 'string') {
      let id = this.texts.get(value);
      if (id === undefined) this.texts.set(value, (id = this.next++));
      return `t${id}`;
    }
    return JSON.stringify(value) ?? 'undefined';
  }
}

/** Whether a statement of the document matches on the principal, which makes answers differ between principals. */
export function namesPrincipals(document: unknown): boolean {
  return normalizePolicy(document).statements.some((statement) => statement.principal !== undefined || statement.notPrincipal !== undefined);
}
