import { describe, expect, it } from 'vitest';
import { buildJsonReport, formatResult, type JsonReport } from '../src/formatters/index.js';
import { demoScenario, MANAGEMENT, PRODUCTION, SANDBOX } from './fixtures/formatter-scenario.js';

describe('json formatter', () => {
  const scenario = demoScenario({ withFailingRule: true });
  const text = formatResult('json', scenario.context());
  const report = JSON.parse(text) as JsonReport;

  it('writes the documented top-level shape, in a fixed key order, 2-space indented with a trailing newline', () => {
    expect(Object.keys(report)).toEqual(['version', 'tool', 'snapshot', 'summary', 'rulesRun', 'findings', 'suppressed', 'notEvaluated', 'ruleFailures', 'diagnostics']);
    expect(text).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(text.startsWith('{\n  "version": 1,\n  "tool": {\n    "name": "iamlint",')).toBe(true);
    expect(report.version).toBe(1);
    expect(report.tool).toEqual({ name: 'iamlint', version: '1.2.3' });
    expect(report.snapshot).toEqual({ path: 'snapshots/acme', collectedAt: '2026-11-20T06:00:00Z', schemaVersion: '1.2' });
  });

  it('summarises the counts', () => {
    expect(report.summary).toEqual({
      errorCount: 3,
      warningCount: 4,
      suppressedCount: 2,
      notEvaluatedCount: 1,
      ruleFailureCount: 1,
      bySeverity: { critical: 1, high: 2, medium: 1, low: 2, info: 1 },
    });
    expect(report.rulesRun).toEqual(scenario.result.rulesRun);
  });

  it('lists findings in the runner order with resolved locations and sorted data', () => {
    expect(report.findings.map((finding) => finding.fingerprint)).toEqual(scenario.result.findings.map((finding) => finding.fingerprint));
    const key = report.findings.find((finding) => finding.ruleId === 'access-key-max-age' && finding.resource.accountId === MANAGEMENT);
    const original = scenario.result.findings.find((finding) => finding.fingerprint === key?.fingerprint);
    expect(Object.keys(key ?? {})).toEqual(['ruleId', 'messageId', 'message', 'data', 'severity', 'level', 'resource', 'location', 'related', 'fingerprint']);
    expect(key).toMatchObject({
      messageId: 'tooOld',
      severity: 'high',
      level: 'error',
      resource: { kind: 'AccessKey', accountId: MANAGEMENT },
      location: { ...scenario.model.locate(original?.location ?? { file: '', pointer: '' }), pointer: '/users/0/accessKeys/0' },
    });
    expect(key?.location.file).toBe(`accounts/${MANAGEMENT}.json`);
    expect(key?.location.line).toBeGreaterThan(1);
    expect(Object.keys(key?.data ?? {})).toEqual(['age', 'keyId', 'maxAgeDays', 'user']);
    expect(key?.data).toMatchObject({ user: 'alice', maxAgeDays: 90 });
  });

  it('resolves the locations of related resources', () => {
    const duplicate = report.findings.find((finding) => finding.ruleId === 'duplicate-saml-provider');
    expect(duplicate?.resource.kind).toBe('Organization');
    expect(duplicate?.related.map((entry) => [entry.resource.kind, entry.resource.accountId, entry.location.file, entry.location.pointer])).toEqual([
      ['SamlProvider', MANAGEMENT, `accounts/${MANAGEMENT}.json`, '/samlProviders/0'],
      ['SamlProvider', PRODUCTION, `accounts/${PRODUCTION}.json`, '/samlProviders/0'],
    ]);
    for (const entry of duplicate?.related ?? []) {
      expect(entry.location).toEqual(scenario.model.locate(entry.location));
    }
  });

  it('keeps suppressed findings apart, each with why', () => {
    expect(report.suppressed.map((finding) => [finding.ruleId, finding.resource.name, finding.suppression])).toEqual([
      ['user-mfa-required', 'svc-legacy', { kind: 'exception', reason: 'console access is removed in the next sprint' }],
      ['access-key-max-age', expect.stringMatching(/^AKIA/), { kind: 'exception', reason: 'replaced by OIDC federation this quarter' }],
    ]);
    const suppressedFingerprints = new Set(report.suppressed.map((finding) => finding.fingerprint));
    expect(report.findings.some((finding) => suppressedFingerprints.has(finding.fingerprint))).toBe(false);
  });

  it('says what was not evaluated and why, and which rules failed, without stack traces', () => {
    expect(report.notEvaluated).toEqual([
      {
        ruleId: 'user-mfa-required',
        accountId: PRODUCTION,
        sections: ['iam.credentialReport'],
        reasons: ['iam.credentialReport (AccessDenied on iam:GenerateCredentialReport)'],
      },
    ]);
    expect(scenario.result.ruleFailures[0]?.stack).toBeDefined();
    expect(report.ruleFailures).toEqual([
      { ruleId: 'exploding-rule', message: "Cannot read properties of undefined (reading 'Statement')", resourceId: `arn:aws:iam::${MANAGEMENT}:user/alice` },
    ]);
    expect(text).not.toContain('"stack"');
    expect(report.diagnostics).toEqual([
      {
        level: 'warn',
        message: `exception for rule "access-key-max-age" on arn:aws:iam::${SANDBOX}:user/carol expired on 2026-01-31 and no longer applies (config object #1)`,
      },
    ]);
  });

  it('is deterministic and equals the built report', () => {
    expect(formatResult('json', scenario.context())).toBe(text);
    expect(formatResult('json', demoScenario({ withFailingRule: true }).context())).toBe(text);
    expect(report).toEqual(JSON.parse(JSON.stringify(buildJsonReport(scenario.context()))));
  });

  it('normalises the snapshot path and takes the tool name from the context', () => {
    const renamed = JSON.parse(formatResult('json', scenario.context({ snapshotPath: './snapshots/acme/', toolName: 'iamlint-action' }))) as JsonReport;
    expect(renamed.snapshot.path).toBe('snapshots/acme');
    expect(renamed.tool.name).toBe('iamlint-action');
  });

  it('keeps locations stable in meaning when lines move', () => {
    const moved = JSON.parse(formatResult('json', demoScenario({ withFailingRule: true, extraUsersFirst: true }).context())) as JsonReport;
    expect(moved.findings.map((finding) => finding.fingerprint)).toEqual(report.findings.map((finding) => finding.fingerprint));
    const line = (findings: JsonReport['findings'], ruleId: string) => findings.find((finding) => finding.ruleId === ruleId)?.location.line ?? 0;
    expect(line(moved.findings, 'user-mfa-required')).toBeGreaterThan(line(report.findings, 'user-mfa-required'));
  });
});
