import { access, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, IamlintError, PositionIndex, resolveConfig, type ConfigObject, type Position, type ResolvedConfig } from '@iamlint/core';
import { builtinRules, presets } from '@iamlint/rules';
import type * as Yaml from 'yaml';
import { toPosix } from './paths.js';
import { importFile } from './import-file.js';

export const CONFIG_FILE_NAMES = ['iamlint.config.js', 'iamlint.config.mjs', 'iamlint.config.json', 'iamlint.config.yaml', 'iamlint.config.yml'];
const PRESET_PREFIX = 'iamlint:';

export interface LoadedConfig {
  /** The file the config came from, or null when the built-in default applies. */
  file: string | null;
  objects: ConfigObject[];
  /** Where a pointer into `objects` (flattened, as resolveConfig reads them) is in a JSON or YAML config file. */
  positionOf?: (pointer: string) => Position | undefined;
}

/** A config file's value, and for JSON and YAML where a pointer into it is in the text. */
interface ConfigModule {
  value: unknown;
  locate?: (pointer: string) => Position | undefined;
}

/** Finds the nearest config file from `cwd` upwards. */
export async function findConfigFile(cwd: string): Promise<string | null> {
  let directory = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(directory, name);
      if (await exists(candidate)) return candidate;
    }
    const parent = dirname(directory);
    if (parent === directory) return null;
    directory = parent;
  }
}

export async function loadConfig(options: { cwd: string; configPath?: string | undefined }): Promise<LoadedConfig> {
  const file = options.configPath ? resolve(options.cwd, options.configPath) : await findConfigFile(options.cwd);
  if (file === null) return { file: null, objects: [presets.recommended] };
  if (!(await exists(file))) {
    throw new ConfigError('CONFIG_NOT_FOUND', `config file not found: ${options.configPath ?? file}`, { hint: 'check the --config path' });
  }
  const display = toPosix(relative(options.cwd, file)) || file;
  const info = await stat(file);
  if (!info.isFile()) {
    throw new ConfigError('CONFIG_LOAD', `cannot load config: ${display} is ${info.isDirectory() ? 'a folder' : 'not a regular file'}`, {
      location: { file: display },
      hint: `pass a config file, e.g. --config ${toPosix(join(display, CONFIG_FILE_NAMES[0] as string))}`,
    });
  }
  const { value: raw, locate } = await readConfigModule(file, display);
  let objects: ConfigObject[];
  try {
    objects = await expandConfig(raw, file, display);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError('CONFIG_LOAD', `cannot load config: it threw while being read: ${firstLine(error)}`, { location: { file: display }, hint: 'this is an error in the config file, not in iamlint' });
  }
  return { file, objects, ...(locate ? { positionOf: positionInFile(raw, locate) } : {}) };
}

export interface ConfigInUse {
  config: ResolvedConfig;
  /** The config file, or null for the built-in default. */
  file: string | null;
  /** How reports and errors name it. */
  source: string;
}

/** The config an audit would use (`configPath`, else the nearest config file, else iamlint:recommended), resolved against the rules. */
export async function loadResolvedConfig(options: { cwd: string; configPath?: string | undefined }): Promise<ConfigInUse> {
  const loaded = await loadConfig(options);
  const source = loaded.file ? toPosix(relative(options.cwd, loaded.file)) : 'built-in default config (iamlint:recommended)';
  try {
    const config = resolveConfig(loaded.objects, { source, builtinRules, ...(loaded.positionOf ? { positionOf: loaded.positionOf } : {}) });
    return { config, file: loaded.file, source };
  } catch (error) {
    // A config module's getter that throws is the config's error, not iamlint's.
    if (error instanceof IamlintError) throw error;
    throw new ConfigError('CONFIG_LOAD', `cannot load config: it threw while being read: ${firstLine(error)}`, {
      location: { file: source },
      hint: 'this is an error in the config file, not in iamlint',
    });
  }
}

/** resolveConfig flattens the config one level; this maps its pointers back to the file's own. */
function positionInFile(raw: unknown, locate: (pointer: string) => Position | undefined): (pointer: string) => Position | undefined {
  const bases = Array.isArray(raw) ? raw.flatMap((item, i) => (Array.isArray(item) ? item.map((_, j) => `/${i}/${j}`) : [`/${i}`])) : [''];
  return (pointer) => {
    const [, index, ...rest] = pointer.split('/');
    const base = bases[Number(index)];
    return base === undefined ? undefined : locate(base + rest.map((segment) => `/${segment}`).join(''));
  };
}

