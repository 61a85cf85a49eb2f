import type { AnyRule } from '@iamlint/core';
import accessKeyInitialSetup from '../credentials/access-key-initial-setup.js';
import accountInOrganization from '../organization/account-in-organization.js';
import principalTags from '../access/principal-tags.js';
import rootCredentialsCentralizable from '../credentials/root-credentials-centralizable.js';
import rootRecentUse from '../credentials/root-recent-use.js';
import rootSigningCertificates from '../credentials/root-signing-certificates.js';
import serverCertificateExpired from '../credentials/server-certificate-expired.js';
import supportRole from '../access/support-role.js';
import userConsoleAndKeys from '../credentials/user-console-and-keys.js';
import userInactive from '../credentials/user-inactive.js';
import userMfaAll from '../credentials/user-mfa-all.js';
import userOutsideIdentityCenter from '../identity-center/user-outside-identity-center.js';
import userPasswordUnused from '../credentials/user-password-unused.js';

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
