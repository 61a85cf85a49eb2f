import { readFileSync } from 'node:fs';
import { SCHEMA_VERSION } from '@iamlint/core';

let cached: string | undefined;

/** The CLI package's version; read from package.json, which sits one level above both src/ and dist/. */
export function toolVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}

export function versionText(): string {
  return `iamlint ${toolVersion()} (snapshot format ${SCHEMA_VERSION})`;
}
