import { readFile } from 'node:fs/promises';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeFiles } from './helpers.js';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const corePackage = fileURLToPath(new URL('../../core/dist/index.js', import.meta.url));

/** The doc page's own section, read straight from the Markdown file. */
async function docSection(ruleId: string, heading: string): Promise<string> {
  const page = await readFile(join(repositoryRoot, 'packages/rules/docs/rules', `${ruleId}.md`), 'utf8');
  const match = new RegExp(`\\n## ${heading}\\n([\\s\\S]*?)(?=\\n## |$)`).exec(page);
  if (!match) throw new Error(`${ruleId}.md has no ${heading} section`);
  return (match[1] as string).trim();
}

/** Prose as words: Markdown markers, list bullets and layout whitespace removed. */
function words(text: string): string {
  return text
    .replace(/```\w*/g, ' ')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|`|^#{2,} |^\s*[-•] /gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const ACME_PLUGIN = `
import { defineRule, OptionObject, Type } from '${corePackage.replace(/\\/g, '/')}';
export default {
  rules: {
    'no-shared-deploy-user': defineRule({
      meta: {
        type: 'problem',
        docs: { description: 'Each pipeline deploys as its own IAM user.', recommended: false },
        severity: 'high',
        requires: ['iam.authorizationDetails'],
        messages: { shared: 'User {{user}} deploys for {{count}} pipelines.' },
        schema: [OptionObject({ maxPipelines: Type.Integer({ minimum: 1, description: 'Pipelines one user may serve.' }) })],
        defaultOptions: [{ maxPipelines: 1 }],
      },
      create: () => ({}),
    }),
  },
};
`;

describe('iamlint rules <id>', () => {
  it('prints the doc page: why and how to fix as on the page, code kept, no Markdown markers', async () => {
    const run = await runCli(['rules', 'access-key-max-age'], { cwd: repositoryRoot });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const out = run.stdout;
    expect(words(out)).toContain(words(await docSection('access-key-max-age', 'Why')));
    expect(words(out)).toContain(words(await docSection('access-key-max-age', 'How to fix')));
    expect(out).toContain('\n    aws iam create-access-key --user-name ci-deploy\n');
    expect(out).toContain('\n    resource "time_rotating" "ci_deploy_key" {\n');
    expect(out).toMatch(/^How to fix$/m);
    expect(out).toMatch(/^Terraform$/m);
    expect(out).not.toMatch(/```|\*\*|^#/m);
    expect(out).toMatch(/^ {2}Severity +medium \(problem\)$/m);
    expect(out).toContain('iamlint:recommended (error)');
    expect(out).toContain('iamlint:cis-aws-5.0 (error)');
    expect(out).toMatch(/maxAgeDays {2}integer \(≥ 1\)\n {4}default: 90 {4}in config: 90\n/);
  });

  it('shows the values the config in use gives the options, and its scoped settings', async () => {
    const dir = await tempDir();
    await writeFiles(dir, {
      'iamlint.config.json': JSON.stringify([
        'iamlint:recommended',
        { rules: { 'access-key-max-age': ['error', { maxAgeDays: 60 }] } },
        { name: 'sandbox', ous: ['Sandbox'], rules: { 'access-key-max-age': 'off' } },
      ]),
    });
    const found = await runCli(['rules', 'access-key-max-age'], { cwd: dir });
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(/default: 90 {4}in config: 60\n/);
    expect(found.stdout).toContain('error in iamlint.config.json; config object #3 "sandbox" (OUs Sandbox): off');
    const named = await runCli(['rules', 'access-key-max-age', '-c', 'fixtures/recommended.config.json'], { cwd: repositoryRoot });
    expect(named.stdout).toMatch(/default: 90 {4}in config: 90\n/);
    const off = await runCli(['rules', 'account-in-organization', '-c', 'fixtures/recommended.config.json'], { cwd: repositoryRoot });
    expect(off.stdout).toMatch(/Config +off in fixtures\/recommended\.config\.json/);
  });

  it('names the nearest ids for an unknown one, in one line, exit 2', async () => {
    const run = await runCli(['rules', 'acces-key-max-age'], { cwd: repositoryRoot });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('iamlint: unknown rule "acces-key-max-age" (did you mean access-key-max-age?)\n');
    const far = await runCli(['rules', 'mfa'], { cwd: repositoryRoot });
    expect(far.code).toBe(2);
    expect(far.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    const nothing = await runCli(['rules', 'completely-unrelated-words'], { cwd: repositoryRoot });
    expect(nothing.stderr).toBe('iamlint: unknown rule "completely-unrelated-words" (run `iamlint rules` for the list)\n');
  });
});

