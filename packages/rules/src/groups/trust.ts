import type { AnyRule } from '@iamlint/core';
import oidcProviderDuplicated from '../rules/oidc-provider-duplicated.js';
import roleAdminExternalTrust from '../rules/role-admin-external-trust.js';
import roleUnused from '../rules/role-unused.js';
import samlCertificateExpiring from '../rules/saml-certificate-expiring.js';
import samlFederationAlongsideIdentityCenter from '../rules/saml-federation-alongside-identity-center.js';
import samlProviderUnused from '../rules/saml-provider-unused.js';
import trustCrossAccountNoCondition from '../rules/trust-cross-account-no-condition.js';
import trustExternalAccount from '../rules/trust-external-account.js';
import trustGithubOidcSubject from '../rules/trust-github-oidc-subject.js';
import trustOidcAudience from '../rules/trust-oidc-audience.js';
import trustSamlAudience from '../rules/trust-saml-audience.js';
import trustServiceConfusedDeputy from '../rules/trust-service-confused-deputy.js';

/** Rules added with the catalogue (trust group); the registry merges every group. */
export const trustRules: Record<string, AnyRule> = {
  'oidc-provider-duplicated': oidcProviderDuplicated,
  'role-admin-external-trust': roleAdminExternalTrust,
  'role-unused': roleUnused,
  'saml-certificate-expiring': samlCertificateExpiring,
  'saml-federation-alongside-identity-center': samlFederationAlongsideIdentityCenter,
  'saml-provider-unused': samlProviderUnused,
  'trust-cross-account-no-condition': trustCrossAccountNoCondition,
  'trust-external-account': trustExternalAccount,
  'trust-github-oidc-subject': trustGithubOidcSubject,
  'trust-oidc-audience': trustOidcAudience,
  'trust-saml-audience': trustSamlAudience,
  'trust-service-confused-deputy': trustServiceConfusedDeputy,
};
