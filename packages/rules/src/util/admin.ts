import type { IamPrincipalNode, Model, PrincipalPolicy } from '@iamlint/core';
import { listOf, statementsOf, type PolicyStatement } from './policy-document.js';

const ADMINISTRATOR_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

export type AdministratorCheck =
  | { readonly administrator: true; readonly grantedBy: PrincipalPolicy }
  | { readonly administrator: false; readonly reason: 'no-full-access' }
  | { readonly administrator: false; readonly reason: 'denied'; readonly deniedBy: PrincipalPolicy }
  | { readonly administrator: false; readonly reason: 'boundary'; readonly boundaryArn: string };

export function isAdministratorAccessArn(arn: string | undefined): boolean {
  return arn !== undefined && ADMINISTRATOR_ACCESS.test(arn);
}

function hasCondition(statement: PolicyStatement): boolean {
  const { Condition: condition } = statement;
  if (condition === undefined || condition === null) return false;
  return typeof condition !== 'object' || Object.keys(condition).length > 0;
}

/** Action "*" (or "*:*") on Resource "*", with no Condition: the statement covers every request. */
function coversEverything(statement: PolicyStatement): boolean {
  return (
    listOf(statement.Action).some((action) => action === '*' || action === '*:*') &&
    listOf(statement.Resource).some((resource) => resource === '*') &&
    !hasCondition(statement)
  );
}

export function allowsFullAccess(document: unknown): boolean {
  return statementsOf(document).some((statement) => statement.Effect === 'Allow' && coversEverything(statement));
}

export function deniesFullAccess(document: unknown): boolean {
  return statementsOf(document).some((statement) => statement.Effect === 'Deny' && coversEverything(statement));
}

function grantsFullAccess(policy: PrincipalPolicy): boolean {
  return isAdministratorAccessArn(policy.arn) || allowsFullAccess(policy.document);
}

function boundaryAllowsFullAccess(model: Model, boundaryArn: string, accountId: string): boolean {
  if (isAdministratorAccessArn(boundaryArn)) return true;
  const document = model.managedPolicy(boundaryArn, accountId)?.document;
  return allowsFullAccess(document) && !deniesFullAccess(document);
}

/**
 * Whether a principal's identity policies (its own and its groups') give it full access: a small
 * stand-in for the policy engine that recognises only the unmistakable "Allow * on *" grant, so what it
 * calls an administrator really is one (SCPs aside). An unconditional Deny of everything wins; a
 * permissions boundary must itself allow everything, and one whose document the snapshot lacks is
 * taken as limiting.
 */
export function administratorCheck(model: Model, principal: IamPrincipalNode): AdministratorCheck {
  const policies = model.policiesOf(principal);
  const deniedBy = policies.find((policy) => deniesFullAccess(policy.document));
  if (deniedBy) return { administrator: false, reason: 'denied', deniedBy };
  const grantedBy = policies.find(grantsFullAccess);
  if (!grantedBy) return { administrator: false, reason: 'no-full-access' };
  const boundaryArn = principal.kind === 'Group' ? null : principal.permissionsBoundary;
  if (boundaryArn !== null && !boundaryAllowsFullAccess(model, boundaryArn, principal.accountId)) {
    return { administrator: false, reason: 'boundary', boundaryArn };
  }
  return { administrator: true, grantedBy };
}
