import type { Model } from '../../model/model.js';
import { isAwsManagedPolicyArn } from '../../model/model.js';
import type { GroupNode, PermissionSetNode, RoleNode, UserNode } from '../../model/nodes.js';
import type { EvaluationResult } from '../evaluate.js';
import { evaluateRequest } from '../evaluate.js';
import { identityPoliciesOf } from '../questions/index.js';
import type { AdminAnswer, AdminOptions, EvaluatedPrincipal, PolicyQuestions } from '../questions/types.js';
import { push } from '../../util/collections.js';

/**
 * Which resource a required action is asked about: the method's target, any resource (the thing is created by the
 * attacker, so its ARN is not known), or the role handed to a service.
 */
export type EscalationResource = 'target' | 'any' | 'passedRole';

export interface EscalationRequirement {
  readonly action: string;
  readonly resource: EscalationResource;
}

/**
 * What a method acts on, always in the acting principal's own account (IAM and the compute services cannot act on
 * another account's roles or users):
 * - `self`: the acting user;
 * - `group`: for `admin`, the acting user's groups; for `principal`, a group the user is not in, which it joins;
 * - `role`: for `admin`, the acting role itself or a role the principal can assume; for `principal`, another role;
 *   for `role`, a role that trusts the method's service;
 * - `user`: another user of the account;
 * - `policy`: a customer managed policy attached to the principal, its groups or a role it can assume;
 * - `permissionSet` / `identityCenter`: a permission set or an Identity Center instance administered from the
 *   principal's account.
 */
export type EscalationTarget = 'self' | 'user' | 'group' | 'role' | 'policy' | 'permissionSet' | 'identityCenter';

/**
 * `admin`: the principal (or a role it can assume) ends up an administrator; `principal`: the principal gains the
 * target's identity (or, for a group, becomes a member with its permissions); `role`: a service runs the attacker's
 * code as the target role.
 */
export type EscalationYield = 'admin' | 'role' | 'principal';

/** Facts of the snapshot a method needs besides the permissions. */
export type EscalationPrecondition =
  | 'targetIsAdmin'
  | 'targetAdminButForBoundary'
  | 'noLoginProfile'
  | 'hasLoginProfile'
  | 'freeAccessKeySlot';

export interface EscalationMethod {
  readonly id: string;
  readonly title: string;
  readonly requires: readonly EscalationRequirement[];
  readonly target: EscalationTarget;
  readonly yields: EscalationYield;
  /** For `passedRole`: the service principal the role must trust. */
  readonly service?: string;
  readonly precondition?: EscalationPrecondition;
  /** The snapshot cannot show that the method works (it holds no list of the resources involved): always conditional. */
  readonly speculative?: boolean;
  /** A message with `{principal}` and `{target}` placeholders. */
  readonly explanation: string;
  /**
   * The message when the snapshot lacks the data the precondition is about, so the step is only assumed to work;
   * `{missing}` names that data.
   */
  readonly explanationWithoutData?: string;
}

const on = (action: string): EscalationRequirement => ({ action, resource: 'target' });
const anywhere = (action: string): EscalationRequirement => ({ action, resource: 'any' });
const passRole: EscalationRequirement = { action: 'iam:PassRole', resource: 'passedRole' };

const ASSUME_ROLE_METHOD_ID = 'sts-assume-role';
const UNNAMED_ACTION = 'iamlint:unnamedaction';

/** Known privilege escalation methods (Rhino Security Labs' list, as also used by PMapper and Cloudsplaining). */
const ASSUME_ROLE_METHOD: EscalationMethod = {
  id: ASSUME_ROLE_METHOD_ID,
  title: 'Assume a role',
  requires: [on('sts:AssumeRole')],
  target: 'role',
  yields: 'principal',
  explanation: '{principal} can assume {target}',
};

