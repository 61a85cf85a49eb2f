import type { ConditionFamily, ConditionKeyType } from '@iamlint/core';
import { defineRule } from '@iamlint/core';
import { findConditionKey, policyVisitors } from '../util/policy-sources.js';

type BaseType = 'String' | 'ARN' | 'Numeric' | 'Date' | 'Bool' | 'IPAddress' | 'Binary';

/** Key types each operator family reads correctly. Binary and Null are left alone. */
const ACCEPTS: Partial<Record<ConditionFamily, readonly BaseType[]>> = {
  String: ['String', 'ARN', 'Binary'],
  Arn: ['ARN', 'String'],
  Numeric: ['Numeric'],
  Date: ['Date'],
  Bool: ['Bool'],
  IpAddress: ['IPAddress'],
};

const OPERATORS_FOR: Record<BaseType, string> = {
  String: 'String operators (StringEquals, StringLike…)',
  ARN: 'Arn operators (ArnEquals, ArnLike…)',
  Numeric: 'Numeric operators (NumericEquals, NumericLessThan…)',
  Date: 'Date operators (DateGreaterThan, DateLessThan…)',
  Bool: 'the Bool operator',
  IPAddress: 'IpAddress or NotIpAddress',
  Binary: 'BinaryEquals',
};

/** AWS documents aws:EpochTime as both Date and Numeric. */
const ALSO_NUMERIC = new Set(['aws:epochtime']);

function baseType(type: ConditionKeyType): BaseType {
  return (type.startsWith('ArrayOf') ? type.slice('ArrayOf'.length) : type) as BaseType;
}

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow condition operators that do not fit the type of the key they test.',
      recommended: true,
    },
    severity: 'medium',
    requires: [],
    messages: {
      mismatch:
        '{{policy}}: statement {{statement}} tests {{key}} (type {{type}}) with {{operator}}; the comparison does not work as written. Use {{expected}}.',
    },
    schema: [],
  },
  create(context) {
    return policyVisitors((source) => {
      for (const entry of source.statements) {
        for (const condition of entry.statement.conditions) {
          const { operator, key } = condition;
          if (operator === undefined || key === '') continue;
          const accepted = ACCEPTS[operator.family];
          const info = findConditionKey(key);
          if (accepted === undefined || info === undefined) continue;
          const type = baseType(info.type);
          if (accepted.includes(type)) continue;
          if (operator.family === 'Numeric' && ALSO_NUMERIC.has(key.toLowerCase())) continue;
          context.report({
            node: source.node,
            messageId: 'mismatch',
            data: { policy: source.label, statement: entry.label, key, type, operator: condition.operatorName, expected: OPERATORS_FOR[type] },
            pointer: entry.pointerTo('Condition', condition.operatorName, key),
            discriminator: `${entry.key}:${condition.operatorName}:${key}`,
          });
        }
      }
    });
  },
});
