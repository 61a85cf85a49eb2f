import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { builtinRules, extractGuidance, renderGuidanceModule } from '../src/index.js';

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
});