export const ESCALATION_METHODS: readonly EscalationMethod[] = [
  ASSUME_ROLE_METHOD,
  {
    id: 'iam-create-policy-version',
    title: 'Create a new version of a policy it holds',
    requires: [on('iam:CreatePolicyVersion')],
    target: 'policy',
    yields: 'admin',
    explanation: '{principal} can create a new default version of {target} that grants every permission (iam:CreatePolicyVersion with --set-as-default)',
  },
  {
    id: 'iam-set-default-policy-version',
    title: 'Set the default version of a policy it holds',
    requires: [on('iam:SetDefaultPolicyVersion')],
    target: 'policy',
    yields: 'admin',
    speculative: true,
    explanation: '{principal} can make another version of {target} the default, which escalates if a non-default version grants more (the snapshot holds only the default version)',
  },
  {
    id: 'iam-attach-user-policy',
    title: 'Attach a managed policy to itself',
    requires: [on('iam:AttachUserPolicy')],
    target: 'self',
    yields: 'admin',
    explanation: '{principal} can attach AdministratorAccess to {target}',
  },
  {
    id: 'iam-attach-group-policy',
    title: 'Attach a managed policy to its group',
    requires: [on('iam:AttachGroupPolicy')],
    target: 'group',
    yields: 'admin',
    explanation: '{principal} can attach AdministratorAccess to {target}',
  },
  {
    id: 'iam-attach-role-policy',
    title: 'Attach a managed policy to a role it holds',
    requires: [on('iam:AttachRolePolicy')],
    target: 'role',
    yields: 'admin',
    explanation: '{principal} can attach AdministratorAccess to {target}',
  },
  {
    id: 'iam-put-user-policy',
    title: 'Write an inline policy of itself',
    requires: [on('iam:PutUserPolicy')],
    target: 'self',
    yields: 'admin',
    explanation: '{principal} can put an inline policy granting every permission on {target}',
  },
  {
    id: 'iam-put-group-policy',
    title: 'Write an inline policy of its group',
    requires: [on('iam:PutGroupPolicy')],
    target: 'group',
    yields: 'admin',
    explanation: '{principal} can put an inline policy granting every permission on {target}',
  },
  {
    id: 'iam-put-role-policy',
    title: 'Write an inline policy of a role it holds',
    requires: [on('iam:PutRolePolicy')],
    target: 'role',
    yields: 'admin',
    explanation: '{principal} can put an inline policy granting every permission on {target}',
  },
  {
    id: 'iam-add-user-to-group',
    title: 'Join a group and gain its permissions',
    requires: [on('iam:AddUserToGroup')],
    target: 'group',
    yields: 'principal',
    explanation: '{principal} can add itself to {target} and gain its permissions',
  },
  {
    id: 'iam-create-access-key',
    title: "Create an access key for another user",
    requires: [on('iam:CreateAccessKey')],
    target: 'user',
    yields: 'principal',
    precondition: 'freeAccessKeySlot',
    explanation: '{principal} can create an access key for {target} and act as it',
    explanationWithoutData: '{principal} can create an access key for {target} and act as it, if it has fewer than two ({missing})',
  },
  {
    id: 'iam-create-login-profile',
    title: 'Create a console password for another user',
    requires: [on('iam:CreateLoginProfile')],
    target: 'user',
    yields: 'principal',
    precondition: 'noLoginProfile',
    explanation: '{principal} can set a console password for {target}, which has none, and sign in as it',
    explanationWithoutData: '{principal} can set a console password for {target} and sign in as it, if it has none yet ({missing})',
  },
  {
    id: 'iam-update-login-profile',
    title: "Change another user's console password",
    requires: [on('iam:UpdateLoginProfile')],
    target: 'user',
    yields: 'principal',
    precondition: 'hasLoginProfile',
    explanation: "{principal} can change {target}'s console password and sign in as it",
    explanationWithoutData: "{principal} can change {target}'s console password and sign in as it, if it has one ({missing})",
  },
  {
    id: 'iam-update-assume-role-policy',
    title: "Rewrite a role's trust policy, then assume it",
    requires: [on('iam:UpdateAssumeRolePolicy'), on('sts:AssumeRole')],
    target: 'role',
    yields: 'principal',
    explanation: "{principal} can rewrite {target}'s trust policy to trust itself, then assume it",
  },
  {
    id: 'iam-put-user-permissions-boundary',
    title: 'Replace its own permissions boundary',
    requires: [on('iam:PutUserPermissionsBoundary')],
    target: 'self',
    yields: 'admin',
    precondition: 'targetAdminButForBoundary',
    explanation: "{principal} can replace {target}'s permissions boundary, the only thing between it and administrator access",
  },
  {
    id: 'iam-delete-user-permissions-boundary',
    title: 'Remove its own permissions boundary',
    requires: [on('iam:DeleteUserPermissionsBoundary')],
    target: 'self',
    yields: 'admin',
    precondition: 'targetAdminButForBoundary',
    explanation: "{principal} can remove {target}'s permissions boundary, the only thing between it and administrator access",
  },
  {
    id: 'iam-put-role-permissions-boundary',
    title: 'Replace the permissions boundary of a role it holds',
    requires: [on('iam:PutRolePermissionsBoundary')],
    target: 'role',
    yields: 'admin',
    precondition: 'targetAdminButForBoundary',
    explanation: "{principal} can replace {target}'s permissions boundary, the only thing between it and administrator access",
  },
  {
    id: 'iam-delete-role-permissions-boundary',
    title: 'Remove the permissions boundary of a role it holds',
    requires: [on('iam:DeleteRolePermissionsBoundary')],
    target: 'role',
    yields: 'admin',
    precondition: 'targetAdminButForBoundary',
    explanation: "{principal} can remove {target}'s permissions boundary, the only thing between it and administrator access",
  },
  {
    id: 'lambda-create-invoke',
    title: 'Pass a role to a new Lambda function and invoke it',
    requires: [passRole, anywhere('lambda:CreateFunction'), anywhere('lambda:InvokeFunction')],
    target: 'role',
    yields: 'role',
    service: 'lambda.amazonaws.com',
    explanation: '{principal} can create a Lambda function that runs as {target} and invoke it',
  },
  {
    id: 'lambda-create-event-source-mapping',
    title: 'Pass a role to a new Lambda function triggered by an event source',
    requires: [passRole, anywhere('lambda:CreateFunction'), anywhere('lambda:CreateEventSourceMapping')],
    target: 'role',
    yields: 'role',
    service: 'lambda.amazonaws.com',
    explanation: '{principal} can create a Lambda function that runs as {target} and trigger it from an event source mapping',
  },
  {
    id: 'lambda-update-function-code',
    title: "Replace the code of an existing Lambda function",
    requires: [anywhere('lambda:UpdateFunctionCode')],
    target: 'role',
    yields: 'role',
    service: 'lambda.amazonaws.com',
    speculative: true,
    explanation: '{principal} can replace the code of a Lambda function, which escalates if one runs as {target} (the snapshot does not list functions)',
  },
  {
    id: 'ec2-run-instances',
    title: 'Pass a role to a new EC2 instance',
    requires: [passRole, anywhere('ec2:RunInstances')],
    target: 'role',
    yields: 'role',
    service: 'ec2.amazonaws.com',
    explanation: "{principal} can launch an EC2 instance with {target}'s instance profile and read its credentials",
  },
  {
    id: 'glue-create-dev-endpoint',
    title: 'Pass a role to a new Glue development endpoint',
    requires: [passRole, anywhere('glue:CreateDevEndpoint')],
    target: 'role',
    yields: 'role',
    service: 'glue.amazonaws.com',
    explanation: '{principal} can create a Glue development endpoint running as {target} and log in to it',
  },
  {
    id: 'glue-update-dev-endpoint',
    title: 'Take over an existing Glue development endpoint',
    requires: [anywhere('glue:UpdateDevEndpoint')],
    target: 'role',
    yields: 'role',
    service: 'glue.amazonaws.com',
    speculative: true,
    explanation: "{principal} can set the SSH key of a Glue development endpoint, which escalates if one runs as {target} (the snapshot does not list endpoints)",
  },
  {
    id: 'cloudformation-create-stack',
    title: 'Pass a role to a new CloudFormation stack',
    requires: [passRole, anywhere('cloudformation:CreateStack')],
    target: 'role',
    yields: 'role',
    service: 'cloudformation.amazonaws.com',
    explanation: '{principal} can create a CloudFormation stack that provisions resources as {target}',
  },
  {
    id: 'codebuild-create-project',
    title: 'Pass a role to a new CodeBuild project and start a build',
    requires: [passRole, anywhere('codebuild:CreateProject'), anywhere('codebuild:StartBuild')],
    target: 'role',
    yields: 'role',
    service: 'codebuild.amazonaws.com',
    explanation: '{principal} can create a CodeBuild project running as {target} and start a build',
  },
  {
    id: 'sagemaker-create-notebook-instance',
    title: 'Pass a role to a new SageMaker notebook instance',
    requires: [passRole, anywhere('sagemaker:CreateNotebookInstance'), anywhere('sagemaker:CreatePresignedNotebookInstanceUrl')],
    target: 'role',
    yields: 'role',
    service: 'sagemaker.amazonaws.com',
    explanation: '{principal} can create a SageMaker notebook instance running as {target} and open it',
  },
  {
    id: 'sagemaker-create-training-job',
    title: 'Pass a role to a new SageMaker training job',
    requires: [passRole, anywhere('sagemaker:CreateTrainingJob')],
    target: 'role',
    yields: 'role',
    service: 'sagemaker.amazonaws.com',
    explanation: '{principal} can run a SageMaker training job with its own container as {target}',
  },
  {
    id: 'sagemaker-create-processing-job',
    title: 'Pass a role to a new SageMaker processing job',
    requires: [passRole, anywhere('sagemaker:CreateProcessingJob')],
    target: 'role',
    yields: 'role',
    service: 'sagemaker.amazonaws.com',
    explanation: '{principal} can run a SageMaker processing job with its own container as {target}',
  },
  {
    id: 'ecs-run-task',
    title: 'Pass a role to a new ECS task',
    requires: [passRole, anywhere('ecs:RegisterTaskDefinition'), anywhere('ecs:RunTask')],
    target: 'role',
    yields: 'role',
    service: 'ecs-tasks.amazonaws.com',
    explanation: '{principal} can register an ECS task definition with task role {target} and run it',
  },
  {
    id: 'datapipeline-create-pipeline',
    title: 'Pass a role to a new Data Pipeline',
    requires: [
      passRole,
      anywhere('datapipeline:CreatePipeline'),
      anywhere('datapipeline:PutPipelineDefinition'),
      anywhere('datapipeline:ActivatePipeline'),
    ],
    target: 'role',
    yields: 'role',
    service: 'datapipeline.amazonaws.com',
    explanation: '{principal} can create and activate a Data Pipeline that runs commands as {target}',
  },
  {
    id: 'sso-create-permission-set',
    title: 'Create an administrator permission set and assign it',
    requires: [
      on('sso:CreatePermissionSet'),
      on('sso:PutInlinePolicyToPermissionSet'),
      on('sso:CreateAccountAssignment'),
      on('sso:ProvisionPermissionSet'),
    ],
    target: 'identityCenter',
    yields: 'admin',
    explanation: '{principal} can create a permission set granting every permission in {target}, assign it to an identity it controls and provision it in any account of the organization',
  },
  {
    id: 'sso-put-inline-policy-to-permission-set',
    title: 'Write the inline policy of a permission set and assign it',
    requires: [on('sso:PutInlinePolicyToPermissionSet'), on('sso:CreateAccountAssignment'), on('sso:ProvisionPermissionSet')],
    target: 'permissionSet',
    yields: 'admin',
    explanation: '{principal} can put an inline policy granting every permission on {target}, assign it to an identity it controls and provision it in any account of the organization',
  },
  {
    id: 'sso-attach-managed-policy-to-permission-set',
    title: 'Attach a managed policy to a permission set and assign it',
    requires: [on('sso:AttachManagedPolicyToPermissionSet'), on('sso:CreateAccountAssignment'), on('sso:ProvisionPermissionSet')],
    target: 'permissionSet',
    yields: 'admin',
    explanation: '{principal} can attach AdministratorAccess to {target}, assign it to an identity it controls and provision it in any account of the organization',
  },
  {
    id: 'sso-create-account-assignment',
    title: 'Assign an administrator permission set',
    requires: [on('sso:CreateAccountAssignment')],
    target: 'permissionSet',
    yields: 'admin',
    precondition: 'targetIsAdmin',
    explanation: '{principal} can assign {target}, an administrator permission set, to an identity it controls in any account of the organization',
  },
];

