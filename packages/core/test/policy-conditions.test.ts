import { describe, expect, it } from 'vitest';
import type { ConditionContext, ContextValue, DateRange, Tristate } from '../src/policy/index.js';
import { contextView, evaluateCondition, ipInCidr, normalizePolicy, parseConditionOperator } from '../src/policy/index.js';

type Values = Readonly<Record<string, ContextValue>>;

/** Evaluates one Condition block (all its operators and keys, ANDed) through the real normaliser. */
function condition(block: Record<string, unknown>, values: Values | undefined, options: { partial?: boolean; version?: string } = {}): Tristate {
  const policy = normalizePolicy({
    Version: options.version ?? '2012-10-17',
    Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: block },
  });
  const statement = policy.statements[0];
  if (!statement) throw new Error('no statement');
  const context = contextView(values === undefined ? undefined : { values, partial: options.partial ?? false });
  let result: Tristate = true;
  for (const clause of statement.conditions) {
    const value = evaluateCondition(clause, context, policy.variablesEnabled);
    if (value === false) return false;
    if (value === 'unknown') result = 'unknown';
  }
  return result;
}

type Case = [name: string, block: Record<string, unknown>, context: Values | undefined, expected: Tristate];

const op = (operator: string, key: string, value: unknown): Record<string, unknown> => ({ [operator]: { [key]: value } });

const stringCases: Case[] = [
  ['StringEquals matches exactly', op('StringEquals', 'aws:username', 'alice'), { 'aws:username': 'alice' }, true],
  ['StringEquals is case-sensitive on values', op('StringEquals', 'aws:username', 'Alice'), { 'aws:username': 'alice' }, false],
  ['StringEquals has no wildcards', op('StringEquals', 'aws:username', 'al*'), { 'aws:username': 'alice' }, false],
  ['StringEquals ORs multiple values', op('StringEquals', 'aws:username', ['bob', 'alice']), { 'aws:username': 'alice' }, true],
  ['StringEquals: none of the values', op('StringEquals', 'aws:username', ['bob', 'carol']), { 'aws:username': 'alice' }, false],
  ['StringEquals on a missing key is false', op('StringEquals', 'aws:username', 'alice'), {}, false],
  ['condition keys are case-insensitive', op('StringEquals', 'AWS:UserName', 'alice'), { 'aws:username': 'alice' }, true],
  ['context keys are case-insensitive', op('StringEquals', 'aws:username', 'alice'), { 'AWS:USERNAME': 'alice' }, true],
  ['StringNotEquals with a different value', op('StringNotEquals', 'aws:username', 'bob'), { 'aws:username': 'alice' }, true],
  ['StringNotEquals with the same value', op('StringNotEquals', 'aws:username', 'alice'), { 'aws:username': 'alice' }, false],
  ['StringNotEquals NORs values (one matches)', op('StringNotEquals', 'aws:username', ['bob', 'alice']), { 'aws:username': 'alice' }, false],
  ['StringNotEquals NORs values (none match)', op('StringNotEquals', 'aws:username', ['bob', 'carol']), { 'aws:username': 'alice' }, true],
  ['StringNotEquals on a missing key is true', op('StringNotEquals', 'aws:username', 'alice'), {}, true],
  ['StringEqualsIgnoreCase ignores case', op('StringEqualsIgnoreCase', 'aws:username', 'ALICE'), { 'aws:username': 'alice' }, true],
  ['StringEqualsIgnoreCase still exact', op('StringEqualsIgnoreCase', 'aws:username', 'ALIC'), { 'aws:username': 'alice' }, false],
  ['StringNotEqualsIgnoreCase same value other case', op('StringNotEqualsIgnoreCase', 'aws:username', 'ALICE'), { 'aws:username': 'alice' }, false],
  ['StringNotEqualsIgnoreCase different value', op('StringNotEqualsIgnoreCase', 'aws:username', 'BOB'), { 'aws:username': 'alice' }, true],
  ['StringLike with *', op('StringLike', 's3:prefix', 'home/*'), { 's3:prefix': 'home/alice/x' }, true],
  ['StringLike with ?', op('StringLike', 's3:prefix', 'home/?'), { 's3:prefix': 'home/a' }, true],
  ['StringLike ? is exactly one character', op('StringLike', 's3:prefix', 'home/?'), { 's3:prefix': 'home/ab' }, false],
  ['StringLike * in the middle', op('StringLike', 's3:prefix', 'home/*/docs'), { 's3:prefix': 'home/alice/docs' }, true],
  ['StringLike is case-sensitive', op('StringLike', 's3:prefix', 'Home/*'), { 's3:prefix': 'home/alice' }, false],
  ['StringLike without wildcard is exact', op('StringLike', 's3:prefix', 'home'), { 's3:prefix': 'home/alice' }, false],
  ['StringNotLike when not matching', op('StringNotLike', 's3:prefix', 'tmp/*'), { 's3:prefix': 'home/alice' }, true],
  ['StringNotLike when matching', op('StringNotLike', 's3:prefix', 'home/*'), { 's3:prefix': 'home/alice' }, false],
  ['StringNotLike on a missing key is true', op('StringNotLike', 's3:prefix', 'home/*'), {}, true],
  ['number policy value is compared as text', op('StringEquals', 'ec2:InstanceCount', 3), { 'ec2:InstanceCount': '3' }, true],
  ['__proto__ as a condition key', op('StringEquals', '__proto__', 'x'), { __proto__: 'x' } as Values, false],
];

