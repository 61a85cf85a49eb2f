import type { Model } from '../../model/model.js';
import { isAwsManagedPolicyArn } from '../../model/model.js';
import type { GroupNode, RoleNode, UserNode } from '../../model/nodes.js';
import type { EvaluationResult } from '../evaluate.js';
import { identityPoliciesOf } from '../questions/inputs.js';
import type { AdminAnswer, EvaluatedPrincipal, PolicyQuestions } from '../questions/types.js';
import { buildAssumeIndex, serviceInAccount, type AssumeIndex, type Reach } from './assume-index.js';
import { better, describe, identityOf, simple, standsFor, toPath, type Candidate, type Edge, type Ending, type Targeted, type Visit } from './graph.js';
import { ASSUME_ROLE_METHOD, ASSUME_ROLE_METHOD_ID, ESCALATION_METHODS } from './methods/index.js';
import { actionsOf } from './methods/requirements.js';
import { Preconditions } from './preconditions.js';
import { ACCOUNTS_KEPT } from '../questions/index.js';
import { RecentBuckets } from '../../util/collections.js';
import type { EscalationMethod, EscalationOptions, EscalationPath, EscalationPrincipal } from './types.js';

/**
 * Whether no principal can act as the role except an AWS service: a service-linked role (path `/aws-service-role/`,
 * whose trust and permissions nobody can change), or a role whose trust policy lets in services only. Such a role is
 * never the start of a path; it is reached through the principals that can make the service act as it.
 */
export function actsOnlyAsService(role: RoleNode, questions: PolicyQuestions): boolean {
  if (role.path.startsWith('/aws-service-role/')) return true;
  const assumers = questions.whoCanAssume(role);
  return assumers.length > 0 && assumers.every((assumer) => assumer.kind === 'service');
}

/**
 * Breadth-first search of the principal graph for privilege escalation (see `createEscalationSearch`). Every answer
 * is memoised for the search's lifetime: edges, admin answers, `can` answers, roles each principal can assume, and
 * the targets shared by every principal of an account.
 */
export class Search {
  private readonly methods: readonly EscalationMethod[];
  private readonly assumeHops: boolean;
  /** Answers about principals, by their account; only recent accounts' are kept (see RecentBuckets). */
  private readonly memos = new RecentBuckets<string, AccountMemo>(ACCOUNTS_KEPT);
  private readonly roleOrder = new Map<string, number>();
  /** A user that joined a group (the object `memberOf` made) → that group. */
  private readonly joined = new WeakMap<UserNode | RoleNode, GroupNode>();
  /** The actions some method or an assume-role hop needs: joining a group that allows none of them gains nothing. */
  private readonly escalationActions: readonly string[];
  /** The same, as the set `namedActions` is asked about. */
  private readonly escalationActionSet: ReadonlySet<string>;
  private index: AssumeIndex | undefined;
  private readonly preconditions: Preconditions;
  /** Each method's actions, split once: asked of every principal, they were new arrays on every question. */
  private readonly actionLists = new Map<EscalationMethod, ActionLists>();

