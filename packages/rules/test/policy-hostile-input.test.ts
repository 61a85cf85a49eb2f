import { describe, expect, it } from 'vitest';
import { resolveConfig, runRules } from '@iamlint/core';
import { buildModel } from '@iamlint/core/testing';
import { builtinRules } from '../src/index.js';

const ACCOUNT = '123456789012';
const policyRuleIds = [...builtinRules.keys()].filter((id) => id.startsWith('policy-') || id.startsWith('trust-policy-'));

function lintDocument(document: unknown) {
  const model = buildModel({ accounts: { [ACCOUNT]: { users: [{ userName: 'mallory', inlinePolicies: [{ name: 'hostile', document }] }] } } });
  const config = resolveConfig([{ rules: Object.fromEntries(policyRuleIds.map((id) => [id, 'error'])) }], { source: 'test', builtinRules });
  return runRules({ model, config });
}

describe('policy rules on hostile documents: reported, never a crash or a hang', () => {
  it('10,000 statements with typos, __proto__ keys and numbers where strings belong', () => {
    const statements = Array.from({ length: 10_000 }, (_, index) =>
      JSON.parse(
        `{"Sid":"S${index % 7}","Effect":"Allow","Action":${index % 3 === 0 ? 42 : `"s3:GetObjekt${index}"`},"Resource":"*","__proto__":{"polluted":true}}`,
      ) as unknown,
    );
    const result = lintDocument({ Version: '2012-10-17', Statement: statements });
    expect(result.ruleFailures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const byRule = new Map<string, number>();
    for (const finding of result.findings) byRule.set(finding.ruleId, (byRule.get(finding.ruleId) ?? 0) + 1);
    expect(byRule.get('policy-malformed')).toBeGreaterThanOrEqual(3334);
    expect(byRule.get('policy-unknown-action')).toBe(6666);
    expect(byRule.get('policy-duplicate-sid')).toBe(9993);
  });

  it.each([
    ['a URL-encoded string', encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }))],
    ['text that is not JSON', '{"Version": "2012-10-17", "Statement": ['],
    ['Statement as an object with Action as a number', { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 7, Resource: '*' } }],
    ['a condition nested 1,000 levels deep', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: JSON.parse(`${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`) as unknown }] }],
  ])('%s is a policy-malformed finding', (_label, document) => {
    const result = lintDocument(document);
    expect(result.ruleFailures).toEqual([]);
    expect(result.findings.some((finding) => finding.ruleId === 'policy-malformed')).toBe(true);
  });
});
