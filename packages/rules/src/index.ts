import type { AnyRule } from '@iamlint/core';
import { buildPresets } from './presets.js';
import { withDocsUrls } from './registry.js';
import accessKeyMaxAge from './rules/access-key-max-age.js';
import accessKeyUnused from './rules/access-key-unused.js';
import breakGlassAdmin from './rules/break-glass-admin.js';
import passwordPolicyStrength from './rules/password-policy-strength.js';
import permissionSetUserAssignment from './rules/permission-set-user-assignment.js';
import rootAccessKeys from './rules/root-access-keys.js';
import rootMfa from './rules/root-mfa.js';
import samlProviderDuplicated from './rules/saml-provider-duplicated.js';
import userMfaRequired from './rules/user-mfa-required.js';
import userNoDirectPolicies from './rules/user-no-direct-policies.js';
import userSingleActiveKey from './rules/user-single-active-key.js';

export { ruleDocsUrl } from './registry.js';
export { renderRuleTable, replaceGeneratedSection, GENERATED_DOCS, GENERATED_NOTICE } from './catalog.js';

export const builtinRules: ReadonlyMap<string, AnyRule> = withDocsUrls({
  'access-key-max-age': accessKeyMaxAge,
  'access-key-unused': accessKeyUnused,
  'break-glass-admin': breakGlassAdmin,
  'password-policy-strength': passwordPolicyStrength,
  'permission-set-user-assignment': permissionSetUserAssignment,
  'root-access-keys': rootAccessKeys,
  'root-mfa': rootMfa,
  'saml-provider-duplicated': samlProviderDuplicated,
  'user-mfa-required': userMfaRequired,
  'user-no-direct-policies': userNoDirectPolicies,
  'user-single-active-key': userSingleActiveKey,
});

export const presets = buildPresets(builtinRules);
export const recommended = presets.recommended;
