// Builds the publishable `iamlint` package into packages/cli/bundle/: the CLI and the library API with core, rules
// and collect bundled in (so the published package depends on no @iamlint/* package), their declarations rolled up
// into one index.d.ts, and packages/cli/bundle-dependencies.json, the third-party packages the bundle still imports,
// each at the exact version pnpm-lock.yaml installed (.pnpmfile.cjs writes them into the packed package.json).
// Runs as packages/cli's `prepack`, so `pnpm pack` / `pnpm publish` there always ship a fresh bundle.
//
//   node scripts/build-package.mjs
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, transform } from 'esbuild';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
const cliRoot = `${repositoryRoot}packages/cli/`;
const outdir = `${cliRoot}bundle`;
const BUNDLED_PACKAGES = ['@iamlint/core', '@iamlint/rules', '@iamlint/collect'];
// Loaded by import() only (the SDK by collect and --live, yaml by a YAML config): bundling them would save an audit
// nothing, and esbuild hands a dynamically imported CommonJS package over as a default export alone.
const EXTERNAL_PACKAGES = ['@aws-sdk/', '@smithy/', 'yaml'];
// Where the bundle's external imports are declared: their versions are what these packages have installed.
const DECLARING_PACKAGES = ['cli', 'core', 'rules', 'collect'];

// npm would pack packages/cli without pnpm's publishConfig and .pnpmfile.cjs: a manifest naming @iamlint/* packages
// and the workspace's dist/, which nobody can install.
const packer = process.env['npm_config_user_agent'] ?? '';
if (process.env['npm_lifecycle_event'] === 'prepack' && !packer.startsWith('pnpm/')) {
  console.error(`iamlint: pack and publish packages/cli with pnpm (pnpm pack, pnpm publish), not ${packer.split(' ')[0] || 'this tool'}`);
  process.exit(2);
}

const requireFromRoot = createRequire(`${repositoryRoot}package.json`);
execFileSync(process.execPath, [requireFromRoot.resolve('typescript/bin/tsc'), '-b'], { cwd: repositoryRoot, stdio: 'inherit' });

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });

