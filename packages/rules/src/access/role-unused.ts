import { defineRule, OptionObject, Type } from '@iamlint/core';
import { unusedPastLimit } from '../util/unused.js';

/** Roles AWS creates and deletes for a service (service-linked) or for IAM Identity Center (permission sets). */
const AWS_MANAGED_PATHS = ['/aws-service-role/', '/aws-reserved/'];

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Report roles that have not been used for a long time, or never since they were created.',
      recommended: false,
    },
    severity: 'low',
    requires: ['iam.authorizationDetails'],
    messages: {
      unusedSince: 'Role {{role}} was last used on {{lastUsedDate}}, {{days}} days ago (limit {{maxUnusedDays}}).',
      neverUsed:
        'Role {{role}} was created {{age}} days ago and has not been used since (limit {{maxUnusedDays}}; IAM tracks role use for the last 400 days).',
    },
    schema: [
      OptionObject({
        maxUnusedDays: Type.Integer({ minimum: 1, description: 'The longest a role may go unused, in days; a role never used counts from its creation.' }),
      }),
    ],
    defaultOptions: [{ maxUnusedDays: 90 }],
  },
  create(context) {
    const [{ maxUnusedDays }] = context.options;
    return {
      Role(role) {
        if (AWS_MANAGED_PATHS.some((path) => role.path.startsWith(path))) return;
        const base = { role: role.roleName, maxUnusedDays };
        const unused = unusedPastLimit(role.lastUsed?.date ?? null, role.createDate, context.now, maxUnusedDays);
        if (unused === undefined) return;
        if (unused.lastUsed === null) context.report({ node: role, messageId: 'neverUsed', data: { ...base, age: unused.days } });
        else context.report({ node: role, messageId: 'unusedSince', data: { ...base, lastUsedDate: unused.lastUsed, days: unused.days }, pointer: '/lastUsed' });
      },
    };
  },
});
