import type { AnyRule } from '@iamlint/core';
import { RULE_GUIDANCE, RULE_PAGES } from './guidance.generated.js';
import type { DocPageSections } from './guidance.js';
import accessKeyInitialSetup from './credentials/access-key-initial-setup.js';
import accessKeyMaxAge from './credentials/access-key-max-age.js';
import accessKeyUnused from './credentials/access-key-unused.js';
import accountInOrganization from './organization/account-in-organization.js';
import accountOutsideOu from './organization/account-outside-ou.js';
import breakGlassAdmin from './access/break-glass-admin.js';
import cloudshellFullAccess from './policy/cloudshell-full-access.js';
import delegatedAdminAllowlist from './organization/delegated-admin-allowlist.js';
import inlinePolicyFullAdmin from './policy/inline-policy-full-admin.js';
import managedPolicyQuota from './access/managed-policy-quota.js';
import managementAccountWorkloads from './organization/management-account-workloads.js';
import oidcProviderDuplicated from './federation/oidc-provider-duplicated.js';
import passwordPolicyStrength from './credentials/password-policy-strength.js';
import permissionSetAdmin from './identity-center/permission-set-admin.js';
import permissionSetAdminAssignment from './identity-center/permission-set-admin-assignment.js';
import permissionSetBoundary from './identity-center/permission-set-boundary.js';
import permissionSetInlineWildcard from './identity-center/permission-set-inline-wildcard.js';
import permissionSetNotProvisioned from './identity-center/permission-set-not-provisioned.js';
import permissionSetSessionDuration from './identity-center/permission-set-session-duration.js';
import permissionSetUnassigned from './identity-center/permission-set-unassigned.js';
import permissionSetUserAssignment from './identity-center/permission-set-user-assignment.js';
import policyAllowNotAction from './policy/policy-allow-not-action.js';
import policyAllowNotResource from './policy/policy-allow-not-resource.js';
import policyConditionSetOperator from './policy/policy-condition-set-operator.js';
import policyConditionTypeMismatch from './policy/policy-condition-type-mismatch.js';
import policyCredentialsExposure from './policy/policy-credentials-exposure.js';
import policyDataExfiltration from './policy/policy-data-exfiltration.js';
import policyDuplicateSid from './policy/policy-duplicate-sid.js';
import policyFullAdmin from './policy/policy-full-admin.js';
import policyInvalidArn from './policy/policy-invalid-arn.js';
import policyInvalidServicePrincipal from './policy/policy-invalid-service-principal.js';
import policyMalformed from './policy/policy-malformed.js';
import policyNotPrincipalAllow from './policy/policy-not-principal-allow.js';
import policyPassroleStar from './policy/policy-passrole-star.js';
import policyResourceMismatch from './policy/policy-resource-mismatch.js';
import policyServiceWildcard from './policy/policy-service-wildcard.js';
import policyUnattached from './policy/policy-unattached.js';
import policyUnknownAction from './policy/policy-unknown-action.js';
import policyUnknownConditionKey from './policy/policy-unknown-condition-key.js';
import policyVersion from './policy/policy-version.js';
import principalTags from './access/principal-tags.js';
import privilegeEscalation from './access/privilege-escalation.js';
import roleAdminExternalTrust from './trust/role-admin-external-trust.js';
import roleUnused from './access/role-unused.js';
import rootAccessKeys from './credentials/root-access-keys.js';
import rootCredentialsCentralizable from './credentials/root-credentials-centralizable.js';
import rootMfa from './credentials/root-mfa.js';
import rootRecentUse from './credentials/root-recent-use.js';
import rootSigningCertificates from './credentials/root-signing-certificates.js';
import samlCertificateExpiring from './federation/saml-certificate-expiring.js';
import samlFederationAlongsideIdentityCenter from './federation/saml-federation-alongside-identity-center.js';
import samlProviderDuplicated from './federation/saml-provider-duplicated.js';
import samlProviderUnused from './federation/saml-provider-unused.js';
import scpGuardrailsMissing from './organization/scp-guardrails-missing.js';
import scpIneffective from './organization/scp-ineffective.js';
import serverCertificateExpired from './credentials/server-certificate-expired.js';
import serviceUnused from './access/service-unused.js';
import supportRole from './access/support-role.js';
import trustCrossAccountNoCondition from './trust/trust-cross-account-no-condition.js';
import trustExternalAccount from './trust/trust-external-account.js';
import trustGithubOidcSubject from './trust/trust-github-oidc-subject.js';
import trustOidcAudience from './trust/trust-oidc-audience.js';
import trustPolicyWildcardPrincipal from './trust/trust-policy-wildcard-principal.js';
import trustSamlAudience from './trust/trust-saml-audience.js';
import trustServiceConfusedDeputy from './trust/trust-service-confused-deputy.js';
import userConsoleAndKeys from './credentials/user-console-and-keys.js';
import userDirectAdmin from './access/user-direct-admin.js';
import userInactive from './credentials/user-inactive.js';
import userMfaAll from './credentials/user-mfa-all.js';
import userMfaRequired from './credentials/user-mfa-required.js';
import userNoDirectPolicies from './access/user-no-direct-policies.js';
import userOutsideIdentityCenter from './identity-center/user-outside-identity-center.js';
import userPasswordUnused from './credentials/user-password-unused.js';
import userSingleActiveKey from './credentials/user-single-active-key.js';

/**
 * Every built-in rule, by id in alphabetical order. A rule lives in `src/<domain>/<rule-id>.ts` (src/README.md says
 * which domain); its test is `test/<rule-id>.test.ts` and its doc page `docs/rules/<rule-id>.md`. test/registry.test.ts
 * fails until this list, the folders, the tests and the docs agree.
 */