/** `@aws-sdk/client-iam/dist/x` → `@aws-sdk/client-iam`; `yaml` → `yaml`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

// Our workspace packages and the small third-party packages they use are bundled: resolving and loading ajv's and
// TypeBox's hundreds of files from node_modules took longer than a small audit. The AWS SDK and yaml stay imports,
// installed by npm at the version pinned below, and load only when a command asks for them.
const externalThirdParty = {
  name: 'external-third-party',
  setup(context) {
    context.onResolve({ filter: /^[^./]/ }, (args) => {
      if (builtinModules.includes(args.path)) return { path: `node:${args.path}`, external: true };
      if (args.path.startsWith('node:') || !EXTERNAL_PACKAGES.some((name) => (name.endsWith('/') ? args.path.startsWith(name) : packageName(args.path) === name))) return undefined;
      return { path: args.path, external: true };
    });
  },
};

const sharedOptions = {
  absWorkingDir: repositoryRoot,
  bundle: true,
  platform: 'node',
  target: 'node20',
  conditions: ['@iamlint/source'],
  // ESM builds where a package has one (jsonc-parser's main is a UMD build that esbuild cannot follow).
  mainFields: ['module', 'main'],
  // Non-ASCII characters as escapes: V8 keeps an ASCII source in one byte a character, and reads it faster.
  charset: 'ascii',
  legalComments: 'eof',
  metafile: true,
  plugins: [externalThirdParty],
  logLevel: 'warning',
};

const result = await build({
  ...sharedOptions,
  // bin.js and the chunks sit one level below packages/cli, as dist/ does: version.ts reads ../package.json.
  // audit-worker.js is started by `audit --jobs` from the chunk that holds parallel-rules.ts, in the same folder.
  entryPoints: { bin: 'packages/cli/src/bin.ts', index: 'packages/cli/src/library.ts', 'audit-worker': 'packages/cli/src/audit-worker.ts' },
  outdir,
  // Dynamic import() stays a separate chunk, loaded only by the command that needs it (an audit never loads the SDK).
  splitting: true,
  format: 'esm',
  // The bundled CommonJS packages (ajv, yaml, …) require Node's built-ins, which an ES module does by createRequire.
  banner: { js: "import { createRequire as __iamlintCreateRequire } from 'node:module';\nconst require = __iamlintCreateRequire(import.meta.url);" },
});
if (result.errors.length > 0) process.exit(1);

// The CLI again, as one CommonJS file: bin.js runs it through vm.Script with a V8 code cache (code-cache.ts), which
// Node 20 offers for no ES module. It sits beside the chunks, so import.meta.url, which code-cache.ts passes in as
// __iamlintModuleUrl, finds ../package.json and audit-worker.js where the chunks do.
// The action catalogue's strings (2 MB of the 4) go into iam-data.txt beside cli.cjs (bundle-data.ts), not into
// cli.cjs, whose every byte each run reads, hashes, decodes and finds again in the V8 code cache.
const IAM_DATA_FILE = 'iam-data.txt';
const iamDataModule = /[/\\]packages[/\\]core[/\\]src[/\\]policy[/\\]iam-data\.generated\.ts$/;
const { encodeBundleData } = await import(pathToFileURL(`${cliRoot}dist/bundle-data.js`).href);
const iamData = { ...(await import(pathToFileURL(`${repositoryRoot}packages/core/dist/policy/iam-data.generated.js`).href)) };
await writeFile(`${outdir}/${IAM_DATA_FILE}`, encodeBundleData(iamData));
let iamDataReplaced = false;
const iamDataFromFile = {
  name: 'iam-data-from-file',
  setup(context) {
    context.onLoad({ filter: iamDataModule }, () => {
      iamDataReplaced = true;
      const names = Object.keys(iamData);
      return {
        contents: [
          "import { readFileSync } from 'node:fs';",
          `import { decodeBundleData } from ${JSON.stringify(`${cliRoot}src/bundle-data.ts`)};`,
          `const data = decodeBundleData(readFileSync(new URL('./${IAM_DATA_FILE}', import.meta.url), 'latin1'));`,
          ...names.map((name) => `export const ${name} = data[${JSON.stringify(name)}];`),
          `for (const name of ${JSON.stringify(names)}) if (data[name] === undefined) throw new Error(\`${IAM_DATA_FILE} lacks \${name}\`);`,
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};

// The snapshot validators' code (ajv's standalone output, which tsc cannot compile) as functions in cli.cjs, where
// V8's code cache keeps them compiled, instead of strings that each run turns into functions (validators.ts).
const validatorFactoriesModule = /[/\\]packages[/\\]core[/\\]src[/\\]snapshot[/\\]validator-factories\.ts$/;
const { VALIDATOR_SOURCES } = await import(pathToFileURL(`${repositoryRoot}packages/core/dist/snapshot/validators.generated.js`).href);
let validatorsReplaced = false;
const validatorsAsCode = {
  name: 'validators-as-code',
  setup(context) {
    context.onLoad({ filter: validatorFactoriesModule }, () => {
      validatorsReplaced = true;
      const factories = Object.entries(VALIDATOR_SOURCES).map(([name, source]) => `  ${JSON.stringify(name)}: function (exports, module, formats) {\n${source}\n},`);
      return { contents: `export const VALIDATOR_FACTORIES = {\n${factories.join('\n')}\n};\n`, loader: 'js' };
    });
    // Every validator is a function now: the strings would only be read, hashed and cached for nothing.
    context.onLoad({ filter: /[/\\]packages[/\\]core[/\\]src[/\\]snapshot[/\\]validators\.generated\.ts$/ }, () => ({ contents: 'export const VALIDATOR_SOURCES = {};\n', loader: 'js' }));
  },
};

const cli = await build({
  ...sharedOptions,
  entryPoints: { cli: 'packages/cli/src/main.ts' },
  outdir,
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  define: { 'import.meta.url': '__iamlintModuleUrl' },
  // Node 20 loses the import() callback of code read from a V8 code cache: import() of a package becomes require(),
  // and import-file.ts (config and plugin files, by URL) calls the import() of code-cache.ts, an ES module.
  supported: { 'dynamic-import': false },
  plugins: [
    externalThirdParty,
    iamDataFromFile,
    validatorsAsCode,
    {
      name: 'import-file-from-es-module',
      setup(context) {
        context.onResolve({ filter: /[/\\]import-file\.js$/ }, () => ({ path: 'import-file', namespace: 'iamlint-cjs' }));
        context.onLoad({ filter: /.*/, namespace: 'iamlint-cjs' }, () => ({ contents: 'export const importFile = (url) => __iamlintImportFile(url);', loader: 'js' }));
      },
    },
  ],
});
if (cli.errors.length > 0 || cli.warnings.length > 0) process.exit(1);
if (!validatorsReplaced) throw new Error('the CLI bundle no longer imports validator-factories.ts, so its validators are compiled on every run: update build-package.mjs');
if (!iamDataReplaced) throw new Error(`the CLI bundle no longer imports iam-data.generated.ts, so ${IAM_DATA_FILE} is not read: update build-package.mjs`);

// code-cache.ts reads an ASCII bundle as Latin-1: a copy into one byte a character, where UTF-8 is a decode. esbuild
// escapes non-ASCII characters in code, not in comments, so those become '?' once a comment-free build shows that the
// change touches nothing else (a String.raw template keeps its characters: write those as escapes in the source).
const cliFile = `${outdir}/cli.cjs`;
const cliText = await readFile(cliFile, 'utf8');
const asciiText = cliText.replace(/[\u0080-\uffff]/g, '?');
if (asciiText !== cliText) {
  const withoutComments = async (code) => (await transform(code, { minifyWhitespace: true, legalComments: 'none', charset: 'ascii', format: 'cjs' })).code;
  if ((await withoutComments(cliText)) !== (await withoutComments(asciiText))) {
    throw new Error('cli.cjs has non-ASCII characters outside comments (in a String.raw template?): write them as \\u escapes');
  }
  await writeFile(cliFile, asciiText);
}

