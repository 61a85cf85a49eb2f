import { wildcardMatch, type NormalizedCondition, type NormalizedStatement, type RoleNode } from '@iamlint/core';
import { policySources, type StatementSource } from './policy-sources.js';

/** An account id, or an IAM/STS ARN in an account (group 3: what follows the account, such as `root` or `role/ci`). */
export const AWS_PRINCIPAL = /^(?:(\d{12})|arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):(.+))$/;

/** Whether a statement's Action covers the action (lowercase), or its NotAction leaves it out. */
export function allowsAction(statement: NormalizedStatement, action: string): boolean {
  if (statement.actions !== undefined) return statement.actions.some((pattern) => wildcardMatch(pattern, action));
  return statement.notActions !== undefined && !statement.notActions.some((pattern) => wildcardMatch(pattern, action));
}

/** The Allow statements of a role's trust policy that grant `action` (lowercase, such as `sts:assumerole`). */
export function* trustStatementsAllowing(role: RoleNode, action: string): Generator<StatementSource> {
  for (const source of policySources(role)) {
    for (const entry of source.statements) {
      if (entry.statement.effect === 'Allow' && allowsAction(entry.statement, action)) yield entry;
    }
  }
}

/**
 * A condition that must hold for the request to match. Negated operators, `ForAllValues:` (passes when the key is
 * absent) and an empty value list restrict nothing; nor does `…IfExists`, unless the key is one every request of
 * that kind carries (a token's `aud` or `sub`), which `keyAlwaysPresent` says.
 */
export function isRequired(condition: NormalizedCondition, keyAlwaysPresent = false): boolean {
  const { operator } = condition;
  return (
    operator !== undefined &&
    !operator.negated &&
    (keyAlwaysPresent || !operator.ifExists) &&
    operator.set !== 'ForAllValues' &&
    condition.values.length > 0
  );
}

/**
 * A String test whose every value names something: not empty, and under a `…Like` operator not only wildcards.
 * `significant` drops the part of a value that names nothing by itself (a URL's scheme) before that test.
 */
export function namesStringValues(condition: NormalizedCondition, significant: (value: string) => string = (value) => value): boolean {
  const { operator } = condition;
  if (operator?.family !== 'String') return false;
  const like = operator.base.endsWith('Like');
  return condition.values.every((value) => value !== '' && (!like || /[^*?]/.test(significant(value))));
}
