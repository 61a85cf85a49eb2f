// The synthetic organization of `pnpm bench` (shared with scripts/bench-html.mjs).
import { buildSnapshotFiles } from '@iamlint/core/testing';

export const adminPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
function accountSpec(index) {
  const accountId = String(100000000000 + index * 7919).padStart(12, '0');
  const users = Array.from({ length: 50 }, (_, u) => ({
    userName: `user-${u}`,
    groups: [u % 5 === 0 ? 'Admins' : 'Developers'],
    loginProfile: u % 3 === 0 ? { createDate: '2024-01-01T00:00:00Z', passwordResetRequired: false } : null,
    mfaDevices: u % 6 === 0 ? [{}] : [],
    accessKeys: u % 2 === 0 ? [{ createDate: '2025-02-01T00:00:00Z', lastUsedDate: '2026-11-01' }] : [],
    attachedManagedPolicies: u % 10 === 0 ? ['arn:aws:iam::aws:policy/ReadOnlyAccess'] : [],
  }));
  const roles = Array.from({ length: 100 }, (_, r) => ({
    roleName: `service-role-${r}`,
    attachedManagedPolicies: [`arn:aws:iam::${accountId}:policy/app-policy-${r % 30}`],
    inlinePolicies: [{ name: 'inline', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::bucket-${r}/*` }] } }],
  }));
  const policies = Array.from({ length: 30 }, (_, p) => ({
    policyName: `app-policy-${p}`,
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: `arn:aws:dynamodb:eu-west-1:${accountId}:table/t-${p}` }] },
  }));
  policies.push({ policyName: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess', document: adminPolicy });
  return [
    accountId,
    {
      users: [...users, { userName: 'break-glass-admin', groups: ['Admins'], loginProfile: { createDate: '2024-01-01T00:00:00Z', passwordResetRequired: false }, mfaDevices: [{ type: 'hardware' }] }],
      groups: [
        { groupName: 'Admins', attachedManagedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] },
        { groupName: 'Developers', attachedManagedPolicies: [`arn:aws:iam::${accountId}:policy/app-policy-1`] },
      ],
      roles,
      policies,
      samlProviders: [{ name: 'JumpCloud', entityId: 'https://sso.jumpcloud.com/saml2/acme-aws' }],
    },
  ];
}

/** The snapshot files of an organization of `accountCount` such accounts. */
export function benchOrganizationFiles(accountCount) {
  return buildSnapshotFiles({ accounts: Object.fromEntries(Array.from({ length: accountCount }, (_, i) => accountSpec(i))) });
}