async function readConfigModule(file: string, display: string): Promise<ConfigModule> {
  const name = basename(file);
  const fail = (reason: string, hint?: string) =>
    new ConfigError('CONFIG_LOAD', `cannot load config: ${reason}`, { location: { file: display }, ...(hint ? { hint } : {}) });
  if (name.endsWith('.js') || name.endsWith('.mjs') || name.endsWith('.cjs')) {
    try {
      return await settlesWithin(
        (async () => {
          const module = (await importFile(pathToFileURL(file).href)) as { default?: unknown };
          if (module.default === undefined) throw fail('it has no default export', 'use `export default [ … ]`');
          return { value: (await (typeof module.default === 'function' ? (module.default as () => unknown)() : module.default)) as unknown };
        })(),
        configTimeoutMs(),
        () => fail(`it did not finish loading within ${configTimeoutMs() / 1000} s (a promise that never settles?)`, 'this is a problem in the config file, not in iamlint'),
      );
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw fail(firstLine(error), 'the config module threw while loading; this is an error in the config file, not in iamlint');
    }
  }
  const text = await readFile(file, 'utf8');
  if (name.endsWith('.json')) {
    try {
      const index = new PositionIndex(text);
      return { value: JSON.parse(text) as unknown, locate: (pointer) => index.positionOfPointer(pointer) };
    } catch (error) {
      throw fail(`malformed JSON: ${firstLine(error)}`);
    }
  }
  if (name.endsWith('.yaml') || name.endsWith('.yml')) {
    // yaml is loaded only for a YAML config: most runs have none, and it costs start-up time.
    const yaml = await import('yaml');
    try {
      return { value: yaml.parse(text, { prettyErrors: false }) as unknown, locate: (pointer) => yamlPosition(yaml, text, pointer) };
    } catch (error) {
      throw fail(`malformed YAML: ${firstLine(error)}`);
    }
  }
  throw fail('unsupported file type', `use one of ${CONFIG_FILE_NAMES.join(', ')}`);
}

/** The line and column of what a JSON pointer names in YAML text (a property at its key), or of its nearest ancestor. */
function yamlPosition(yaml: typeof Yaml, text: string, pointer: string): Position | undefined {
  const { isMap, isScalar, isSeq } = yaml;
  const lineCounter = new yaml.LineCounter();
  let node: unknown = yaml.parseDocument(text, { lineCounter }).contents;
  let offset = (node as { range?: [number] } | null)?.range?.[0];
  for (const segment of pointer.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    let start: number | undefined;
    if (isSeq(node)) {
      node = node.items[Number(segment)];
      start = (node as { range?: [number] } | undefined)?.range?.[0];
    } else if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
      node = pair?.value;
      start = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
    }
    if (start === undefined) break;
    offset = start;
  }
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/** Replaces preset names ("iamlint:recommended") and plugin package names with what they stand for. */
async function expandConfig(raw: unknown, file: string, display: string): Promise<ConfigObject[]> {
  const list = Array.isArray(raw) ? raw : [raw];
  const objects: ConfigObject[] = [];
  for (const item of list) {
    if (typeof item === 'string') {
      const preset = item.startsWith(PRESET_PREFIX) ? presets[item.slice(PRESET_PREFIX.length) as keyof typeof presets] : undefined;
      if (!preset) {
        throw new ConfigError('CONFIG_INVALID', `unknown preset "${item}"`, {
          location: { file: display },
          hint: `available: ${Object.keys(presets).map((name) => PRESET_PREFIX + name).join(', ')}`,
        });
      }
      objects.push(preset);
      continue;
    }
    if (item && typeof item === 'object' && !Array.isArray(item) && 'plugins' in item && item.plugins && typeof item.plugins === 'object') {
      const plugins: Record<string, unknown> = {};
      for (const [prefix, plugin] of Object.entries(item.plugins as Record<string, unknown>)) {
        plugins[prefix] = typeof plugin === 'string' ? await importPlugin(plugin, file, display) : plugin;
      }
      objects.push({ ...(item as ConfigObject), plugins: plugins as ConfigObject['plugins'] });
      continue;
    }
    objects.push(item as ConfigObject);
  }
  return objects;
}

async function importPlugin(specifier: string, configFile: string, display: string): Promise<unknown> {
  try {
    const resolved = createRequire(configFile).resolve(specifier);
    const module = (await importFile(pathToFileURL(resolved).href)) as { default?: unknown };
    return module.default ?? module;
  } catch (error) {
    throw new ConfigError('CONFIG_LOAD', `cannot load plugin "${specifier}": ${firstLine(error)}`, {
      location: { file: display },
      hint: `install it next to the config (npm install ${specifier})`,
    });
  }
}

/** How long a JS config may take to load; IAMLINT_CONFIG_TIMEOUT_MS overrides it (tests). */
function configTimeoutMs(): number {
  const value = Number(process.env['IAMLINT_CONFIG_TIMEOUT_MS']);
  return Number.isFinite(value) && value > 0 ? value : 10_000;
}

async function settlesWithin<T>(promise: Promise<T>, ms: number, timeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(timeout()), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
