import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeFiles } from './helpers.js';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const DEMO = 'fixtures/demo-org';
const CONFIG = ['-c', 'fixtures/recommended.config.json'];
const DATA_PROD = '097352618404';
const SANDBOX = '590318264797';
const ESCAPE = String.fromCharCode(27);

interface JsonFinding {
  ruleId: string;
  severity: string;
  level: string;
  resource: { accountId: string | null };
}
interface JsonReport {
  rulesRun: string[];
  findings: JsonFinding[];
  notEvaluated: Array<{ ruleId: string; accountId: string | null }>;
  diagnostics: Array<{ message: string }>;
}

async function auditJson(flags: string[], cwd = repositoryRoot): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const run = await runCli(['audit', DEMO, ...CONFIG, '-f', 'json', ...flags], { cwd });
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport, stderr: run.stderr };
}

let full: JsonReport;
beforeAll(async () => {
  full = (await auditJson([])).report;
});

describe('audit --rule', () => {
  it('runs only the named rules, comma-separated or repeated, and finds what the full run found for them', async () => {
    const expected = full.findings.filter((finding) => ['access-key-max-age', 'root-mfa'].includes(finding.ruleId));
    expect(expected.length).toBeGreaterThan(1);
    for (const flags of [['--rule', 'access-key-max-age,root-mfa'], ['--rule', 'access-key-max-age', '--rule', 'root-mfa']]) {
      const { code, report } = await auditJson(flags);
      expect(code).toBe(1);
      expect(report.rulesRun).toEqual(['access-key-max-age', 'root-mfa']);
      expect(report.findings).toEqual(expected);
      expect(report.notEvaluated.map((entry) => entry.ruleId)).toEqual(['root-mfa']);
    }
  });

  it('runs a rule the config leaves off, at its default level', async () => {
    expect(full.rulesRun).not.toContain('account-in-organization');
    const { report } = await auditJson(['--rule', 'account-in-organization']);
    expect(report.rulesRun).toEqual(['account-in-organization']);
  });

  it("does not report the config's exceptions for other rules as unused", async () => {
    const dir = await tempDir();
    const config = join(dir, 'iamlint.config.json');
    await writeFiles(dir, {
      'iamlint.config.json': JSON.stringify(['iamlint:recommended', { exceptions: [{ rule: 'root-access-keys', resource: `arn:aws:iam::${DATA_PROD}:root`, reason: 'key retired in change CHG-4512' }] }]),
    });
    const withAll = await runCli(['audit', DEMO, '-c', config, '-f', 'json'], { cwd: repositoryRoot });
    expect(withAll.stderr).not.toContain('matched no finding');
    const narrowed = await runCli(['audit', DEMO, '-c', config, '-f', 'json', '--rule', 'access-key-max-age'], { cwd: repositoryRoot });
    expect(narrowed.code).toBe(1);
    expect(narrowed.stderr).toBe('');
  });

  it('refuses an unknown rule in one line naming the nearest, and --update-baseline', async () => {
    const typo = await runCli(['audit', DEMO, '--rule', 'access-key-max-age,acess-key-unused'], { cwd: repositoryRoot });
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toBe('iamlint: --rule: unknown rule "acess-key-unused" (did you mean access-key-unused?)\n');
    const baseline = await runCli(['audit', DEMO, '--rule', 'root-mfa', '--update-baseline', '--baseline', join(await tempDir(), 'b.json')], { cwd: repositoryRoot });
    expect(baseline.code).toBe(2);
    expect(baseline.stderr).toMatch(/^iamlint: --update-baseline with --rule would write a baseline without the other rules' findings \(drop --rule/);
  });
});

describe('audit --severity', () => {
  it('reports only findings at or above the level', async () => {
    const high = await auditJson(['--severity', 'high']);
    expect(high.report.findings).toEqual(full.findings.filter((finding) => finding.severity === 'critical' || finding.severity === 'high'));
    expect(high.report.findings.length).toBe(24);
    const critical = await auditJson(['--severity', 'critical']);
    expect(critical.report.findings.map((finding) => finding.severity)).toEqual(['critical', 'critical', 'critical']);
  });

  it('sets the exit code, and --max-warnings, from the findings it reports', async () => {
    // access-key-max-age finds medium errors in the demo: exit 1, unless --severity leaves them out.
    expect((await runCli(['audit', DEMO, ...CONFIG, '--rule', 'access-key-max-age'], { cwd: repositoryRoot })).code).toBe(1);
    expect((await runCli(['audit', DEMO, ...CONFIG, '--rule', 'access-key-max-age', '--severity', 'high'], { cwd: repositoryRoot })).code).toBe(0);
    // permission-set-user-assignment finds low warnings.
    const warnings = ['audit', DEMO, ...CONFIG, '--rule', 'permission-set-user-assignment', '--max-warnings', '0'];
    expect((await runCli(warnings, { cwd: repositoryRoot })).code).toBe(1);
    expect((await runCli([...warnings, '--severity', 'medium'], { cwd: repositoryRoot })).code).toBe(0);
  });

  it('refuses a level it does not know', async () => {
    const run = await runCli(['audit', DEMO, '--severity', 'severe'], { cwd: repositoryRoot });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("option '--severity <min>' argument 'severe' is invalid. Allowed choices are low, medium, high, critical.");
  });
});

describe('audit --account', () => {
  it("reports only those accounts' findings and not-evaluated checks, plus organization-level findings", async () => {
    const { report } = await auditJson(['--account', DATA_PROD]);
    expect(report.findings).toEqual(full.findings.filter((finding) => finding.resource.accountId === DATA_PROD || finding.resource.accountId === null));
    expect(report.findings.filter((finding) => finding.resource.accountId === DATA_PROD)).toHaveLength(9);
    expect(report.findings.filter((finding) => finding.resource.accountId === null)).toHaveLength(2);
    expect(report.notEvaluated).toEqual([]);
    const byName = await auditJson(['--account', `acme-data-prod,${SANDBOX}`]);
    expect(new Set(byName.report.findings.map((finding) => finding.resource.accountId))).toEqual(new Set([DATA_PROD, SANDBOX, null]));
    expect(byName.report.notEvaluated).toHaveLength(6);
  });

  it('refuses an account the snapshot does not hold, in one line', async () => {
    const run = await runCli(['audit', DEMO, '--account', '09735261840'], { cwd: repositoryRoot });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`iamlint: --account: the snapshot has no account "09735261840" (did you mean ${DATA_PROD} (acme-data-prod)?)\n`);
  });
});

