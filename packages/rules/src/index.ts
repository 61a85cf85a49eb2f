import type { AnyRule } from '@iamlint/core';
import { credentialsRules } from './groups/credentials.js';
import { organizationRules } from './groups/organization.js';
import { privilegeRules } from './groups/privilege.js';
import { trustRules } from './groups/trust.js';
import { buildPresets } from './presets.js';
import { withDocsUrls } from './registry.js';
import accessKeyMaxAge from './rules/access-key-max-age.js';
import accessKeyUnused from './rules/access-key-unused.js';
import breakGlassAdmin from './rules/break-glass-admin.js';
import passwordPolicyStrength from './rules/password-policy-strength.js';
import permissionSetUserAssignment from './rules/permission-set-user-assignment.js';
import policyAllowNotAction from './rules/policy-allow-not-action.js';
import policyConditionTypeMismatch from './rules/policy-condition-type-mismatch.js';
import policyDuplicateSid from './rules/policy-duplicate-sid.js';
import policyInvalidArn from './rules/policy-invalid-arn.js';
import policyMalformed from './rules/policy-malformed.js';
import policyNotPrincipalAllow from './rules/policy-not-principal-allow.js';
import policyPassroleStar from './rules/policy-passrole-star.js';
import policyResourceMismatch from './rules/policy-resource-mismatch.js';
import policyUnknownAction from './rules/policy-unknown-action.js';
import policyUnknownConditionKey from './rules/policy-unknown-condition-key.js';
import policyVersion from './rules/policy-version.js';
import privilegeEscalation from './rules/privilege-escalation.js';
import rootAccessKeys from './rules/root-access-keys.js';
import rootMfa from './rules/root-mfa.js';
import samlProviderDuplicated from './rules/saml-provider-duplicated.js';
import trustPolicyWildcardPrincipal from './rules/trust-policy-wildcard-principal.js';
import userMfaRequired from './rules/user-mfa-required.js';
import userNoDirectPolicies from './rules/user-no-direct-policies.js';
import userSingleActiveKey from './rules/user-single-active-key.js';

export { ruleDocsUrl } from './registry.js';
export { AWS_FSBP, CIS_AWS_5_0, complianceFrameworks } from './compliance/frameworks.js';
export { mergeOptions, type PresetName } from './presets.js';
export { renderRuleTable, replaceGeneratedSection, GENERATED_DOCS, GENERATED_NOTICE } from './catalog.js';
export { extractGuidance, renderGuidanceModule, type RuleGuidance } from './guidance.js';
export { RULE_GUIDANCE } from './guidance.generated.js';

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
