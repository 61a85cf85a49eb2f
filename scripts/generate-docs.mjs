// Rewrites the generated rule tables of the README and the rule docs index from rule meta, the rules' why and
// how-to-fix guidance (packages/rules/src/guidance.generated.ts) from the rule docs, and the node kinds and section
// ids of docs/plugins.md from the snapshot schema.
// With --check it changes nothing and exits 1 when a file is out of date.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { renderNodeReference, renderSectionReference } from '@iamlint/core';
import { builtinRules, GENERATED_DOCS, renderGuidanceModule, renderRuleTable, replaceGeneratedSection } from '@iamlint/rules';

const check = process.argv.includes('--check');
let stale = false;
async function update(path, render) {
  const file = new URL(`../${path}`, import.meta.url);
  const before = await readFile(file, 'utf8').catch(() => '');
  const after = render(before);
  if (after === before) return;
  if (check) {
    console.error(`${path} is out of date: run \`pnpm gen:docs\``);
    stale = true;
  } else {
    await writeFile(file, after);
    console.log(`updated ${path}`);
  }
}
for (const { path, linkBase } of GENERATED_DOCS) {
  await update(path, (before) => replaceGeneratedSection(before, 'rules', renderRuleTable(builtinRules, linkBase)));
}
await update('docs/plugins.md', (before) =>
  replaceGeneratedSection(replaceGeneratedSection(before, 'sections', renderSectionReference()), 'nodes', renderNodeReference()),
);
const docsFolder = new URL('../packages/rules/docs/rules/', import.meta.url);
const docs = new Map();
for (const name of (await readdir(docsFolder)).filter((name) => name.endsWith('.md')).sort()) {
  docs.set(name.slice(0, -3), await readFile(new URL(name, docsFolder), 'utf8'));
}
await update('packages/rules/src/guidance.generated.ts', () => renderGuidanceModule(docs));
process.exitCode = stale ? 1 : 0;
