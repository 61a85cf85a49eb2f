import { describe, expect, it } from 'vitest';
import { compareWithKnown, createBaseline, defineRule, resolveConfig, runRules, type AnyRule, type ConfigError, type FlatConfig } from '@iamlint/core';
import { buildModel, type SnapshotSpec } from '@iamlint/core/testing';

// Issue 12: suppression belongs to the repository, not to the audited account; config that does nothing is said.
const PROD = '777788889999';
const OTHER = '111122223333';

const rule = (severity: 'high' | 'low') =>
  defineRule({
    meta: { type: 'problem', docs: { description: 'Flags every role.', recommended: true }, severity, messages: { role: 'Role {{name}} is flagged.' } },
    create: (context) => ({ Role: (role) => context.report({ node: role, messageId: 'role', data: { name: role.name } }) }),
  });

const rules = new Map<string, AnyRule>([
  ['external-trust', rule('high')],
  ['tidy-role', rule('low')],
]);

const spec = (tag?: string): SnapshotSpec => ({
  organization: {
    managementAccountId: OTHER,
    organizationalUnits: [{ id: 'ou-abcd-sandbox1', name: 'Sandbox' }],
    accounts: [
      { id: OTHER, name: 'management' },
      { id: PROD, name: 'prod', parentId: 'ou-abcd-sandbox1' },
    ],
  },
  accounts: { [PROD]: { roles: [{ roleName: 'backdoor', ...(tag ? { tags: { 'iamlint:ignore': tag } } : {}) }] } },
});

const run = (config: FlatConfig, tag?: string) =>
  runRules({ model: buildModel(spec(tag)), config: resolveConfig(config, { source: 'iamlint.config.json', builtinRules: rules }) });

const both = { rules: { 'external-trust': 'error', 'tidy-role': 'warn' } } as const;

describe('iamlint:ignore tags (issue 12)', () => {
  it('are off by default: the tagged finding is reported, with a note that the tag was ignored', () => {
    const result = run([both], 'external-trust,tidy-role');
    expect(result.suppressed).toEqual([]);
    expect(result.findings.map((finding) => [finding.ruleId, finding.ignoredTag !== undefined])).toEqual([
      ['external-trust', true],
      ['tidy-role', true],
    ]);
    expect(result.errorCount).toBe(1);
    expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['TAG_IGNORED']);
    expect(result.diagnostics[0]?.message).toContain('iamlint:ignore tag on role backdoor was ignored (2 findings reported anyway)');
  });

  it('suppress when the config opts in, and each suppression is itself a finding, new the first time a baseline sees it', () => {
    const before = run([both, { ignoreTags: true }]);
    const after = run([both, { ignoreTags: true }], 'external-trust');
    expect(after.suppressed.map((finding) => [finding.ruleId, finding.suppression])).toEqual([
      ['external-trust', { kind: 'tag', reason: 'iamlint:ignore tag on role backdoor' }],
    ]);
    const tagFinding = after.findings.find((finding) => finding.ruleId === 'ignore-tag-suppressed');
    expect(tagFinding).toMatchObject({ level: 'warn', message: 'iamlint:ignore tag on role backdoor suppresses external-trust: Role backdoor is flagged.' });
    const compared = compareWithKnown(after, { baseline: { file: 'iamlint-baseline.json', content: createBaseline(before.findings) } });
    expect(compared.result.findings.map((finding) => finding.ruleId)).toEqual(['ignore-tag-suppressed']);
    const again = compareWithKnown(after, { baseline: { file: 'iamlint-baseline.json', content: createBaseline(after.findings) } });
    expect(again.result.findings).toEqual([]);
  });

  it('can be limited to some rules, or to severities below a level', () => {
    const onlyTidy = run([both, { ignoreTags: { rules: ['tidy-role'] } }], 'external-trust,tidy-role');
    expect(onlyTidy.suppressed.map((finding) => finding.ruleId)).toEqual(['tidy-role']);
    expect(onlyTidy.findings.find((finding) => finding.ruleId === 'external-trust')?.ignoredTag).toBeDefined();
    const belowHigh = run([both, { ignoreTags: { below: 'high' } }], 'external-trust,tidy-role');
    expect(belowHigh.suppressed.map((finding) => finding.ruleId)).toEqual(['tidy-role']);
    expect(belowHigh.errorCount).toBe(1);
  });

  it('report unknown rule ids in a tag', () => {
    const result = run([both, { ignoreTags: true }], 'external-trust,no-such-rule');
    expect(result.diagnostics).toEqual([
      { level: 'warn', code: 'TAG_UNKNOWN_RULE', message: 'iamlint:ignore tag on role backdoor names an unknown rule "no-such-rule"' },
    ]);
  });

  it('reject an unknown rule in ignoreTags.rules and a malformed ignoreTags', () => {
    const error = (config: unknown) => {
      try {
        resolveConfig(config, { source: 'iamlint.config.json', builtinRules: rules });
      } catch (caught) {
        return (caught as ConfigError).message;
      }
      return 'no error';
    };
    expect(error([{ ignoreTags: { rules: ['tidy-rol'] } }])).toBe('ignoreTags in config object #1 names an unknown rule "tidy-rol"');
    expect(error([{ ignoreTags: 'yes' }])).toContain('"ignoreTags" must be true, false, or');
  });
});

