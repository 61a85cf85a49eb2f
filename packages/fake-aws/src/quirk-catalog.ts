/**
 * Ways real endpoints (emulators, old accounts, proxies) deviate from AWS's documentation, each switchable,
 * so the collector can be tested against answers nobody here would have written.
 */
export const QUIRKS = {
  /** GetAccountAuthorizationDetails: Policies[] entries without PolicyName and PolicyId. */
  'gaad-policy-without-name-and-id': 'Policies[] entries of GetAccountAuthorizationDetails lack PolicyName and PolicyId',
  /** GetAccountPasswordPolicy: MaxPasswordAge 0 with ExpirePasswords false. */
  'password-policy-max-age-zero': 'GetAccountPasswordPolicy answers MaxPasswordAge 0 with ExpirePasswords false',
  /** Operations in FakeAwsOptions.unimplemented (and unknown ones) answer with an HTML 404 page. */
  'html-for-unimplemented': 'operations the endpoint does not implement answer with an HTML 404 page',
  /** GetAccountAuthorizationDetails lists every AWS managed policy it knows, attached or not. */
  'gaad-lists-unattached-aws-policies': 'GetAccountAuthorizationDetails lists AWS managed policies nothing in the account uses',
  /** The credential report has no <root_account> row. */
  'credential-report-without-root': 'the credential report has no <root_account> row',
  /** password_last_changed is set for users without a password. */
  'password-last-changed-without-password': 'the credential report sets password_last_changed for users without a password',
  /** no_information / not_supported where AWS writes N/A. */
  'report-not-supported-values': 'the credential report says no_information or not_supported where AWS says N/A',
  /** User and group ids are random lowercase strings, not AIDA…/AGPA…. */
  'lowercase-ids': 'user and group ids are random lowercase strings',
  /** Entities without tags have no Tags key at all. */
  'no-tags-key': 'entities without tags have no Tags key',
  /** RoleLastUsed: {} for every role (the endpoint does not track use). */
  'role-last-used-empty': 'RoleLastUsed is {} for every role',
  /** Permission set ARNs arn:aws:sso:::instance/ssoins-…/ps-…, not arn:aws:sso:::permissionSet/ssoins-…/ps-…. */
  'permission-set-instance-arns': 'permission set ARNs have the form arn:aws:sso:::instance/ssoins-…/ps-…',
  /** ListAccountsForProvisionedPermissionSet answers only the caller's account. */
  'provisioned-accounts-caller-only': "ListAccountsForProvisionedPermissionSet answers only the caller's account",
  /** Provisioning is not tracked: ListAccountsForProvisionedPermissionSet and ListPermissionSetsProvisionedToAccount answer no account. */
  'provisioning-not-reported': 'ListAccountsForProvisionedPermissionSet and ListPermissionSetsProvisionedToAccount answer no account (moto)',
} as const;

export type Quirk = keyof typeof QUIRKS;
export const QUIRK_NAMES = Object.keys(QUIRKS) as Quirk[];
