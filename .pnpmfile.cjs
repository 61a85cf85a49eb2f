// The published `iamlint` package bundles @iamlint/core, rules and collect (scripts/build-package.mjs, its prepack):
// its manifest names none of them, and pins each third-party package the bundle imports to the exact version
// pnpm-lock.yaml installed, so `npx iamlint@<version>` runs the code that was tested.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

function beforePacking(pkg) {
  if (pkg.name !== 'iamlint') return pkg;
  const file = join(__dirname, 'packages/cli/bundle-dependencies.json');
  let dependencies;
  try {
    dependencies = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${file} (${error.message}): pack packages/cli with pnpm, whose prepack builds the bundle`, { cause: error });
  }
  const published = { ...pkg, dependencies };
  delete published.devDependencies;
  delete published.scripts;
  return published;
}

module.exports = { hooks: { beforePacking } };