  constructor(
    private readonly model: Model,
    private readonly questions: PolicyQuestions,
    private readonly options: EscalationOptions,
  ) {
    const methods = options.methods ?? ESCALATION_METHODS;
    this.assumeHops = methods.some((method) => method.id === ASSUME_ROLE_METHOD_ID);
    this.methods = methods.filter((method) => method.id !== ASSUME_ROLE_METHOD_ID);
    this.escalationActions = [...new Set(methods.flatMap((method) => method.requires.map((requirement) => requirement.action)))];
    this.escalationActionSet = new Set(this.escalationActions);
    for (const method of methods) {
      this.actionLists.set(method, {
        all: method.requires.map((requirement) => requirement.action),
        unscoped: actionsOf(method, (resource) => resource === 'any'),
        scoped: actionsOf(method, (resource) => resource !== 'any'),
      });
    }
    model.all('Role').forEach((role, position) => this.roleOrder.set(role.id, position));
    this.preconditions = new Preconditions(model, (principal) => this.admin(principal));
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
    if (this.admin(start).admin || (start.kind === 'Role' && actsOnlyAsService(start, this.questions))) return null;
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

  canAssume(principal: EscalationPrincipal, role: RoleNode): boolean {
    return this.assumableRoles(principal).some((reach) => reach.role.id === role.id);
  }

  private memo(accountId: string | null): AccountMemo {
    return this.memos.get(accountId ?? '', newAccountMemo);
  }

  private admin(principal: EvaluatedPrincipal): AdminAnswer {
    const { admins } = this.memo(principal.accountId);
    let answer = admins.get(principal.id);
    if (!answer) {
      answer = this.questions.isAdmin(principal, this.options.admin);
      admins.set(principal.id, answer);
    }
    return answer;
  }

  private edgesOf(principal: EscalationPrincipal): Edge[] {
    const memo = this.memo(principal.accountId);
    let edges = memo.edges.get(principal.id);
    if (!edges) {
      edges = this.computeEdges(principal);
      memo.edges.set(principal.id, edges);
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
      const actions = this.actionsOf(method);
      // Asked without a resource, `can` answers for "some resource": when that is not allowed, no target is.
      if (this.allowedAll(principal, actions.all) === null) continue;
      const unscoped = this.allowedAll(principal, actions.unscoped);
      if (unscoped === null) continue;
      for (const target of this.candidates(method, principal)) {
        const scoped = this.allowedAll(principal, actions.scoped, target.resource);
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
    const { leads } = this.memo(node.accountId);
    let answer = leads.get(node.id);
    if (answer === undefined) {
      answer =
        this.admin(node).admin ||
        (this.assumeHops && this.assumableRoles(node).length > 0) ||
        this.methodsOf(node).some((method) => this.allowedAll(node, this.actionsOf(method).all) !== null);
      leads.set(node.id, answer);
    }
    return answer;
  }

  /**
   * The methods whose every action some Allow statement of the principal's identity policies names: `can` allows
   * nothing else, so the methods left out are those no `allowedAll` would let through, found without evaluating
   * anything, as most principals hold no IAM, STS or compute permissions at all. A user that joined a group takes only
   * the methods the group allows some action of: the others it could take before joining, on a shorter path.
   */
  private methodsOf(principal: EscalationPrincipal): readonly EscalationMethod[] {
    const { methods } = this.memo(principal.accountId);
    let found = methods.get(principal.id);
    if (!found) methods.set(principal.id, (found = this.grantedMethods(principal)));
    return found;
  }

  private grantedMethods(principal: EscalationPrincipal): readonly EscalationMethod[] {
    const group = this.joined.get(principal);
    const named = this.namedActions(principal);
    // Plain loops and one shared empty list: closures per method and principal were most of what the search allocated.
    let granted: EscalationMethod[] | undefined;
    for (const method of this.methods) {
      const { all } = this.actionsOf(method);
      if (allIn(all, named) && (!group || this.groupAllowsSome(group, all))) (granted ??= []).push(method);
    }
    return granted ?? NO_METHODS;
  }

  private groupAllowsSome(group: GroupNode, actions: readonly string[]): boolean {
    for (const action of actions) if (this.groupAllows(group, action)) return true;
    return false;
  }

  private actionsOf(method: EscalationMethod): ActionLists {
    return this.actionLists.get(method) as ActionLists;
  }

  private namedActions(holder: EscalationPrincipal | GroupNode): ReadonlySet<string> {
    return this.questions.namedActions(holder, this.escalationActionSet);
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
    const { answers } = this.memo(principal.accountId);
    // Nested by principal and action rather than one joined key: the search asks thousands of these per principal.
    let byAction = answers.get(principal.id);
    if (!byAction) answers.set(principal.id, (byAction = new Map()));
    let byResource = byAction.get(action);
    if (!byResource) byAction.set(action, (byResource = new Map()));
    let result = byResource.get(resource);
    if (!result) {
      result = this.questions.can(principal, action, resource);
      byResource.set(resource, result);
    }
    return result;
  }

  private candidates(method: EscalationMethod, principal: EscalationPrincipal): readonly Candidate[] {
    switch (method.target) {
      case 'self':
        return principal.kind === 'User' ? this.preconditions.keepMet(method, [{ node: principal, candidate: simple(principal.arn, describe(principal), null) }]) : [];
      case 'policy':
        return method.precondition === 'adminVersion' ? this.versionTargets(principal) : this.policyTargets(principal).map(({ candidate }) => candidate);
      case 'identityCenter':
        return this.administeredInstances(principal.accountId).map((instanceArn) =>
          simple(instanceArn, `Identity Center instance ${instanceArn.slice(instanceArn.lastIndexOf('/') + 1)}`, null),
        );
      case 'group':
        if (principal.kind !== 'User') return [];
        if (method.yields === 'admin') {
          return this.preconditions.keepMet(
            method,
            this.model.groupsOf(principal).map((group) => ({ node: group, candidate: simple(group.arn, describe(group), null) })),
          );
        }
        return this.preconditions.keepMet(method, this.groupsToJoin(method, principal));
      case 'role':
        if (method.yields === 'admin') return this.preconditions.keepMet(method, this.heldRoles(principal));
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
    const scopedActions = this.actionsOf(method).scoped;
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
    const { members } = this.memo(user.accountId);
    let member = members.get(id);
    if (!member) {
      member = { ...user, id, groups: [...user.groups, group.groupName] };
      standsFor(member, user);
      members.set(id, member);
      this.joined.set(member, group);
    }
    return member;
  }

  /** What a group grants, as a key: groups with equal keys give a member the same permissions. */
  private policySetOf(group: GroupNode): string {
    const { policySets } = this.memo(group.accountId);
    let key = policySets.get(group.id);
    if (key === undefined) {
      const inline = this.model.inlinePoliciesOf(group).map((policy) => JSON.stringify(policy.document));
      key = JSON.stringify([[...group.attachedManagedPolicies].sort(), inline.sort()]);
      policySets.set(group.id, key);
    }
    return key;
  }

  private groupMayLead(group: GroupNode): boolean {
    const { groupLeads } = this.memo(group.accountId);
    let answer = groupLeads.get(group.id);
    if (answer === undefined) {
      const named = this.namedActions(group);
      answer = this.escalationActions.some((action) => named.has(action) && this.groupAllows(group, action));
      groupLeads.set(group.id, answer);
    }
    return answer;
  }

  /**
   * Targets that do not depend on who acts, computed once per method and account: other users, other roles, roles a
   * service trusts, groups and permission sets. A principal reached is kept only if it may lead somewhere.
   */
  private sharedCandidates(method: EscalationMethod, accountId: string): readonly Candidate[] {
    const key = `${method.id}|${accountId}`;
    const { shared } = this.memo(accountId);
    let candidates = shared.get(key);
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
            : (this.assumeIndex().byServiceInAccount.get(serviceInAccount(method.service ?? '', accountId)) ?? []).map(({ role, conditional }) => ({ node: role, candidate: { ...simple(role.arn, describe(role), role), conditional } }));
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
    candidates = this.preconditions.keepMet(method, targets).filter((candidate) => candidate.next === null || this.mayLead(candidate.next));
    shared.set(key, candidates);
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

  /**
   * The stored non-default versions of the principal's customer managed policies that would make their holder an
   * administrator as the default. A policy whose versions the snapshot does not hold (a source that lists only the
   * default) is a target only conditionally.
   */
  private versionTargets(principal: EscalationPrincipal): Candidate[] {
    const candidates: Candidate[] = [];
    for (const { candidate, holder } of this.policyTargets(principal)) {
      const policy = this.model.managedPolicy(candidate.resource, holder.accountId);
      const versions = policy?.versions;
      if (versions === undefined) {
        candidates.push({ ...candidate, conditional: true, missing: 'the snapshot holds only its default version' });
        continue;
      }
      // The oldest version that makes the holder an administrator, preferring one that needs no condition.
      let chosen: { versionId: string; conditional: boolean } | undefined;
      for (const version of versions) {
        if (version.versionId === policy?.defaultVersionId) continue;
        const answer = this.questions.isAdminWithPolicyVersion(holder, candidate.resource, version.document, this.options.admin);
        if (!answer.admin || (chosen && answer.conditional)) continue;
        chosen = { versionId: version.versionId, conditional: answer.conditional };
        if (!answer.conditional) break;
      }
      if (chosen) {
        candidates.push({ ...candidate, label: `version ${chosen.versionId} of ${candidate.label}`, conditional: candidate.conditional || chosen.conditional });
      }
    }
    return candidates;
  }

  /** Customer managed policies that apply to the principal, its groups, or a role of its account it can assume. */
  private policyTargets(principal: EscalationPrincipal): Array<{ candidate: Candidate; holder: EscalationPrincipal }> {
    const holders: Array<{ node: EscalationPrincipal; conditional: boolean }> = [{ node: principal, conditional: false }];
    for (const { role, conditional } of this.assumableRoles(principal)) {
      if (role.accountId === principal.accountId) holders.push({ node: role, conditional });
    }
    const seen = new Set<string>();
    const candidates: Array<{ candidate: Candidate; holder: EscalationPrincipal }> = [];
    for (const holder of holders) {
      for (const policy of identityPoliciesOf(this.model, holder.node)) {
        if (policy.type !== 'managed' || policy.arn === undefined || isAwsManagedPolicyArn(policy.arn) || seen.has(policy.arn)) continue;
        seen.add(policy.arn);
        const held = holder.node.id !== principal.id;
        candidates.push({
          holder: holder.node,
          candidate: {
            resource: policy.arn,
            via: held ? [policy.arn, holder.node.id] : [policy.arn],
            label: held
              ? `policy ${policy.name} (attached to ${describe(holder.node)}, which ${describe(principal)} can assume)`
              : `policy ${policy.name}`,
            next: null,
            conditional: holder.conditional,
          },
        });
      }
    }
    return candidates;
  }

  private administeredInstances(accountId: string): string[] {
    return this.model.identityCenter.filter((instance) => instance.ownerAccountId === accountId).map((instance) => instance.instanceArn);
  }

  /** Roles the principal can assume directly (trust policy × its own permissions), in model order. */
  private assumableRoles(principal: EscalationPrincipal): Reach[] {
    const { assumable } = this.memo(principal.accountId);
    let reaches = assumable.get(principal.id);
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
      const group = this.joined.get(principal);
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
    assumable.set(principal.id, reaches);
    return reaches;
  }

  private assumeIndex(): AssumeIndex {
    this.index ??= buildAssumeIndex(this.model, this.questions);
    return this.index;
  }
}

const NO_METHODS: readonly EscalationMethod[] = Object.freeze([]);

function allIn(actions: readonly string[], named: ReadonlySet<string>): boolean {
  for (const action of actions) if (!named.has(action)) return false;
  return true;
}

/** A method's actions: all of them, those asked about any resource, and those asked about the target. */
interface ActionLists {
  readonly all: readonly string[];
  readonly unscoped: readonly string[];
  readonly scoped: readonly string[];
}

/** What the search memoises about the principals of one account. */
interface AccountMemo {
  readonly edges: Map<string, Edge[]>;
  readonly admins: Map<string, AdminAnswer>;
  /** By principal id, action and resource. */
  readonly answers: Map<string, Map<string, Map<string | undefined, EvaluationResult>>>;
  readonly assumable: Map<string, Reach[]>;
  readonly leads: Map<string, boolean>;
  readonly methods: Map<string, readonly EscalationMethod[]>;
  /** Targets shared by every principal of the account, by method. */
  readonly shared: Map<string, readonly Candidate[]>;
  /** A user as a member of one more group, by the id `memberOf` gives it. */
  readonly members: Map<string, UserNode>;
  readonly groupLeads: Map<string, boolean>;
  readonly policySets: Map<string, string>;
}

function newAccountMemo(): AccountMemo {
  return {
    edges: new Map(),
    admins: new Map(),
    answers: new Map(),
    assumable: new Map(),
    leads: new Map(),
    methods: new Map(),
    shared: new Map(),
    members: new Map(),
    groupLeads: new Map(),
    policySets: new Map(),
  };
}
