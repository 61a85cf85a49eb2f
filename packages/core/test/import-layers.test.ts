// Keeps imports pointing one way, for every package of the workspace (this is the one place that says how):
// - between packages, as DESIGN.md's table: core imports nothing of ours, rules/collect/fake-aws import core, the
//   CLI imports core, rules and collect, the action imports the CLI and core;
// - inside a package, no file reaches itself through its imports (no cycles);
// - inside core and the CLI, each file belongs to a layer and imports only its own layer or lower ones. A new file
//   or folder goes into a layer here; a test failure names the edge that points up.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const PACKAGES = fileURLToPath(new URL('../../', import.meta.url));

/** Package folder → the workspace packages its src may import. */
const PACKAGE_DEPENDENCIES: Record<string, readonly string[]> = {
  core: [],
  rules: ['@iamlint/core'],
  collect: ['@iamlint/core'],
  'fake-aws': ['@iamlint/core'],
  cli: ['@iamlint/core', '@iamlint/rules', '@iamlint/collect'],
  action: ['iamlint', '@iamlint/core'],
};
const WORKSPACE_PACKAGE = /^(@iamlint\/[^/]+|iamlint)(?:\/|$)/;

interface Layer {
  /** Files (`errors.ts`) and folders (`util/`) relative to the package's src. */
  readonly paths: readonly string[];
  /** Files of the layer may not import one another (commands stand side by side). */
  readonly isolated?: boolean;
}

/** Lowest first. A file may import its own layer and those listed before it. */
const LAYERS: Record<string, readonly Layer[]> = {
  core: [
    // The ground floor, which everything may import: it imports nothing of ours.
    { paths: ['util/'] },
    { paths: ['errors.ts'] },
    // Text → JSON with positions, JSON Schema validation.
    { paths: ['json/'] },
    // The snapshot format: types and JSON Schema.
    { paths: ['snapshot/'] },
    // Nodes, the indexed Model, and the loader that builds it from snapshot files.
    { paths: ['model/'] },
    // The policy evaluator, action catalogue, policy questions and escalation search.
    { paths: ['policy/'] },
    // Rules, config resolution, the runner, fingerprints, baselines.
    { paths: ['engine/'] },
    // Questions users ask (can, who-can, explain): the evaluator and the escalation search, and the findings to explain.
    { paths: ['answers/'] },
    // Findings → text; wording lives here, not in the engine.
    { paths: ['formatters/'] },
    // Snapshot A vs B: uses the policy questions and the formatters' helpers.
    { paths: ['diff/'] },
    { paths: ['testing/'] },
    { paths: ['index.ts', 'about.ts'] },
  ],
  cli: [
    // Process I/O and file helpers.
    { paths: ['io.ts', 'paths.ts', 'version.ts', 'output.ts', 'git.ts', 'code-cache.ts', 'bundle-data.ts', 'import-file.ts'] },
    // Reading inputs: snapshots, raw exports, config files, baselines; collecting live.
    { paths: ['raw-export.ts', 'read-snapshot.ts', 'config-file.ts', 'baseline.ts', 'rule-catalog.ts', 'rule-page.ts', 'live-collect.ts'] },
    // The programmatic API.
    { paths: ['audit.ts', 'audit-filters.ts', 'parallel-rules.ts'] },
    // What the question commands (can, who-can, explain) share: reading their input, wording their reasons.
    { paths: ['questions.ts'] },
    // One file per command; what two commands share goes into a lower layer.
    { paths: ['commands/'], isolated: true },
    { paths: ['main.ts'] },
    // Entries: the CLI, the API, and the worker thread of `audit --jobs`.
    { paths: ['bin.ts', 'index.ts', 'audit-worker.ts'] },
    // The published package's main entry: index.ts plus the core's API for plugin authors.
    { paths: ['library.ts'] },
  ],
};

/** File (relative to src, POSIX) → the files of the same package it imports. */
type ImportGraph = ReadonlyMap<string, readonly string[]>;

interface PackageImports {
  readonly graph: ImportGraph;
  /** Workspace packages imported, with the importing file. */
  readonly external: ReadonlyArray<{ readonly file: string; readonly specifier: string }>;
}

function sourceFiles(folder: string, prefix = ''): string[] {
  return readdirSync(join(folder, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return sourceFiles(folder, path);
    return /\.tsx?$/.test(entry.name) && !/\.(test|d)\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

function readPackageImports(src: string): PackageImports {
  const files = sourceFiles(src);
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  const external: Array<{ file: string; specifier: string }> = [];
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(src, file), 'utf8'), true, true);
    const targets: string[] = [];
    for (const { fileName: specifier } of importedFiles) {
      if (specifier.startsWith('.')) {
        const target = resolveRelative(file, specifier, known);
        if (target === undefined) throw new Error(`${file}: cannot resolve ${specifier}`);
        targets.push(target);
      } else if (WORKSPACE_PACKAGE.test(specifier)) {
        external.push({ file, specifier });
      }
    }
    graph.set(file, [...new Set(targets)]);
  }
  return { graph, external };
}

