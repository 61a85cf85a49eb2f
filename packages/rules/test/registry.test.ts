import { readdir, readFile } from 'node:fs/promises';
import { createAjv } from '@iamlint/core';
import { describe, expect, it } from 'vitest';
import { builtinRules, GENERATED_DOCS, presets, renderRuleTable, replaceGeneratedSection } from '../src/index.js';
import { rules } from '../src/registry.js';

const packageRoot = new URL('../', import.meta.url);
const repositoryRoot = new URL('../../../', import.meta.url);
const idsIn = async (folder: string, suffix: string) =>
  (await readdir(new URL(folder, packageRoot))).filter((name) => name.endsWith(suffix)).map((name) => name.slice(0, -suffix.length)).sort();

const NOT_DOMAINS = new Set(['compliance', 'util']);
const domains = async () =>
  (await readdir(new URL('src/', packageRoot), { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && !NOT_DOMAINS.has(entry.name))
    .map((entry) => entry.name)
    .sort();
const ruleFiles = async () =>
  (await Promise.all((await domains()).map(async (domain) => (await idsIn(`src/${domain}/`, '.ts')).map((id) => ({ id, domain }))))).flat();

const REQUIRED_SECTIONS = ['## Why', '## Options', '## Compliance', '## How to fix', '## When not to use it'];

describe('the rule registry, files, tests and docs agree', () => {
  it('registers exactly the rule files, each with a test and a doc page', async () => {
    const registered = [...builtinRules.keys()].sort();
    expect((await ruleFiles()).map((file) => file.id).sort()).toEqual(registered);
    expect((await idsIn('test/', '.test.ts')).filter((id) => builtinRules.has(id))).toEqual(registered);
    expect(await idsIn('docs/rules/', '.md')).toEqual(registered);
  });

  it('lists the rules in alphabetical order, each the default export of its file', async () => {
    const ids = Object.keys(rules);
    expect(ids).toEqual([...ids].sort());
    for (const { id, domain } of await ruleFiles()) {
      const file = (await import(`../src/${domain}/${id}.ts`)) as { default: unknown };
      expect(rules[id], `src/${domain}/${id}.ts`).toBe(file.default);
    }
  });

  it('describes every domain folder in src/README.md', async () => {
    const readme = await readFile(new URL('src/README.md', packageRoot), 'utf8');
    for (const domain of await domains()) expect(readme).toContain(`| \`${domain}/\` |`);
  });

  it.each([...builtinRules])('%s: doc page matches its meta', async (id, rule) => {
    const doc = await readFile(new URL(`docs/rules/${id}.md`, packageRoot), 'utf8');
    const lines = doc.split('\n');
    expect(lines[0]).toBe(`# ${id}`);
    expect(lines[2]).toBe(rule.meta.docs.description);
    const positions = REQUIRED_SECTIONS.map((heading) => lines.indexOf(heading));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const optionsSection = doc.slice(doc.indexOf('## Options'), doc.indexOf('## Compliance'));
    for (const schema of rule.meta.schema ?? []) {
      for (const property of Object.keys((schema as { properties?: object }).properties ?? {})) {
        expect(optionsSection).toContain(`\`${property}\``);
      }
    }
    const complianceSection = doc.slice(doc.indexOf('## Compliance'), doc.indexOf('## How to fix'));
    for (const mapping of rule.meta.compliance ?? []) expect(complianceSection).toContain(mapping.control);
    expect(rule.meta.docs.url).toBe(`https://github.com/iamlint/iamlint/blob/main/packages/rules/docs/rules/${id}.md`);
  });

  it.each([...builtinRules])('%s: meta is complete and its defaults satisfy its schema', (id, rule) => {
    expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
    for (const message of Object.values(rule.meta.messages)) expect(message.trim()).not.toBe('');
    for (const mapping of rule.meta.compliance ?? []) {
      expect(mapping.framework).toMatch(/^(cis-aws|aws-fsbp)$/);
      expect(mapping.control).toMatch(/^(\d+(\.\d+)*|[A-Z][A-Za-z]*\.\d+)$/);
    }
    const ajv = createAjv();
    (rule.meta.schema ?? []).forEach((schema, index) => {
      const validate = ajv.compile(schema);
      expect(validate(rule.meta.defaultOptions?.[index])).toBe(true);
      for (const property of Object.values((schema as { properties?: Record<string, { description?: string }> }).properties ?? {})) {
        expect(property.description).toBeTruthy();
      }
    });
  });

  it('builds the presets from meta', () => {
    const recommended = Object.keys(presets.recommended.rules ?? {}).sort();
    expect(recommended).toEqual([...builtinRules].filter(([, rule]) => rule.meta.docs.recommended).map(([id]) => id).sort());
    expect(Object.keys(presets.all.rules ?? {}).sort()).toEqual([...builtinRules.keys()].sort());
  });

  it.each(GENERATED_DOCS.map((entry) => [entry.path, entry.linkBase]))('%s has an up-to-date rule table (run `pnpm gen:docs`)', async (path, linkBase) => {
    const text = await readFile(new URL(path, repositoryRoot), 'utf8');
    expect(text).toBe(replaceGeneratedSection(text, 'rules', renderRuleTable(builtinRules, linkBase)));
  });
});
