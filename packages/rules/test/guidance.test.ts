import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { builtinRules, extractDocPage, extractGuidance, renderGuidanceModule } from '../src/index.js';

const docsFolder = new URL('../docs/rules/', import.meta.url);

describe('rule guidance from the docs', () => {
  it('the generated module matches the doc pages (run `pnpm gen:docs`)', async () => {
    const docs = new Map<string, string>();
    for (const name of (await readdir(docsFolder)).filter((name) => name.endsWith('.md'))) {
      docs.set(name.slice(0, -3), await readFile(new URL(name, docsFolder), 'utf8'));
    }
    const generated = await readFile(new URL('../src/guidance.generated.ts', import.meta.url), 'utf8');
    expect(generated).toBe(renderGuidanceModule(docs));
  });

  it('every built-in rule carries a why and a how-to-fix', () => {
    for (const [id, rule] of builtinRules) {
      expect(rule.meta.docs.why?.length, id).toBeGreaterThan(0);
      expect(rule.meta.docs.howToFix?.length, id).toBeGreaterThan(0);
    }
  });

  it('keeps paragraphs, list items and the Console steps; drops code, tables, link targets and bold markers', () => {
    const guidance = extractGuidance(
      [
        '# x', '', '## Why', '', 'A **key** that', 'lives long, see [the docs](https://example.com).', '',
        '- first', '  continued', '* second', '', '| a | b |', '| --- | --- |', '',
        '## How to fix', '', 'Rotate it.', '', '### Console', '', '1. Open IAM.', '2. Delete it.', '',
        '### AWS CLI', '', '```sh', 'aws iam delete-access-key', '```', '', '## When not to use it', '', 'Never.',
      ].join('\n'),
    );
    expect(guidance).toEqual({
      why: ['A key that lives long, see the docs.', '- first continued', '- second'],
      howToFix: ['Rotate it.', '### Console', '1. Open IAM.', '2. Delete it.'],
    });
  });

  it('keeps whole sections for the doc page: code blocks, sub-headings and tables, without the Options and Compliance sections', () => {
    const page = extractDocPage(
      [
        '# x', '', 'Summary.', '', '## Why', '', 'Because.', '', '| a | b |', '| --- | --- |', '', '## Options', '', '| `n` | 1 |', '',
        '## Compliance', '', '- CIS 1.1', '', '## How to fix', '', '### AWS CLI', '', '```sh', 'aws iam delete-access-key', '```', '',
        '## When not to use it', '', 'Never.', '',
      ].join('\n'),
    );
    expect(page).toEqual({
      why: 'Because.\n\n| a | b |\n| --- | --- |',
      howToFix: '### AWS CLI\n\n```sh\naws iam delete-access-key\n```',
      whenNotToUse: 'Never.',
    });
  });

  it('gives every built-in rule its page, with links to other pages made absolute', () => {
    for (const [id, rule] of builtinRules) {
      const page = rule.meta.docs.page;
      expect(page?.howToFix.length, id).toBeGreaterThan(0);
      expect(`${page?.why} ${page?.howToFix} ${page?.whenNotToUse}`, id).not.toMatch(/\]\((?!https:)/);
    }
    const page = builtinRules.get('management-account-workloads')?.meta.docs.page;
    expect(`${page?.why} ${page?.howToFix} ${page?.whenNotToUse}`).toContain('](https://github.com/iamlint/iamlint/blob/main/packages/rules/docs/rules/break-glass-admin.md)');
  });
});
