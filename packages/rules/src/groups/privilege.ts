import type { AnyRule } from '@iamlint/core';
import cloudshellFullAccess from '../rules/cloudshell-full-access.js';
import inlinePolicyFullAdmin from '../rules/inline-policy-full-admin.js';
import managedPolicyQuota from '../rules/managed-policy-quota.js';
import policyCredentialsExposure from '../rules/policy-credentials-exposure.js';
import policyDataExfiltration from '../rules/policy-data-exfiltration.js';
import policyFullAdmin from '../rules/policy-full-admin.js';
import policyServiceWildcard from '../rules/policy-service-wildcard.js';
import policyUnattached from '../rules/policy-unattached.js';
import serviceUnused from '../rules/service-unused.js';
import userDirectAdmin from '../rules/user-direct-admin.js';

/** Rules added with the catalogue (privilege group); the registry merges every group. */
export const privilegeRules: Record<string, AnyRule> = {
  'cloudshell-full-access': cloudshellFullAccess,
  'inline-policy-full-admin': inlinePolicyFullAdmin,
  'managed-policy-quota': managedPolicyQuota,
  'policy-credentials-exposure': policyCredentialsExposure,
  'policy-data-exfiltration': policyDataExfiltration,
  'policy-full-admin': policyFullAdmin,
  'policy-service-wildcard': policyServiceWildcard,
  'policy-unattached': policyUnattached,
  'service-unused': serviceUnused,
  'user-direct-admin': userDirectAdmin,
};
