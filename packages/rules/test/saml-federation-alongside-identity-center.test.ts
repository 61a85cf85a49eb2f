import { RuleTester, type IdentityCenterSpec, type SnapshotSpec } from '@iamlint/core/testing';
import rule from '../src/federation/saml-federation-alongside-identity-center.js';

const MANAGEMENT = '111122223333';
const PRODUCTION = '444455556666';
const SANDBOX = '777788889999';

const JUMPCLOUD = 'https://sso.jumpcloud.com/saml2/acme-aws';
const CERT_JUMPCLOUD = '5f1c0a7e9b3d2c4a6e8f0b1d3c5e7a9f2b4d6c8e0a1f3b5d7c9e2a4f6b8d0c1e';
const CERT_OTHER = '7c2e6a0d4b8f1c5e9a3d7b0f4c8e2a6d1b5f9c3e7a0d4b8f2c6e1a5d9b3f7c0e';
const CERT_IDENTITY_CENTER = 'e1b5f9c3d7a0e4b8f2c6a1d5e9b3f7c0a4d8e2b6f1c5a9d3e7b0f4c8a2d6e1b5';
const GROUP = '9067642ac7-1f0e5a3b-8c2d-4e6f-9a1b-3c5d7e9f0a2b';

const cert = (sha256: string) => ({ sha256, notAfter: '2029-03-31T23:59:59Z' });
const jumpCloud = (name = 'JumpCloud', entityId: string | null = JUMPCLOUD, certificate = CERT_JUMPCLOUD) => ({ name, entityId, signingCertificates: [cert(certificate)] });
const identityCenterProvider = { name: 'AWSSSO_2f8d4b1c9e7a6d35_DO_NOT_DELETE', entityId: 'https://portal.sso.eu-west-1.amazonaws.com/saml/assertion/MTExMTIyMjIzMzMz', signingCertificates: [cert(CERT_IDENTITY_CENTER)] };

const identityCenter = (overrides: Partial<IdentityCenterSpec> = {}): IdentityCenterSpec => ({
  identitySource: 'EXTERNAL_IDP',
  externalIdp: { entityId: JUMPCLOUD, signingCertificates: [CERT_JUMPCLOUD] },
  permissionSets: [{ name: 'PlatformAdmin', managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'], provisionedAccounts: [PRODUCTION] }],
  assignments: [{ accountId: PRODUCTION, permissionSet: 'PlatformAdmin', principalType: 'GROUP', principalId: GROUP }],
  ...overrides,
});
const snapshot = (providers: Record<string, object[]>, center: IdentityCenterSpec = identityCenter()): SnapshotSpec => ({
  identityCenter: center,
  accounts: Object.fromEntries([MANAGEMENT, PRODUCTION, SANDBOX].map((id) => [id, { samlProviders: (providers[id] ?? []) as Array<{ name: string }> }])),
});

new RuleTester().run('saml-federation-alongside-identity-center', rule, {
  valid: [
    {
      name: "Identity Center's own provider next to its assignments",
      snapshot: snapshot({ [PRODUCTION]: [identityCenterProvider] }),
    },
    {
      name: 'the same IdP federated only in an account without assignments',
      snapshot: snapshot({ [SANDBOX]: [jumpCloud()] }),
    },
    {
      name: 'a different IdP (AWS Client VPN federation with Entra ID) in an account with assignments',
      snapshot: snapshot({ [PRODUCTION]: [jumpCloud('EntraClientVpn', 'https://sts.windows.net/5c1f9a2e-7b3d-4e8a-9f60-2d4b8c7e1a35/', CERT_OTHER)] }),
    },
    {
      name: 'Identity Center uses its own identity store',
      snapshot: snapshot({ [PRODUCTION]: [jumpCloud()] }, identityCenter({ identitySource: 'IDENTITY_STORE', externalIdp: undefined })),
    },
    {
      name: 'identity source unknown, reporting turned off',
      snapshot: snapshot({ [PRODUCTION]: [jumpCloud()] }, identityCenter({ identitySource: 'UNKNOWN', externalIdp: undefined })),
      options: [{ reportUnknownIdentitySource: false }],
    },
  ],
  invalid: [
    {
      name: 'the same JumpCloud IdP through an IAM SAML provider in an account with assignments',
      snapshot: snapshot({ [PRODUCTION]: [identityCenterProvider, jumpCloud()], [SANDBOX]: [jumpCloud()] }),
      errors: [
        {
          messageId: 'sameIdp',
          data: { account: PRODUCTION, provider: 'JumpCloud', idp: JUMPCLOUD, matchedBy: 'entity id' },
          resource: `arn:aws:iam::${PRODUCTION}:saml-provider/JumpCloud`,
          kind: 'SamlProvider',
          pointer: '/samlProviders/1',
        },
      ],
    },
    {
      name: 'matched by the signing certificate when the entity id differs (or by a trailing slash)',
      snapshot: snapshot({ [PRODUCTION]: [jumpCloud('jc-legacy', 'https://sso.jumpcloud.com/saml2/acme-aws-legacy'), jumpCloud('jc-slash', `${JUMPCLOUD}/`, CERT_OTHER)] }),
      errors: [
        { messageId: 'sameIdp', data: { provider: 'jc-legacy', matchedBy: 'signing certificate' } },
        { messageId: 'sameIdp', data: { provider: 'jc-slash', matchedBy: 'entity id' } },
      ],
    },
    {
      name: 'identity source unknown: asks to check, naming the provider by its certificate when it has no entity id',
      snapshot: snapshot({ [PRODUCTION]: [jumpCloud('jc', null)] }, identityCenter({ identitySource: 'UNKNOWN', externalIdp: undefined })),
      errors: [{ messageId: 'identitySourceUnknown', data: { provider: 'jc', idp: `sha256:${CERT_JUMPCLOUD.slice(0, 16)}` } }],
    },
    {
      name: 'accounts named by the organization',
      snapshot: {
        ...snapshot({ [PRODUCTION]: [jumpCloud()] }),
        organization: { managementAccountId: MANAGEMENT, accounts: [{ id: MANAGEMENT, name: 'acme-management' }, { id: PRODUCTION, name: 'acme-production' }, { id: SANDBOX, name: 'acme-sandbox' }] },
      },
      errors: [{ messageId: 'sameIdp', data: { account: 'acme-production' } }],
    },
  ],
});