function resolveRelative(file: string, specifier: string, known: ReadonlySet<string>): string | undefined {
  const base = posix.normalize(posix.join(posix.dirname(file), specifier));
  const stem = base.replace(/\.js$/, '');
  return [`${stem}.ts`, `${stem}.tsx`, `${base}/index.ts`].find((candidate) => known.has(candidate));
}

/** Each import cycle once, as `a.ts → b.ts → a.ts`. */
function findCycles(graph: ImportGraph): string[] {
  const cycles: string[] = [];
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'active');
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      const seen = state.get(target);
      if (seen === 'active') cycles.push([...stack.slice(stack.indexOf(target)), target].join(' → '));
      else if (seen === undefined) visit(target);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}

function layerOf(layers: readonly Layer[], file: string): number {
  return layers.findIndex((layer) => layer.paths.some((path) => (path.endsWith('/') ? file.startsWith(path) : file === path)));
}

/** Files in no layer, imports of a higher layer, and imports between files of an isolated layer. */
function findLayerViolations(graph: ImportGraph, layers: readonly Layer[]): string[] {
  const problems: string[] = [];
  const describeLayer = (index: number) => `layer ${index} (${layers[index]?.paths.join(', ')})`;
  for (const [file, targets] of graph) {
    const own = layerOf(layers, file);
    if (own === -1) {
      problems.push(`${file} is in no layer: add it to LAYERS in packages/core/test/import-layers.test.ts`);
      continue;
    }
    for (const target of targets) {
      const theirs = layerOf(layers, target);
      if (theirs > own) problems.push(`${file} imports ${target}: upward, from ${describeLayer(own)} to ${describeLayer(theirs)}`);
      else if (theirs === own && layers[own]?.isolated && target !== file) {
        problems.push(`${file} imports ${target}: files of ${describeLayer(own)} stand side by side; move what they share to a lower layer`);
      }
    }
  }
  return problems.sort();
}

const packageNames = readdirSync(PACKAGES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('imports point one way', () => {
  it('knows every package of the workspace', () => {
    expect(packageNames).toEqual(Object.keys(PACKAGE_DEPENDENCIES).sort());
  });

  for (const name of packageNames) {
    const src = join(PACKAGES, name, 'src');
    const imports = readPackageImports(src);

    it(`${name}: imports only the workspace packages below it`, () => {
      const allowed = PACKAGE_DEPENDENCIES[name] ?? [];
      const wrong = imports.external
        .filter(({ specifier }) => !allowed.includes(WORKSPACE_PACKAGE.exec(specifier)?.[1] ?? specifier))
        .map(({ file, specifier }) => `${relative(PACKAGES, join(src, file))} imports ${specifier}`);
      expect(wrong).toEqual([]);
    });

    it(`${name}: has no import cycle`, () => {
      expect(findCycles(imports.graph)).toEqual([]);
    });

    const layers = LAYERS[name];
    if (layers) {
      it(`${name}: imports only its own layer or lower ones`, () => {
        expect(findLayerViolations(imports.graph, layers)).toEqual([]);
      });
    }
  }
});

describe('the import checks', () => {
  const graph: ImportGraph = new Map([
    ['util/a.ts', []],
    ['engine/runner.ts', ['util/a.ts', 'formatters/context.ts']],
    ['formatters/context.ts', ['engine/runner.ts']],
    ['commands/a.ts', ['commands/b.ts']],
    ['commands/b.ts', []],
    ['stray.ts', []],
  ]);
  const layers: Layer[] = [{ paths: ['util/'] }, { paths: ['engine/'] }, { paths: ['formatters/'] }, { paths: ['commands/'], isolated: true }];

  it('name the edges of a cycle', () => {
    expect(findCycles(graph)).toEqual(['engine/runner.ts → formatters/context.ts → engine/runner.ts']);
  });

  it('name an upward import, an import between isolated files and a file in no layer', () => {
    expect(findLayerViolations(graph, layers)).toEqual([
      'commands/a.ts imports commands/b.ts: files of layer 3 (commands/) stand side by side; move what they share to a lower layer',
      'engine/runner.ts imports formatters/context.ts: upward, from layer 1 (engine/) to layer 2 (formatters/)',
      'stray.ts is in no layer: add it to LAYERS in packages/core/test/import-layers.test.ts',
    ]);
  });

  it('read type-only imports and re-exports too', () => {
    const { graph: core } = readPackageImports(join(PACKAGES, 'core', 'src'));
    expect(core.get('index.ts')).toContain('errors.ts');
    expect(core.get('formatters/context.ts')).toContain('engine/runner.ts');
  });
});

