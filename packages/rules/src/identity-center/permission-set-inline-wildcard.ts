import { actionCatalog, defineRule } from '@iamlint/core';
import { isEveryResource } from '../util/full-admin.js';
import { policySources } from '../util/policy-sources.js';

/** How many actions a message names before it says how many more there are. */
const LISTED_ACTIONS = 5;
const SERVICE_WILDCARD = /^([^:*?]+):\*+$/;

/** Permissions-management actions a value names that could be scoped to resources but are granted on `*`. */
function scopableGrants(value: string): string[] {
  return actionCatalog
    .expand(value)
    .map((fullName) => actionCatalog.action(fullName))
    .filter((info) => info !== undefined && info.accessLevel === 'Permissions management' && !info.wildcardOnly)
    .map((info) => info?.fullName as string);
}

function listActions(actions: readonly string[]): string {
  const shown = actions.slice(0, LISTED_ACTIONS).join(', ');
  return actions.length > LISTED_ACTIONS ? `${shown} and ${actions.length - LISTED_ACTIONS} more` : shown;
}

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description:
        'Report IAM Identity Center permission set inline policies that allow every action of a service, every action on named resources, or permissions management on every resource.',
      recommended: false,
    },
    severity: 'medium',
    requires: ['identityCenter'],
    messages: {
      allActions:
        'Statement {{statement}} of the inline policy of permission set {{permissionSet}} allows every action ("{{action}}") on the resources it names, whatever the service; list the actions the job needs.',
      serviceWildcard:
        'Statement {{statement}} of the inline policy of permission set {{permissionSet}} allows every {{service}} action ("{{action}}"){{scope}}, including ones added to {{service}} later; list the actions the job needs.',
      permissionsManagementOnAnyResource:
        'Statement {{statement}} of the inline policy of permission set {{permissionSet}} allows permissions management ({{actions}}) on every resource ("*") without conditions; name the resources these actions may change.',
    },
    schema: [],
  },
  create(context) {
    return {
      InlinePolicy(node) {
        if (node.owner.kind !== 'PermissionSet') return;
        const permissionSet = node.owner.name;
        for (const source of policySources(node)) {
          for (const statement of source.statements) {
            if (statement.statement.effect !== 'Allow') continue;
            const scope = (statement.statement.resources ?? []).some(isEveryResource) ? ' on every resource' : '';
            const base = { statement: statement.label, permissionSet };
            const scopable: string[] = [];
            for (const { value, pointer } of statement.values('Action')) {
              const service = SERVICE_WILDCARD.exec(value)?.[1];
              if (/^\*+(:\*+)?$/.test(value)) {
                // `*` on every resource is full administrator access: inline-policy-full-admin reports it.
                if (scope === '') context.report({ node, messageId: 'allActions', data: { ...base, action: value }, pointer, discriminator: `${statement.key}:${value}` });
              } else if (service !== undefined) {
                context.report({
                  node,
                  messageId: 'serviceWildcard',
                  data: { ...base, action: value, service: service.toLowerCase(), scope },
                  pointer,
                  discriminator: `${statement.key}:${value.toLowerCase()}`,
                });
              } else if (scope !== '' && statement.statement.conditions.length === 0) {
                scopable.push(...scopableGrants(value));
              }
            }
            if (scopable.length > 0) {
              const resource = statement.values('Resource').find(({ value }) => isEveryResource(value));
              context.report({
                node,
                messageId: 'permissionsManagementOnAnyResource',
                data: { ...base, actions: listActions([...new Set(scopable)].sort()) },
                pointer: resource?.pointer ?? statement.pointerTo(),
                discriminator: `${statement.key}:resource`,
              });
            }
          }
        }
      },
    };
  },
});
