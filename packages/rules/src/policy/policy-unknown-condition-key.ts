import type { ConditionKeyInfo, NormalizedStatement } from '@iamlint/core';
import { actionCatalog, defineRule } from '@iamlint/core';
import { findConditionKey, isIdentityProviderKey, policyVisitors } from '../util/policy-sources.js';

/** The service prefixes of the statement's actions; undefined when they cannot be known (NotAction, wildcard or unknown prefixes). */
function servicesOf(statement: NormalizedStatement): string[] | undefined {
  if (statement.actions === undefined || statement.notActions !== undefined || statement.actions.length === 0) return undefined;
  const services = new Set<string>();
  for (const action of statement.actions) {
    const colon = action.indexOf(':');
    if (colon < 0) return undefined;
    const service = action.slice(0, colon);
    if (/[*?]/.test(service) || !actionCatalog.hasService(service)) return undefined;
    services.add(service);
  }
  return [...services].sort();
}

const lowerKeysByService = new Map<string, ReadonlySet<string>>();

/** The service's condition keys, lower-cased, for a lookup instead of a scan of the service's list per condition. */
function lowerKeysOf(service: string): ReadonlySet<string> {
  let keys = lowerKeysByService.get(service);
  if (keys === undefined) {
    keys = new Set(actionCatalog.serviceConditionKeys(service).map((key) => key.key.toLowerCase()));
    lowerKeysByService.set(service, keys);
  }
  return keys;
}

/** A key the service lists is one whose lower-cased name is among the service's (the same entry has the same name). */
function appliesTo(info: ConditionKeyInfo, services: readonly string[]): boolean {
  const lower = info.key.toLowerCase();
  return services.some((service) => lower.startsWith(`${service}:`) || lowerKeysOf(service).has(lower));
}

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow condition keys that AWS does not define, or that none of the statement\'s services sets.',
      recommended: true,
    },
    severity: 'low',
    requires: [],
    messages: {
      unknownKey: '{{policy}}: statement {{statement}} tests the condition key "{{key}}", which is neither a global key nor a key of any AWS service; a condition on a missing key never matches (or, with a negated or IfExists operator, always does).',
      inapplicableKey:
        '{{policy}}: statement {{statement}} tests "{{key}}", which is neither a global key nor a key of the services it names ({{services}}); the key is never present in these requests.',
    },
    schema: [],
  },
  create(context) {
    return policyVisitors((source) => {
      for (const entry of source.statements) {
        const { statement } = entry;
        // Most statements test no condition; their services are not needed.
        if (statement.conditions.length === 0) continue;
        const services = servicesOf(statement);
        for (const condition of statement.conditions) {
          const { key } = condition;
          if (key === '' || isIdentityProviderKey(key)) continue;
          const info = findConditionKey(key);
          if (info?.global) continue;
          if (info !== undefined && (services === undefined || appliesTo(info, services))) continue;
          context.report({
            node: source.node,
            messageId: info === undefined ? 'unknownKey' : 'inapplicableKey',
            data: { policy: source.label, statement: entry.label, key, services: services?.join(', ') ?? '' },
            pointer: entry.pointerTo('Condition', condition.operatorName, key),
            discriminator: `${entry.key}:${condition.operatorName}:${key}`,
          });
        }
      }
    });
  },
});
