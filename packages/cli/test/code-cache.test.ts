import { chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeCacheDir, loadCachedBundle } from '../src/code-cache.js';
import { tempDir } from './helpers.js';

// A bundle as build-package.mjs writes cli.cjs: CommonJS, Node's require, import.meta.url as __iamlintModuleUrl.
function bundleSource(): string {
  return `"use strict";
const { basename } = require('node:path');
const statement = { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: 'arn:aws:s3:::example-logs/*' };
const matches = (pattern, action) => pattern.endsWith('*') ? action.startsWith(pattern.slice(0, -1)) : pattern === action;
module.exports.load = (url) => __iamlintImportFile(url);
module.exports.main = (action) => ({
  file: basename(new URL(__iamlintModuleUrl).pathname),
  decision: statement.Action.some((pattern) => matches(pattern, action)) ? statement.Effect : 'ImplicitDeny',
});
`;
}

type Bundle = { main: (action: string) => { file: string; decision: string }; load: (url: string) => Promise<{ default: unknown }> };

async function setUp(): Promise<{ bundle: string; cache: string }> {
  const dir = await tempDir();
  const bundle = join(dir, 'cli.cjs');
  await writeFile(bundle, bundleSource());
  const cache = join(dir, 'cache');
  return { bundle, cache };
}

async function onlyCacheFile(cache: string): Promise<string> {
  const names = (await readdir(cache)).filter((name) => name.endsWith('.v8cache'));
  expect(names).toHaveLength(1);
  return join(cache, names[0]!);
}

