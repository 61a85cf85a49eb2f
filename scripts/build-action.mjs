// Bundles the GitHub Action (packages/action/src/index.ts and everything it imports, workspace sources
// included) into the single file action.yml runs: packages/action/dist/index.js, checked in because
// GitHub runs actions without installing their dependencies.
//
//   node scripts/build-action.mjs [--outfile <file>]
//
// ESM in a .js file: node24 runs it as a module both through packages/action/package.json
// ("type": "module") and, without that file, through module syntax detection.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { outfile: { type: 'string', default: 'packages/action/dist/index.js' } } });

// The CLI reads its version from ../package.json at run time; in the bundle that would be the action's own
// package.json, so the version is written in at build time instead.
const VERSION_READ = "readFileSync(new URL('../package.json', import.meta.url), 'utf8')";
const inlineCliVersion = {
  name: 'inline-cli-version',
  setup(context) {
    context.onLoad({ filter: /[\\/]packages[\\/]cli[\\/]src[\\/]version\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(VERSION_READ)) {
        throw new Error(`${args.path} no longer reads its version with ${VERSION_READ}; update scripts/build-action.mjs`);
      }
      const { version } = JSON.parse(await readFile(new URL('../packages/cli/package.json', import.meta.url), 'utf8'));
      return { contents: source.replace(VERSION_READ, JSON.stringify(JSON.stringify({ version }))), loader: 'ts' };
    });
  },
};

const result = await build({
  absWorkingDir: repositoryRoot,
  entryPoints: ['packages/action/src/index.ts'],
  outfile: values.outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  conditions: ['@iamlint/source'],
  // Prefer ES module builds: jsonc-parser's CommonJS build is UMD, whose require() calls a bundler cannot follow.
  mainFields: ['module', 'main'],
  minify: true,
  legalComments: 'eof',
  charset: 'utf8',
  // Bundled CommonJS dependencies call require() for Node built-ins, which an ES module lacks.
  banner: { js: "import { createRequire as __iamlintCreateRequire } from 'node:module'; const require = __iamlintCreateRequire(import.meta.url);" },
  plugins: [inlineCliVersion],
  logLevel: 'warning',
});
if (result.errors.length > 0) process.exitCode = 1;