describe('iamlint rules with plugins', () => {
  async function pluginProject(): Promise<string> {
    const dir = await tempDir();
    await writeFiles(dir, {
      'acme-plugin.mjs': ACME_PLUGIN,
      'iamlint.config.mjs': `import acme from './acme-plugin.mjs';\nexport default ['iamlint:recommended', { plugins: { acme }, rules: { 'acme/no-shared-deploy-user': ['warn', { maxPipelines: 2 }] } }];\n`,
    });
    return dir;
  }

  it('lists the rules of the plugins the config loads, with their prefix, as text and JSON', async () => {
    const dir = await pluginProject();
    const text = await runCli(['rules', '-c', 'iamlint.config.mjs'], { cwd: dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^acme\/no-shared-deploy-user\s+high\s+Each pipeline deploys as its own IAM user\.$/m);
    expect(text.stdout).toMatch(/ rules \(1 from plugins\);/);
    const json = JSON.parse((await runCli(['rules', '--format', 'json', '--config', join(dir, 'iamlint.config.mjs')], { cwd: repositoryRoot })).stdout) as Array<Record<string, unknown>>;
    expect(json.find((rule) => rule.id === 'acme/no-shared-deploy-user')).toMatchObject({ plugin: 'acme', level: 'warn', url: null, defaultOptions: [{ maxPipelines: 1 }] });
    expect(json.find((rule) => rule.id === 'access-key-max-age')).toMatchObject({ plugin: null, level: 'error' });
    const builtinOnly = JSON.parse((await runCli(['rules', '--format', 'json'], { cwd: repositoryRoot })).stdout) as Array<{ id: string }>;
    expect(builtinOnly.some((rule) => rule.id.includes('/'))).toBe(false);
  });

  it("shows a plugin rule's description, options with defaults and configured values", async () => {
    const dir = await pluginProject();
    const run = await runCli(['rules', 'acme/no-shared-deploy-user'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^acme\/no-shared-deploy-user\nEach pipeline deploys as its own IAM user\.\n/);
    expect(run.stdout).toMatch(/Plugin +acme/);
    expect(run.stdout).toMatch(/Config +warn in iamlint\.config\.mjs/);
    expect(run.stdout).toMatch(/maxPipelines {2}integer \(≥ 1\)\n {4}default: 1 {4}in config: 2\n {4}Pipelines one user may serve\./);
    const typo = await runCli(['rules', 'acme/no-shared-deploy'], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean acme/no-shared-deploy-user?');
  });
});

describe('rule help in SARIF is the doc page', () => {
  it('`iamlint rules access-key-max-age` and the SARIF alert show the same why and how to fix as the page', async () => {
    const page = await runCli(['rules', 'access-key-max-age'], { cwd: repositoryRoot });
    const sarif = await runCli(['audit', 'fixtures/demo-org', '-c', 'fixtures/recommended.config.json', '-f', 'sarif'], { cwd: repositoryRoot });
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; help: { text: string; markdown: string } }> } }; results: Array<{ ruleId: string }> }> };
    const ajv = new ajvDraft04.default({ allErrors: true });
    ajvFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(await readFile(new URL('../../core/test/fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as object);
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const run = log.runs[0];
    expect(run?.results.some((result) => result.ruleId === 'access-key-max-age')).toBe(true);
    const help = run?.tool.driver.rules.find((rule) => rule.id === 'access-key-max-age')?.help;
    for (const heading of ['Why', 'How to fix']) {
      const section = await docSection('access-key-max-age', heading);
      expect(help?.markdown).toContain(`## ${heading}\n\n${section}\n`);
      expect(words(help?.text ?? '')).toContain(words(section));
      expect(words(page.stdout)).toContain(words(section));
    }
  });
});
