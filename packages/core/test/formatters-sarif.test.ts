import { readFileSync } from 'node:fs';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { defineRule, type ComplianceMapping } from '../src/engine/rule.js';
import type { Finding } from '../src/engine/runner.js';
import { buildSarif, formatResult, SARIF_MAX_HELP_CHARS, SARIF_MAX_RESULTS, type SarifLog } from '../src/formatters/index.js';
import { pointerToPath } from '../src/json/pointer.js';
import {
  bulkRule,
  demoScenario,
  demoSpec,
  lintScenario,
  MANAGEMENT,
  pluginConfig,
  PRODUCTION,
  SNAPSHOT_PATH,
  type Scenario,
} from './fixtures/formatter-scenario.js';

const schema = JSON.parse(readFileSync(new URL('./fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as Record<string, unknown>;
// Both are CommonJS modules that also set exports.default; `.default` is the class under Node's ESM interop and in the types.
const ajv = new ajvDraft04.default({ allErrors: true });
ajvFormats.default(ajv);
const validateSarif = ajv.compile(schema);

function sarifOf(scenario: Scenario, overrides: Parameters<Scenario['context']>[0] = {}): SarifLog {
  const text = formatResult('sarif', scenario.context(overrides));
  const log = JSON.parse(text) as SarifLog;
  const valid = validateSarif(log);
  expect(valid ? [] : validateSarif.errors?.slice(0, 5)).toEqual([]);
  return log;
}

function runOf(log: SarifLog) {
  return log.runs[0];
}

function findingByFingerprint(scenario: Scenario, fingerprint: string): Finding {
  const finding = scenario.result.findings.find((candidate) => candidate.fingerprint === fingerprint);
  if (!finding) throw new Error(`no finding with fingerprint ${fingerprint}`);
  return finding;
}

function linesOf(scenario: Scenario, uri: string): string[] {
  expect(uri.startsWith(`${SNAPSHOT_PATH}/`)).toBe(true);
  const text = scenario.files.get(uri.slice(SNAPSHOT_PATH.length + 1));
  if (text === undefined) throw new Error(`${uri} is not a file of the snapshot`);
  return text.split('\n');
}

/**
 * The locate() convention: an entity in an array is placed on the line of its opening brace (at the brace),
 * a property on the line of its key (at the key's opening quote), the whole file on 1:1.
 */
function expectAtPointer(lines: string[], region: { startLine: number; startColumn: number }, pointer: string): void {
  const line = lines[region.startLine - 1] as string;
  const at = line.slice(region.startColumn - 1);
  const last = pointerToPath(pointer).at(-1);
  if (last === undefined) expect(region).toEqual({ startLine: 1, startColumn: 1 });
  else if (typeof last === 'number') {
    // An entity in an array is placed on its first property, the line that names it.
    expect(at).toMatch(/^"[A-Za-z]+": /);
    expect((lines[region.startLine - 2] as string).trimEnd().endsWith('{')).toBe(true);
  }
  else expect(at.startsWith(`${JSON.stringify(last)}: `)).toBe(true);
}

describe('sarif formatter', () => {
  const scenario = demoScenario({ withFailingRule: true });
  const log = sarifOf(scenario);
  const run = runOf(log);

  it('writes one valid SARIF 2.1.0 run with the driver GitHub needs', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({ name: 'iamlint', version: '1.2.3', semanticVersion: '1.2.3', informationUri: 'https://github.com/iamlint/iamlint' });
    expect(run.automationDetails.id).toBe('iamlint/snapshots/acme/');
    expect(run.columnKind).toBe('utf16CodeUnits');
  });

  it('is checked by a validator that does reject broken SARIF', () => {
    const broken = JSON.parse(JSON.stringify(log)) as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    const first = broken.runs[0]?.results[0] as Record<string, unknown>;
    delete first.message;
    expect(validateSarif(broken)).toBe(false);
    const badUri = JSON.parse(JSON.stringify(log)) as SarifLog;
    const location = badUri.runs[0].results[0]?.locations[0]?.physicalLocation;
    if (location) location.artifactLocation.uri = 'snapshots/a b/c d.json';
    expect(validateSarif(badUri)).toBe(false);
  });

  it('describes every rule that ran or found something, sorted, with PascalCase names', () => {
    const ids = run.tool.driver.rules.map((rule) => rule.id);
    expect(ids).toEqual([...new Set([...scenario.result.rulesRun, ...scenario.result.findings.map((finding) => finding.ruleId)])].sort());
    expect(ids).toContain('exploding-rule');
    const byId = new Map(run.tool.driver.rules.map((rule) => [rule.id, rule]));
    expect(byId.get('access-key-max-age')?.name).toBe('AccessKeyMaxAge');
    expect(byId.get('permission-set-long-session')?.name).toBe('PermissionSetLongSession');
  });

  it('gives each rule descriptions, help with compliance and docs link, tags and security-severity', () => {
    const rule = run.tool.driver.rules.find((candidate) => candidate.id === 'access-key-max-age');
    const url = 'https://github.com/iamlint/iamlint/blob/main/packages/rules/docs/rules/access-key-max-age.md';
    expect(rule).toMatchObject({
      shortDescription: { text: 'Access keys are rotated before they reach a maximum age.' },
      helpUri: url,
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'cis-aws-5.0/1.14', 'aws-fsbp-1.0/IAM.3'], 'security-severity': '8.0', severity: 'high' },
    });
    expect(rule?.fullDescription?.text).toContain('cis-aws 5.0: 1.14');
    expect(rule?.help?.text).toContain(`Documentation: ${url}`);
    expect(rule?.help?.markdown).toContain('- cis-aws 5.0: 1.14\n- aws-fsbp 1.0: IAM.3');
    expect(rule?.help?.markdown).toContain(`[Rule documentation](${url})`);
  });

  it('maps severities to GitHub security-severity and omits it for info', () => {
    const severityOf = (id: string) => run.tool.driver.rules.find((rule) => rule.id === id)?.properties;
    expect(severityOf('duplicate-saml-provider')?.['security-severity']).toBe('9.5');
    expect(severityOf('access-key-max-age')?.['security-severity']).toBe('8.0');
    expect(severityOf('user-mfa-required')?.['security-severity']).toBe('5.5');
    expect(severityOf('permission-set-long-session')?.['security-severity']).toBe('3.0');
    expect(severityOf('root-hardware-mfa')).toMatchObject({ severity: 'info' });
    expect(severityOf('root-hardware-mfa')).not.toHaveProperty('security-severity');
  });

  it('omits helpUri when the rule has no docs url', () => {
    const rule = run.tool.driver.rules.find((candidate) => candidate.id === 'root-hardware-mfa');
    expect(rule).not.toHaveProperty('helpUri');
    expect(rule?.help?.markdown).not.toContain('Rule documentation');
  });

  it('emits one result per unsuppressed finding, in order, with rule index, level, message and fingerprints', () => {
    expect(run.results).toHaveLength(scenario.result.findings.length);
    const suppressed = new Set(scenario.result.suppressed.map((finding) => finding.fingerprint));
    expect(suppressed.size).toBe(2);
    run.results.forEach((result, index) => {
      const finding = scenario.result.findings[index] as Finding;
      expect(result.ruleId).toBe(finding.ruleId);
      expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe(finding.ruleId);
      expect(result.level).toBe(finding.level === 'error' ? 'error' : 'warning');
      expect(result.message.text).toBe(finding.message);
      expect(result.partialFingerprints.primaryLocationLineHash).toBe(finding.fingerprint);
      expect(result.properties).toEqual({ severity: finding.severity, resource: finding.resource });
      expect(suppressed.has(finding.fingerprint)).toBe(false);
    });
  });

  it('places every result on the line of the offending entity in the snapshot file', () => {
    const kinds = new Set<string>();
    for (const result of run.results) {
      const finding = findingByFingerprint(scenario, result.partialFingerprints.primaryLocationLineHash);
      const { artifactLocation, region } = result.locations[0]?.physicalLocation ?? expect.unreachable();
      expect(artifactLocation.uri).toBe(`${SNAPSHOT_PATH}/${finding.location.file}`);
      const lines = linesOf(scenario, artifactLocation.uri);
      expectAtPointer(lines, region, finding.location.pointer);
      const line = lines[region.startLine - 1] as string;
      const next = (lines[region.startLine] as string).trim();
      kinds.add(finding.resource.kind);
      switch (finding.resource.kind) {
        case 'AccessKey':
          expect(line.trim()).toBe(`"accessKeyId": "${finding.resource.id}",`);
          expect(next).toMatch(/^"status": /);
          break;
        case 'User':
          expect(line.trim()).toBe('"mfaDevices": [],');
          expect(lines.slice(0, region.startLine).reverse().find((candidate) => candidate.includes('"userName"'))).toContain(`"userName": "${finding.resource.name}"`);
          break;
        case 'Organization':
          expect(line.trim()).toBe('"organization": {');
          break;
        case 'PermissionSet':
          expect(line.trim()).toBe('"sessionDuration": "PT12H",');
          expect(lines[region.startLine - 3]?.trim()).toBe(`"name": "${finding.resource.name}",`);
          break;
        case 'RootUser':
          expect(line.trim()).toBe('"root": {');
          expect(next).toBe(`"arn": "${finding.resource.id}",`);
          break;
        case 'Account':
          expect(region).toEqual({ startLine: 1, startColumn: 1 });
          expect(artifactLocation.uri).toBe(`${SNAPSHOT_PATH}/accounts/${finding.resource.id}.json`);
          break;
        default:
          throw new Error(`no location expectation for ${finding.resource.kind}`);
      }
    }
    expect([...kinds].sort()).toEqual(['AccessKey', 'Account', 'Organization', 'PermissionSet', 'RootUser', 'User']);
  });

  it('points related locations at the related entities, with a message', () => {
    const duplicate = run.results.find((result) => result.ruleId === 'duplicate-saml-provider');
    const related = duplicate?.relatedLocations ?? [];
    expect(related.map((entry) => entry.id)).toEqual([1, 2]);
    expect(related.map((entry) => entry.physicalLocation.artifactLocation.uri)).toEqual([
      `${SNAPSHOT_PATH}/accounts/${MANAGEMENT}.json`,
      `${SNAPSHOT_PATH}/accounts/${PRODUCTION}.json`,
    ]);
    for (const entry of related) {
      const lines = linesOf(scenario, entry.physicalLocation.artifactLocation.uri);
      const { startLine, startColumn } = entry.physicalLocation.region;
      expect(lines[startLine - 1]?.slice(startColumn - 1)).toMatch(/^"arn": "arn:aws:iam::\d{12}:saml-provider\/okta(-prod)?",$/);
    }
    expect(related[0]?.message.text).toBe(`SamlProvider okta (arn:aws:iam::${MANAGEMENT}:saml-provider/okta) in account ${MANAGEMENT} (management)`);
    expect(run.results.filter((result) => result.ruleId !== 'duplicate-saml-provider').every((result) => result.relatedLocations === undefined)).toBe(true);
  });

  it('keeps fingerprints when unrelated edits move every line', () => {
    const moved = demoScenario({ withFailingRule: true, extraUsersFirst: true });
    const movedRun = runOf(sarifOf(moved));
    const where = (results: SarifLog['runs'][0]['results']) =>
      new Map(results.map((result) => [result.partialFingerprints.primaryLocationLineHash, result.locations[0]?.physicalLocation.region.startLine]));
    const before = where(run.results);
    const after = where(movedRun.results);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const accessKeyResults = run.results.filter((result) => result.ruleId === 'access-key-max-age');
    expect(accessKeyResults).toHaveLength(2);
    for (const result of accessKeyResults) {
      const fingerprint = result.partialFingerprints.primaryLocationLineHash;
      expect(after.get(fingerprint)).toBeGreaterThan(before.get(fingerprint) as number);
    }
    for (const result of movedRun.results) {
      const finding = findingByFingerprint(moved, result.partialFingerprints.primaryLocationLineHash);
      const { artifactLocation, region } = result.locations[0]?.physicalLocation ?? expect.unreachable();
      expectAtPointer(linesOf(moved, artifactLocation.uri), region, finding.location.pointer);
    }
  });

  it('reports rule failures and not-evaluated rules as notifications, and failure as unsuccessful execution', () => {
    const invocation = run.invocations[0];
    expect(invocation.executionSuccessful).toBe(false);
    const failure = invocation.toolExecutionNotifications.find((notification) => notification.descriptor.id === 'rule-failure');
    expect(failure).toMatchObject({ level: 'error', associatedRule: { id: 'exploding-rule' } });
    expect(run.tool.driver.rules[failure?.associatedRule?.index ?? -1]?.id).toBe('exploding-rule');
    expect(failure?.message.text).toContain("Cannot read properties of undefined (reading 'Statement')");
    expect(failure?.message.text).not.toContain('    at ');
    const notEvaluated = invocation.toolExecutionNotifications.filter((notification) => notification.descriptor.id === 'not-evaluated');
    expect(notEvaluated).toHaveLength(1);
    expect(notEvaluated[0]).toMatchObject({ level: 'warning', associatedRule: { id: 'user-mfa-required' } });
    expect(notEvaluated[0]?.message.text).toBe(
      'Rule user-mfa-required was not evaluated (222222222222 (production)): missing iam.credentialReport (AccessDenied on iam:GenerateCredentialReport). This is not a pass.',
    );
    expect(invocation.toolConfigurationNotifications).toEqual([
      { level: 'warning', message: { text: scenario.result.diagnostics[0]?.message }, descriptor: { id: 'config-warning' } },
    ]);
    expect(run.tool.driver.notifications.map((descriptor) => descriptor.id)).toEqual(['rule-failure', 'not-evaluated', 'results-dropped', 'config-warning']);
  });

  it('marks a run without rule failures as successful', () => {
    const clean = runOf(sarifOf(demoScenario()));
    expect(clean.invocations[0].executionSuccessful).toBe(true);
    expect(clean.invocations[0].toolExecutionNotifications.map((notification) => notification.descriptor.id)).toEqual(['not-evaluated']);
  });

  it('is deterministic', () => {
    expect(formatResult('sarif', scenario.context())).toBe(formatResult('sarif', scenario.context()));
    expect(formatResult('sarif', scenario.context())).toBe(formatResult('sarif', demoScenario({ withFailingRule: true }).context()));
  });

  it('builds automationDetails.id from the category and run id', () => {
    expect(runOf(sarifOf(scenario, { category: 'identity/prod' })).automationDetails.id).toBe('identity/prod/');
    expect(runOf(sarifOf(scenario, { category: 'identity/prod/', runId: '2026-11-20' })).automationDetails.id).toBe('identity/prod/2026-11-20');
    expect(runOf(sarifOf(scenario, { runId: '42' })).automationDetails.id).toBe('iamlint/snapshots/acme/42');
  });

  it('writes repository-relative POSIX URIs whatever form the snapshot path was given in', () => {
    const uriFor = (snapshotPath: string) => runOf(sarifOf(scenario, { snapshotPath })).results[1]?.locations[0]?.physicalLocation.artifactLocation.uri;
    const file = scenario.result.findings[1]?.location.file;
    expect(uriFor('./snapshots/acme/')).toBe(`snapshots/acme/${file}`);
    expect(uriFor('snapshots\\acme')).toBe(`snapshots/acme/${file}`);
    expect(uriFor('.')).toBe(file);
    expect(uriFor('')).toBe(file);
    expect(uriFor('my snapshots/acme#1')).toBe(`my%20snapshots/acme%231/${file}`);
    expect(runOf(sarifOf(scenario, { snapshotPath: '.' })).automationDetails.id).toBe('iamlint/');
  });

  it('caps tags at 20 and keeps them unique', () => {
    const compliance: ComplianceMapping[] = Array.from({ length: 30 }, (_, index) => ({ framework: 'cis-aws', version: '5.0', control: `1.${index % 25}` }));
    const manyControls = defineRule({
      meta: { type: 'problem', docs: { description: 'Maps to many controls.', recommended: false }, severity: 'medium', compliance, messages: { never: 'never' } },
      create: () => ({}),
    });
    const tagged = lintScenario(demoSpec(), pluginConfig({ 'many-controls': manyControls }));
    const rule = runOf(sarifOf(tagged)).tool.driver.rules.find((candidate) => candidate.id === 'extra/many-controls');
    expect(rule?.name).toBe('ExtraManyControls');
    expect(rule?.properties?.tags).toHaveLength(20);
    expect(new Set(rule?.properties?.tags).size).toBe(20);
    expect(rule?.properties?.tags[0]).toBe('security');
    expect(rule?.defaultConfiguration?.level).toBe('warning');
  });

  it('keeps the 25,000 most severe results and says how many were dropped', () => {
    const bulk = lintScenario(
      demoSpec(),
      pluginConfig({
        'bulk-critical': bulkRule('critical', 10),
        'bulk-info': bulkRule('info', 10),
        'bulk-low': bulkRule('low', 24_990),
        'bulk-medium': bulkRule('medium', 10),
      }),
    );
    expect(bulk.result.findings).toHaveLength(25_020);
    const log = buildSarif(bulk.context());
    expect(validateSarif(JSON.parse(JSON.stringify(log)))).toBe(true);
    const bulkRun = runOf(log);
    expect(bulkRun.results).toHaveLength(SARIF_MAX_RESULTS);
    const count = (ruleId: string) => bulkRun.results.filter((result) => result.ruleId === ruleId).length;
    expect(count('extra/bulk-critical')).toBe(10);
    expect(count('extra/bulk-medium')).toBe(10);
    expect(count('extra/bulk-low')).toBe(24_980);
    expect(count('extra/bulk-info')).toBe(0);
    const lowFingerprints = (results: Array<{ ruleId: string; fingerprint: string }>) =>
      results.filter((result) => result.ruleId === 'extra/bulk-low').map((result) => result.fingerprint);
    expect(lowFingerprints(bulkRun.results.map((result) => ({ ruleId: result.ruleId, fingerprint: result.partialFingerprints.primaryLocationLineHash })))).toEqual(
      lowFingerprints(bulk.result.findings).slice(0, 24_980),
    );
    const dropped = bulkRun.invocations[0].toolExecutionNotifications.filter((notification) => notification.descriptor.id === 'results-dropped');
    expect(dropped).toHaveLength(1);
    expect(dropped[0]?.message.text).toMatch(/^20 results dropped: GitHub code scanning accepts at most 25000 results per run/);
    expect(bulkRun.properties.droppedResultCount).toBe(20);
    expect(bulkRun.invocations[0].executionSuccessful).toBe(true);
  });

  it('writes nothing but a valid empty run when no rule ran', () => {
    const empty = lintScenario({ accounts: { [MANAGEMENT]: {} } }, []);
    const emptyRun = runOf(sarifOf(empty));
    expect(emptyRun.results).toEqual([]);
    expect(emptyRun.tool.driver.rules).toEqual([]);
    expect(emptyRun.invocations[0].executionSuccessful).toBe(true);
  });

  describe('help from the rule doc page', () => {
    const url = 'https://github.com/acme/iamlint-plugin-acme/blob/main/docs/stale-deploy-key.md';
    const why = 'A deploy key that outlives its pipeline keeps **working** for whoever copied it; see [the runbook](https://wiki.example.com/keys).';
    const cli = '```sh\naws iam update-access-key --user-name ci-deploy --access-key-id AKIA5QKXJ2M7HVRT3N4P --status Inactive\n```';
    const withPage = (howToFix: string) =>
      pluginConfig({ 'stale-deploy-key': { ...bulkRule('high', 1), meta: { ...bulkRule('high', 1).meta, docs: { description: 'Deploy keys are retired with their pipeline.', recommended: false, url, page: { why, howToFix } } } } });
    const helpOf = (howToFix: string) => runOf(sarifOf(lintScenario(demoSpec(), withPage(howToFix)))).tool.driver.rules.find((rule) => rule.id === 'extra/stale-deploy-key')?.help;

    it('carries the Why and How to fix sections, code blocks kept in markdown, markers dropped in text', () => {
      const help = helpOf(`### AWS CLI\n\n${cli}`);
      expect(help?.markdown).toContain(`## Why\n\n${why}\n\n## How to fix\n\n### AWS CLI\n\n${cli}\n\n[Rule documentation](${url})`);
      expect(help?.text).toContain('A deploy key that outlives its pipeline keeps working for whoever copied it; see the runbook (https://wiki.example.com/keys).');
      expect(help?.text).toContain('    aws iam update-access-key --user-name ci-deploy');
      expect(help?.text).not.toMatch(/```|\*\*/);
      expect(help?.text).toMatch(new RegExp(`Documentation: ${url}$`));
    });

    it('cuts a page over the limit between blocks, never inside a code block, and links to the whole page', () => {
      const steps = Array.from({ length: 400 }, (_, index) => `${index + 1}. Deactivate key ${index + 1} of the deploy user, wait a day, then delete it.`).join('\n\n');
      const help = helpOf(`${steps}\n\n${cli}`);
      for (const field of [help?.markdown ?? '', help?.text ?? '']) {
        expect(field.length).toBeLessThanOrEqual(SARIF_MAX_HELP_CHARS);
        expect(field.length).toBeGreaterThan(SARIF_MAX_HELP_CHARS - 200);
        expect(field).toContain(url);
        expect(field).not.toContain('aws iam update-access-key');
        expect(field).toMatch(/\.\n\n…\n\n/);
      }
      expect(help?.markdown).toMatch(/…\n\n\[Read the rest of this page\]\(https:\/\/github\.com\/acme\/[^)]+\)$/);
      expect(helpOf('1. Deactivate the key.')?.markdown).not.toContain('Read the rest');
    });
  });
});
