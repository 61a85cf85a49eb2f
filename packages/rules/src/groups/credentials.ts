import type { AnyRule } from '@iamlint/core';
import accessKeyInitialSetup from '../rules/access-key-initial-setup.js';
import accountInOrganization from '../rules/account-in-organization.js';
import principalTags from '../rules/principal-tags.js';
import rootCredentialsCentralizable from '../rules/root-credentials-centralizable.js';
import rootRecentUse from '../rules/root-recent-use.js';
import rootSigningCertificates from '../rules/root-signing-certificates.js';
import serverCertificateExpired from '../rules/server-certificate-expired.js';
import supportRole from '../rules/support-role.js';
import userConsoleAndKeys from '../rules/user-console-and-keys.js';
import userInactive from '../rules/user-inactive.js';
import userMfaAll from '../rules/user-mfa-all.js';
import userOutsideIdentityCenter from '../rules/user-outside-identity-center.js';
import userPasswordUnused from '../rules/user-password-unused.js';

/** Rules added with the catalogue (credentials group); the registry merges every group. */
export const credentialsRules: Record<string, AnyRule> = {
  'access-key-initial-setup': accessKeyInitialSetup,
  'account-in-organization': accountInOrganization,
  'principal-tags': principalTags,
  'root-credentials-centralizable': rootCredentialsCentralizable,
  'root-recent-use': rootRecentUse,
  'root-signing-certificates': rootSigningCertificates,
  'server-certificate-expired': serverCertificateExpired,
  'support-role': supportRole,
  'user-console-and-keys': userConsoleAndKeys,
  'user-inactive': userInactive,
  'user-mfa-all': userMfaAll,
  'user-outside-identity-center': userOutsideIdentityCenter,
  'user-password-unused': userPasswordUnused,
};
