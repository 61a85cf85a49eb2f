import type { IamPrincipalNode, PermissionSetNode, RoleNode } from '../../model/nodes.js';
import type { AccessLevel } from '../catalog.js';
import type { DecidingStatement, EvaluationResult } from '../evaluate.js';

/** A principal whose effective permissions can be asked about. */
export type EvaluatedPrincipal = IamPrincipalNode | PermissionSetNode;

export interface AdminOptions {
  /**
   * `all-services`: every action on every resource is allowed (the usual meaning of administrator), or the IAM
   * actions to grant itself that (writing or attaching policies on every user and role).
   * `iam-write`: also counts a principal that can write IAM (it can make itself an administrator).
   */
  definition?: 'all-services' | 'iam-write';
}

export interface AdminAnswer {
  readonly admin: boolean;
  /** Admin only under conditions the snapshot cannot settle (MFA, source IP, tags…). */
  readonly conditional: boolean;
  /** The statements that grant it, or that stop it (a boundary, an SCP level, a deny). */
  readonly decidedBy: readonly DecidingStatement[];
  /** When not admin: why, in a few words fit for a message ("the permissions boundary allows only s3:*"). */
  readonly reason?: string;
  /**
   * An administrator by another name: not allowed everything, but allowed to grant itself everything (these IAM
   * actions on every user and role), with nothing in its boundary, SCPs or denies to stop what it grants.
   */
  readonly selfGrant?: readonly string[];
}

export interface GrantedService {
  readonly service: string;
  /** Access levels with at least one allowed action, most powerful first. */
  readonly accessLevels: readonly AccessLevel[];
  /** Every granted action of the service is granted only under conditions. */
  readonly conditional: boolean;
}

/** Someone who can assume a role, as its trust policy and their own permissions allow. */
export type RoleAssumer =
  | { readonly kind: 'principal'; readonly principal: IamPrincipalNode; readonly conditional: boolean }
  | { readonly kind: 'account'; readonly accountId: string; readonly inOrganization: boolean; readonly conditional: boolean }
  | { readonly kind: 'service'; readonly service: string; readonly conditional: boolean }
  | { readonly kind: 'federated'; readonly provider: string; readonly conditional: boolean }
  | { readonly kind: 'anyone'; readonly conditional: boolean };

/**
 * Questions about effective permissions, answered with the policy evaluator over the model (identity
 * policies incl. groups, permissions boundary, SCPs/RCPs on the account's OU path) and memoised per
 * principal and question.
 */
export interface PolicyQuestions {
  can(principal: EvaluatedPrincipal, action: string, resource?: string): EvaluationResult;
  isAdmin(principal: EvaluatedPrincipal, options?: AdminOptions): AdminAnswer;
  /**
   * Whether the principal would be an administrator if `document` were the default version of the managed policy
   * `policyArn` it holds (through itself or a group): what `iam:SetDefaultPolicyVersion` could make of it. Versions
   * other than the default are in effect nowhere else.
   */
  isAdminWithPolicyVersion(principal: EvaluatedPrincipal, policyArn: string, document: unknown, options?: AdminOptions): AdminAnswer;
  /** The services the principal's identity policies grant something in; with `among` (lowercase), only those. */
  grantedServices(principal: EvaluatedPrincipal, among?: ReadonlySet<string>): readonly GrantedService[];
  /**
   * The names of the services of `among` (lowercase) that `grantedServices(principal, among)` lists, without their
   * access levels: cheaper, as one allowed request per service answers it.
   */
  grantedServiceNames(principal: EvaluatedPrincipal, among: ReadonlySet<string>): ReadonlySet<string>;
  /**
   * The actions of `among` that some Allow statement of the principal's identity policies covers, read off the
   * documents without evaluating anything. `can` allows an action only through such a statement, so the others need no
   * question: the escalation search asks `can` only about the methods whose every action is named.
   */
  namedActions(principal: EvaluatedPrincipal, among: ReadonlySet<string>): ReadonlySet<string>;
  whoCanAssume(role: RoleNode): readonly RoleAssumer[];
}
