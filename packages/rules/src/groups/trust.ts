import type { AnyRule } from '@iamlint/core';
import oidcProviderDuplicated from '../federation/oidc-provider-duplicated.js';
import roleAdminExternalTrust from '../trust/role-admin-external-trust.js';
import roleUnused from '../access/role-unused.js';
import samlCertificateExpiring from '../federation/saml-certificate-expiring.js';
import samlFederationAlongsideIdentityCenter from '../federation/saml-federation-alongside-identity-center.js';
import samlProviderUnused from '../federation/saml-provider-unused.js';
import trustCrossAccountNoCondition from '../trust/trust-cross-account-no-condition.js';
import trustExternalAccount from '../trust/trust-external-account.js';
import trustGithubOidcSubject from '../trust/trust-github-oidc-subject.js';
import trustOidcAudience from '../trust/trust-oidc-audience.js';
import trustSamlAudience from '../trust/trust-saml-audience.js';
import trustServiceConfusedDeputy from '../trust/trust-service-confused-deputy.js';

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