describe('audit --print-config', () => {
  it('prints the config as it applies to one account, after presets, scopes and overrides, without auditing', async () => {
    const dir = await tempDir();
    await writeFiles(dir, {
      'iamlint.config.json': JSON.stringify([
        'iamlint:recommended',
        { name: 'sandbox', ous: ['Sandbox'], rules: { 'access-key-max-age': ['warn', { maxAgeDays: 30 }], 'root-mfa': 'off' } },
        { accounts: [SANDBOX], exceptions: [{ rule: 'break-glass-admin', reason: 'sandbox accounts are rebuilt weekly' }] },
      ]),
    });
    const config = ['-c', join(dir, 'iamlint.config.json')];
    const sandbox = await runCli(['audit', DEMO, ...config, '--print-config', SANDBOX], { cwd: repositoryRoot });
    expect(sandbox.code).toBe(0);
    expect(sandbox.stderr).toBe('');
    const printed = JSON.parse(sandbox.stdout) as { account: { id: string; ous: string[] }; rules: Record<string, { level: string; severity: string; options: unknown[] }>; exceptions: unknown[] };
    expect(printed.account).toMatchObject({ id: SANDBOX, ous: expect.arrayContaining([expect.stringMatching(/^Sandbox \(ou-/)]) as unknown });
    expect(printed.rules['access-key-max-age']).toEqual({ level: 'warn', severity: 'medium', options: [{ maxAgeDays: 30 }] });
    expect(printed.rules).not.toHaveProperty('root-mfa');
    expect(printed.exceptions).toEqual([{ rule: 'break-glass-admin', reason: 'sandbox accounts are rebuilt weekly' }]);
    const prod = JSON.parse((await runCli(['audit', DEMO, ...config, '--print-config', 'acme-data-prod'], { cwd: repositoryRoot })).stdout) as typeof printed;
    expect(prod.rules['access-key-max-age']).toEqual({ level: 'error', severity: 'medium', options: [{ maxAgeDays: 90 }] });
    expect(prod.rules['root-mfa']?.level).toBe('error');
    expect(prod.exceptions).toEqual([]);
    const organization = JSON.parse((await runCli(['audit', DEMO, ...config, '--print-config', 'organization'], { cwd: repositoryRoot })).stdout) as { account: string };
    expect(organization.account).toBe('organization');
  });

  it('refuses an account the snapshot does not hold', async () => {
    const run = await runCli(['audit', DEMO, '--print-config', '123456789012'], { cwd: repositoryRoot });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^iamlint: --print-config: the snapshot has no account "123456789012" \(it has \d{12}, /)]);
  });
});

