import type { EscalationMethod } from '../types.js';
import { on } from './requirements.js';

/** Permission sets: administered from the principal's account, provisioned into any account of the organization. */
export const IDENTITY_CENTER_METHODS: readonly EscalationMethod[] = [
  {
    id: 'sso-create-permission-set',
    title: 'Create an administrator permission set and assign it',
    requires: [
      on('sso:CreatePermissionSet'),
      on('sso:PutInlinePolicyToPermissionSet'),
      on('sso:CreateAccountAssignment'),
      on('sso:ProvisionPermissionSet'),
    ],
    target: 'identityCenter',
    yields: 'admin',
    explanation: '{principal} can create a permission set granting every permission in {target}, assign it to an identity it controls and provision it in any account of the organization',
  },
  {
    id: 'sso-put-inline-policy-to-permission-set',
    title: 'Write the inline policy of a permission set and assign it',
    requires: [on('sso:PutInlinePolicyToPermissionSet'), on('sso:CreateAccountAssignment'), on('sso:ProvisionPermissionSet')],
    target: 'permissionSet',
    yields: 'admin',
    explanation: '{principal} can put an inline policy granting every permission on {target}, assign it to an identity it controls and provision it in any account of the organization',
  },
  {
    id: 'sso-attach-managed-policy-to-permission-set',
    title: 'Attach a managed policy to a permission set and assign it',
    requires: [on('sso:AttachManagedPolicyToPermissionSet'), on('sso:CreateAccountAssignment'), on('sso:ProvisionPermissionSet')],
    target: 'permissionSet',
    yields: 'admin',
    explanation: '{principal} can attach AdministratorAccess to {target}, assign it to an identity it controls and provision it in any account of the organization',
  },
  {
    id: 'sso-create-account-assignment',
    title: 'Assign an administrator permission set',
    requires: [on('sso:CreateAccountAssignment')],
    target: 'permissionSet',
    yields: 'admin',
    precondition: 'targetIsAdmin',
    explanation: '{principal} can assign {target}, an administrator permission set, to an identity it controls in any account of the organization',
  },
];
