import type { ComplianceFramework } from '@iamlint/core';

/**
 * The identity controls of each framework iamlint maps rules to. Titles as the frameworks word them; `automated`
 * is false where the control needs a person or data a snapshot does not hold (contacts, Access Analyzer, EC2).
 * CIS numbers checked against CIS AWS Foundations Benchmark 5.0 (section 1) as Prowler's cis_5.0_aws.json lists it;
 * FSBP titles from the Security Hub controls reference.
 */
export const CIS_AWS_5_0: ComplianceFramework = {
  framework: 'cis-aws',
  version: '5.0',
  title: 'CIS AWS Foundations Benchmark',
  controls: [
    { id: '1.1', title: 'Maintain current contact details', automated: false },
    { id: '1.2', title: 'Ensure security contact information is registered', automated: false },
    { id: '1.3', title: "Ensure no 'root' user account access key exists", automated: true },
    { id: '1.4', title: "Ensure MFA is enabled for the 'root' user account", automated: true },
    { id: '1.5', title: "Ensure hardware MFA is enabled for the 'root' user account", automated: true },
    { id: '1.6', title: "Eliminate use of the 'root' user for administrative and daily tasks", automated: true },
    { id: '1.7', title: 'Ensure IAM password policy requires minimum length of 14 or greater', automated: true },
    { id: '1.8', title: 'Ensure IAM password policy prevents password reuse', automated: true },
    { id: '1.9', title: 'Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password', automated: true },
    { id: '1.10', title: 'Do not create access keys during initial setup for IAM users with a console password', automated: true },
    { id: '1.11', title: 'Ensure credentials unused for 45 days or more are disabled', automated: true },
    { id: '1.12', title: 'Ensure there is only one active access key for any single IAM user', automated: true },
    { id: '1.13', title: 'Ensure access keys are rotated every 90 days or less', automated: true },
    { id: '1.14', title: 'Ensure IAM users receive permissions only through groups', automated: true },
    { id: '1.15', title: 'Ensure IAM policies that allow full "*:*" administrative privileges are not attached', automated: true },
    { id: '1.16', title: 'Ensure a support role has been created to manage incidents with AWS Support', automated: true },
    { id: '1.17', title: 'Ensure IAM instance roles are used for AWS resource access from instances', automated: false },
    { id: '1.18', title: 'Ensure that all expired SSL/TLS certificates stored in AWS IAM are removed', automated: true },
    { id: '1.19', title: 'Ensure that IAM External Access Analyzer is enabled for all regions', automated: false },
    { id: '1.20', title: 'Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments', automated: true },
    { id: '1.21', title: 'Ensure access to AWSCloudShellFullAccess is restricted', automated: true },
  ],
};

export const AWS_FSBP: ComplianceFramework = {
  framework: 'aws-fsbp',
  version: '1.0',
  title: 'AWS Foundational Security Best Practices',
  controls: [
    { id: 'Account.1', title: 'Security contact information should be provided for an AWS account', automated: false },
    { id: 'Account.2', title: 'AWS accounts should be part of an AWS Organizations organization', automated: true },
    { id: 'IAM.1', title: 'IAM policies should not allow full "*" administrative privileges', automated: true },
    { id: 'IAM.2', title: 'IAM users should not have IAM policies attached', automated: true },
    { id: 'IAM.3', title: "IAM users' access keys should be rotated every 90 days or less", automated: true },
    { id: 'IAM.4', title: 'IAM root user access key should not exist', automated: true },
    { id: 'IAM.5', title: 'MFA should be enabled for all IAM users that have a console password', automated: true },
    { id: 'IAM.6', title: 'Hardware MFA should be enabled for the root user', automated: true },
    { id: 'IAM.7', title: 'Password policies for IAM users should have strong configurations', automated: true },
    { id: 'IAM.8', title: 'Unused IAM user credentials should be removed', automated: true },
    { id: 'IAM.9', title: 'MFA should be enabled for the root user', automated: true },
    { id: 'IAM.10', title: 'Password policies for IAM users should have strong configurations', automated: true },
    { id: 'IAM.11', title: 'Ensure IAM password policy requires at least one uppercase letter', automated: true },
    { id: 'IAM.12', title: 'Ensure IAM password policy requires at least one lowercase letter', automated: true },
    { id: 'IAM.13', title: 'Ensure IAM password policy requires at least one symbol', automated: true },
    { id: 'IAM.14', title: 'Ensure IAM password policy requires at least one number', automated: true },
    { id: 'IAM.15', title: 'Ensure IAM password policy requires minimum password length of 14 or greater', automated: true },
    { id: 'IAM.16', title: 'Ensure IAM password policy prevents password reuse', automated: true },
    { id: 'IAM.17', title: 'Ensure IAM password policy expires passwords within 90 days or less', automated: true },
    { id: 'IAM.18', title: 'Ensure a support role has been created to manage incidents with AWS Support', automated: true },
    { id: 'IAM.19', title: 'MFA should be enabled for all IAM users', automated: true },
    { id: 'IAM.21', title: 'IAM customer managed policies that you create should not allow wildcard actions for services', automated: true },
    { id: 'IAM.22', title: 'IAM user credentials unused for 45 days should be removed', automated: true },
    { id: 'IAM.23', title: 'IAM Access Analyzer analyzers should be tagged', automated: false },
    { id: 'IAM.24', title: 'IAM roles should be tagged', automated: true },
    { id: 'IAM.25', title: 'IAM users should be tagged', automated: true },
    { id: 'IAM.26', title: 'Expired SSL/TLS certificates managed in IAM should be removed', automated: true },
    { id: 'IAM.27', title: 'IAM identities should not have the AWSCloudShellFullAccess policy attached', automated: true },
    { id: 'IAM.28', title: 'IAM Access Analyzer external access analyzer should be enabled', automated: false },
  ],
};

export const complianceFrameworks: readonly ComplianceFramework[] = [CIS_AWS_5_0, AWS_FSBP];
