import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/engine/runner.js';
import { formatResult, type Colors } from '../src/formatters/index.js';
import { demoScenario, lintScenario, MANAGEMENT, PRODUCTION, SNAPSHOT_PATH, type Scenario } from './fixtures/formatter-scenario.js';

const ROW = /^ {4}(\S+):(\d+):(\d+) +(error|warning) +(critical|high|medium|low|info) +(\S+) +(.+)$/;

function columnAfterSpaces(line: string, from: number): number {
  let index = from;
  while (line[index] === ' ') index++;
  return index;
}

function rowsOf(output: string): RegExpExecArray[] {
  return output.split('\n').map((line) => ROW.exec(line)).filter((match) => match !== null);
}

function locationOf(scenario: Scenario, finding: Finding): string {
  const { line, column } = scenario.model.locate(finding.location);
  return `${SNAPSHOT_PATH}/${finding.location.file}:${line}:${column}`;
}

const LOGIN_PROFILE = { createDate: '2024-03-04T10:15:00Z', passwordResetRequired: false };
const TWO_RULES = [{ rules: { 'access-key-max-age': 'error' as const, 'user-mfa-required': 'warn' as const } }];

describe('stylish formatter', () => {
  const scenario = demoScenario({ withFailingRule: true });
  const output = formatResult('stylish', scenario.context());
  const lines = output.split('\n');

  it('groups findings by account, organization first and Identity Center last, then by resource', () => {
    const headings = lines.filter((line) => line !== '' && !line.startsWith(' '));
    expect(headings).toEqual([
      'organization',
      `${MANAGEMENT} (management)`,
      '333333333333 (sandbox)',
      'identity center',
      '⚠ 1 check not evaluated: data was missing, so these rules did not run there (not a pass)',
      '✖ 1 rule failed while running; its results are incomplete',
      '⚠ 1 configuration warning',
      '✖ 7 problems (3 errors, 4 warnings)',
    ]);
    const management = lines.slice(lines.indexOf(`${MANAGEMENT} (management)`) + 1, lines.indexOf('333333333333 (sandbox)') - 1);
    expect(management.filter((line) => /^ {2}\S/.test(line))).toEqual([
      `  User alice  arn:aws:iam::${MANAGEMENT}:user/alice`,
      expect.stringMatching(/^ {2}AccessKey AKIA[A-Z0-9]{16}$/),
    ]);
  });

  it('writes each finding as location, level, severity, rule id and message', () => {
    const rows = rowsOf(output);
    expect(rows).toHaveLength(scenario.result.findings.length);
    const byMessage = new Map(scenario.result.findings.map((finding) => [finding.message, finding]));
    for (const [, location, line, column, level, severity, ruleId, message] of rows) {
      const finding = byMessage.get(message as string);
      expect(finding).toBeDefined();
      expect(`${location}:${line}:${column}`).toBe(locationOf(scenario, finding as Finding));
      expect(level).toBe(finding?.level === 'error' ? 'error' : 'warning');
      expect(severity).toBe(finding?.severity);
      expect(ruleId).toBe(finding?.ruleId);
    }
    const aliceKey = scenario.result.findings.find((finding) => finding.ruleId === 'access-key-max-age' && finding.resource.accountId === MANAGEMENT) as Finding;
    expect(lines.some((line) => line.startsWith(`    ${locationOf(scenario, aliceKey)}  error    high    access-key-max-age `) && line.endsWith(`  ${aliceKey.message}`))).toBe(true);
  });

  it('aligns the columns within an account', () => {
    const start = lines.indexOf('333333333333 (sandbox)');
    const block = lines.slice(start + 1, lines.indexOf('identity center')).filter((line) => ROW.test(line));
    expect(block).toHaveLength(3);
    const levelColumn = block.map((line) => line.search(/ (error|warning) /));
    const severityColumn = block.map((line) => line.search(/ (critical|high|medium|low|info) /));
    const ruleColumn = block.map((line) => line.search(/ [a-z]+(-[a-z]+)+ /));
    const messageColumn = block.map((line, index) => line.indexOf(' ', (ruleColumn[index] as number) + 1));
    expect(new Set(messageColumn.map((column, index) => columnAfterSpaces(block[index] as string, column))).size).toBe(1);
    expect(new Set(levelColumn).size).toBe(1);
    expect(new Set(severityColumn).size).toBe(1);
    expect(new Set(ruleColumn).size).toBe(1);
  });

  it('ends with the summary, suppressed, not-evaluated, failure and configuration lines', () => {
    const summary = lines.slice(lines.indexOf('✖ 7 problems (3 errors, 4 warnings)'));
    expect(summary).toEqual([
      '✖ 7 problems (3 errors, 4 warnings)',
      '  1 critical, 2 high, 1 medium, 2 low, 1 info',
      '  2 findings suppressed (2 by exception)',
      '  ⚠ 1 check not evaluated (listed above)',
      '  ✖ 1 rule failure (listed above)',
      '  ⚠ 1 configuration warning (listed above)',
      '',
    ]);
    expect(output.endsWith('(listed above)\n')).toBe(true);
  });

  it('names the rule, account and missing data of every check that was not evaluated', () => {
    const heading = lines.indexOf('⚠ 1 check not evaluated: data was missing, so these rules did not run there (not a pass)');
    expect(lines[heading + 1]).toBe(`  user-mfa-required  ${PRODUCTION} (production)  missing iam.credentialReport (AccessDenied on iam:GenerateCredentialReport)`);
  });

  it('with quiet, counts the checks not evaluated in one line instead of listing them', () => {
    const quiet = formatResult('stylish', scenario.context({ quiet: true })).split('\n');
    expect(quiet).toContain('⚠ 1 check not evaluated: data was missing (not a pass; run without --quiet to list them)');
    expect(quiet.filter((line) => line.includes('not evaluated'))).toHaveLength(1);
    expect(quiet.filter((line) => /^ {2}\S+ {2,}.*missing /.test(line))).toEqual([]);
    expect(lines.filter((line) => /^ {2}\S+ {2,}.*missing /.test(line))).toHaveLength(1);
  });

  it('lists rule failures without a stack and configuration warnings', () => {
    const failure = lines.indexOf('✖ 1 rule failed while running; its results are incomplete');
    expect(lines[failure + 1]).toBe(
      `  exploding-rule  Cannot read properties of undefined (reading 'Statement') (while visiting arn:aws:iam::${MANAGEMENT}:user/alice)`,
    );
    expect(output).not.toMatch(/\n\s+at /);
    expect(lines[lines.indexOf('⚠ 1 configuration warning') + 1]).toBe(`  ${scenario.result.diagnostics[0]?.message}`);
  });

  it('is deterministic', () => {
    expect(formatResult('stylish', scenario.context())).toBe(output);
    expect(formatResult('stylish', demoScenario({ withFailingRule: true }).context())).toBe(output);
  });

  it('says plainly when there is nothing', () => {
    const clean = lintScenario({ accounts: { [MANAGEMENT]: { alias: 'acme', users: [{ userName: 'breakglass', loginProfile: LOGIN_PROFILE, mfaDevices: [{}] }] } } }, TWO_RULES);
    expect(formatResult('stylish', clean.context())).toBe('✔ no problems (2 rules run)\n');
  });

  it('still lists what was not evaluated when nothing was found, and does not call it a pass', () => {
    const partial = lintScenario(
      {
        gaps: [{ section: 'iam.credentialReport', accountId: MANAGEMENT, error: 'Throttling' }],
        accounts: { [MANAGEMENT]: { alias: 'acme', users: [{ userName: 'breakglass', loginProfile: LOGIN_PROFILE }] } },
      },
      TWO_RULES,
    );
    expect(formatResult('stylish', partial.context())).toBe(
      [
        '⚠ 1 check not evaluated: data was missing, so these rules did not run there (not a pass)',
        `  user-mfa-required  ${MANAGEMENT} (acme)  missing iam.credentialReport (Throttling)`,
        '',
        '✔ no problems in what was evaluated (2 rules run)',
        '  ⚠ 1 check not evaluated (listed above)',
        '',
      ].join('\n'),
    );
  });

  it('colours through the given colors without changing the layout', () => {
    const tag = (name: string) => (text: string) => `<${name}>${text}</${name}>`;
    const colors: Colors = { red: tag('r'), yellow: tag('y'), green: tag('g'), dim: tag('d'), bold: tag('b'), underline: tag('u') };
    const colored = formatResult('stylish', scenario.context({ colors }));
    expect(colored).not.toBe(output);
    expect(colored.replace(/<\/?[rygdbu]>/g, '')).toBe(output);
    expect(colored).toContain('<r>error</r>');
    expect(colored).toContain('<y>warning</y>');
    expect(colored).toContain('<r><b>✖ 7 problems (3 errors, 4 warnings)</b></r>');
  });

  it('makes control characters from the snapshot visible instead of sending them to the terminal', () => {
    const hostile = lintScenario(
      { accounts: { [MANAGEMENT]: { alias: 'acme\u202Eevil', users: [{ userName: 'evil\u001b[2J\nname\u0007', loginProfile: LOGIN_PROFILE }] } } },
      TWO_RULES,
    );
    const text = formatResult('stylish', hostile.context());
    expect(text.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\p{Bidi_Control}]/u);
    expect(text).toContain('User evil\\u001b[2J\\nname\\u0007 can sign in to the console without MFA.');
    expect(text).toContain(`${MANAGEMENT} (acme\\u202eevil)`);
    expect(rowsOf(text)).toHaveLength(1);
  });
});
