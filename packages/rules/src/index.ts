import type { AnyRule } from '@iamlint/core';
import { credentialsRules } from './groups/credentials.js';
import { organizationRules } from './groups/organization.js';
import { privilegeRules } from './groups/privilege.js';
import { trustRules } from './groups/trust.js';
import { buildPresets } from './presets.js';
import { withDocsUrls } from './registry.js';
import accessKeyMaxAge from './credentials/access-key-max-age.js';
import accessKeyUnused from './credentials/access-key-unused.js';
import breakGlassAdmin from './access/break-glass-admin.js';
import passwordPolicyStrength from './credentials/password-policy-strength.js';
import permissionSetUserAssignment from './identity-center/permission-set-user-assignment.js';
import policyAllowNotAction from './policy/policy-allow-not-action.js';
import policyConditionTypeMismatch from './policy/policy-condition-type-mismatch.js';
import policyDuplicateSid from './policy/policy-duplicate-sid.js';
import policyInvalidArn from './policy/policy-invalid-arn.js';
import policyMalformed from './policy/policy-malformed.js';
import policyNotPrincipalAllow from './policy/policy-not-principal-allow.js';
import policyPassroleStar from './policy/policy-passrole-star.js';
import policyResourceMismatch from './policy/policy-resource-mismatch.js';
import policyUnknownAction from './policy/policy-unknown-action.js';
import policyUnknownConditionKey from './policy/policy-unknown-condition-key.js';
import policyVersion from './policy/policy-version.js';
import privilegeEscalation from './access/privilege-escalation.js';
import rootAccessKeys from './credentials/root-access-keys.js';
import rootMfa from './credentials/root-mfa.js';
import samlProviderDuplicated from './federation/saml-provider-duplicated.js';
import trustPolicyWildcardPrincipal from './trust/trust-policy-wildcard-principal.js';
import userMfaRequired from './credentials/user-mfa-required.js';
import userNoDirectPolicies from './access/user-no-direct-policies.js';
import userSingleActiveKey from './credentials/user-single-active-key.js';

export { ruleDocsUrl } from './registry.js';
export { AWS_FSBP, CIS_AWS_5_0, complianceFrameworks } from './compliance/frameworks.js';
export { mergeOptions, type PresetName } from './presets.js';
export { renderRuleTable, replaceGeneratedSection, GENERATED_DOCS, GENERATED_NOTICE } from './catalog.js';

export const builtinRules: ReadonlyMap<string, AnyRule> = withDocsUrls({
  'access-key-max-age': accessKeyMaxAge,
  'access-key-unused': accessKeyUnused,
  'break-glass-admin': breakGlassAdmin,
  'password-policy-strength': passwordPolicyStrength,
  'permission-set-user-assignment': permissionSetUserAssignment,
  'policy-allow-not-action': policyAllowNotAction,
  'policy-condition-type-mismatch': policyConditionTypeMismatch,
  'policy-duplicate-sid': policyDuplicateSid,
  'policy-invalid-arn': policyInvalidArn,
  'policy-malformed': policyMalformed,
  'policy-not-principal-allow': policyNotPrincipalAllow,
  'policy-passrole-star': policyPassroleStar,
  'policy-resource-mismatch': policyResourceMismatch,
  'policy-unknown-action': policyUnknownAction,
  'policy-unknown-condition-key': policyUnknownConditionKey,
  'policy-version': policyVersion,
  'privilege-escalation': privilegeEscalation,
  'root-access-keys': rootAccessKeys,
  'root-mfa': rootMfa,
  'saml-provider-duplicated': samlProviderDuplicated,
  'trust-policy-wildcard-principal': trustPolicyWildcardPrincipal,
  'user-mfa-required': userMfaRequired,
  'user-no-direct-policies': userNoDirectPolicies,
  'user-single-active-key': userSingleActiveKey,
  ...credentialsRules,
  ...trustRules,
  ...privilegeRules,
  ...organizationRules,
});

export const presets = buildPresets(builtinRules);
export const recommended = presets.recommended;
