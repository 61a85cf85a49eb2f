import { describe, expect, it } from 'vitest';
import { RuleTester, type UserSpec } from '@iamlint/core/testing';
import rule from '../src/access/break-glass-admin.js';

const MANAGEMENT = '111122223333';
const PRODUCTION = '444455556666';
const SANDBOX = '777788889999';

const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
const JUMPCLOUD_ENTITY_ID = 'https://sso.jumpcloud.com/saml2/aws-acme';
const JUMPCLOUD_CERT = '5f1c0a7e9b3d2c4a6e8f0b1d3c5e7a9f2b4d6c8e0a1f3b5d7c9e2a4f6b8d0c1e';

const jumpCloudProvider = { name: 'JumpCloud', entityId: JUMPCLOUD_ENTITY_ID, signingCertificates: [{ sha256: JUMPCLOUD_CERT, notAfter: '2029-02-01T00:00:00Z' }] };
const samlTrust = (accountId: string, provider = 'JumpCloud') => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::${accountId}:saml-provider/${provider}` },
      Action: 'sts:AssumeRoleWithSAML',
      Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
    },
  ],
});
const federatedAdminRole = (accountId: string) => ({
  roleName: 'JumpCloud-PlatformAdmins',
  trustPolicy: samlTrust(accountId),
  attachedManagedPolicies: [ADMINISTRATOR_ACCESS],
});

const LOGIN_PROFILE = { createDate: '2024-05-02T09:30:00Z', passwordResetRequired: false };
const HARDWARE_MFA = { type: 'hardware' as const, serialNumber: 'GAHT90021841' };
const VIRTUAL_MFA = { type: 'virtual' as const };

const breakGlass = (userName: string, extra: Partial<UserSpec> = {}): UserSpec => ({
  userName,
  loginProfile: LOGIN_PROFILE,
  mfaDevices: [HARDWARE_MFA],
  attachedManagedPolicies: [ADMINISTRATOR_ACCESS],
  ...extra,
});

const userArn = (accountId: string, name: string) => `arn:aws:iam::${accountId}:user/${name}`;
const roleArn = (accountId: string, name: string) => `arn:aws:iam::${accountId}:role/${name}`;
const providerArn = (accountId: string, name: string) => `arn:aws:iam::${accountId}:saml-provider/${name}`;

const ADMIN_PERMISSION_SET = { name: 'AdministratorAccess', managedPolicies: [ADMINISTRATOR_ACCESS], provisionedAccounts: [PRODUCTION] };
const PLATFORM_GROUP_ID = '9067642ac7-1f0e5a3b-8c2d-4e6f-9a1b-3c5d7e9f0a2b';

const organization = {
  managementAccountId: MANAGEMENT,
  accounts: [
    { id: MANAGEMENT, name: 'acme-management' },
    { id: PRODUCTION, name: 'acme-production' },
  ],
};

new RuleTester().run('break-glass-admin', rule, {
  valid: [
    {
      name: 'an administrator only with MFA present is an administrator (conditionally): break-glass users sign in with MFA',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            samlProviders: [jumpCloudProvider],
            users: [
              breakGlass('break-glass-admin', {
                attachedManagedPolicies: [],
                inlinePolicies: [
                  {
                    name: 'AdminWithMfa',
                    document: {
                      Version: '2012-10-17',
                      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }],
                    },
                  },
                ],
              }),
            ],
          },
        },
      },
    },
    {
      name: 'a federated account with one protected break-glass administrator',
      snapshot: {
        accounts: {
          [PRODUCTION]: { samlProviders: [jumpCloudProvider], roles: [federatedAdminRole(PRODUCTION)], users: [breakGlass('break-glass-admin')] },
        },
      },
    },
    {
      name: 'administrator only through a group that has AdministratorAccess',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            samlProviders: [jumpCloudProvider],
            groups: [{ groupName: 'BreakGlassAdmins', attachedManagedPolicies: [ADMINISTRATOR_ACCESS] }],
            users: [breakGlass('breakglass-ops', { attachedManagedPolicies: [], groups: ['BreakGlassAdmins'] })],
          },
        },
      },
    },
    {
      name: 'an account with no federation at all is not checked for the count',
      snapshot: {
        accounts: {
          [SANDBOX]: { users: [{ userName: 'alice.martin', loginProfile: LOGIN_PROFILE, mfaDevices: [VIRTUAL_MFA] }] },
        },
      },
    },
    {
      name: 'two break-glass users (the maximum), one by a mixed-case name, one by tag with an inline Allow * on *',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            samlProviders: [jumpCloudProvider],
            users: [
              breakGlass('BreakGlass-Primary'),
              breakGlass('vault-admin', {
                tags: { 'iamlint:break-glass': 'True' },
                attachedManagedPolicies: [],
                inlinePolicies: [{ name: 'FullAccess', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
              }),
            ],
          },
        },
      },
    },
    {
      name: 'Identity Center assignments make the account federated; its break-glass user passes',
      snapshot: {
        accounts: { [PRODUCTION]: { users: [breakGlass('emergency-admin-01')] } },
        identityCenter: {
          permissionSets: [ADMIN_PERMISSION_SET],
          groups: [{ groupId: PLATFORM_GROUP_ID, displayName: 'platform-admins' }],
          assignments: [{ accountId: PRODUCTION, permissionSet: 'AdministratorAccess', principalType: 'GROUP', principalId: PLATFORM_GROUP_ID }],
        },
      },
    },
    {
      name: 'managementAccountOnly: break-glass lives in the management account, the federated member account needs none',
      snapshot: {
        organization,
        accounts: {
          [MANAGEMENT]: { users: [breakGlass('break-glass-org')] },
          [PRODUCTION]: { samlProviders: [jumpCloudProvider], roles: [federatedAdminRole(PRODUCTION)] },
        },
      },
      options: [{ managementAccountOnly: true }],
    },
    {
      name: 'minimum 0 accepts a federated account without break-glass users',
      snapshot: { accounts: { [PRODUCTION]: { roles: [federatedAdminRole(PRODUCTION)] } } },
      options: [{ minimum: 0 }],
    },
    {
      name: 'relaxed options: keys allowed, MFA not required; an inactive key never counts',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            samlProviders: [jumpCloudProvider],
            users: [breakGlass('break-glass-cli', { mfaDevices: [], accessKeys: [{ status: 'Active' }, { status: 'Inactive' }] })],
          },
        },
      },
      options: [{ allowAccessKeys: true, requireMfa: false }],
    },
    {
      name: 'requireHardwareMfa accepts a security key (passkey) next to an authenticator app',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            samlProviders: [jumpCloudProvider],
            users: [breakGlass('break-glass-admin', { mfaDevices: [VIRTUAL_MFA, { type: 'passkey', serialNumber: `arn:aws:iam::${PRODUCTION}:u2f/user/break-glass-admin/yubikey-5c-GK3QHTN2` }] })],
          },
        },
      },
      options: [{ requireHardwareMfa: true }],
    },
    {
      name: 'credential report missing in a federated account: not evaluated there, not a silent pass',
      snapshot: {
        gaps: [{ section: 'iam.credentialReport', accountId: PRODUCTION, call: 'iam:GenerateCredentialReport', error: 'AccessDenied' }],
        accounts: { [PRODUCTION]: { samlProviders: [jumpCloudProvider] }, [SANDBOX]: {} },
      },
      notEvaluated: [{ accountId: PRODUCTION, sections: ['iam.credentialReport'] }],
    },
  ],
  invalid: [
    {
      name: 'a SAML-federated account without any break-glass user',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            samlProviders: [jumpCloudProvider],
            roles: [federatedAdminRole(PRODUCTION), { roleName: 'billing-export-lambda' }],
            users: [{ userName: 'ci-deploy', accessKeys: [{}] }],
          },
        },
      },
      errors: [
        {
          messageId: 'tooFew',
          data: { accountId: PRODUCTION, count: 0, minimum: 1, maximum: 2 },
          resource: PRODUCTION,
          kind: 'Account',
          related: [providerArn(PRODUCTION, 'JumpCloud'), roleArn(PRODUCTION, 'JumpCloud-PlatformAdmins')],
        },
      ],
    },
    {
      name: 'Identity Center assignments only: the account still needs a way in when Identity Center is down',
      snapshot: {
        accounts: { [PRODUCTION]: {}, [SANDBOX]: {} },
        identityCenter: {
          permissionSets: [ADMIN_PERMISSION_SET],
          assignments: [{ accountId: PRODUCTION, permissionSet: 'AdministratorAccess', principalType: 'GROUP', principalId: PLATFORM_GROUP_ID }],
        },
      },
      errors: [{ messageId: 'tooFew', resource: PRODUCTION, data: { count: 0 }, related: [] }],
    },
    {
      name: "Identity Center's own SAML provider and AWSReservedSSO role show the account relies on it",
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            samlProviders: [{ name: 'AWSSSO_2f8d4b1c9e7a6d35_DO_NOT_DELETE' }],
            roles: [
              {
                roleName: 'AWSReservedSSO_AdministratorAccess_5b2c8d1e9f3a7c40',
                path: '/aws-reserved/sso.amazonaws.com/',
                trustPolicy: samlTrust(PRODUCTION, 'AWSSSO_2f8d4b1c9e7a6d35_DO_NOT_DELETE'),
              },
            ],
          },
        },
      },
      errors: [
        {
          messageId: 'tooFew',
          related: [
            providerArn(PRODUCTION, 'AWSSSO_2f8d4b1c9e7a6d35_DO_NOT_DELETE'),
            `arn:aws:iam::${PRODUCTION}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_5b2c8d1e9f3a7c40`,
          ],
        },
      ],
    },
    {
      name: 'three break-glass users exceed the maximum of two',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            samlProviders: [jumpCloudProvider],
            users: [breakGlass('break-glass-1'), breakGlass('break-glass-2'), breakGlass('break-glass-3')],
          },
        },
      },
      errors: [
        {
          messageId: 'tooMany',
          data: { accountId: PRODUCTION, count: 3, maximum: 2, users: 'break-glass-1, break-glass-2, break-glass-3' },
          resource: PRODUCTION,
          related: [userArn(PRODUCTION, 'break-glass-1'), userArn(PRODUCTION, 'break-glass-2'), userArn(PRODUCTION, 'break-glass-3')],
        },
      ],
    },
    {
      name: 'minimum 2 with one break-glass user',
      snapshot: { accounts: { [PRODUCTION]: { samlProviders: [jumpCloudProvider], users: [breakGlass('break-glass-1')] } } },
      options: [{ minimum: 2, maximum: 3 }],
      errors: [{ messageId: 'tooFew', data: { count: 1, minimum: 2, maximum: 3 }, related: [providerArn(PRODUCTION, 'JumpCloud')] }],
    },
    {
      name: 'Allow s3:* on * is not administrator',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            samlProviders: [jumpCloudProvider],
            users: [
              breakGlass('break-glass-admin', {
                attachedManagedPolicies: [],
                inlinePolicies: [
                  {
                    name: 'StorageOnly',
                    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
                  },
                ],
              }),
            ],
          },
        },
      },
      errors: [
        {
          messageId: 'notAdministrator',
          data: { user: 'break-glass-admin', accountId: PRODUCTION },
          resource: userArn(PRODUCTION, 'break-glass-admin'),
          kind: 'User',
          pointer: '/users/0',
        },
      ],
    },
    {
      name: 'an unconditional Deny of everything cancels AdministratorAccess',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            samlProviders: [jumpCloudProvider],
            users: [
              breakGlass('break-glass-admin', {
                inlinePolicies: [{ name: 'SealedUntilIncident', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] } }],
              }),
            ],
          },
        },
      },
      errors: [{ messageId: 'notAdministrator', data: { user: 'break-glass-admin', reason: 'denied by policy SealedUntilIncident' } }],
    },
    {
      name: 'a permissions boundary without Allow * on * cuts the administrator down',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            samlProviders: [jumpCloudProvider],
            policies: [
              {
                policyName: 'DeveloperBoundary',
                document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'logs:*'], Resource: '*' }] },
                permissionsBoundaryUsageCount: 1,
              },
            ],
            users: [breakGlass('break-glass-admin', { permissionsBoundary: `arn:aws:iam::${PRODUCTION}:policy/DeveloperBoundary` })],
          },
        },
      },
      errors: [
        {
          messageId: 'notAdministrator',
          data: { reason: 'permissions boundary DeveloperBoundary does not allow iam:CreateUser' },
          pointer: '/users/0',
        },
      ],
    },
    {
      name: 'no MFA, an active access key and no console password, even in an account without federation',
      snapshot: {
        accounts: {
          [SANDBOX]: {
            users: [breakGlass('breakglass', { loginProfile: null, mfaDevices: [], accessKeys: [{ accessKeyId: 'AKIAZ7Q3EXAMPLE4KEY1', status: 'Active' }, { status: 'Inactive' }] })],
          },
        },
      },
      errors: [
        {
          messageId: 'accessKey',
          data: { user: 'breakglass', accountId: SANDBOX, keyId: 'AKIAZ7Q3EXAMPLE4KEY1' },
          resource: userArn(SANDBOX, 'breakglass'),
          pointer: '/users/0/accessKeys/0',
        },
        { messageId: 'noConsolePassword', data: { user: 'breakglass' }, pointer: '/users/0/loginProfile' },
        { messageId: 'noMfa', data: { user: 'breakglass' }, pointer: '/users/0/mfaDevices' },
      ],
    },
    {
      name: 'requireHardwareMfa reports a break-glass user with only an authenticator app',
      snapshot: { accounts: { [PRODUCTION]: { samlProviders: [jumpCloudProvider], users: [breakGlass('break-glass-admin', { mfaDevices: [VIRTUAL_MFA] })] } } },
      options: [{ requireHardwareMfa: true }],
      errors: [{ messageId: 'noHardwareMfa', data: { user: 'break-glass-admin', accountId: PRODUCTION }, pointer: '/users/0/mfaDevices' }],
    },
    {
      name: 'managementAccountOnly: none in the management account, an unexpected one in a member account',
      snapshot: {
        organization,
        accounts: {
          [MANAGEMENT]: {},
          [PRODUCTION]: { samlProviders: [jumpCloudProvider], users: [breakGlass('break-glass-prod')] },
        },
      },
      options: [{ managementAccountOnly: true }],
      errors: [
        { messageId: 'tooFew', resource: MANAGEMENT, data: { accountId: MANAGEMENT, count: 0 }, related: [] },
        {
          messageId: 'unexpected',
          resource: userArn(PRODUCTION, 'break-glass-prod'),
          data: { user: 'break-glass-prod', accountId: PRODUCTION, managementAccount: MANAGEMENT },
        },
      ],
    },
    {
      name: 'across accounts: the protected one passes, the federated one without break-glass is reported',
      snapshot: {
        accounts: {
          [MANAGEMENT]: { samlProviders: [jumpCloudProvider], users: [breakGlass('break-glass-admin')] },
          [PRODUCTION]: { roles: [federatedAdminRole(PRODUCTION)] },
          [SANDBOX]: {},
        },
      },
      errors: [{ messageId: 'tooFew', resource: PRODUCTION, accountId: PRODUCTION, related: [roleArn(PRODUCTION, 'JumpCloud-PlatformAdmins')] }],
    },
  ],
});

describe('break-glass-admin', () => {
  it('reports one finding per active key, each with its own fingerprint', () => {
    const result = RuleTester.lint('break-glass-admin', rule, {
      snapshot: { accounts: { [SANDBOX]: { users: [breakGlass('break-glass-admin', { accessKeys: [{ status: 'Active' }, { status: 'Active' }] })] } } },
    });
    expect(result.findings.map((finding) => finding.location.pointer)).toEqual(['/users/0/accessKeys/0', '/users/0/accessKeys/1']);
    expect(new Set(result.findings.map((finding) => finding.fingerprint)).size).toBe(2);
  });

  it('falls back to checking each account when managementAccountOnly is set but the management account is unknown', () => {
    const result = RuleTester.lint('break-glass-admin', rule, {
      snapshot: { accounts: { [PRODUCTION]: { samlProviders: [jumpCloudProvider] } } },
      options: [{ managementAccountOnly: true }],
    });
    expect(result.findings.map((finding) => [finding.messageId, finding.resource.id])).toEqual([['tooFew', PRODUCTION]]);
  });
});
