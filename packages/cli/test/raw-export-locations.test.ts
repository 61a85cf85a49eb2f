import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeFiles } from './helpers.js';

const read = (relative: string) => readFileSync(new URL(relative, import.meta.url), 'utf8');
const COLLECT_FIXTURES = '../../collect/test/fixtures/';
/** A folder of AWS CLI outputs as scripts/export-with-aws-cli.sh writes one: the Cloudsplaining GAAD, its credential report, a weak password policy. */
const EXPORTS = {
  'exports/gaad.json': read('../../../fixtures/datasets/gaad-cloudsplaining-example.json'),
  'exports/credential-report-012345678901.csv': read(`${COLLECT_FIXTURES}credential-report-012345678901.csv`),
  'exports/password-policy-012345678901.json': `${JSON.stringify(
    {
      PasswordPolicy: {
        MinimumPasswordLength: 8,
        RequireSymbols: false,
        RequireNumbers: true,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
        AllowUsersToChangePassword: true,
        ExpirePasswords: false,
        HardExpiry: false,
      },
    },
    null,
    4,
  )}\n`,
};

interface JsonLocation {
  file: string;
  pointer: string;
  line: number;
  column: number;
  input?: boolean;
}
interface JsonFinding {
  ruleId: string;
  resource: { id: string };
  location: JsonLocation;
  related: Array<{ location: JsonLocation }>;
}

async function workspace(): Promise<string> {
  const dir = await tempDir();
  await writeFiles(dir, EXPORTS);
  return dir;
}

function lineOf(dir: string, file: string, line: number): string {
  return (readFileSync(join(dir, file), 'utf8').split('\n')[line - 1] ?? '').trim();
}

function valueAt(text: string, pointer: string): unknown {
  let value = JSON.parse(text) as unknown;
  for (const segment of pointer.split('/').slice(1)) value = (value as Record<string, unknown>)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  return value;
}

describe('findings of raw exports point into the input files', () => {
  it('json: every location is an input file, at the entity or statement that the finding names', async () => {
    const dir = await workspace();
    const run = await runCli(['audit', 'exports', '-f', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const findings = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
    const locations = findings.flatMap((finding) => [finding.location, ...finding.related.map((entry) => entry.location)]);
    expect(new Set(locations.map((location) => location.file))).toEqual(new Set(Object.keys(EXPORTS)));
    expect(locations.every((location) => location.input === true)).toBe(true);

    const gaad = EXPORTS['exports/gaad.json'];
    for (const finding of findings.filter((entry) => entry.location.file === 'exports/gaad.json' && entry.location.pointer !== '')) {
      // The entity at the start of the pointer is the finding's resource (an inline policy's owner for an inline policy).
      const entity = valueAt(gaad, finding.location.pointer.split('/').slice(0, 3).join('/')) as { Arn: string };
      expect(entity.Arn).toBe(finding.resource.id.replace(/#inline\/.*$/, ''));
    }

    const passRole = findings.find((finding) => finding.ruleId === 'policy-passrole-star' && finding.resource.id.endsWith('role/MyOtherRole#inline/SupYo'));
    expect(passRole?.location.pointer).toMatch(/^\/RoleDetailList\/\d+\/RolePolicyList\/0\/PolicyDocument\/Statement\/0\/Resource$/);
    expect(lineOf(dir, 'exports/gaad.json', passRole?.location.line ?? 0)).toBe('"Resource": "*"');

    const rootMfa = findings.find((finding) => finding.ruleId === 'root-mfa');
    expect(rootMfa?.location).toMatchObject({ file: 'exports/credential-report-012345678901.csv', column: 1 });
    expect(lineOf(dir, 'exports/credential-report-012345678901.csv', rootMfa?.location.line ?? 0)).toMatch(/^<root_account>,arn:aws:iam::012345678901:root,/);

    const password = findings.find((finding) => finding.location.file === 'exports/password-policy-012345678901.json');
    expect(password?.location.pointer).toMatch(/^\/PasswordPolicy/);
    expect(lineOf(dir, 'exports/password-policy-012345678901.json', password?.location.line ?? 0)).toMatch(/^"(PasswordPolicy|MinimumPasswordLength|RequireSymbols|ExpirePasswords|MaxPasswordAge|PasswordReusePrevention)"/);
  });

  it('stylish, markdown, sarif and html name the input file and its line, never a snapshot file that does not exist', async () => {
    const dir = await workspace();
    const stylish = await runCli(['audit', 'exports'], { cwd: dir });
    const locations = [...stylish.stdout.matchAll(/^ {4}(\S+):(\d+):(\d+) /gm)].map((match) => ({ file: match[1] as string, line: Number(match[2]) }));
    expect(locations.length).toBeGreaterThan(100);
    expect(new Set(locations.map((location) => location.file))).toEqual(new Set(Object.keys(EXPORTS)));
    const json = JSON.parse((await runCli(['audit', 'exports', '-f', 'json'], { cwd: dir })).stdout) as { findings: JsonFinding[] };
    expect(locations.map((location) => location.line).sort()).toEqual(json.findings.map((finding) => finding.location.line).sort());

    const markdown = await runCli(['audit', 'exports', '-f', 'markdown'], { cwd: dir });
    expect(markdown.stdout).toMatch(/\| exports\/gaad\.json:\d+ \|/);
    expect(markdown.stdout).not.toMatch(/accounts\/\d{12}\.json/);

    const sarif = JSON.parse((await runCli(['audit', 'exports', '-f', 'sarif', '--repo-root', '.'], { cwd: dir })).stdout) as {
      runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }>;
    };
    const uris = new Set(sarif.runs[0]?.results.map((result) => result.locations[0]?.physicalLocation.artifactLocation.uri));
    expect(uris).toEqual(new Set(['exports/gaad.json', 'exports/credential-report-012345678901.csv', 'exports/password-policy-012345678901.json']));
    // From a subfolder, with the repository root above it, the URIs still start at the root.
    const nested = JSON.parse((await runCli(['audit', '.', '-f', 'sarif', '--repo-root', '..'], { cwd: join(dir, 'exports') })).stdout) as typeof sarif;
    expect(nested.runs[0]?.results.some((result) => result.locations[0]?.physicalLocation.artifactLocation.uri === 'exports/gaad.json')).toBe(true);

    const html = await runCli(['audit', 'exports', '-f', 'html', '-o', 'report.html'], { cwd: dir });
    expect(html.code).toBe(1);
    const page = await readFile(join(dir, 'report.html'), 'utf8');
    expect(page).toContain('exports/gaad.json');
    expect(page).not.toMatch(/accounts\/\d{12}\.json/);
  });

  it('an imported snapshot folder is still located in its own files', async () => {
    const dir = await workspace();
    expect((await runCli(['import', 'exports', '-o', 'snap'], { cwd: dir })).code).toBe(0);
    const findings = (JSON.parse((await runCli(['audit', 'snap', '-f', 'json'], { cwd: dir })).stdout) as { findings: JsonFinding[] }).findings;
    expect(findings.length).toBeGreaterThan(100);
    expect(findings.every((finding) => /^(accounts\/\d{12}\.json|snapshot\.json)$/.test(finding.location.file) && finding.location.input === undefined)).toBe(true);
  });
});
