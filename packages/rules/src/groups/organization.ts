import type { AnyRule } from '@iamlint/core';
import accountOutsideOu from '../rules/account-outside-ou.js';
import delegatedAdminAllowlist from '../rules/delegated-admin-allowlist.js';
import managementAccountWorkloads from '../rules/management-account-workloads.js';
import permissionSetAdmin from '../rules/permission-set-admin.js';
import permissionSetAdminAssignment from '../rules/permission-set-admin-assignment.js';
import permissionSetBoundary from '../rules/permission-set-boundary.js';
import permissionSetInlineWildcard from '../rules/permission-set-inline-wildcard.js';
import permissionSetNotProvisioned from '../rules/permission-set-not-provisioned.js';
import permissionSetSessionDuration from '../rules/permission-set-session-duration.js';
import permissionSetUnassigned from '../rules/permission-set-unassigned.js';
import scpGuardrailsMissing from '../rules/scp-guardrails-missing.js';
import scpIneffective from '../rules/scp-ineffective.js';

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
