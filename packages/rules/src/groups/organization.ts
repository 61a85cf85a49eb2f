import type { AnyRule } from '@iamlint/core';
import accountOutsideOu from '../organization/account-outside-ou.js';
import delegatedAdminAllowlist from '../organization/delegated-admin-allowlist.js';
import managementAccountWorkloads from '../organization/management-account-workloads.js';
import permissionSetAdmin from '../identity-center/permission-set-admin.js';
import permissionSetAdminAssignment from '../identity-center/permission-set-admin-assignment.js';
import permissionSetBoundary from '../identity-center/permission-set-boundary.js';
import permissionSetInlineWildcard from '../identity-center/permission-set-inline-wildcard.js';
import permissionSetNotProvisioned from '../identity-center/permission-set-not-provisioned.js';
import permissionSetSessionDuration from '../identity-center/permission-set-session-duration.js';
import permissionSetUnassigned from '../identity-center/permission-set-unassigned.js';
import scpGuardrailsMissing from '../organization/scp-guardrails-missing.js';
import scpIneffective from '../organization/scp-ineffective.js';

/** Rules added with the catalogue (organization group); the registry merges every group. */
export const organizationRules: Record<string, AnyRule> = {
  'account-outside-ou': accountOutsideOu,
  'delegated-admin-allowlist': delegatedAdminAllowlist,
  'management-account-workloads': managementAccountWorkloads,
  'permission-set-admin': permissionSetAdmin,
  'permission-set-admin-assignment': permissionSetAdminAssignment,
  'permission-set-boundary': permissionSetBoundary,
  'permission-set-inline-wildcard': permissionSetInlineWildcard,
  'permission-set-not-provisioned': permissionSetNotProvisioned,
  'permission-set-session-duration': permissionSetSessionDuration,
  'permission-set-unassigned': permissionSetUnassigned,
  'scp-guardrails-missing': scpGuardrailsMissing,
  'scp-ineffective': scpIneffective,
};