describe('config that does nothing (issue 12)', () => {
  it('reports an exception that matched no finding, like an unused disable directive', () => {
    const result = run([
      both,
      { exceptions: [{ rule: 'tidy-role', resource: 'arn:aws:iam::*:role/backdoor', reason: 'used' }, { rule: 'external-trust', resource: 'arn:aws:iam::*:role/gone', reason: 'stale' }] },
    ]);
    expect(result.diagnostics).toEqual([
      { level: 'warn', code: 'EXCEPTION_UNUSED', message: 'exception for rule "external-trust" on arn:aws:iam::*:role/gone (config object #2) matched no finding; remove it' },
    ]);
  });

  it('warns about scopes that name no OU or account of the snapshot, and account names where ids are expected', () => {
    const result = run([both, { ous: ['Sandbx'], rules: { 'tidy-role': 'off' } }, { accounts: ['prod', '999999999999'], rules: { 'tidy-role': 'off' } }, { ous: ['Sandbox'], accounts: [PROD] }]);
    expect(result.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.message])).toEqual([
      ['SCOPE_UNMATCHED', 'config object #2: no OU in the snapshot (by id or name) matches "Sandbx" in "ous", so that part of the config does nothing'],
      ['SCOPE_NAME_NOT_ID', `config object #3: "accounts" takes account ids, and "prod" is the name of account ${PROD}; write the id`],
      ['SCOPE_UNMATCHED', 'config object #3: no account in the snapshot matches "999999999999" in "accounts", so that part of the config does nothing'],
    ]);
  });
});

describe('defineRule (issue 12)', () => {
  it('rejects a requires id that names no snapshot section, instead of a silent pass', () => {
    const define = () =>
      defineRule({
        meta: { type: 'problem', docs: { description: 'Typo.', recommended: false }, severity: 'low', requires: ['iam.acessKeys' as 'iam.accessKeys'], messages: { m: 'm' } },
        create: () => ({}),
      });
    expect(define).toThrow(/requires unknown snapshot section\(s\) "iam.acessKeys"; known: /);
  });

  it('rejects such a plugin rule in the config too', () => {
    const rule = { meta: { type: 'problem', docs: { description: 'x', recommended: false }, severity: 'low', requires: ['nope'], messages: {} }, create: () => ({}) };
    expect(() => resolveConfig([{ plugins: { acme: { rules: { typo: rule as unknown as AnyRule } } } }], { source: 'c.json', builtinRules: rules })).toThrow(
      /config object #1: plugin rule "acme\/typo" requires unknown snapshot section\(s\) "nope"/,
    );
  });
});