const imported = new Set();
for (const output of [...Object.values(result.metafile.outputs), ...Object.values(cli.metafile.outputs)]) {
  for (const entry of output.imports) {
    if (entry.external && !entry.path.startsWith('node:')) imported.add(packageName(entry.path));
  }
}

async function installedVersion(name) {
  for (const folder of DECLARING_PACKAGES) {
    const manifest = JSON.parse(await readFile(`${repositoryRoot}packages/${folder}/package.json`, 'utf8'));
    if (!manifest.dependencies?.[name]) continue;
    const installed = JSON.parse(await readFile(`${repositoryRoot}packages/${folder}/node_modules/${name}/package.json`, 'utf8'));
    return installed.version;
  }
  throw new Error(`the bundle imports ${name}, which no package of ${DECLARING_PACKAGES.join(', ')} declares in dependencies`);
}

const dependencies = {};
for (const name of [...imported].sort()) dependencies[name] = await installedVersion(name);

// Declarations: tsc -b wrote packages/cli/dist/library.d.ts; API Extractor rolls it and every @iamlint/* module it
// reaches into one file, keeping imports of the third-party packages above.
const extractorConfig = ExtractorConfig.prepare({
  configObject: {
    projectFolder: cliRoot,
    mainEntryPointFilePath: `${cliRoot}dist/library.d.ts`,
    bundledPackages: BUNDLED_PACKAGES,
    compiler: { tsconfigFilePath: `${cliRoot}tsconfig.json` },
    apiReport: { enabled: false },
    docModel: { enabled: false },
    tsdocMetadata: { enabled: false },
    dtsRollup: { enabled: true, untrimmedFilePath: `${outdir}/index.d.ts` },
    messages: {
      compilerMessageReporting: { default: { logLevel: 'warning' } },
      extractorMessageReporting: { default: { logLevel: 'none' }, 'ae-wrong-input-file-type': { logLevel: 'error' } },
      tsdocMessageReporting: { default: { logLevel: 'none' } },
    },
  },
  configObjectFullPath: `${cliRoot}api-extractor.json`,
  packageJsonFullPath: `${cliRoot}package.json`,
});
const extracted = Extractor.invoke(extractorConfig, { localBuild: true, showVerboseMessages: false });
if (!extracted.succeeded) throw new Error(`API Extractor failed with ${extracted.errorCount} error(s)`);

const declarations = await readFile(`${outdir}/index.d.ts`, 'utf8');
const leftover = declarations.match(/from ['"](@iamlint\/[^'"]+)['"]/);
if (leftover) throw new Error(`bundle/index.d.ts still imports ${leftover[1]}`);
for (const match of declarations.matchAll(/(?:from|import\()\s*['"]([^'"./][^'"]*)['"]/g)) {
  const name = packageName(match[1]);
  if (!name.startsWith('node:') && !(name in dependencies) && name !== '@types/node') {
    dependencies[name] = await installedVersion(name);
  }
}

// The licences of the bundled third-party packages travel with their code (MIT, ISC and BSD ask for it).
const ALLOWED_LICENSES = new Set(['MIT', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0']);
const bundledRoots = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const at = input.lastIndexOf('node_modules/') + 'node_modules/'.length;
  if (at < 'node_modules/'.length) continue;
  const name = packageName(input.slice(at));
  bundledRoots.set(name, input.slice(0, at) + name);
}
const notices = [];
for (const [, root] of [...bundledRoots].sort(([a], [b]) => a.localeCompare(b))) {
  const manifest = JSON.parse(await readFile(`${repositoryRoot}${root}/package.json`, 'utf8'));
  if (!ALLOWED_LICENSES.has(manifest.license)) throw new Error(`the bundle includes ${manifest.name}, licensed ${manifest.license}: not in ${[...ALLOWED_LICENSES].join(', ')}`);
  const licenseFile = (await readdir(`${repositoryRoot}${root}`)).find((name) => /^(licen[sc]e|copying)(\.|$)/i.test(name));
  const author = typeof manifest.author === 'string' ? manifest.author : manifest.author?.name;
  const text = licenseFile
    ? (await readFile(`${repositoryRoot}${root}/${licenseFile}`, 'utf8')).trim()
    : `${manifest.license} licence, copyright ${author ?? 'its authors'} (the package ships no licence file).`;
  notices.push(`## ${manifest.name} ${manifest.version} (${manifest.license})\n\n${text}\n`);
}
await writeFile(
  `${outdir}/THIRD-PARTY-LICENSES.md`,
  `# Third-party packages bundled into iamlint\n\n${notices.join('\n')}`,
);

await writeFile(`${cliRoot}bundle-dependencies.json`, `${JSON.stringify(dependencies, null, 2)}\n`);
// npm takes README and LICENSE only from the package's own folder.
await copyFile(`${repositoryRoot}LICENSE`, `${cliRoot}LICENSE`);
await copyFile(`${repositoryRoot}README.md`, `${cliRoot}README.md`);
console.log(`bundle written to packages/cli/bundle; external dependencies: ${Object.entries(dependencies).map(([name, version]) => `${name}@${version}`).join(', ')}`);
