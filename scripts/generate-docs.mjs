// Rewrites the generated rule tables of the README and the rule docs index from rule meta.
// With --check it changes nothing and exits 1 when a file is out of date.
import { readFile, writeFile } from 'node:fs/promises';
import { builtinRules, GENERATED_DOCS, renderRuleTable, replaceGeneratedSection } from '@iamlint/rules';

const check = process.argv.includes('--check');
let stale = false;
for (const { path, linkBase } of GENERATED_DOCS) {
  const file = new URL(`../${path}`, import.meta.url);
  const before = await readFile(file, 'utf8');
  const after = replaceGeneratedSection(before, 'rules', renderRuleTable(builtinRules, linkBase));
  if (after === before) continue;
  if (check) {
    console.error(`${path} is out of date: run \`pnpm gen:docs\``);
    stale = true;
  } else {
    await writeFile(file, after);
    console.log(`updated ${path}`);
  }
}
process.exitCode = stale ? 1 : 0;
