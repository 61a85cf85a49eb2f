import type { RoleNode, UserNode } from '../../model/nodes.js';
import type { AdminOptions } from '../questions/types.js';

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
  | 'freeAccessKeySlot'
  /** A policy target: a stored non-default version of it would make its holder an administrator. */
  | 'adminVersion';

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
  /** No principal can act as it (a service-linked role, a role only AWS services can assume): it starts no path. */
  startsNoPath(principal: EscalationPrincipal): boolean;
  /** Whether the principal can assume the role directly (its trust policy and the principal's permissions). */
  canAssume(principal: EscalationPrincipal, role: RoleNode): boolean;
}