export const rules: Readonly<Record<string, AnyRule>> = {
  'access-key-initial-setup': accessKeyInitialSetup,
  'access-key-max-age': accessKeyMaxAge,
  'access-key-unused': accessKeyUnused,
  'account-in-organization': accountInOrganization,
  'account-outside-ou': accountOutsideOu,
  'break-glass-admin': breakGlassAdmin,
  'cloudshell-full-access': cloudshellFullAccess,
  'delegated-admin-allowlist': delegatedAdminAllowlist,
  'inline-policy-full-admin': inlinePolicyFullAdmin,
  'managed-policy-quota': managedPolicyQuota,
  'management-account-workloads': managementAccountWorkloads,
  'oidc-provider-duplicated': oidcProviderDuplicated,
  'password-policy-strength': passwordPolicyStrength,
  'permission-set-admin': permissionSetAdmin,
  'permission-set-admin-assignment': permissionSetAdminAssignment,
  'permission-set-boundary': permissionSetBoundary,
  'permission-set-inline-wildcard': permissionSetInlineWildcard,
  'permission-set-not-provisioned': permissionSetNotProvisioned,
  'permission-set-session-duration': permissionSetSessionDuration,
  'permission-set-unassigned': permissionSetUnassigned,
  'permission-set-user-assignment': permissionSetUserAssignment,
  'policy-allow-not-action': policyAllowNotAction,
  'policy-allow-not-resource': policyAllowNotResource,
  'policy-condition-set-operator': policyConditionSetOperator,
  'policy-condition-type-mismatch': policyConditionTypeMismatch,
  'policy-credentials-exposure': policyCredentialsExposure,
  'policy-data-exfiltration': policyDataExfiltration,
  'policy-duplicate-sid': policyDuplicateSid,
  'policy-full-admin': policyFullAdmin,
  'policy-invalid-arn': policyInvalidArn,
  'policy-invalid-service-principal': policyInvalidServicePrincipal,
  'policy-malformed': policyMalformed,
  'policy-not-principal-allow': policyNotPrincipalAllow,
  'policy-passrole-star': policyPassroleStar,
  'policy-resource-mismatch': policyResourceMismatch,
  'policy-service-wildcard': policyServiceWildcard,
  'policy-unattached': policyUnattached,
  'policy-unknown-action': policyUnknownAction,
  'policy-unknown-condition-key': policyUnknownConditionKey,
  'policy-version': policyVersion,
  'principal-tags': principalTags,
  'privilege-escalation': privilegeEscalation,
  'role-admin-external-trust': roleAdminExternalTrust,
  'role-unused': roleUnused,
  'root-access-keys': rootAccessKeys,
  'root-credentials-centralizable': rootCredentialsCentralizable,
  'root-mfa': rootMfa,
  'root-recent-use': rootRecentUse,
  'root-signing-certificates': rootSigningCertificates,
  'saml-certificate-expiring': samlCertificateExpiring,
  'saml-federation-alongside-identity-center': samlFederationAlongsideIdentityCenter,
  'saml-provider-duplicated': samlProviderDuplicated,
  'saml-provider-unused': samlProviderUnused,
  'scp-guardrails-missing': scpGuardrailsMissing,
  'scp-ineffective': scpIneffective,
  'server-certificate-expired': serverCertificateExpired,
  'service-unused': serviceUnused,
  'support-role': supportRole,
  'trust-cross-account-no-condition': trustCrossAccountNoCondition,
  'trust-external-account': trustExternalAccount,
  'trust-github-oidc-subject': trustGithubOidcSubject,
  'trust-oidc-audience': trustOidcAudience,
  'trust-policy-wildcard-principal': trustPolicyWildcardPrincipal,
  'trust-saml-audience': trustSamlAudience,
  'trust-service-confused-deputy': trustServiceConfusedDeputy,
  'user-console-and-keys': userConsoleAndKeys,
  'user-direct-admin': userDirectAdmin,
  'user-inactive': userInactive,
  'user-mfa-all': userMfaAll,
  'user-mfa-required': userMfaRequired,
  'user-no-direct-policies': userNoDirectPolicies,
  'user-outside-identity-center': userOutsideIdentityCenter,
  'user-password-unused': userPasswordUnused,
  'user-single-active-key': userSingleActiveKey,
};

const DOCS_BASE = 'https://github.com/iamlint/iamlint/blob/main/packages/rules/docs/rules';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE}/${ruleId}.md`;
}

/** Gives each rule its documentation URL, derived from its id so it cannot drift, and the guidance of its doc page. */
export function withDocsUrls(byId: Readonly<Record<string, AnyRule>>): ReadonlyMap<string, AnyRule> {
  return new Map(
    Object.entries(byId)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([id, rule]) => {
        const page = RULE_PAGES[id];
        const docs = { ...rule.meta.docs, url: ruleDocsUrl(id), ...RULE_GUIDANCE[id], ...(page ? { page: withAbsoluteLinks(page) } : {}) };
        return [id, { ...rule, meta: { ...rule.meta, docs } }];
      }),
  );
}

/** Links between doc pages are relative (`break-glass-admin.md`); outside the docs folder they must name the page in full. */
function withAbsoluteLinks(page: DocPageSections): DocPageSections {
  const absolute = (markdown: string) => markdown.replace(/\]\(([a-z0-9-]+\.md(?:#[^)]*)?)\)/g, (_, target: string) => `](${DOCS_BASE}/${target})`);
  return { why: absolute(page.why), howToFix: absolute(page.howToFix), whenNotToUse: absolute(page.whenNotToUse) };
}
