import {
  actionCatalog,
  daysSince,
  defineRule,
  OptionObject,
  Type,
  wildcardMatch,
  type AccountNode,
  type ServiceLastAccessed,
} from '@iamlint/core';
import { breakGlassOption, defaultBreakGlass, isBreakGlassUser } from '../util/break-glass.js';

// The message names the first services; the data carries them all.
const MAX_SERVICES_SHOWN = 12;

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Report services that a user, group or role is granted but has not used in a set number of days (permission creep), from IAM last-accessed data.',
      recommended: false,
    },
    severity: 'low',
    requires: ['iam.authorizationDetails', 'iam.serviceLastAccessed'],
    messages: {
      unused:
        '{{kind}} {{principal}} has not used {{count}} of the {{granted}} services its policies grant in the last {{maxUnusedDays}} days: {{services}}. Remove them from its policies.',
      noneUsed:
        '{{kind}} {{principal}} has used none of the {{granted}} services its policies grant in the last {{maxUnusedDays}} days ({{services}}); if nothing needs it, delete it, else trim its policies.',
    },
    schema: [
      OptionObject({
        maxUnusedDays: Type.Integer({ minimum: 1, maximum: 400, description: 'How long a granted service may go unused, in days (IAM tracks at most 400). A principal younger than this is not judged on services it has never used.' }),
        excludePrincipals: Type.Array(Type.String({ minLength: 1 }), { description: 'Users, groups and roles not to report, by name or ARN; `*` and `?` wildcards, case-insensitive. The default leaves out service-linked roles (AWS owns their policies) and the roles IAM Identity Center provisions (trim the permission set, not one account\'s copy).' }),
        breakGlass: breakGlassOption(),
      }),
    ],
    defaultOptions: [
      {
        maxUnusedDays: 90,
        excludePrincipals: ['arn:aws*:iam::*:role/aws-service-role/*', 'arn:aws*:iam::*:role/aws-reserved/sso.amazonaws.com/*'],
        breakGlass: defaultBreakGlass(),
      },
    ],
  },
  create(context) {
    const [{ maxUnusedDays, excludePrincipals, breakGlass }] = context.options;
    const { model, now } = context;
    return {
      Account(account: AccountNode) {
        for (const [arn, services] of Object.entries(account.serviceLastAccessed ?? {})) {
          const principal = model.byId(arn);
          if (principal?.kind !== 'User' && principal?.kind !== 'Group' && principal?.kind !== 'Role') continue;
          if (excludePrincipals.some((pattern) => wildcardMatch(pattern, principal.arn, true) || wildcardMatch(pattern, principal.name, true))) continue;
          // Break-glass users hold access they are meant never to use.
          if (principal.kind === 'User' && isBreakGlassUser(principal, breakGlass)) continue;
          const oldEnough = daysSince(principal.createDate, now) > maxUnusedDays;
          const unused = services.filter((entry) => isUnused(entry, oldEnough));
          if (unused.length === 0) continue;
          const names = unused.map((entry) => entry.service).sort();
          const shown = names.length > MAX_SERVICES_SHOWN ? `${names.slice(0, MAX_SERVICES_SHOWN).join(', ')} and ${names.length - MAX_SERVICES_SHOWN} more` : names.join(', ');
          context.report({
            node: principal,
            messageId: unused.length === services.length ? 'noneUsed' : 'unused',
            data: {
              kind: principal.kind === 'User' ? 'IAM user' : principal.kind,
              principal: principal.name,
              count: unused.length,
              granted: services.length,
              maxUnusedDays,
              services: shown,
              serviceNames: names.map((service) => actionCatalog.serviceName(service) ?? service).join('; '),
            },
          });
        }
      },
    };

    function isUnused(entry: ServiceLastAccessed, oldEnough: boolean): boolean {
      if (entry.lastAuthenticated === null) return oldEnough;
      return daysSince(entry.lastAuthenticated, now) > maxUnusedDays;
    }
  },
});