const arnCases: Case[] = [
  ['ArnEquals exact', op('ArnEquals', 'aws:SourceArn', 'arn:aws:sns:us-east-1:123456789012:topic'), { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:topic' }, true],
  ['ArnEquals accepts wildcards per part', op('ArnEquals', 'aws:SourceArn', 'arn:aws:sns:*:123456789012:*'), { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:topic' }, true],
  ['ArnLike wildcard region', op('ArnLike', 'aws:SourceArn', 'arn:aws:sns:*:123456789012:topic'), { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:123456789012:topic' }, true],
  ['ArnLike is case-sensitive', op('ArnLike', 'aws:SourceArn', 'arn:aws:sns:*:123456789012:Topic'), { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:123456789012:topic' }, false],
  ['ArnLike * does not cross a part boundary', op('ArnLike', 'aws:SourceArn', 'arn:aws:*:topic'), { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:123456789012:topic' }, false],
  ['ArnLike resource part may hold colons', op('ArnLike', 'aws:SourceArn', 'arn:aws:logs:*:*:log-group:app:*'), { 'aws:SourceArn': 'arn:aws:logs:us-east-1:1:log-group:app:log-stream:x' }, true],
  ['ArnLike against a non-ARN context value', op('ArnLike', 'aws:SourceArn', 'arn:aws:sns:*:*:*'), { 'aws:SourceArn': 'not-an-arn' }, false],
  ['ArnLike with ?', op('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::123456789012:role/app-?'), { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/app-1' }, true],
  ['ArnNotLike when not matching', op('ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/admin'), { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/dev' }, true],
  ['ArnNotLike when matching', op('ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/admin'), { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/admin' }, false],
  ['ArnNotEquals on a missing key is true', op('ArnNotEquals', 'aws:PrincipalArn', 'arn:aws:iam::*:role/admin'), {}, true],
  ['ArnLike on a missing key is false', op('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/admin'), {}, false],
];

const numericCases: Case[] = [
  ['NumericEquals', op('NumericEquals', 's3:max-keys', '10'), { 's3:max-keys': '10' }, true],
  ['NumericEquals compares numbers not text', op('NumericEquals', 's3:max-keys', '10'), { 's3:max-keys': '10.0' }, true],
  ['NumericNotEquals', op('NumericNotEquals', 's3:max-keys', '10'), { 's3:max-keys': '11' }, true],
  ['NumericLessThan true', op('NumericLessThan', 's3:max-keys', '10'), { 's3:max-keys': '9' }, true],
  ['NumericLessThan equal is false', op('NumericLessThan', 's3:max-keys', '10'), { 's3:max-keys': '10' }, false],
  ['NumericLessThanEquals equal', op('NumericLessThanEquals', 's3:max-keys', '10'), { 's3:max-keys': '10' }, true],
  ['NumericGreaterThan', op('NumericGreaterThan', 'aws:MultiFactorAuthAge', '3600'), { 'aws:MultiFactorAuthAge': '7200' }, true],
  ['NumericGreaterThanEquals below', op('NumericGreaterThanEquals', 'aws:MultiFactorAuthAge', '3600'), { 'aws:MultiFactorAuthAge': '10' }, false],
  ['Numeric compares numerically, not lexically', op('NumericLessThan', 's3:max-keys', '100'), { 's3:max-keys': '20' }, true],
  ['Numeric with a non-number context value', op('NumericLessThan', 's3:max-keys', '100'), { 's3:max-keys': 'abc' }, false],
  ['Numeric with a JSON number policy value', op('NumericLessThan', 's3:max-keys', 100), { 's3:max-keys': 5 }, true],
  ['NumericLessThan on a missing key', op('NumericLessThan', 's3:max-keys', '100'), {}, false],
];

const dateCases: Case[] = [
  ['DateLessThan true', op('DateLessThan', 'aws:CurrentTime', '2030-01-01T00:00:00Z'), { 'aws:CurrentTime': '2026-06-01T00:00:00Z' }, true],
  ['DateLessThan false', op('DateLessThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z'), { 'aws:CurrentTime': '2026-06-01T00:00:00Z' }, false],
  ['DateGreaterThan', op('DateGreaterThan', 'aws:CurrentTime', '2020-01-01'), { 'aws:CurrentTime': '2026-06-01T00:00:00Z' }, true],
  ['DateEquals across formats (epoch seconds)', op('DateEquals', 'aws:EpochTime', '2020-01-01T00:00:00Z'), { 'aws:EpochTime': '1577836800' }, true],
  ['DateNotEquals', op('DateNotEquals', 'aws:CurrentTime', '2020-01-01T00:00:00Z'), { 'aws:CurrentTime': '2026-06-01T00:00:00Z' }, true],
  ['DateLessThanEquals on equality', op('DateLessThanEquals', 'aws:CurrentTime', '2026-06-01T00:00:00Z'), { 'aws:CurrentTime': '2026-06-01T00:00:00Z' }, true],
  ['DateGreaterThanEquals on equality', op('DateGreaterThanEquals', 'aws:CurrentTime', '2026-06-01T00:00:00Z'), { 'aws:CurrentTime': '2026-06-01T00:00:00Z' }, true],
  ['Date with an unparseable value', op('DateLessThan', 'aws:CurrentTime', 'tomorrow'), { 'aws:CurrentTime': '2026-06-01T00:00:00Z' }, false],
  ['Date time zones are honoured', op('DateEquals', 'aws:CurrentTime', '2026-06-01T02:00:00+02:00'), { 'aws:CurrentTime': '2026-06-01T00:00:00Z' }, true],
];

const boolCases: Case[] = [
  ['Bool true', op('Bool', 'aws:SecureTransport', 'true'), { 'aws:SecureTransport': 'true' }, true],
  ['Bool false vs true', op('Bool', 'aws:SecureTransport', 'false'), { 'aws:SecureTransport': 'true' }, false],
  ['Bool with a JSON boolean', op('Bool', 'aws:SecureTransport', false), { 'aws:SecureTransport': false }, true],
  ['Bool on a missing key is false', op('Bool', 'aws:MultiFactorAuthPresent', 'false'), {}, false],
  ['BoolIfExists on a missing key is true', op('BoolIfExists', 'aws:MultiFactorAuthPresent', 'false'), {}, true],
  ['BoolIfExists with the key present', op('BoolIfExists', 'aws:MultiFactorAuthPresent', 'false'), { 'aws:MultiFactorAuthPresent': 'true' }, false],
  ['BinaryEquals', op('BinaryEquals', 'key', 'QmluYXJ5VmFsdWVJbkJhc2U2NA=='), { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' }, true],
  ['BinaryEquals differs', op('BinaryEquals', 'key', 'QmluYXJ5'), { key: 'QmluYXJ6' }, false],
];

const ipCases: Case[] = [
  ['IpAddress in an IPv4 CIDR', op('IpAddress', 'aws:SourceIp', '203.0.113.0/24'), { 'aws:SourceIp': '203.0.113.7' }, true],
  ['IpAddress outside an IPv4 CIDR', op('IpAddress', 'aws:SourceIp', '203.0.113.0/24'), { 'aws:SourceIp': '203.0.114.7' }, false],
  ['IpAddress single host without prefix', op('IpAddress', 'aws:SourceIp', '203.0.113.7'), { 'aws:SourceIp': '203.0.113.7' }, true],
  ['IpAddress /0 matches every IPv4', op('IpAddress', 'aws:SourceIp', '0.0.0.0/0'), { 'aws:SourceIp': '8.8.8.8' }, true],
  ['IpAddress ORs CIDRs', op('IpAddress', 'aws:SourceIp', ['10.0.0.0/8', '192.168.0.0/16']), { 'aws:SourceIp': '192.168.1.1' }, true],
  ['IpAddress in an IPv6 CIDR', op('IpAddress', 'aws:SourceIp', '2001:db8:1234::/48'), { 'aws:SourceIp': '2001:db8:1234:ffff::1' }, true],
  ['IpAddress outside an IPv6 CIDR', op('IpAddress', 'aws:SourceIp', '2001:db8:1234::/48'), { 'aws:SourceIp': '2001:db8:1235::1' }, false],
  ['IPv4 address against an IPv6 CIDR', op('IpAddress', 'aws:SourceIp', '::/0'), { 'aws:SourceIp': '10.0.0.1' }, false],
  ['NotIpAddress outside', op('NotIpAddress', 'aws:SourceIp', '203.0.113.0/24'), { 'aws:SourceIp': '198.51.100.1' }, true],
  ['NotIpAddress inside', op('NotIpAddress', 'aws:SourceIp', '203.0.113.0/24'), { 'aws:SourceIp': '203.0.113.1' }, false],
  ['NotIpAddress NORs CIDRs', op('NotIpAddress', 'aws:SourceIp', ['10.0.0.0/8', '203.0.113.0/24']), { 'aws:SourceIp': '203.0.113.1' }, false],
  ['NotIpAddress on a missing key is true', op('NotIpAddress', 'aws:SourceIp', '203.0.113.0/24'), {}, true],
  ['IpAddress with a malformed CIDR', op('IpAddress', 'aws:SourceIp', '203.0.113.0/33'), { 'aws:SourceIp': '203.0.113.1' }, false],
];

const nullCases: Case[] = [
  ['Null true on a missing key', op('Null', 'aws:TokenIssueTime', 'true'), {}, true],
  ['Null true on a present key', op('Null', 'aws:TokenIssueTime', 'true'), { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }, false],
  ['Null false on a present key', op('Null', 'aws:TokenIssueTime', 'false'), { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }, true],
  ['Null false on a missing key', op('Null', 'aws:TokenIssueTime', 'false'), {}, false],
  ['Null with a JSON boolean', op('Null', 'aws:TokenIssueTime', true), {}, true],
  ['Null on an empty multivalued key', op('Null', 'aws:TagKeys', 'true'), { 'aws:TagKeys': [] }, true],
];

const ifExistsCases: Case[] = [
  ['StringEqualsIfExists on a missing key', op('StringEqualsIfExists', 'ec2:InstanceType', 't2.micro'), {}, true],
  ['StringEqualsIfExists with a matching key', op('StringEqualsIfExists', 'ec2:InstanceType', 't2.micro'), { 'ec2:InstanceType': 't2.micro' }, true],
  ['StringEqualsIfExists with another value', op('StringEqualsIfExists', 'ec2:InstanceType', 't2.micro'), { 'ec2:InstanceType': 'm5.large' }, false],
  ['StringNotEqualsIfExists on a missing key', op('StringNotEqualsIfExists', 'ec2:InstanceType', 't2.micro'), {}, true],
  ['StringNotEqualsIfExists with the listed value', op('StringNotEqualsIfExists', 'ec2:InstanceType', 't2.micro'), { 'ec2:InstanceType': 't2.micro' }, false],
  ['ArnLikeIfExists on a missing key', op('ArnLikeIfExists', 'aws:SourceArn', 'arn:aws:*:*:*:*'), {}, true],
  ['NumericLessThanIfExists on a missing key', op('NumericLessThanIfExists', 's3:max-keys', '10'), {}, true],
  ['IpAddressIfExists on a missing key', op('IpAddressIfExists', 'aws:SourceIp', '10.0.0.0/8'), {}, true],
  ['DateLessThanIfExists with the key present', op('DateLessThanIfExists', 'aws:CurrentTime', '2020-01-01'), { 'aws:CurrentTime': '2026-01-01' }, false],
];

const setCases: Case[] = [
  ['ForAllValues: all values listed', op('ForAllValues:StringEquals', 'aws:TagKeys', ['a', 'b', 'c']), { 'aws:TagKeys': ['a', 'b'] }, true],
  ['ForAllValues: one value not listed', op('ForAllValues:StringEquals', 'aws:TagKeys', ['a', 'b']), { 'aws:TagKeys': ['a', 'x'] }, false],
  ['ForAllValues on a missing key is true', op('ForAllValues:StringEquals', 'aws:TagKeys', ['a']), {}, true],
  ['ForAllValues on an empty key is true', op('ForAllValues:StringEquals', 'aws:TagKeys', ['a']), { 'aws:TagKeys': [] }, true],
  ['ForAllValues with StringLike', op('ForAllValues:StringLike', 'aws:TagKeys', 'team-*'), { 'aws:TagKeys': ['team-a', 'team-b'] }, true],
  ['ForAnyValue: one value listed', op('ForAnyValue:StringEquals', 'aws:TagKeys', ['a']), { 'aws:TagKeys': ['x', 'a'] }, true],
  ['ForAnyValue: none listed', op('ForAnyValue:StringEquals', 'aws:TagKeys', ['a']), { 'aws:TagKeys': ['x', 'y'] }, false],
  ['ForAnyValue on a missing key is false', op('ForAnyValue:StringEquals', 'aws:TagKeys', ['a']), {}, false],
  ['ForAnyValue on an empty key is false', op('ForAnyValue:StringEquals', 'aws:TagKeys', ['a']), { 'aws:TagKeys': [] }, false],
  ['ForAllValues:StringNotEquals: no value listed', op('ForAllValues:StringNotEquals', 'aws:TagKeys', ['secret']), { 'aws:TagKeys': ['a', 'b'] }, true],
  ['ForAllValues:StringNotEquals: one value listed', op('ForAllValues:StringNotEquals', 'aws:TagKeys', ['secret']), { 'aws:TagKeys': ['a', 'secret'] }, false],
  ['ForAnyValue:StringNotEquals: some value not listed', op('ForAnyValue:StringNotEquals', 'aws:TagKeys', ['a']), { 'aws:TagKeys': ['a', 'b'] }, true],
  ['ForAnyValue:StringNotEquals: all values listed', op('ForAnyValue:StringNotEquals', 'aws:TagKeys', ['a', 'b']), { 'aws:TagKeys': ['a', 'b'] }, false],
  ['ForAnyValue:StringEqualsIfExists on a missing key', op('ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', ['a']), {}, true],
  ['set prefix is case-insensitive', op('forallvalues:StringEquals', 'aws:TagKeys', ['a']), { 'aws:TagKeys': ['a'] }, true],
  ['single-valued operator over a multivalued key: any', op('StringEquals', 'aws:TagKeys', 'a'), { 'aws:TagKeys': ['x', 'a'] }, true],
  ['negated operator over a multivalued key: none', op('StringNotEquals', 'aws:TagKeys', 'a'), { 'aws:TagKeys': ['x', 'a'] }, false],
  ['ForAnyValue over a single value', op('ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', 'o-1/r-1/ou-a/*'), { 'aws:PrincipalOrgPaths': 'o-1/r-1/ou-a/ou-b/' }, true],
];

const combinationCases: Case[] = [
  ['two keys in one operator are ANDed (both)', { StringEquals: { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'red' } }, { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'red' }, true],
  ['two keys in one operator are ANDed (one)', { StringEquals: { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'red' } }, { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'blue' }, false],
  ['two operators are ANDed', { StringEquals: { 'aws:username': 'alice' }, Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:username': 'alice', 'aws:SecureTransport': 'false' }, false],
  ['two operators both hold', { StringEquals: { 'aws:username': 'alice' }, Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:username': 'alice', 'aws:SecureTransport': 'true' }, true],
  ['unknown operator never holds', op('StringMatches', 'aws:username', 'alice'), { 'aws:username': 'alice' }, false],
  ['Null with IfExists is not an operator', op('NullIfExists', 'aws:username', 'true'), {}, false],
  ['nested object as a value never holds', op('StringEquals', 'aws:username', { a: { b: 1 } }), { 'aws:username': 'alice' }, false],
  ['empty value list never holds', op('StringEquals', 'aws:username', []), { 'aws:username': 'alice' }, false],
];

const variableCases: Case[] = [
  ['${aws:username} resolves', op('StringEquals', 's3:prefix', 'home/${aws:username}'), { 's3:prefix': 'home/alice', 'aws:username': 'alice' }, true],
  ['${aws:username} resolves to another user', op('StringEquals', 's3:prefix', 'home/${aws:username}'), { 's3:prefix': 'home/bob', 'aws:username': 'alice' }, false],
  ['variable names are case-insensitive', op('StringEquals', 's3:prefix', 'home/${AWS:UserName}'), { 's3:prefix': 'home/alice', 'aws:username': 'alice' }, true],
  ['${aws:PrincipalTag/...} resolves', op('StringEquals', 'aws:ResourceTag/team', '${aws:PrincipalTag/team}'), { 'aws:ResourceTag/team': 'red', 'aws:PrincipalTag/team': 'red' }, true],
  ['missing variable makes the comparison fail', op('StringEquals', 's3:prefix', 'home/${aws:username}'), { 's3:prefix': 'home/' }, false],
  ['missing variable fails a negated operator too', op('StringNotEquals', 's3:prefix', 'home/${aws:username}'), { 's3:prefix': 'other' }, false],
  ['default value when missing', op('StringEquals', 's3:prefix', "home/${aws:username, 'nobody'}"), { 's3:prefix': 'home/nobody' }, true],
  ['${*} is a literal star', op('StringLike', 's3:prefix', 'a${*}b'), { 's3:prefix': 'a*b' }, true],
  ['${*} does not act as a wildcard', op('StringLike', 's3:prefix', 'a${*}b'), { 's3:prefix': 'axxb' }, false],
  ['${?} is a literal question mark', op('StringLike', 's3:prefix', 'a${?}'), { 's3:prefix': 'ab' }, false],
  ['${$} is a literal dollar', op('StringEquals', 's3:prefix', '${$}{x}'), { 's3:prefix': '${x}' }, true],
  ['substituted text is not a wildcard', op('StringLike', 's3:prefix', 'home/${aws:username}'), { 's3:prefix': 'home/alice', 'aws:username': '*' }, false],
  ['StringLike mixes variables and wildcards', op('StringLike', 's3:prefix', 'home/${aws:username}/*'), { 's3:prefix': 'home/alice/x/y', 'aws:username': 'alice' }, true],
  ['ArnLike with a variable', op('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:user/${aws:username}'), { 'aws:PrincipalArn': 'arn:aws:iam::1:user/alice', 'aws:username': 'alice' }, true],
  ['multivalued variable does not resolve', op('StringEquals', 'k', '${aws:TagKeys}'), { k: 'a', 'aws:TagKeys': ['a', 'b'] }, false],
  ['Numeric operators do not substitute', op('NumericEquals', 'k', '${n}'), { k: '1', n: '1' }, false],
];

const partialCases: Array<[string, Record<string, unknown>, Values, Tristate]> = [
  ['absent key in a partial context is unknown', op('StringEquals', 'aws:username', 'alice'), {}, 'unknown'],
  ['negated operator on an absent key is unknown', op('StringNotEquals', 'aws:username', 'alice'), {}, 'unknown'],
  ['IfExists on an absent key is unknown', op('StringEqualsIfExists', 'aws:username', 'alice'), {}, 'unknown'],
  ['Null on an absent key is unknown', op('Null', 'aws:username', 'true'), {}, 'unknown'],
  ['ForAllValues on an absent key is unknown', op('ForAllValues:StringEquals', 'aws:TagKeys', 'a'), {}, 'unknown'],
  ['a known key still decides', op('StringEquals', 'aws:username', 'alice'), { 'aws:username': 'bob' }, false],
  ['a known key decides true', op('StringEquals', 'aws:username', 'alice'), { 'aws:username': 'alice' }, true],
  ['false beats unknown in an AND', { StringEquals: { 'aws:username': 'alice' }, Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:username': 'bob' }, false],
  ['true AND unknown is unknown', { StringEquals: { 'aws:username': 'alice' }, Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:username': 'alice' }, 'unknown'],
  ['unknown variable is unknown', op('StringEquals', 's3:prefix', 'home/${aws:username}'), { 's3:prefix': 'home/alice' }, 'unknown'],
  ['known empty set is not unknown', op('ForAnyValue:StringEquals', 'aws:TagKeys', 'a'), { 'aws:TagKeys': [] }, false],
];

describe('condition operators (full context)', () => {
  const groups: Array<[string, Case[]]> = [
    ['String', stringCases],
    ['Arn', arnCases],
    ['Numeric', numericCases],
    ['Date', dateCases],
    ['Bool and Binary', boolCases],
    ['IpAddress', ipCases],
    ['Null', nullCases],
    ['IfExists', ifExistsCases],
    ['set operators', setCases],
    ['combinations', combinationCases],
    ['policy variables', variableCases],
  ];
  for (const [group, cases] of groups) {
    describe(group, () => {
      it.each(cases)('%s', (_name, block, context, expected) => {
        expect(condition(block, context)).toBe(expected);
      });
    });
  }
});

describe('condition operators (partial context)', () => {
  it.each(partialCases)('%s', (_name, block, context, expected) => {
    expect(condition(block, context, { partial: true })).toBe(expected);
  });

  it('no context at all makes every condition unknown', () => {
    expect(condition(op('StringEquals', 'aws:username', 'alice'), undefined)).toBe('unknown');
  });
});

// Any request made at 2023-03-29T00:00:00Z: its credentials were issued at most 36 hours earlier, if they are temporary.
const SNAPSHOT_TIME = Date.parse('2023-03-29T00:00:00Z');
const SESSION_ISSUED: DateRange = { earliest: SNAPSHOT_TIME - 36 * 3600 * 1000, latest: SNAPSHOT_TIME, mayBeAbsent: false };
const ANY_CREDENTIALS: DateRange = { ...SESSION_ISSUED, mayBeAbsent: true };

/** One condition block against a partial context that bounds aws:TokenIssueTime and holds `values`. */
function onRange(block: Record<string, unknown>, range: DateRange, values: Values = {}): Tristate {
  const statement = normalizePolicy({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: block } }).statements[0];
  if (!statement) throw new Error('no statement');
  const view = contextView({ values, partial: true });
  const context: ConditionContext = {
    partial: true,
    get: view.get,
    dateRange: (keyLower) => (keyLower === 'aws:tokenissuetime' ? range : undefined),
  };
  let result: Tristate = true;
  for (const clause of statement.conditions) {
    const value = evaluateCondition(clause, context, true);
    if (value === false) return false;
    if (value === 'unknown') result = 'unknown';
  }
  return result;
}

const TOKEN = 'aws:TokenIssueTime';
const sessionCases: Case[] = [
  ["issued before 2020: no session alive in 2023 (Cloudsplaining's fp5)", op('DateLessThan', TOKEN, '2020-01-01T00:00:01Z'), undefined, false],
  ["issued after 2020: every session alive in 2023 (fn3)", op('DateGreaterThan', TOKEN, '2020-01-01T00:00:01Z'), undefined, true],
  ['a time inside the 36 hours splits the range', op('DateGreaterThan', TOKEN, '2023-03-28T00:00:00Z'), undefined, 'unknown'],
  ['before a time after the snapshot', op('DateLessThan', TOKEN, '2023-04-01T00:00:00Z'), undefined, true],
  ['DateLessThan the snapshot time itself may fail', op('DateLessThan', TOKEN, '2023-03-29T00:00:00Z'), undefined, 'unknown'],
  ['DateLessThanEquals the snapshot time always holds', op('DateLessThanEquals', TOKEN, '2023-03-29T00:00:00Z'), undefined, true],
  ['DateGreaterThanEquals the earliest issue time always holds', op('DateGreaterThanEquals', TOKEN, '2023-03-27T12:00:00Z'), undefined, true],
  ['DateGreaterThan the earliest issue time may fail', op('DateGreaterThan', TOKEN, '2023-03-27T12:00:00Z'), undefined, 'unknown'],
  ['epoch seconds as the policy value', op('DateLessThan', TOKEN, '1577836801'), undefined, false],
  ['values are ORed', op('DateLessThan', TOKEN, ['2020-01-01T00:00:00Z', '2024-01-01T00:00:00Z']), undefined, true],
  ['DateEquals a time outside the range', op('DateEquals', TOKEN, '2020-01-01T00:00:00Z'), undefined, false],
  ['DateEquals a time inside the range', op('DateEquals', TOKEN, '2023-03-28T08:00:00Z'), undefined, 'unknown'],
  ['DateNotEquals a time outside the range', op('DateNotEquals', TOKEN, '2020-01-01T00:00:00Z'), undefined, true],
  ['an unparseable date never holds', op('DateLessThan', TOKEN, 'last year'), undefined, false],
  ['IfExists with the key present', op('DateLessThanIfExists', TOKEN, '2020-01-01T00:00:00Z'), undefined, false],
  ['ForAnyValue over the one value', op('ForAnyValue:DateLessThan', TOKEN, '2020-01-01T00:00:00Z'), undefined, false],
  ['Null false: sessions carry the key', op('Null', TOKEN, 'false'), undefined, true],
  ['Null true: sessions carry the key', op('Null', TOKEN, 'true'), undefined, false],
  ['a String operator on a date key stays unknown', op('StringLike', TOKEN, '2023-*'), undefined, 'unknown'],
  ['a decided key still decides an AND with an unknown one', { DateLessThan: { [TOKEN]: '2020-01-01T00:00:00Z' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, undefined, false],
  ['other keys stay unknown', { DateGreaterThan: { [TOKEN]: '2020-01-01T00:00:00Z' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, undefined, 'unknown'],
];
const anyCredentialCases: Case[] = [
  ['before 2020: neither a session nor an access key (no key) satisfies it', op('DateLessThan', TOKEN, '2020-01-01T00:00:01Z'), undefined, false],
  ['after 2020: a session does, an access key does not', op('DateGreaterThan', TOKEN, '2020-01-01T00:00:01Z'), undefined, 'unknown'],
  ['IfExists before 2020: an access key does, a session does not', op('DateLessThanIfExists', TOKEN, '2020-01-01T00:00:00Z'), undefined, 'unknown'],
  ['DateNotEquals 2020: both do', op('DateNotEquals', TOKEN, '2020-01-01T00:00:00Z'), undefined, true],
  ['Null true: only an access key does', op('Null', TOKEN, 'true'), undefined, 'unknown'],
  ['ForAllValues before 2020: an access key does (empty set)', op('ForAllValues:DateLessThan', TOKEN, '2020-01-01T00:00:00Z'), undefined, 'unknown'],
];

describe('date keys known only by range (aws:TokenIssueTime of a request made now)', () => {
  describe('temporary credentials only (roles)', () => {
    it.each(sessionCases)('%s', (_name, block, context, expected) => {
      expect(onRange(block, SESSION_ISSUED, context)).toBe(expected);
    });
  });

  describe('temporary credentials or an access key (users)', () => {
    it.each(anyCredentialCases)('%s', (_name, block, context, expected) => {
      expect(onRange(block, ANY_CREDENTIALS, context)).toBe(expected);
    });
  });

  it('a value in the context wins over the range', () => {
    expect(onRange(op('DateLessThan', TOKEN, '2020-01-01T00:00:00Z'), SESSION_ISSUED, { [TOKEN]: '2019-06-01T00:00:00Z' })).toBe(true);
  });
});

describe('policy variables and Version', () => {
  it('are literal text in a 2008-10-17 document', () => {
    const block = op('StringEquals', 's3:prefix', 'home/${aws:username}');
    expect(condition(block, { 's3:prefix': 'home/${aws:username}', 'aws:username': 'alice' }, { version: '2008-10-17' })).toBe(true);
    expect(condition(block, { 's3:prefix': 'home/alice', 'aws:username': 'alice' }, { version: '2008-10-17' })).toBe(false);
  });
});

describe('parseConditionOperator', () => {
  it.each([
    ['StringEquals', { base: 'StringEquals', negated: false, ifExists: false, set: undefined }],
    ['StringNotLikeIfExists', { base: 'StringNotLike', negated: true, ifExists: true, set: undefined }],
    ['ForAllValues:StringLike', { base: 'StringLike', negated: false, ifExists: false, set: 'ForAllValues' }],
    ['ForAnyValue:ArnNotEqualsIfExists', { base: 'ArnNotEquals', negated: true, ifExists: true, set: 'ForAnyValue' }],
  ])('%s', (name, expected) => {
    expect(parseConditionOperator(name)).toMatchObject(expected);
  });

  it.each(['StringMatches', 'ForSomeValues:StringEquals', 'NullIfExists', 'ForAllValues:Null', ''])('rejects %s', (name) => {
    expect(parseConditionOperator(name)).toBeUndefined();
  });
});

describe('ipInCidr', () => {
  it.each([
    ['10.1.2.3', '10.0.0.0/8', true],
    ['11.1.2.3', '10.0.0.0/8', false],
    ['10.0.0.1', '10.0.0.1/32', true],
    ['::1', '::1/128', true],
    ['::ffff:10.0.0.1', '::ffff:0:0/96', true],
    ['fe80::1', 'fe80::/10', true],
    ['fec0::1', 'fe80::/10', false],
    ['1:2:3:4:5:6:7:8', '1:2:3:4::/64', true],
    ['1::2::3', '::/0', false],
    ['256.0.0.1', '0.0.0.0/0', false],
    ['1.2.3', '0.0.0.0/0', false],
    ['10.0.0.1', 'garbage', false],
  ])('%s in %s → %s', (ip, cidr, expected) => {
    expect(ipInCidr(ip, cidr)).toBe(expected);
  });
});
