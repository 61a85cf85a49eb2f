import type { ConditionKeyInfo, NormalizedCondition, NormalizedStatement } from '@iamlint/core';
import { defineRule, OptionObject, Type } from '@iamlint/core';
import { findConditionKey, isIdentityProviderKey, policyVisitors } from '../util/policy-sources.js';

/**
 * Keys AWS's reference types as single values that requests carry as lists: Cognito's authentication methods
 * (`authenticated`, `graph.facebook.com`…), which AWS's own examples test with `ForAnyValue:StringLike`.
 */
const MULTIVALUED_DESPITE_CATALOGUE = /^cognito-identity\.amazonaws\.com:amr$/i;

type Valued = { readonly multivalued: boolean; readonly type: string };

/** Whether the request carries a list for this key; undefined for keys the catalogue does not know. */
function valuesOf(key: string): Valued | undefined {
  if (MULTIVALUED_DESPITE_CATALOGUE.test(key)) return { multivalued: true, type: 'ArrayOfString' };
  const info: ConditionKeyInfo | undefined = findConditionKey(key);
  if (info !== undefined) return { multivalued: info.type.startsWith('ArrayOf'), type: info.type };
  // A web identity provider's claims (`token.actions.githubusercontent.com:sub`) are single strings.
  return isIdentityProviderKey(key) ? { multivalued: false, type: 'String' } : undefined;
}

/** The statement also requires the key to be present (`"Null": {"key": "false"}`), which closes ForAllValues' empty-set match. */
function requiresPresence(statement: NormalizedStatement, keyLower: string): boolean {
  return statement.conditions.some(
    (other) => other.operator?.family === 'Null' && !other.operator.ifExists && other.keyLower === keyLower && other.values.length > 0 && other.values.every((value) => value.toLowerCase() === 'false'),
  );
}

function pointerKey(condition: NormalizedCondition): string {
  return `${condition.operatorName}:${condition.key}`;
}

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Require ForAnyValue: or ForAllValues: on multivalued condition keys, and only on them; flag ForAllValues in an Allow that an absent key satisfies.',
      recommended: true,
    },
    severity: 'medium',
    requires: [],
    messages: {
      missingQualifier:
        '{{policy}}: statement {{statement}} tests {{key}}, which a request carries as a list of values ({{type}}), with {{operator}} and no set qualifier; how a plain operator compares a list is not what it reads as. Use ForAnyValue:{{base}} (at least one value matches) or ForAllValues:{{base}} (every value matches).',
      singleValuedKey:
        '{{policy}}: statement {{statement}} tests {{key}}, which a request carries as a single value ({{type}}), with {{operator}}; a set qualifier on a single-valued key can match more than the plain operator (ForAllValues also matches when the key is absent). Use {{base}}.',
      forAllValuesAllow:
        '{{policy}}: statement {{statement}} allows with {{operator}} on {{key}}, which also matches a request that carries no {{key}} at all (an empty list), so the Allow is wider than it reads. Add "Null": {"{{key}}": "false"} to the statement, or use ForAnyValue:{{base}}.',
    },
    schema: [
      OptionObject({
        forAllValuesInAllow: Type.Boolean({
          description:
            'Also report ForAllValues on a multivalued key in an Allow statement with no `Null` check of that key (IAM Access Analyzer\'s "ForAllValues with Allow"). Off by default: AWS\'s own managed policies do it 215 times, 169 of them on `aws:TagKeys` to allow "only these tag keys, if any".',
        }),
      }),
    ],
    defaultOptions: [{ forAllValuesInAllow: false }],
  },
  create(context) {
    const [{ forAllValuesInAllow }] = context.options;
    return policyVisitors((source) => {
      for (const entry of source.statements) {
        const { statement } = entry;
        for (const condition of statement.conditions) {
          const { operator, key } = condition;
          if (operator === undefined || key === '' || operator.family === 'Null') continue;
          const valued = valuesOf(key);
          if (valued === undefined) continue;
          const report = (messageId: 'missingQualifier' | 'singleValuedKey' | 'forAllValuesAllow') =>
            context.report({
              node: source.node,
              messageId,
              data: {
                policy: source.label,
                statement: entry.label,
                key,
                type: valued.type,
                operator: condition.operatorName,
                base: `${operator.base}${operator.ifExists ? 'IfExists' : ''}`,
              },
              pointer: entry.pointerTo('Condition', condition.operatorName, key),
              discriminator: `${entry.key}:${pointerKey(condition)}`,
            });
          if (operator.set === undefined) {
            if (valued.multivalued) report('missingQualifier');
          } else if (!valued.multivalued) {
            report('singleValuedKey');
          } else if (forAllValuesInAllow && operator.set === 'ForAllValues' && statement.effect === 'Allow' && !requiresPresence(statement, condition.keyLower)) {
            report('forAllValuesAllow');
          }
        }
      }
    });
  },
});
