import { defineRule } from '@iamlint/core';
import { unscopedActionsProblem, unscopedActionsSchema, unscopedActionVisitors } from '../util/unscoped-actions.js';

/**
 * Calls that return or create a credential (keys, passwords, tokens) for a resource the caller names. From Kinnaird
 * McQuade's list of AWS API calls that return credentials, which Cloudsplaining's CredentialsExposure finding uses
 * (gist.github.com/kmcquade/33860a617e651104d243c324ddf7992a), checked against the action catalogue and kept to the
 * actions a policy can scope by resource. Left out: sts:AssumeRole (policy-passrole-star reports it on "*"),
 * sts:AssumeRoleWithSAML and sts:AssumeRoleWithWebIdentity (called without AWS credentials), sts:GetSessionToken
 * (needs no permission), and the calls that accept only "*" (ecr:GetAuthorizationToken and the like), which no
 * resource can narrow. Added: iam:UpdateLoginProfile (sets another user's console password),
 * redshift:GetClusterCredentialsWithIAM, redshift-serverless:GetCredentials and dsql:DbConnectAdmin (the newer
 * siblings of redshift:GetClusterCredentials and rds-db:connect), and codeartifact:GetAuthorizationToken.
 */
export const CREDENTIALS_EXPOSURE_ACTIONS = [
  'codeartifact:GetAuthorizationToken',
  'codepipeline:PollForJobs',
  'cognito-identity:GetOpenIdTokenForDeveloperIdentity',
  'connect:GetFederationToken',
  'dsql:DbConnectAdmin',
  'gamelift:RequestUploadCredentials',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:CreateServiceSpecificCredential',
  'iam:ResetServiceSpecificCredential',
  'iam:UpdateAccessKey',
  'iam:UpdateLoginProfile',
  'lightsail:GetInstanceAccessDetails',
  'lightsail:GetRelationalDatabaseMasterUserPassword',
  'mediapackage:RotateChannelCredentials',
  'mediapackage:RotateIngestEndpointCredentials',
  'rds-db:connect',
  'redshift-serverless:GetCredentials',
  'redshift:GetClusterCredentials',
  'redshift:GetClusterCredentialsWithIAM',
  'sts:GetFederationToken',
] as const;

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow policies that allow actions returning or creating credentials (iam:CreateAccessKey, redshift:GetClusterCredentials, sts:GetFederationToken…) on every resource without a condition.',
      recommended: false,
    },
    severity: 'high',
    requires: ['iam.authorizationDetails'],
    messages: {
      unscoped:
        '{{policy}} allows {{actions}} on {{resource}} without a condition (statement {{statements}}): whoever holds it can mint or read credentials for any user, database or instance those actions reach. Name the resources it needs.',
    },
    schema: unscopedActionsSchema('The actions to report, as `service:Action` names from the Service Authorization Reference; each must accept a resource ARN.'),
    defaultOptions: [{ actions: [...CREDENTIALS_EXPOSURE_ACTIONS], includeAwsManaged: false }],
  },
  validateOptions: unscopedActionsProblem,
  create(context) {
    return unscopedActionVisitors(context);
  },
});
