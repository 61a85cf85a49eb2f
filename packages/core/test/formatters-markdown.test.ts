import { describe, expect, it } from 'vitest';
import { escapeMarkdown, formatResult, MARKDOWN_FOLD_ROWS, MARKDOWN_MAX_ROWS } from '../src/formatters/index.js';
import { bulkRule, demoScenario, demoSpec, lintScenario, MANAGEMENT, pluginConfig, PRODUCTION } from './fixtures/formatter-scenario.js';

const LOGIN_PROFILE = { createDate: '2024-03-04T10:15:00Z', passwordResetRequired: false };
const FINDINGS_HEADER = '| Severity | Rule | Resource | Account | Location | Message |';

/** The rows of the table that starts with `header`, up to the blank line that ends it. */
function tableRows(markdown: string, header: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(header);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf('', start);
  return lines.slice(start + 2, end === -1 ? undefined : end);
}

function cellsOf(row: string): string[] {
  expect(row.startsWith('| ') && row.endsWith(' |')).toBe(true);
  return row.slice(2, -2).split(' | ');
}

function decodeReferences(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

describe('markdown formatter', () => {
  const scenario = demoScenario({ withFailingRule: true });
  const output = formatResult('markdown', scenario.context());

  it('starts with a heading and a status line', () => {
    const [heading, , status] = output.split('\n');
    expect(heading).toBe('## iamlint: snapshots/acme');
    expect(status).toBe(
      '❌ **7 problems** (3 errors, 4 warnings; 7 rules run) · 2 findings suppressed by exceptions or ignore tags · ⚠️ 1 check not evaluated · ❌ 1 rule failure · 1 configuration warning',
    );
  });

  it('counts findings per severity', () => {
    expect(tableRows(output, '| Severity | Errors | Warnings | Total |')).toEqual([
      '| 🔴 critical | 1 | 0 | 1 |',
      '| 🟠 high | 2 | 0 | 2 |',
      '| 🟡 medium | 0 | 1 | 1 |',
      '| 🔵 low | 0 | 2 | 2 |',
      '| ⚪ info | 0 | 1 | 1 |',
    ]);
  });

  it('lists every finding, most severe first, with rule link, resource, account, file:line and message', () => {
    const rows = tableRows(output, FINDINGS_HEADER).map(cellsOf);
    expect(rows).toHaveLength(7);
    expect(rows.map((cells) => cells[0])).toEqual([
      '🔴 critical (error)',
      '🟠 high (error)',
      '🟠 high (error)',
      '🟡 medium (warning)',
      '🔵 low (warning)',
      '🔵 low (warning)',
      '⚪ info (warning)',
    ]);
    const aliceMfa = rows.find((cells) => cells[1]?.includes('user-mfa-required'));
    const finding = scenario.result.findings.find((candidate) => candidate.ruleId === 'user-mfa-required');
    const { line } = scenario.model.locate(finding?.location ?? { file: '', pointer: '' });
    expect(aliceMfa).toEqual([
      '🟡 medium (warning)',
      '[user-mfa-required](https://github.com/iamlint/iamlint/blob/main/packages/rules/docs/rules/user-mfa-required.md)',
      'User alice',
      `${MANAGEMENT} (management)`,
      `snapshots/acme/accounts/${MANAGEMENT}.json:${line}`,
      'User alice can sign in to the console without MFA.',
    ]);
    expect(rows.find((cells) => cells[2] === 'PermissionSet AdministratorAccess')?.[3]).toBe('identity center');
    expect(rows.find((cells) => cells[1]?.includes('duplicate-saml-provider'))?.[3]).toBe('organization');
    expect(rows.find((cells) => cells[2] === 'RootUser root')?.[1]).toBe('`root-hardware-mfa`');
  });

  it('has sections for what was not evaluated, rule failures and configuration warnings', () => {
    expect(output).toContain('### ⚠️ Not evaluated\n\nData was missing, so these rules did not run there. **This is not a pass.**');
    expect(tableRows(output, '| Rule | Scope | Missing data |')).toEqual([
      `| \`user-mfa-required\` | ${PRODUCTION} (production) | iam.credentialReport (AccessDenied on iam:GenerateCredentialReport) |`,
    ]);
    expect(tableRows(output, '| Rule | Resource | Error |')).toEqual([
      `| \`exploding-rule\` | arn:aws:iam::${MANAGEMENT}:user/alice | Cannot read properties of undefined (reading 'Statement') |`,
    ]);
    expect(output).toContain(
      '### Configuration warnings\n\n- exception for rule "access-key-max-age" on arn:aws:iam::333333333333:user/carol expired on 2026-01-31 and no longer applies (config object &#35;1)',
    );
    expect(output.endsWith('<sub>iamlint 1.2.3 · snapshot collected 2026-11-20T06:00:00Z</sub>\n')).toBe(true);
  });

  it('is deterministic', () => {
    expect(formatResult('markdown', scenario.context())).toBe(output);
    expect(formatResult('markdown', demoScenario({ withFailingRule: true }).context())).toBe(output);
  });

  it('says so when there are no problems, and still lists what was not evaluated', () => {
    const rules = [{ rules: { 'user-mfa-required': 'warn' as const } }];
    const clean = lintScenario({ accounts: { [MANAGEMENT]: { users: [{ userName: 'breakglass', loginProfile: LOGIN_PROFILE, mfaDevices: [{}] }] } } }, rules);
    const cleanOutput = formatResult('markdown', clean.context());
    expect(cleanOutput.split('\n')[2]).toBe('✅ **No problems** (1 rule run)');
    expect(cleanOutput).not.toContain(FINDINGS_HEADER);
    expect(cleanOutput).not.toContain('Not evaluated');

    const partial = lintScenario(
      {
        gaps: [{ section: 'iam.credentialReport', accountId: MANAGEMENT, error: 'AccessDenied' }],
        accounts: { [MANAGEMENT]: { users: [{ userName: 'breakglass', loginProfile: LOGIN_PROFILE }] } },
      },
      rules,
    );
    const partialOutput = formatResult('markdown', partial.context());
    expect(partialOutput.split('\n')[2]).toBe('✅ **No problems in what was evaluated** (1 rule run) · ⚠️ 1 check not evaluated');
    expect(tableRows(partialOutput, '| Rule | Scope | Missing data |')).toEqual([`| \`user-mfa-required\` | ${MANAGEMENT} | iam.credentialReport (AccessDenied) |`]);
  });

  it(`folds the findings table into <details> past ${MARKDOWN_FOLD_ROWS} rows`, () => {
    const atLimit = formatResult('markdown', lintScenario(demoSpec(), pluginConfig({ many: bulkRule('high', MARKDOWN_FOLD_ROWS) })).context());
    expect(atLimit).not.toContain('<details>');
    expect(tableRows(atLimit, FINDINGS_HEADER)).toHaveLength(MARKDOWN_FOLD_ROWS);

    const overLimit = formatResult('markdown', lintScenario(demoSpec(), pluginConfig({ many: bulkRule('high', MARKDOWN_FOLD_ROWS + 1) })).context());
    expect(overLimit).toContain(`### Findings\n\n<details>\n<summary>${MARKDOWN_FOLD_ROWS + 1} findings</summary>\n\n${FINDINGS_HEADER}\n`);
    expect(overLimit).toContain(' |\n\n</details>\n');
    expect(tableRows(overLimit, FINDINGS_HEADER)).toHaveLength(MARKDOWN_FOLD_ROWS + 1);
  });

  it(`cuts the findings table at ${MARKDOWN_MAX_ROWS} rows, keeping the most severe`, () => {
    const big = lintScenario(demoSpec(), pluginConfig({ low: bulkRule('low', MARKDOWN_MAX_ROWS), critical: bulkRule('critical', 3) }));
    const bigOutput = formatResult('markdown', big.context());
    const rows = tableRows(bigOutput, FINDINGS_HEADER).map(cellsOf);
    expect(rows).toHaveLength(MARKDOWN_MAX_ROWS);
    expect(rows.slice(0, 3).every((cells) => cells[0] === '🔴 critical (error)')).toBe(true);
    expect(bigOutput).toContain('_3 less severe findings are not shown; the JSON and SARIF outputs have them all._');
    expect(tableRows(bigOutput, '| Severity | Errors | Warnings | Total |')[0]).toBe('| 🔴 critical | 3 | 0 | 3 |');
  });

  describe('escaping what comes from the snapshot', () => {
    const hostileNames = [
      '<img src=x onerror=alert(1)>',
      'pipe|user || two',
      'tick`code` *bold* _em_ [link](https://evil.example) ![img](x) ~~gone~~ \\ $x$ #1 &amp;',
      'multi\nline\r\n| injected | row |\n\n# heading',
      '<script>alert("x")</script>',
    ];
    const hostileAccountName = 'Prod | <b>bold</b>\n### owned';
    const hostile = lintScenario(
      {
        organization: { managementAccountId: MANAGEMENT, accounts: [{ id: MANAGEMENT, name: hostileAccountName }] },
        accounts: { [MANAGEMENT]: { users: hostileNames.map((userName) => ({ userName, loginProfile: LOGIN_PROFILE })) } },
      },
      [
        {
          rules: { 'user-mfa-required': 'warn' },
          exceptions: [{ rule: 'user-mfa-required', resource: 'arn:aws:iam::*:user/<b>|*', reason: 'old', expires: '2020-01-01' }],
        },
      ],
    );
    const markdown = formatResult('markdown', hostile.context({ snapshotPath: 'snapshots/<i>acme</i>' }));

    it('injects no HTML: the only tags are the formatter’s own', () => {
      const withoutOwnTags = markdown.replace(/<\/?(?:details|summary|sub)>/g, '');
      expect(withoutOwnTags).not.toMatch(/[<>]/);
      expect(markdown).not.toContain('<img');
      expect(markdown).not.toContain('<script');
      expect(markdown).not.toContain('<b>');
      expect(markdown.split('\n')[0]).toBe('## iamlint: snapshots/&#60;i&#62;acme&#60;/i&#62;');
    });

    it('keeps one row per finding with exactly six cells', () => {
      const rows = tableRows(markdown, FINDINGS_HEADER);
      expect(rows).toHaveLength(hostileNames.length);
      for (const row of rows) expect(row.split('|')).toHaveLength(8);
      expect(markdown.split('\n').filter((line) => line.startsWith('#'))).toEqual(['## iamlint: snapshots/&#60;i&#62;acme&#60;/i&#62;', '### Findings', '### Configuration warnings']);
    });

    it('leaves no Markdown syntax in the cells, only character references that render as the original text', () => {
      const rows = tableRows(markdown, FINDINGS_HEADER).map(cellsOf);
      const resources = rows.map((cells) => cells[2] as string);
      expect(resources.map(decodeReferences).sort()).toEqual(hostileNames.map((name) => `User ${name.replace(/\r\n|\n/g, ' ')}`).sort());
      for (const cells of rows) {
        for (const cell of cells.slice(2)) expect(cell.replace(/&#\d+;/g, '')).not.toMatch(/[<>|`*_[\]~\\!#$&]/);
        expect(decodeReferences(cells[3] as string)).toBe(`${MANAGEMENT} (Prod | <b>bold</b> ### owned)`);
      }
      const message = rows.find((cells) => decodeReferences(cells[2] as string) === 'User <img src=x onerror=alert(1)>')?.[5];
      expect(message).toBe('User &#60;img src=x onerror=alert(1)&#62; can sign in to the console without MFA.');
    });

    it('escapes configuration messages too', () => {
      const bullet = markdown.split('\n').find((line) => line.startsWith('- exception for rule'));
      expect(bullet).toBe(
        '- exception for rule "user-mfa-required" on arn:aws:iam::&#42;:user/&#60;b&#62;&#124;&#42; expired on 2020-01-01 and no longer applies (config object &#35;1)',
      );
    });
  });

  it('escapeMarkdown turns every line break into a space and every special character into a reference', () => {
    expect(escapeMarkdown('a\r\nb\nc\rd\u2028e')).toBe('a b c d e');
    expect(escapeMarkdown('|`*_[]<>&\\~!#$')).toBe('&#124;&#96;&#42;&#95;&#91;&#93;&#60;&#62;&#38;&#92;&#126;&#33;&#35;&#36;');
    expect(escapeMarkdown('ctrl\u0000\u001b\u202e')).toBe('ctrl\uFFFD\uFFFD\uFFFD');
    expect(escapeMarkdown('arn:aws:iam::111111111111:user/ops-team (v2).')).toBe('arn:aws:iam::111111111111:user/ops-team (v2).');
  });
});
