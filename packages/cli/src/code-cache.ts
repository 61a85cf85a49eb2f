import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

/** What became of the code cache in this run: `used` (V8 took it), `absent`, `rejected` (by the checks or by V8), `off`. */
export type CodeCacheState = 'used' | 'absent' | 'rejected' | 'off';

export interface CachedBundle<Exports> {
  readonly exports: Exports;
  readonly cacheState: CodeCacheState;
  /** Writes V8's code for what this run compiled when the cache lacked it; never throws, never writes a partial file. */
  saveCache(): void;
}

const DIGEST_BYTES = 32;
// A cache file: the SHA-256 of the bundle it was made from, the SHA-256 of what follows; the length of the list of
// the kinds of run it holds the code of (2 bytes), the list (comma-separated ASCII), the code.
const HEADER_BYTES = 2 * DIGEST_BYTES;
const KINDS_LENGTH_BYTES = 2;
const RUN_KIND = /^[a-z][a-z0-9-]{0,31}$/;
const MAX_KINDS = 32;
// Cache files of other bundles or Node versions, written this long before a new one, are removed with its writing.
const STALE_AFTER_MS = 30 * 24 * 60 * 60 * 1000;
const CACHE_SUFFIX = '.v8cache';

/** Where the code cache lives: IAMLINT_CACHE_DIR ('' for none), else the user's cache folder; none with NODE_DISABLE_COMPILE_CACHE=1. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env['NODE_DISABLE_COMPILE_CACHE'] === '1') return undefined;
  if (env['IAMLINT_CACHE_DIR'] !== undefined) return env['IAMLINT_CACHE_DIR'] || undefined;
  // As the XDG spec says, a relative XDG_CACHE_HOME is ignored.
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg && isAbsolute(xdg)) return join(xdg, 'iamlint');
  try {
    return join(homedir(), '.cache', 'iamlint');
  } catch {
    // No home folder (a user without a passwd entry): run without a cache.
    return undefined;
  }
}

const sha256 = (bytes: Uint8Array): Buffer => createHash('sha256').update(bytes).digest();

/**
 * Runs a CommonJS bundle through V8 with a code cache (built with `import.meta.url` defined as `__iamlintModuleUrl`,
 * import-file.ts as a call of `__iamlintImportFile`, which this ES module answers, and no other import()),
 * sparing each run the parse and compile of megabytes of code: Node 20 has no compile cache for ES modules.
 * The cache file is named by the SHA-256 of the bundle's exact bytes and by the Node, V8 and CPU it was made for, and
 * starts with that digest and the SHA-256 of its code: a cache of other code (V8 itself checks only the source's
 * length), or torn or altered on disk, is never handed to V8, which itself refuses code of another version or flags. Returns undefined when the bundle cannot be read or
 * compiled, so the caller can load the ES modules instead.
 *
 * V8 caches the functions a run has compiled, so a cache made by one command lacks the code of the others: the cache
 * lists the kinds of run (`runKind`, the command) it was made by, and a run of a kind not listed writes it again, with
 * what the cache held and what this run added.
 */