/** A principal the search walks through: identities that hold credentials. Groups count as part of their users. */
export type EscalationPrincipal = UserNode | RoleNode;

export interface EscalationStep {
  /** The `EscalationMethod` id. */
  readonly method: string;
  /** The id of the principal that takes the step. */
  readonly principal: string;
  /** Ids (ARNs) of what the step acts on: the role, user, group, policy, permission set or instance. */
  readonly via: readonly string[];
  /** The id of the principal reached, or `admin`. */
  readonly to: string;
  readonly explanation: string;
  readonly conditional: boolean;
}

export interface EscalationPath {
  readonly from: EscalationPrincipal;
  readonly steps: readonly EscalationStep[];
  /** The id of the administrator principal reached, or `admin` when the last step makes the principal one. */
  readonly to: string;
  /** Some step works only under conditions the snapshot cannot settle, or the principal reached is admin only so. */
  readonly conditional: boolean;
}

export interface EscalationOptions {
  /** Passed to `isAdmin`, for the principals that count as administrators. */
  readonly admin?: AdminOptions;
  /** Methods to search with; defaults to `ESCALATION_METHODS`. */
  readonly methods?: readonly EscalationMethod[];
}

export interface EscalationSearch {
  /** The shortest path from a principal to administrator; null for administrators and principals without one. */
  escalationPathFrom(principal: EscalationPrincipal): EscalationPath | null;
  /** The shortest path of every non-administrator user and role that has one, in model order. */
  findEscalationPaths(): EscalationPath[];
}

