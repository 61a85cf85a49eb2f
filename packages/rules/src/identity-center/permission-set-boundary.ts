import { defineRule, OptionObject, Type, wildcardMatch, type PermissionSetNode } from '@iamlint/core';
import { permissionSetMatches } from '../util/permission-sets.js';

/** How a message names a permission set's boundary: the AWS managed policy's name, or the customer managed path and name. */
function boundaryName(permissionSet: PermissionSetNode): { name: string; candidates: string[] } | undefined {
  const boundary = permissionSet.permissionsBoundary;
  if (boundary === null) return undefined;
  if (boundary.managedPolicyArn !== undefined) {
    const arn = boundary.managedPolicyArn;
    return { name: arn.slice(arn.lastIndexOf('/') + 1), candidates: [arn, arn.slice(arn.lastIndexOf('/') + 1)] };
  }
  const reference = boundary.customerManagedPolicy;
  if (reference === undefined) return undefined;
  return { name: `${reference.path}${reference.name}`, candidates: [reference.name, `${reference.path}${reference.name}`] };
}

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a permissions boundary on IAM Identity Center permission sets, for organizations that cap every role with one.',
      recommended: false,
    },
    severity: 'medium',
    requires: ['identityCenter.permissionsBoundaries'],
    messages: {
      missing:
        'Permission set {{permissionSet}} has no permissions boundary, so its policies alone decide what its users can do; set the organization\'s boundary policy on it.',
      unexpectedBoundary:
        'Permission set {{permissionSet}} has permissions boundary {{boundary}}, which is not one of the expected boundaries ({{expected}}).',
    },
    schema: [
      OptionObject({
        boundaries: Type.Array(Type.String({ minLength: 1 }), { description: 'The accepted boundary policies: AWS managed policy ARNs or names, or customer managed policy names (with or without their path); `*` and `?` wildcards, case-insensitive. Empty: any boundary is accepted.' }),
        exemptPermissionSets: Type.Array(Type.String({ minLength: 1 }), { description: 'Permission sets (names or ARNs, `*` and `?` wildcards, case-insensitive) that need no boundary, such as the administrator and break-glass sets.' }),
      }),
    ],
    defaultOptions: [{ boundaries: [], exemptPermissionSets: [] }],
  },
  create(context) {
    const [{ boundaries, exemptPermissionSets }] = context.options;
    return {
      PermissionSet(permissionSet) {
        if (permissionSetMatches(exemptPermissionSets, permissionSet)) return;
        const boundary = boundaryName(permissionSet);
        if (boundary === undefined) {
          context.report({ node: permissionSet, messageId: 'missing', data: { permissionSet: permissionSet.name } });
          return;
        }
        if (boundaries.length === 0) return;
        const accepted = boundaries.some((pattern) => boundary.candidates.some((candidate) => wildcardMatch(pattern, candidate, true)));
        if (!accepted) {
          context.report({
            node: permissionSet,
            messageId: 'unexpectedBoundary',
            data: { permissionSet: permissionSet.name, boundary: boundary.name, expected: boundaries.join(', ') },
            pointer: '/permissionsBoundary',
          });
        }
      },
    };
  },
});
