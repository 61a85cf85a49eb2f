import { readFileSync } from 'node:fs';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import {
  BASELINE_VERSION,
  compareWithKnown,
  createBaseline,
  parseBaseline,
  serializeBaseline,
  type Baseline,
} from '../src/engine/baseline.js';
import { describeBaseline } from '../src/formatters/baseline.js';
import type { BaselineFormatContext } from '../src/formatters/context.js';
import { ConfigError } from '../src/errors.js';
import { buildJsonReport, formatResult, type FormatContext, type SarifLog } from '../src/formatters/index.js';
import { demoSpec, lintScenario, MANAGEMENT, type Scenario } from './fixtures/formatter-scenario.js';

const schema = JSON.parse(readFileSync(new URL('./fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const ajv = new ajvDraft04.default({ allErrors: true });
ajvFormats.default(ajv);
const validateSarif = ajv.compile(schema);

const LOGIN_PROFILE = { createDate: '2026-11-02T08:30:00Z', passwordResetRequired: false };

/** The demo organization a week later: alice enrolled an MFA device, and a new console user arrived without one. */
function laterScenario(): Scenario {
  const spec = demoSpec();
  const management = spec.accounts?.[MANAGEMENT];
  if (!management?.users) throw new Error('demo spec changed: no management users');
  management.users = management.users.map((user) => (user.userName === 'alice' ? { ...user, mfaDevices: [{ type: 'virtual' as const }] } : user));
  management.users.push({ userName: 'priya.raman', loginProfile: LOGIN_PROFILE });
  return lintScenario(spec);
}

const keyOf = (finding: { ruleId: string; resource: { id: string } }) => `${finding.ruleId} ${finding.resource.id}`;

describe('createBaseline and serializeBaseline', () => {
  const scenario = lintScenario(demoSpec());

  it('records every finding once, sorted by rule, resource and fingerprint, with counts per rule', () => {
    const baseline = createBaseline(scenario.result.findings);
    expect(baseline.version).toBe(BASELINE_VERSION);
    expect(baseline.findings.map((entry) => `${entry.ruleId} ${entry.resource}`)).toEqual([
      'access-key-max-age AKIA5OL7GDK7KKBLQ7CE',
      'access-key-max-age AKIACNMRKDTEBMDADKID',
      'account-alias-missing 333333333333',
      'duplicate-saml-provider o-a1b2c3d4e5',
      'permission-set-long-session arn:aws:sso:::permissionSet/ssoins-7223a2e5f1c1d4b0/ps-7e7almtl67e5sj2u',
      'root-hardware-mfa arn:aws:iam::333333333333:root',
      'user-mfa-required arn:aws:iam::111111111111:user/alice',
    ]);
    expect(baseline.counts).toEqual({
      'access-key-max-age': 2,
      'account-alias-missing': 1,
      'duplicate-saml-provider': 1,
      'permission-set-long-session': 1,
      'root-hardware-mfa': 1,
      'user-mfa-required': 1,
    });
    const alice = baseline.findings.find((entry) => entry.ruleId === 'user-mfa-required');
    expect(alice).toEqual({
      fingerprint: scenario.result.findings.find((finding) => finding.ruleId === 'user-mfa-required')?.fingerprint,
      ruleId: 'user-mfa-required',
      resource: 'arn:aws:iam::111111111111:user/alice',
      message: 'User alice can sign in to the console without MFA.',
    });
  });

  it('gives the same bytes whatever order the findings come in, and keeps one entry per fingerprint', () => {
    const findings = scenario.result.findings;
    const text = serializeBaseline(createBaseline(findings));
    expect(serializeBaseline(createBaseline([...findings].reverse()))).toBe(text);
    expect(serializeBaseline(createBaseline([...findings, ...findings]))).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "version": 1,');
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['version', 'counts', 'findings']);
  });

  it('writes counts in rule order even when handed a baseline built by hand', () => {
    const baseline: Baseline = { version: 1, counts: { 'z-rule': 1, 'a-rule': 1 }, findings: [] };
    expect(serializeBaseline(baseline)).toBe('{\n  "version": 1,\n  "counts": {\n    "a-rule": 1,\n    "z-rule": 1\n  },\n  "findings": []\n}\n');
  });
});

describe('parseBaseline', () => {
  const text = serializeBaseline(createBaseline(lintScenario(demoSpec()).result.findings));

  it('reads back exactly what serializeBaseline wrote', () => {
    expect(serializeBaseline(parseBaseline(text, 'iamlint-baseline.json'))).toBe(text);
  });

  it('refuses malformed JSON with the file, line and column, and says how to regenerate it', () => {
    const broken = text.replace('"counts": {', '"counts": {,');
    const error = catchError(() => parseBaseline(broken, 'iamlint-baseline.json'));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.format()).toMatch(/^iamlint-baseline\.json:3:14: not an iamlint baseline: malformed JSON: /);
    expect(error.format()).toContain('(regenerate it with `iamlint audit --update-baseline --baseline iamlint-baseline.json`)');
    expect(error.format()).not.toContain('\n');
  });

  it('refuses another version, pointing at the version line', () => {
    const error = catchError(() => parseBaseline(text.replace('"version": 1', '"version": 2'), 'ci/baseline.json'));
    expect(error.format()).toMatch(/^ci\/baseline\.json:2:3: baseline version 2 is not supported \(this iamlint reads version 1\) \(upgrade iamlint, or regenerate/);
  });

  it('refuses a wrong shape, naming the JSON pointer and its line', () => {
    const badFingerprint = text.replace(/"fingerprint": "[0-9a-f]{32}"/, '"fingerprint": "AKIA-not-a-hash"');
    expect(catchError(() => parseBaseline(badFingerprint, 'b.json')).format()).toMatch(
      /^b\.json:\d+:\d+: not an iamlint baseline: \/findings\/0\/fingerprint must match \^\[0-9a-f\]\{32\}\$ \(regenerate/,
    );
    expect(catchError(() => parseBaseline('[]\n', 'b.json')).format()).toMatch(/^b\.json:1:1: not an iamlint baseline: \(root\) must be object/);
    expect(catchError(() => parseBaseline('{"version":1,"counts":{},"findings":[],"extra":true}', 'b.json')).message).toBe(
      'not an iamlint baseline: /extra unexpected property "extra"',
    );
    expect(catchError(() => parseBaseline('{"counts":{},"findings":[]}', 'b.json')).message).toBe('not an iamlint baseline: (root) missing required property "version"');
  });
});

describe('compareWithKnown', () => {
  const before = lintScenario(demoSpec());
  const after = laterScenario();
  const baseline = createBaseline(before.result.findings);

  it('reports only findings the baseline does not hold, with error and warning counts to match', () => {
    const { result, comparison } = compareWithKnown(after.result, { baseline: { file: 'iamlint-baseline.json', content: baseline } });
    expect(result.findings.map(keyOf)).toEqual(['user-mfa-required arn:aws:iam::111111111111:user/priya.raman']);
    expect(result.errorCount).toBe(0);
    expect(result.warningCount).toBe(1);
    expect(comparison.unchanged.map(keyOf)).toEqual(after.result.findings.map(keyOf).filter((key) => !key.endsWith('priya.raman')));
    expect(comparison.absent.map((entry) => `${entry.ruleId} ${entry.resource}`)).toEqual(['user-mfa-required arn:aws:iam::111111111111:user/alice']);
    expect(comparison.baselineFile).toBe('iamlint-baseline.json');
    expect(comparison.sinceRef).toBeUndefined();
  });

  it('counts new errors when an error-level finding is new', () => {
    const withoutKeys = createBaseline(before.result.findings.filter((finding) => finding.ruleId !== 'access-key-max-age'));
    const { result } = compareWithKnown(before.result, { baseline: { file: 'b.json', content: withoutKeys } });
    expect(result.findings.map(keyOf)).toEqual(['access-key-max-age AKIACNMRKDTEBMDADKID', 'access-key-max-age AKIA5OL7GDK7KKBLQ7CE']);
    expect([result.errorCount, result.warningCount]).toEqual([2, 0]);
  });

  it('treats the findings at a git ref as known, without calling any of them prunable', () => {
    const fingerprints = new Set(before.result.findings.map((finding) => finding.fingerprint));
    const { result, comparison } = compareWithKnown(after.result, { since: { ref: 'HEAD~1', fingerprints } });
    expect(result.findings.map(keyOf)).toEqual(['user-mfa-required arn:aws:iam::111111111111:user/priya.raman']);
    expect(comparison.absent).toEqual([]);
    expect(describeBaseline(comparison)).toBe('6 known findings (present at HEAD~1) are not shown');
  });

  it('with both a baseline and a ref, a finding is known when either holds it', () => {
    const { result, comparison } = compareWithKnown(after.result, {
      baseline: { file: 'iamlint-baseline.json', content: createBaseline(before.result.findings.slice(0, 2)) },
      since: { ref: 'origin/main', fingerprints: new Set(before.result.findings.slice(2).map((finding) => finding.fingerprint)) },
    });
    expect(result.findings.map(keyOf)).toEqual(['user-mfa-required arn:aws:iam::111111111111:user/priya.raman']);
    expect(describeBaseline(comparison)).toBe('6 known findings (in the baseline iamlint-baseline.json or present at origin/main) are not shown');
  });

  it('describes prunable entries with a count and how to prune them', () => {
    const { comparison } = compareWithKnown(after.result, { baseline: { file: 'iamlint-baseline.json', content: baseline } });
    expect(describeBaseline(comparison)).toBe(
      '6 known findings (in the baseline iamlint-baseline.json) are not shown; 1 baselined finding no longer occurs: prune it with --update-baseline',
    );
    expect(describeBaseline({ unchanged: [], absent: [] })).toBeNull();
  });
});

describe('formatters with a baseline', () => {
  const before = lintScenario(demoSpec());
  const after = laterScenario();
  const { result, comparison } = compareWithKnown(after.result, { baseline: { file: 'iamlint-baseline.json', content: createBaseline(before.result.findings) } });
  const context: FormatContext & BaselineFormatContext = { ...after.context(), result, baseline: comparison };

  it('SARIF keeps the known findings as unchanged results, marks the new one new, and validates', () => {
    const log = JSON.parse(formatResult('sarif', context)) as SarifLog;
    expect(validateSarif(log) ? [] : validateSarif.errors?.slice(0, 3)).toEqual([]);
    const results = log.runs[0].results;
    expect(results).toHaveLength(after.result.findings.length);
    const states = new Map(results.map((entry) => [`${entry.ruleId} ${entry.properties.resource.id}`, entry.baselineState]));
    expect(states.get('user-mfa-required arn:aws:iam::111111111111:user/priya.raman')).toBe('new');
    expect([...states.values()].filter((state) => state === 'unchanged')).toHaveLength(6);
    expect(log.runs[0].properties.baseline).toEqual({ file: 'iamlint-baseline.json', newCount: 1, unchangedCount: 6, absentCount: 1 });
    for (const entry of results) {
      const finding = after.result.findings.find((candidate) => candidate.fingerprint === entry.partialFingerprints.primaryLocationLineHash);
      expect(finding && keyOf(finding)).toBe(`${entry.ruleId} ${entry.properties.resource.id}`);
    }
  });

  it('SARIF without a baseline has no baselineState at all', () => {
    const log = JSON.parse(formatResult('sarif', after.context())) as SarifLog;
    expect(log.runs[0].results.filter((entry) => 'baselineState' in entry)).toEqual([]);
    expect(log.runs[0].properties.baseline).toBeUndefined();
  });

  it('stylish shows the new finding only, plus one line about the known ones', () => {
    const text = formatResult('stylish', context);
    expect(text).toContain('priya.raman');
    expect(text).not.toContain('AKIACNMRKDTEBMDADKID');
    expect(text).toContain('✖ 1 new problem (0 errors, 1 warning)');
    const line = text.split('\n').filter((entry) => entry.includes('known finding'));
    expect(line).toEqual([
      '  6 known findings (in the baseline iamlint-baseline.json) are not shown; 1 baselined finding no longer occurs: prune it with --update-baseline',
    ]);
  });

  it('stylish says "no new problems" when everything is known', () => {
    const all = compareWithKnown(after.result, { baseline: { file: 'b.json', content: createBaseline(after.result.findings) } });
    const allKnown: FormatContext & BaselineFormatContext = { ...after.context(), result: all.result, baseline: all.comparison };
    const text = formatResult('stylish', allKnown);
    expect(text).toContain('✔ no new problems');
    expect(text).toContain('7 known findings (in the baseline b.json) are not shown');
  });

  it('markdown shows the new finding and the line, escaped', () => {
    const hostile: FormatContext & BaselineFormatContext = { ...context, baseline: { ...comparison, baselineFile: 'ci/<b>|baseline.json' } };
    const text = formatResult('markdown', hostile);
    expect(text).toContain('**1 new problem**');
    expect(text).toContain('6 known findings (in the baseline ci/&#60;b&#62;&#124;baseline.json) are not shown');
    expect(text).not.toContain('AKIACNMRKDTEBMDADKID');
  });

  it('JSON lists only the new findings and says what the baseline left out', () => {
    const report = buildJsonReport(context);
    expect(report.findings.map(keyOf)).toEqual(['user-mfa-required arn:aws:iam::111111111111:user/priya.raman']);
    expect(report.summary.warningCount).toBe(1);
    expect(report.baseline).toEqual({
      file: 'iamlint-baseline.json',
      unchangedCount: 6,
      absent: [expect.objectContaining({ ruleId: 'user-mfa-required', resource: 'arn:aws:iam::111111111111:user/alice' })],
    });
    expect(buildJsonReport(after.context()).baseline).toBeUndefined();
  });
});

function catchError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