describe('the V8 code cache of the CLI bundle', () => {
  it('is written after the first run and used by the next, with the same results', async () => {
    const { bundle, cache } = await setUp();
    const first = loadCachedBundle<Bundle>(bundle, cache)!;
    expect(first.cacheState).toBe('absent');
    expect(first.exports.main('s3:GetObject')).toEqual({ file: 'cli.cjs', decision: 'Allow' });
    first.saveCache();
    const file = await onlyCacheFile(cache);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(cache)).mode & 0o777).toBe(0o700);

    const second = loadCachedBundle<Bundle>(bundle, cache)!;
    expect(second.cacheState).toBe('used');
    expect(second.exports.main('s3:GetObject')).toEqual({ file: 'cli.cjs', decision: 'Allow' });
    expect(second.exports.main('s3:PutObject')).toEqual({ file: 'cli.cjs', decision: 'ImplicitDeny' });
  });

  it('is written again, keeping what it held, by a kind of run it was not made by, and only then', async () => {
    const { bundle, cache } = await setUp();
    loadCachedBundle<Bundle>(bundle, cache, 'import')!.saveCache();
    const file = await onlyCacheFile(cache);
    const madeByImport = await readFile(file);

    const audit = loadCachedBundle<Bundle>(bundle, cache, 'audit')!;
    expect(audit.cacheState).toBe('used');
    // main() runs for the first time here, so V8 compiles it now: the cache made by `import` lacks its code.
    expect(audit.exports.main('s3:GetObject').decision).toBe('Allow');
    audit.saveCache();
    const madeByBoth = await readFile(file);
    expect(madeByBoth.length).toBeGreaterThan(madeByImport.length);
    expect(madeByBoth.toString('latin1')).toContain('audit,import');

    const written = (await stat(file)).ino;
    for (const kind of ['audit', 'import']) {
      const run = loadCachedBundle<Bundle>(bundle, cache, kind)!;
      expect(run.cacheState).toBe('used');
      expect(run.exports.main('s3:PutObject').decision).toBe('ImplicitDeny');
      run.saveCache();
    }
    expect((await stat(file)).ino).toBe(written);
    expect(await readFile(file)).toEqual(madeByBoth);
  });

  it('imports ES module files by URL (config files, plugins) also when its code came from the cache', async () => {
    const { bundle, cache } = await setUp();
    const config = join(bundle, '..', 'iamlint.config.mjs');
    await writeFile(config, "export default [{ accounts: ['111122223333'], rules: { 'root-access-keys': 'off' } }];\n");
    for (const state of ['absent', 'used']) {
      const run = loadCachedBundle<Bundle>(bundle, cache)!;
      expect(run.cacheState).toBe(state);
      expect((await run.exports.load(pathToFileURL(config).href)).default).toEqual([{ accounts: ['111122223333'], rules: { 'root-access-keys': 'off' } }]);
      run.saveCache();
    }
  });

  it('ignores a corrupt or truncated cache, runs the bundle as it is, and rewrites the cache', async () => {
    const { bundle, cache } = await setUp();
    loadCachedBundle<Bundle>(bundle, cache)!.saveCache();
    const file = await onlyCacheFile(cache);
    const good = await readFile(file);

    const flipped = Buffer.from(good);
    flipped[flipped.length - 100] = flipped[flipped.length - 100]! ^ 0xff;
    for (const damaged of [flipped, good.subarray(0, good.length - 1), good.subarray(0, 40), Buffer.alloc(0)]) {
      await writeFile(file, damaged);
      const run = loadCachedBundle<Bundle>(bundle, cache)!;
      expect(run.cacheState).toBe('rejected');
      expect(run.exports.main('s3:ListBucket').decision).toBe('Allow');
      run.saveCache();
      expect(loadCachedBundle<Bundle>(bundle, cache)!.cacheState).toBe('used');
    }
  });

  it('never runs the code of another bundle of the same length, even when its cache is renamed to match', async () => {
    const { bundle, cache } = await setUp();
    loadCachedBundle<Bundle>(bundle, cache)!.saveCache();
    const allowCache = await readFile(await onlyCacheFile(cache));

    // 'Allow' and 'Deny' plus a space differ, the length does not: V8's own check of a cache compares only the length.
    await writeFile(bundle, bundleSource().replace("Effect: 'Allow'", "Effect: 'Deny' "));
    const changed = loadCachedBundle<Bundle>(bundle, cache)!;
    expect(changed.cacheState).toBe('absent');
    expect(changed.exports.main('s3:GetObject').decision).toBe('Deny');
    changed.saveCache();

    const names = (await readdir(cache)).filter((name) => name.endsWith('.v8cache'));
    expect(names).toHaveLength(2);
    for (const name of names) await writeFile(join(cache, name), allowCache);
    const renamed = loadCachedBundle<Bundle>(bundle, cache)!;
    expect(renamed.cacheState).toBe('rejected');
    expect(renamed.exports.main('s3:GetObject').decision).toBe('Deny');
  });

  it('reads and writes no cache in a folder other users can write into', async () => {
    const { bundle, cache } = await setUp();
    loadCachedBundle<Bundle>(bundle, cache)!.saveCache();
    await chmod(cache, 0o777);
    const shared = loadCachedBundle<Bundle>(bundle, cache)!;
    expect(shared.cacheState).toBe('rejected');
    expect(shared.exports.main('s3:GetObject').decision).toBe('Allow');
    await chmod(cache, 0o700);
    expect(loadCachedBundle<Bundle>(bundle, cache)!.cacheState).toBe('used');
  });

  it('runs without a cache where none can be written, and without a bundle returns nothing', async () => {
    const { bundle } = await setUp();
    const unwritable = join(bundle, 'cache');
    const run = loadCachedBundle<Bundle>(bundle, unwritable)!;
    expect(run.cacheState).toBe('absent');
    expect(() => run.saveCache()).not.toThrow();
    expect(run.exports.main('s3:GetObject').decision).toBe('Allow');

    const off = loadCachedBundle<Bundle>(bundle, undefined)!;
    expect(off.cacheState).toBe('off');
    expect(off.exports.main('s3:PutObject').decision).toBe('ImplicitDeny');

    expect(loadCachedBundle(join(bundle, '..', 'missing.cjs'), unwritable)).toBeUndefined();
    const broken = join(bundle, '..', 'broken.cjs');
    await writeFile(broken, 'module.exports.main = (');
    expect(loadCachedBundle(broken, join(bundle, '..', 'cache2'))).toBeUndefined();
  });

  it('lives in the user cache folder, or where IAMLINT_CACHE_DIR says, and nowhere with NODE_DISABLE_COMPILE_CACHE=1', () => {
    expect(codeCacheDir({ XDG_CACHE_HOME: '/home/ana/.cache-x' })).toBe('/home/ana/.cache-x/iamlint');
    expect(codeCacheDir({ IAMLINT_CACHE_DIR: '/var/tmp/ci-cache', XDG_CACHE_HOME: '/home/ana/.cache-x' })).toBe('/var/tmp/ci-cache');
    expect(codeCacheDir({ IAMLINT_CACHE_DIR: '' })).toBeUndefined();
    expect(codeCacheDir({ NODE_DISABLE_COMPILE_CACHE: '1', IAMLINT_CACHE_DIR: '/var/tmp/ci-cache' })).toBeUndefined();
    expect(codeCacheDir({})).toMatch(/[/\\]\.cache[/\\]iamlint$/);
    expect(codeCacheDir({ XDG_CACHE_HOME: 'relative/cache' })).toMatch(/[/\\]\.cache[/\\]iamlint$/);
  });
});
