import { defineRule, OptionObject, Type } from '@iamlint/core';
import { permissionSetAdministrator } from '../util/permission-sets.js';

/** Hours of an ISO-8601 time duration as Identity Center writes it (`PT8H`, `PT1H30M`); undefined when unreadable. */
export function durationHours(duration: string): number | undefined {
  const match = /^PT(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(duration);
  if (!match) return undefined;
  const [, hours = '0', minutes = '0', seconds = '0'] = match;
  return Number(hours) + Number(minutes) / 60 + Number(seconds) / 3600;
}

const formatHours = (hours: number): string => String(Math.round(hours * 100) / 100);

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Limit how long IAM Identity Center permission set sessions last, and keep administrator sessions shorter still.',
      recommended: false,
    },
    severity: 'low',
    requires: ['identityCenter'],
    messages: {
      tooLong:
        'Permission set {{permissionSet}} allows sessions of {{hours}} hours ({{duration}}), more than the {{limit}} allowed: a leaked session stays usable that long.',
      adminTooLong:
        'Permission set {{permissionSet}} grants administrator access and allows sessions of {{hours}} hours ({{duration}}), more than the {{limit}} allowed for administrator sessions: a leaked session stays usable that long.',
      unreadable: 'Permission set {{permissionSet}} has a session duration iamlint cannot read ({{duration}}); expected an ISO-8601 duration such as PT8H.',
    },
    schema: [
      OptionObject({
        maxHours: Type.Number({ exclusiveMinimum: 0, maximum: 12, description: 'The longest session, in hours, a permission set may allow (Identity Center allows 1 to 12).' }),
        maxAdminHours: Type.Number({ exclusiveMinimum: 0, maximum: 12, description: 'The longest session, in hours, a permission set that grants administrator access may allow.' }),
      }),
    ],
    defaultOptions: [{ maxHours: 8, maxAdminHours: 4 }],
  },
  create(context) {
    const [{ maxHours, maxAdminHours }] = context.options;
    return {
      PermissionSet(permissionSet) {
        const duration = permissionSet.sessionDuration;
        const base = { permissionSet: permissionSet.name, duration };
        const hours = durationHours(duration);
        if (hours === undefined) {
          context.report({ node: permissionSet, messageId: 'unreadable', data: base, pointer: '/sessionDuration' });
          return;
        }
        if (hours <= Math.min(maxHours, maxAdminHours)) return;
        const admin = permissionSetAdministrator(context, permissionSet).admin;
        const limit = admin ? maxAdminHours : maxHours;
        if (hours <= limit) return;
        context.report({
          node: permissionSet,
          messageId: admin ? 'adminTooLong' : 'tooLong',
          data: { ...base, hours: formatHours(hours), limit },
          pointer: '/sessionDuration',
        });
      },
    };
  },
});
