import { readFileSync } from 'node:fs';
import { actionCatalog, SCHEMA_VERSION } from '@iamlint/core';

let cached: string | undefined;

/** The CLI package's version; read from package.json, which sits one level above both src/ and dist/. */
export function toolVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}

export function versionText(): string {
  const { version, updatedAt } = actionCatalog.data;
  return `iamlint ${toolVersion()} (snapshot format ${SCHEMA_VERSION}; IAM action data ${version} of ${updatedAt.slice(0, 10)})`;
}