/**
 * Searches the principal graph for privilege escalation. A step counts only when `can` answers `allowed` for each
 * required action, so permissions boundaries, SCPs and RCPs are respected as the questions apply them; allowed
 * only under conditions keeps the step, marked conditional. `grantedServices` first rules out methods with an action
 * of a service the principal holds nothing in. Answers are memoised for the search's lifetime.
 */
export function createEscalationSearch(model: Model, questions: PolicyQuestions, options: EscalationOptions = {}): EscalationSearch {
  const search = new Search(model, questions, options);
  return {
    escalationPathFrom: (principal) => search.pathFrom(principal),
    findEscalationPaths: () => search.allPaths(),
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

/** A step one principal can take; its message is written only if it ends up on a reported path. */
interface Edge {
  readonly method: EscalationMethod;
  readonly actor: EscalationPrincipal;
  readonly target: Candidate;
  readonly conditional: boolean;
}

interface Reach {
  readonly role: RoleNode;
  readonly conditional: boolean;
}

interface AssumeIndex {
  readonly byPrincipal: Map<string, Reach[]>;
  readonly byService: Map<string, Reach[]>;
  /** Roles that trust a whole account, by that account: its principals need their own allow. */
  readonly byAccount: Map<string, Reach[]>;
  readonly anyone: Reach[];
}

interface Candidate {
  readonly resource: string;
  readonly via: readonly string[];
  readonly label: string;
  readonly next: EscalationPrincipal | null;
  readonly conditional: boolean;
  /** The data the precondition needs and the snapshot lacks, as a message names it. */
  readonly missing?: string;
}

/** A precondition not met (null), or met, perhaps only if data the snapshot lacks would confirm it. */
type PreconditionAnswer = { readonly conditional: boolean; readonly missing?: string } | null;
const MET: PreconditionAnswer = { conditional: false };

/** A user after joining a group (the search's own object) → the user as the model holds it. */
const storedUsers = new WeakMap<UserNode, UserNode>();

/** The model's principal a search principal stands for: a user that joined a group is still that user. */
function identityOf(principal: EscalationPrincipal): EscalationPrincipal {
  return (principal.kind === 'User' && storedUsers.get(principal)) || principal;
}

interface Visit {
  readonly node: EscalationPrincipal;
  readonly parent: Visit | null;
  readonly edge: Edge | null;
  readonly conditional: boolean;
}

interface Ending {
  readonly visit: Visit;
  readonly edge: Edge;
  readonly to: string;
  readonly conditional: boolean;
}

class Search {
  private readonly methods: readonly EscalationMethod[];
  private readonly assumeHops: boolean;
  private readonly edges = new Map<string, Edge[]>();
  private readonly admins = new Map<string, AdminAnswer>();
  private readonly unbounded = new Map<string, EvaluationResult>();
  private readonly answers = new Map<string, EvaluationResult>();
  private readonly assumable = new Map<string, Reach[]>();
  private readonly leads = new Map<string, boolean>();
  private readonly shared = new Map<string, readonly Candidate[]>();
  private readonly roleOrder = new Map<string, number>();
  private readonly members = new Map<string, UserNode>();
  /** A user that joined a group (by its id) → that group. */
  private readonly joined = new Map<string, GroupNode>();
  private readonly groupLeads = new Map<string, boolean>();
  private readonly policySets = new Map<string, string>();
  /** The actions some method or an assume-role hop needs: joining a group that allows none of them gains nothing. */
  private readonly escalationActions: readonly string[];
  private index: AssumeIndex | undefined;

  constructor(
    private readonly model: Model,
    private readonly questions: PolicyQuestions,
    private readonly options: EscalationOptions,
  ) {
    const methods = options.methods ?? ESCALATION_METHODS;
    this.assumeHops = methods.some((method) => method.id === ASSUME_ROLE_METHOD_ID);
    this.methods = methods.filter((method) => method.id !== ASSUME_ROLE_METHOD_ID);
    this.escalationActions = [...new Set(methods.flatMap((method) => method.requires.map((requirement) => requirement.action)))];
    model.all('Role').forEach((role, position) => this.roleOrder.set(role.id, position));
  }

  allPaths(): EscalationPath[] {
    const principals: EscalationPrincipal[] = [...this.model.all('User'), ...this.model.all('Role')];
    return principals.flatMap((principal) => this.pathFrom(principal) ?? []);
  }

  /**
   * Breadth-first, one layer at a time, so that among the shortest paths one that needs no condition wins; ties
   * then go to the first edge (assume-role hops, then methods in catalogue order, then targets in model order).
   */
  pathFrom(start: EscalationPrincipal): EscalationPath | null {
    if (this.admin(start).admin) return null;
    const seen = new Set<string>([start.id]);
    let layer: Visit[] = [{ node: start, parent: null, edge: null, conditional: false }];
    while (layer.length > 0) {
      let ending: Ending | null = null;
      const next = new Map<string, Visit>();
      for (const visit of layer) {
        for (const edge of this.edgesOf(visit.node)) {
          const conditional = visit.conditional || edge.conditional;
          const reached = edge.target.next;
          if (reached === null) {
            ending = better(ending, { visit, edge, to: 'admin', conditional });
            continue;
          }
          if (seen.has(reached.id)) continue;
          const answer = this.admin(reached);
          if (answer.admin) {
            ending = better(ending, { visit, edge, to: identityOf(reached).id, conditional: conditional || answer.conditional });
            continue;
          }
          const known = next.get(reached.id);
          if (!known || (known.conditional && !conditional)) next.set(reached.id, { node: reached, parent: visit, edge, conditional });
        }
      }
      if (ending) return toPath(start, ending);
      for (const id of next.keys()) seen.add(id);
      layer = [...next.values()];
    }
    return null;
  }

  private admin(principal: EvaluatedPrincipal): AdminAnswer {
    let answer = this.admins.get(principal.id);
    if (!answer) {
      answer = this.questions.isAdmin(principal, this.options.admin);
      this.admins.set(principal.id, answer);
    }
    return answer;
  }

  private edgesOf(principal: EscalationPrincipal): Edge[] {
    let edges = this.edges.get(principal.id);
    if (!edges) {
      edges = this.computeEdges(principal);
      this.edges.set(principal.id, edges);
    }
    return edges;
  }

  private computeEdges(principal: EscalationPrincipal): Edge[] {
    const edges: Edge[] = [];
    if (this.assumeHops) {
      for (const { role, conditional } of this.assumableRoles(principal)) {
        // Most assumable roles lead nowhere; leaving them out keeps wide trust (a whole account) cheap to search.
        if (!this.mayLead(role)) continue;
        const label = role.accountId === principal.accountId ? describe(role) : `${describe(role)} in account ${role.accountId}`;
        const target = { resource: role.arn, via: [role.id], label, next: role, conditional };
        edges.push({ method: ASSUME_ROLE_METHOD, actor: principal, target, conditional });
      }
    }
    for (const method of this.methodsOf(principal)) {
      // Asked without a resource, `can` answers for "some resource": when that is not allowed, no target is.
      if (this.allowedAll(principal, method.requires.map((requirement) => requirement.action)) === null) continue;
      const unscoped = this.allowedAll(principal, actionsOf(method, (resource) => resource === 'any'));
      if (unscoped === null) continue;
      const scopedActions = actionsOf(method, (resource) => resource !== 'any');
      for (const target of this.candidates(method, principal)) {
        const scoped = this.allowedAll(principal, scopedActions, target.resource);
        if (scoped === null) continue;
        const conditional = unscoped || scoped || target.conditional || method.speculative === true;
        edges.push({ method, actor: principal, target, conditional });
      }
    }
    return edges;
  }

  /**
   * Whether reaching the principal can matter: it is an administrator, or it may take some step. Checked before the
   * resource-scoped questions, which are the bulk of the work (every role a service trusts, every user).
   */
  private mayLead(node: EscalationPrincipal): boolean {
    let answer = this.leads.get(node.id);
    if (answer === undefined) {
      answer =
        this.admin(node).admin ||
        (this.assumeHops && this.assumableRoles(node).length > 0) ||
        this.methodsOf(node).some((method) => this.allowedAll(node, method.requires.map((requirement) => requirement.action)) !== null);
      this.leads.set(node.id, answer);
    }
    return answer;
  }

  /**
   * The methods whose every action is of a service the principal was granted something in: one cheap question
   * instead of one per action, as most principals hold no IAM, STS or compute permissions at all. A user that joined
   * a group was granted at most what it and the group were each granted, and takes only the methods the group allows
   * some action of: the others it could take before joining, on a shorter path.
   */
  private methodsOf(principal: EscalationPrincipal): readonly EscalationMethod[] {
    const group = this.joined.get(principal.id);
    const holders: Array<EscalationPrincipal | GroupNode> = group ? [identityOf(principal), group] : [principal];
    const granted = new Set(holders.flatMap((holder) => this.questions.grantedServices(holder).map((service) => service.service.toLowerCase())));
    return this.methods.filter(
      (method) =>
        method.requires.every((requirement) => granted.has(serviceOf(requirement.action))) &&
        (!group || method.requires.some((requirement) => this.groupAllows(group, requirement.action))),
    );
  }

  private groupAllows(group: GroupNode, action: string): boolean {
    return this.can(group, action, undefined).decision === 'allowed';
  }

  /** Whether every action is allowed (null if not), and if so whether only under conditions. */
  private allowedAll(principal: EscalationPrincipal, actions: readonly string[], resource?: string): boolean | null {
    let conditional = false;
    for (const action of actions) {
      const result = this.can(principal, action, resource);
      if (result.decision !== 'allowed') return null;
      conditional ||= result.conditional;
    }
    return conditional;
  }

  private can(principal: EscalationPrincipal | GroupNode, action: string, resource: string | undefined): EvaluationResult {
    const key = `${principal.id}\n${action}\n${resource ?? ''}`;
    let result = this.answers.get(key);
    if (!result) {
      result = this.questions.can(principal, action, resource);
      this.answers.set(key, result);
    }
    return result;
  }

  private candidates(method: EscalationMethod, principal: EscalationPrincipal): readonly Candidate[] {
    switch (method.target) {
      case 'self':
        return principal.kind === 'User' ? this.checked(method, [{ node: principal, candidate: simple(principal.arn, describe(principal), null) }]) : [];
      case 'policy':
        return this.policyTargets(principal);
      case 'identityCenter':
        return this.administeredInstances(principal.accountId).map((instanceArn) =>
          simple(instanceArn, `Identity Center instance ${instanceArn.slice(instanceArn.lastIndexOf('/') + 1)}`, null),
        );
      case 'group':
        if (principal.kind !== 'User') return [];
        if (method.yields === 'admin') {
          return this.checked(
            method,
            this.model.groupsOf(principal).map((group) => ({ node: group, candidate: simple(group.arn, describe(group), null) })),
          );
        }
        return this.checked(method, this.groupsToJoin(method, principal));
      case 'role':
        if (method.yields === 'admin') return this.checked(method, this.heldRoles(principal));
        break;
      default:
        break;
    }
    return this.sharedCandidates(method, principal.accountId).filter((candidate) => candidate.resource !== principal.arn);
  }

  /**
   * Groups the user can add itself to that allow something an escalation needs, each leading to the user as a member
   * of it. A path joins one group: each joined set would be a principal of its own to search from, and sets of two
   * or more multiply with the groups an account has. Groups with the same policies are joined only as the first.
   */
  private groupsToJoin(method: EscalationMethod, user: UserNode): Targeted[] {
    if (identityOf(user) !== user) return [];
    const scopedActions = actionsOf(method, (resource) => resource !== 'any');
    const held = new Set(this.model.groupsOf(user).map((group) => this.policySetOf(group)));
    const targets: Targeted[] = [];
    for (const group of this.model.inAccount('Group', user.accountId)) {
      const policySet = this.policySetOf(group);
      if (held.has(policySet) || !this.groupMayLead(group) || this.allowedAll(user, scopedActions, group.arn) === null) continue;
      held.add(policySet);
      const member = this.memberOf(user, group);
      if (this.mayLead(member)) targets.push({ node: group, candidate: simple(group.arn, describe(group), member) });
    }
    return targets;
  }

  /** The user as a member of one more group, one object per pair so that its answers are memoised. */
  private memberOf(user: UserNode, group: GroupNode): UserNode {
    const id = `${user.id}#member-of:${group.groupName}`;
    let member = this.members.get(id);
    if (!member) {
      member = { ...user, id, groups: [...user.groups, group.groupName] };
      storedUsers.set(member, user);
      this.members.set(id, member);
      this.joined.set(id, group);
    }
    return member;
  }

  /** What a group grants, as a key: groups with equal keys give a member the same permissions. */
  private policySetOf(group: GroupNode): string {
    let key = this.policySets.get(group.id);
    if (key === undefined) {
      const inline = this.model.inlinePoliciesOf(group).map((policy) => JSON.stringify(policy.document));
      key = JSON.stringify([[...group.attachedManagedPolicies].sort(), inline.sort()]);
      this.policySets.set(group.id, key);
    }
    return key;
  }

  private groupMayLead(group: GroupNode): boolean {
    let answer = this.groupLeads.get(group.id);
    if (answer === undefined) {
      const granted = new Set(this.questions.grantedServices(group).map((service) => service.service.toLowerCase()));
      answer = this.escalationActions.some((action) => granted.has(serviceOf(action)) && this.groupAllows(group, action));
      this.groupLeads.set(group.id, answer);
    }
    return answer;
  }

  /**
   * Targets that do not depend on who acts, computed once per method and account: other users, other roles, roles a
   * service trusts, groups and permission sets. A principal reached is kept only if it may lead somewhere.
   */
  private sharedCandidates(method: EscalationMethod, accountId: string): readonly Candidate[] {
    const key = `${method.id}|${accountId}`;
    let candidates = this.shared.get(key);
    if (candidates) return candidates;
    let targets: Targeted[];
    switch (method.target) {
      case 'user':
        targets = this.model.inAccount('User', accountId).map((user) => ({ node: user, candidate: simple(user.arn, describe(user), user) }));
        break;
      case 'role':
        targets =
          method.yields === 'principal'
            ? this.model.inAccount('Role', accountId).map((role) => ({ node: role, candidate: simple(role.arn, describe(role), role) }))
            : (this.assumeIndex().byService.get((method.service ?? '').toLowerCase()) ?? [])
                .filter(({ role }) => role.accountId === accountId)
                .map(({ role, conditional }) => ({ node: role, candidate: { ...simple(role.arn, describe(role), role), conditional } }));
        break;
      case 'permissionSet':
        targets = this.administeredInstances(accountId).flatMap((instanceArn) =>
          this.model
            .all('PermissionSet')
            .filter((set) => set.instanceArn === instanceArn)
            .map((set) => ({ node: set, candidate: simple(set.arn, `permission set ${set.name}`, null) })),
        );
        break;
      default:
        targets = [];
    }
    candidates = this.checked(method, targets).filter((candidate) => candidate.next === null || this.mayLead(candidate.next));
    this.shared.set(key, candidates);
    return candidates;
  }

  /** The acting role itself and the roles of its account it can assume. */
  private heldRoles(principal: EscalationPrincipal): Targeted[] {
    const held: Reach[] = principal.kind === 'Role' ? [{ role: principal, conditional: false }] : [];
    held.push(...this.assumableRoles(principal).filter(({ role }) => role.accountId === principal.accountId));
    return held.map(({ role, conditional }) => ({
      node: role,
      candidate: {
        resource: role.arn,
        via: [role.id],
        label: role.id === principal.id ? describe(role) : `${describe(role)}, which ${describe(principal)} can assume`,
        next: null,
        conditional,
      },
    }));
  }

  /** Customer managed policies that apply to the principal, its groups, or a role of its account it can assume. */
  private policyTargets(principal: EscalationPrincipal): Candidate[] {
    const holders: Array<{ node: EscalationPrincipal; conditional: boolean }> = [{ node: principal, conditional: false }];
    for (const { role, conditional } of this.assumableRoles(principal)) {
      if (role.accountId === principal.accountId) holders.push({ node: role, conditional });
    }
    const seen = new Set<string>();
    const candidates: Candidate[] = [];
    for (const holder of holders) {
      for (const policy of identityPoliciesOf(this.model, holder.node)) {
        if (policy.type !== 'managed' || policy.arn === undefined || isAwsManagedPolicyArn(policy.arn) || seen.has(policy.arn)) continue;
        seen.add(policy.arn);
        const held = holder.node.id !== principal.id;
        candidates.push({
          resource: policy.arn,
          via: held ? [policy.arn, holder.node.id] : [policy.arn],
          label: held
            ? `policy ${policy.name} (attached to ${describe(holder.node)}, which ${describe(principal)} can assume)`
            : `policy ${policy.name}`,
          next: null,
          conditional: holder.conditional,
        });
      }
    }
    return candidates;
  }

  private administeredInstances(accountId: string): string[] {
    return this.model.identityCenter.filter((instance) => instance.ownerAccountId === accountId).map((instance) => instance.instanceArn);
  }

  /** Keeps the targets whose facts meet the method's precondition, carrying the answer's conditionality. */
  private checked(method: EscalationMethod, targets: readonly Targeted[]): Candidate[] {
    const candidates: Candidate[] = [];
    for (const { node, candidate } of targets) {
      const met = this.precondition(method.precondition, node);
      if (met === null) continue;
      if (!met.conditional) candidates.push(candidate);
      else candidates.push({ ...candidate, conditional: true, ...(met.missing === undefined ? {} : { missing: met.missing }) });
    }
    return candidates;
  }

  private precondition(precondition: EscalationPrecondition | undefined, node: TargetNode): PreconditionAnswer {
    switch (precondition) {
      case undefined:
        return MET;
      case 'targetIsAdmin': {
        const answer = this.admin(node);
        return answer.admin ? { conditional: answer.conditional } : null;
      }
      case 'targetAdminButForBoundary': {
        if ((node.kind !== 'User' && node.kind !== 'Role') || node.permissionsBoundary === null || this.admin(node).admin) return null;
        const unbounded = this.identityPoliciesGrantEverything(node);
        return unbounded.decision === 'allowed' ? { conditional: unbounded.conditional } : null;
      }
      // A snapshot without the credential report or the access keys imports every user as having none: unknown, not none.
      case 'noLoginProfile':
        if (node.kind !== 'User' || node.loginProfile !== null) return null;
        return this.assumedWithout('iam.credentialReport', node.accountId) ?? MET;
      case 'hasLoginProfile':
        if (node.kind !== 'User') return null;
        return node.loginProfile !== null ? MET : this.assumedWithout('iam.credentialReport', node.accountId);
      case 'freeAccessKeySlot':
        if (node.kind !== 'User' || node.accessKeys.length >= 2) return null;
        return this.assumedWithout('iam.accessKeys', node.accountId) ?? MET;
    }
  }

  /** A precondition taken as met, conditionally, because the account's section is not in the snapshot; null if it is. */
  private assumedWithout(section: 'iam.credentialReport' | 'iam.accessKeys', accountId: string): PreconditionAnswer {
    if (this.model.isCollected(section, accountId)) return null;
    const data = section === 'iam.credentialReport' ? 'credential report' : 'access key list';
    return { conditional: true, missing: `the snapshot has no ${data} for account ${accountId}` };
  }

  /**
   * Approximates "administrator but for its boundary": its identity policies alone allow an action that no policy
   * names on every resource, which only `Action: "*"` (or a NotAction) on `Resource: "*"` does. SCPs are left out
   * here; policies missing from the snapshot count as absent.
   */
  private identityPoliciesGrantEverything(node: EscalationPrincipal): EvaluationResult {
    let result = this.unbounded.get(node.id);
    if (!result) {
      const identityPolicies = identityPoliciesOf(this.model, node).flatMap((policy) =>
        policy.document === undefined ? [] : [{ id: policy.arn ?? policy.node?.id ?? policy.name, document: policy.document }],
      );
      result = evaluateRequest({ action: UNNAMED_ACTION, resource: '*', identityPolicies });
      this.unbounded.set(node.id, result);
    }
    return result;
  }

  /** Roles the principal can assume directly (trust policy × its own permissions), in model order. */
  private assumableRoles(principal: EscalationPrincipal): Reach[] {
    let reaches = this.assumable.get(principal.id);
    if (reaches) return reaches;
    const index = this.assumeIndex();
    const found = new Map<string, Reach>();
    const add = (reach: Reach) => {
      if (reach.role.id === principal.id) return;
      const known = found.get(reach.role.id);
      if (!known || (known.conditional && !reach.conditional)) found.set(reach.role.id, reach);
    };
    // `whoCanAssume` lists the principals a trusted account lets in; a trust open to anyone is left to their own policies.
    let leftToOwnPolicies = index.anyone;
    if (identityOf(principal) === principal) {
      for (const reach of index.byPrincipal.get(principal.id) ?? []) add(reach);
    } else {
      // A user that joined a group reaches what it could assume before more directly; only what the group allows is new.
      const group = this.joined.get(principal.id);
      const before = new Set(this.assumableRoles(identityOf(principal)).map((reach) => reach.role.id));
      leftToOwnPolicies =
        group && this.groupAllows(group, 'sts:AssumeRole')
          ? [...(index.byAccount.get(principal.accountId) ?? []), ...index.anyone].filter((reach) => !before.has(reach.role.id))
          : [];
    }
    for (const reach of leftToOwnPolicies) {
      if (reach.role.id === principal.id) continue;
      const result = this.can(principal, 'sts:AssumeRole', reach.role.arn);
      if (result.decision === 'allowed') add({ role: reach.role, conditional: reach.conditional || result.conditional });
    }
    reaches = [...found.values()].sort((a, b) => (this.roleOrder.get(a.role.id) ?? 0) - (this.roleOrder.get(b.role.id) ?? 0));
    this.assumable.set(principal.id, reaches);
    return reaches;
  }

  private assumeIndex(): AssumeIndex {
    if (this.index) return this.index;
    const index: AssumeIndex = { byPrincipal: new Map(), byService: new Map(), byAccount: new Map(), anyone: [] };
    for (const role of this.model.all('Role')) {
      for (const assumer of this.questions.whoCanAssume(role)) {
        const reach = { role, conditional: assumer.conditional };
        switch (assumer.kind) {
          case 'principal':
            if (assumer.principal.kind !== 'Group') push(index.byPrincipal, assumer.principal.id, reach);
            break;
          case 'service':
            push(index.byService, assumer.service.toLowerCase(), reach);
            break;
          case 'anyone':
            index.anyone.push(reach);
            break;
          case 'account':
            push(index.byAccount, assumer.accountId, reach);
            break;
          case 'federated':
            break;
        }
      }
    }
    this.index = index;
    return index;
  }
}

type TargetNode = UserNode | RoleNode | GroupNode | PermissionSetNode;

interface Targeted {
  readonly node: TargetNode;
  readonly candidate: Candidate;
}

function serviceOf(action: string): string {
  return action.slice(0, action.indexOf(':')).toLowerCase();
}

function actionsOf(method: EscalationMethod, keep: (resource: EscalationResource) => boolean): string[] {
  return method.requires.filter((requirement) => keep(requirement.resource)).map((requirement) => requirement.action);
}

function simple(resource: string, label: string, next: EscalationPrincipal | null): Candidate {
  return { resource, via: [resource], label, next, conditional: false };
}

function better(current: Ending | null, candidate: Ending): Ending {
  if (!current || (current.conditional && !candidate.conditional)) return candidate;
  return current;
}

function toPath(from: EscalationPrincipal, ending: Ending): EscalationPath {
  const steps: EscalationStep[] = [toStep(ending.edge)];
  for (let visit: Visit | null = ending.visit; visit?.edge; visit = visit.parent) steps.unshift(toStep(visit.edge));
  return { from, steps, to: ending.to, conditional: ending.conditional };
}

function toStep({ method, actor, target, conditional }: Edge): EscalationStep {
  const template = target.missing !== undefined && method.explanationWithoutData !== undefined ? method.explanationWithoutData : method.explanation;
  return {
    method: method.id,
    principal: identityOf(actor).id,
    via: target.via,
    to: target.next ? identityOf(target.next).id : 'admin',
    explanation: template
      .replaceAll('{principal}', describe(actor))
      .replaceAll('{target}', target.label)
      .replaceAll('{missing}', target.missing ?? ''),
    conditional,
  };
}

function describe(node: EscalationPrincipal | GroupNode): string {
  return `${node.kind.toLowerCase()} ${node.name}`;
}