describe('audit --color, --no-color, NO_COLOR, FORCE_COLOR', () => {
  const colored = async (flags: string[], env: Record<string, string>, tty: boolean) =>
    (await runCli(['audit', DEMO, ...CONFIG, '--rule', 'root-mfa', ...flags], { cwd: repositoryRoot, env, tty })).stdout.includes(`${ESCAPE}[`);

  it('colours a terminal unless told not to, and a pipe only when told to', async () => {
    expect(await colored([], {}, true)).toBe(true);
    expect(await colored([], {}, false)).toBe(false);
    expect(await colored(['--color'], {}, false)).toBe(true);
    expect(await colored(['--no-color'], {}, true)).toBe(false);
    expect(await colored([], { NO_COLOR: '1' }, true)).toBe(false);
    expect(await colored([], { FORCE_COLOR: '1' }, false)).toBe(true);
    expect(await colored([], { FORCE_COLOR: '0' }, true)).toBe(false);
    expect(await colored(['--no-color'], { FORCE_COLOR: '1' }, true)).toBe(false);
    expect(await colored(['--color'], { NO_COLOR: '1' }, false)).toBe(true);
  });
});

describe('audit --quiet', () => {
  it('counts the checks not evaluated in one line instead of listing them', async () => {
    const loud = await runCli(['audit', DEMO, ...CONFIG], { cwd: repositoryRoot });
    expect(loud.stdout).toMatch(new RegExp(`^ {2}root-mfa +${SANDBOX} \\(acme-platform-sandbox\\)`, 'm'));
    expect(loud.stdout).toContain('⚠ 6 checks not evaluated (listed above)');
    const quiet = await runCli(['audit', DEMO, ...CONFIG, '--quiet'], { cwd: repositoryRoot });
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).toContain('\n⚠ 6 checks not evaluated: data was missing (not a pass; run without --quiet to list them)\n');
    expect(quiet.stdout).not.toContain(`(acme-platform-sandbox)  missing`);
    expect(quiet.stdout).not.toContain('listed above');
    expect(quiet.stdout).not.toMatch(/ warning /);
  });
});

describe("the README's samples of these flags", () => {
  it('match what the commands print (lines in order; … stands for lines left out)', async () => {
    const readme = await readFile(join(repositoryRoot, 'README.md'), 'utf8');
    const samples = [...readme.matchAll(/```text\n\$ (iamlint (?:audit fixtures\/demo-org --severity|rules access-key-max-age)[^\n]*)\n([\s\S]*?)```/g)];
    expect(samples).toHaveLength(2);
    for (const [, command, expected] of samples) {
      const run = await runCli((command as string).split(' ').slice(1), { cwd: repositoryRoot });
      const actual = run.stdout.split('\n');
      let at = 0;
      for (const line of (expected as string).split('\n').filter((text) => text !== '…' && text !== '')) {
        const found = actual.indexOf(line, at);
        expect(found, `${command as string}: ${line}`).toBeGreaterThanOrEqual(at);
        at = found + 1;
      }
    }
  });
});