export function loadCachedBundle<Exports>(bundleFile: string, cacheDir: string | undefined, runKind = 'run'): CachedBundle<Exports> | undefined {
  let source: string;
  let sourceDigest: Buffer;
  let cacheFile: string | undefined;
  try {
    const bytes = readFileSync(bundleFile);
    // Latin-1 is a copy where UTF-8 is a decode, and gives the same text for ASCII, which build-package.mjs makes sure of.
    source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
    sourceDigest = sha256(bytes);
    if (cacheDir !== undefined) {
      const key = `${sourceDigest.toString('hex').slice(0, 32)}-node${process.version}-v8-${process.versions.v8}-${process.arch}`;
      cacheFile = join(cacheDir, `${basename(bundleFile)}-${key}${CACHE_SUFFIX}`);
    }
  } catch {
    return undefined;
  }
  const cached = cacheFile === undefined ? undefined : readVerifiedCache(cacheFile, sourceDigest);
  let script: vm.Script;
  let exports: Exports;
  try {
    // Strict, as the ES modules the bundle was made from are.
    const wrapped = `(function (exports, require, module, __filename, __dirname, __iamlintModuleUrl, __iamlintImportFile) {"use strict";${source}\n})`;
    script = new vm.Script(wrapped, { filename: bundleFile, ...(cached?.data ? { cachedData: cached.data } : {}) });
    const module = { exports: {} as Exports };
    const run = script.runInThisContext() as (...args: unknown[]) => void;
    const importFile = (url: string): Promise<unknown> => import(url);
    run(module.exports, createRequire(bundleFile), module, bundleFile, dirname(bundleFile), pathToFileURL(bundleFile).href, importFile);
    exports = module.exports;
  } catch {
    return undefined;
  }
  const cacheState: CodeCacheState =
    cacheFile === undefined ? 'off' : cached === undefined ? 'absent' : cached.data === undefined || script.cachedDataRejected === true ? 'rejected' : 'used';
  const kinds = cacheState === 'used' ? cached!.kinds : [];
  return {
    exports,
    cacheState,
    saveCache() {
      const kind = RUN_KIND.test(runKind) ? runKind : 'other';
      if (cacheFile === undefined || (cacheState === 'used' && (kinds.includes(kind) || kinds.length >= MAX_KINDS))) return;
      try {
        writeCache(cacheFile, sourceDigest, [...kinds, kind].sort(), script.createCachedData());
      } catch {
        // A read-only or full disk costs the next run its compile, nothing more.
      }
    },
  };
}

const REJECTED = { data: undefined, kinds: [] } as const;

/** The cache's code if it was made from this bundle, is whole, and its folder is the user's own; `data: undefined` if not. */
function readVerifiedCache(cacheFile: string, sourceDigest: Buffer): { data: Buffer | undefined; kinds: readonly string[] } | undefined {
  let contents: Buffer;
  try {
    if (!ownFolder(dirname(cacheFile))) return REJECTED;
    contents = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  if (contents.length <= HEADER_BYTES + KINDS_LENGTH_BYTES || !sourceDigest.equals(contents.subarray(0, DIGEST_BYTES))) return REJECTED;
  if (!sha256(contents.subarray(HEADER_BYTES)).equals(contents.subarray(DIGEST_BYTES, HEADER_BYTES))) return REJECTED;
  const codeAt = HEADER_BYTES + KINDS_LENGTH_BYTES + contents.readUInt16LE(HEADER_BYTES);
  if (codeAt >= contents.length) return REJECTED;
  const kinds = contents.toString('latin1', HEADER_BYTES + KINDS_LENGTH_BYTES, codeAt).split(',');
  return { data: contents.subarray(codeAt), kinds };
}

/** Compiled code is code: only from a folder that no other user can write into. */
function ownFolder(folder: string): boolean {
  const stats = statSync(folder);
  if (typeof process.getuid !== 'function') return stats.isDirectory();
  return stats.isDirectory() && stats.uid === process.getuid() && (stats.mode & 0o022) === 0;
}

function writeCache(cacheFile: string, sourceDigest: Buffer, kinds: readonly string[], data: Buffer): void {
  const folder = dirname(cacheFile);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (!ownFolder(folder)) return;
  // Renamed into place, so a concurrent run reads the old file, the new one, or none, never half of one.
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  const kindList = Buffer.from(kinds.join(','), 'latin1');
  const kindsLength = Buffer.alloc(KINDS_LENGTH_BYTES);
  kindsLength.writeUInt16LE(kindList.length);
  const rest = Buffer.concat([kindsLength, kindList, data]);
  writeFileSync(temporary, Buffer.concat([sourceDigest, sha256(rest), rest]), { mode: 0o600 });
  renameSync(temporary, cacheFile);
  const written = statSync(cacheFile).mtimeMs;
  for (const name of readdirSync(folder)) {
    if (!name.endsWith(CACHE_SUFFIX) && !name.endsWith('.tmp')) continue;
    const path = join(folder, name);
    if (path !== cacheFile && written - statSync(path).mtimeMs > STALE_AFTER_MS) unlinkSync(path);
  }
}
