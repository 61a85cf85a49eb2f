import type { AnyRule } from '@iamlint/core';
import cloudshellFullAccess from '../policy/cloudshell-full-access.js';
import inlinePolicyFullAdmin from '../policy/inline-policy-full-admin.js';
import managedPolicyQuota from '../access/managed-policy-quota.js';
import policyCredentialsExposure from '../policy/policy-credentials-exposure.js';
import policyDataExfiltration from '../policy/policy-data-exfiltration.js';
import policyFullAdmin from '../policy/policy-full-admin.js';
import policyServiceWildcard from '../policy/policy-service-wildcard.js';
import policyUnattached from '../policy/policy-unattached.js';
import serviceUnused from '../access/service-unused.js';
import userDirectAdmin from '../access/user-direct-admin.js';

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
