import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { NODE_KINDS, renderNodeReference, renderSectionReference, SECTION_IDS } from '../src/index.js';

const doc = await readFile(new URL('../../../docs/plugins.md', import.meta.url), 'utf8');

function generatedSection(name: string): string {
  const match = new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(doc);
  if (!match) throw new Error(`docs/plugins.md lacks the <!-- ${name}:start --> … <!-- ${name}:end --> markers`);
  return match[1] as string;
}

describe('docs/plugins.md', () => {
  it('lists every node kind with the fields the schema gives it (run `pnpm gen:docs`)', () => {
    expect(generatedSection('nodes')).toBe(renderNodeReference());
  });

  it('lists every section id a rule may require (run `pnpm gen:docs`)', () => {
    expect(generatedSection('sections')).toBe(renderSectionReference());
  });

  it('has a heading for each node kind and a row for each section id', () => {
    for (const kind of NODE_KINDS) expect(doc).toContain(`\n### ${kind}\n`);
    for (const id of SECTION_IDS) expect(generatedSection('sections')).toContain(`| \`${id}\` |`);
  });

  it('reads fields from the schema, with their descriptions', () => {
    const role = renderNodeReference().split('\n### ').find((section) => section.startsWith('Role\n')) ?? '';
    expect(role).toContain("| `trustPolicy` | `unknown` | A decoded IAM policy document. |");
    expect(role).toContain('| `lastUsed.region?` | `string` |');
    expect(role).toContain('| `tags` | `Record<string, string>` | Resource tags, key → value. |');
    const accessKey = renderNodeReference().split('\n### ').find((section) => section.startsWith('AccessKey\n')) ?? '';
    expect(accessKey).toContain("| `status` | `'Active' \\| 'Inactive'` |");
    expect(accessKey).toContain('| `user` | `User` | The user the key belongs to. |');
  });
});
