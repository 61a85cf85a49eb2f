import { readFileSync } from 'node:fs';
import { IAM_DATA_UPDATED_AT, IAM_DATA_VERSION, SCHEMA_VERSION } from '@iamlint/core/about';

let cached: string | undefined;

/** The CLI package's version; read from package.json, which sits one level above both src/ and dist/. */
export function toolVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}

export function versionText(): string {
  return `iamlint ${toolVersion()} (snapshot format ${SCHEMA_VERSION}; IAM action data ${IAM_DATA_VERSION} of ${IAM_DATA_UPDATED_AT.slice(0, 10)})`;
}
