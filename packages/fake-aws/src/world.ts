import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import {
  ACCOUNT_FILE_PATTERN,
  IDENTITY_CENTER_FILE,
  isSnapshotFile,
  loadSnapshot,
  ORGANIZATION_FILE,
  SnapshotError,
  type AccountFile,
  type IdentityCenterFile,
  type OrganizationFile,
} from '@iamlint/core';
import type { FakeWorld } from './types.js';

/**
 * Builds a world from the texts of a snapshot folder (snapshot-relative path → content), validated by the
 * snapshot loader so a broken fixture fails with the loader's one-line error.
 */
export function worldFromSnapshotFiles(files: ReadonlyMap<string, string>, certificates?: string[]): FakeWorld {
  loadSnapshot(files);
  const parse = <T>(path: string): T => JSON.parse(files.get(path) as string) as T;
  const accounts = [...files.keys()]
    .filter((path) => ACCOUNT_FILE_PATTERN.test(path))
    .sort()
    .map((path) => parse<AccountFile>(path));
  return {
    organization: files.has(ORGANIZATION_FILE) ? parse<OrganizationFile>(ORGANIZATION_FILE) : null,
    identityCenter: files.has(IDENTITY_CENTER_FILE) ? parse<IdentityCenterFile>(IDENTITY_CENTER_FILE) : null,
    accounts,
    ...(certificates ? { certificates } : {}),
  };
}

/** Reads a snapshot folder; certificates default to the PEM files in `<folder>/../certs/` when that folder exists. */
export function worldFromSnapshotFolder(folder: string, certificatesFolder?: string): FakeWorld {
  if (!existsSync(folder)) {
    throw new SnapshotError('SNAPSHOT_NOT_FOUND', `snapshot folder ${folder} does not exist`, {
      hint: 'pass a folder written by `iamlint collect`, such as fixtures/demo-org',
    });
  }
  const files = new Map<string, string>();
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/');
    if (isSnapshotFile(path)) files.set(path, readFileSync(join(folder, path), 'utf8'));
  }
  const certs = certificatesFolder ?? join(dirname(folder.replace(/[\\/]+$/, '')), 'certs');
  const certificates =
    certificatesFolder !== undefined || existsSync(certs)
      ? readdirSync(certs)
          .filter((name) => name.endsWith('.pem'))
          .sort()
          .map((name) => readFileSync(join(certs, name), 'utf8'))
      : undefined;
  return worldFromSnapshotFiles(files, certificates);
}
