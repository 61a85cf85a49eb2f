import type { EscalationMethod } from '../types.js';
import { ASSUME_ROLE_METHOD } from './assume-role.js';
import { EXISTING_RESOURCE_METHODS } from './existing-resources.js';
import { IAM_METHODS } from './iam.js';
import { IDENTITY_CENTER_METHODS } from './identity-center.js';
import { PASSROLE_COMPUTE_METHODS } from './passrole-compute.js';
import { push } from '../../../util/collections.js';

export { ASSUME_ROLE_METHOD, ASSUME_ROLE_METHOD_ID } from './assume-role.js';

/**
 * Known privilege escalation methods (Rhino Security Labs' list, as also used by PMapper and Cloudsplaining), one
 * file per family. The order is the search's tie-break between equally short paths, so it is kept stable: assuming
 * a role, IAM, then the compute services one by one (passing a role to a new resource before taking over an
 * existing one), then Identity Center.
 */
export const ESCALATION_METHODS: readonly EscalationMethod[] = [
  ASSUME_ROLE_METHOD,
  ...IAM_METHODS,
  ...byService(PASSROLE_COMPUTE_METHODS, EXISTING_RESOURCE_METHODS),
  ...IDENTITY_CENTER_METHODS,
];

/** Both lists' methods, grouped by the service principal they act through, services in order of first appearance. */
function byService(...families: ReadonlyArray<readonly EscalationMethod[]>): EscalationMethod[] {
  const groups = new Map<string | undefined, EscalationMethod[]>();
  for (const method of families.flat()) push(groups, method.service, method);
  return [...groups.values()].flat();
}
