import { createHash } from 'node:crypto';
import { loadSnapshot, MANIFEST_FILE, ORGANIZATION_FILE, UsageError, type Manifest, type OrganizationFile } from '@iamlint/core';

/** One part of a sharded collection: shard `index` of `count`, counted from 1 as `--shard 1/4` … `4/4`. */
export interface Shard {
  index: number;
  count: number;
}

/** What a shard collects: the organization and account list an `--org-only` step wrote. */
export interface CollectPlan {
  organization: OrganizationFile;
  accounts: readonly string[];
}

/** `2/4` → { index: 2, count: 4 }; anything else is a UsageError that says the form. */
export function parseShard(text: string): Shard {
  const match = /^([0-9]{1,4})\/([0-9]{1,4})$/.exec(text.trim());
  const index = match ? Number(match[1]) : Number.NaN;
  const count = match ? Number(match[2]) : Number.NaN;
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError('USAGE', `--shard ${text}: expected <i>/<n> with 1 ≤ i ≤ n, e.g. --shard 1/4 … --shard 4/4`, {
      hint: 'shards are counted from 1, as in a matrix of [1, 2, 3, 4]',
    });
  }
  return { index, count };
}

/**
 * The shard (1-based) an account belongs to: the SHA-256 of its id, read as a number, modulo the shard count. It
 * depends on nothing but the id and the count, so every shard computes the same split without talking to the
 * others, and adding or removing an account never moves another one. Changing the count moves most accounts.
 */
export function shardOf(accountId: string, count: number): number {
  const digest = createHash('sha256').update(accountId).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

/**
 * The plan a shard collects from: the organization file and account list an `--org-only` step wrote. The folder's
 * snapshot.json and organization.json are checked as `iamlint audit` would load them.
 */
export function planFromOrgStep(files: ReadonlyMap<string, string>, folder: string): CollectPlan {
  const manifestText = files.get(MANIFEST_FILE);
  const organizationText = files.get(ORGANIZATION_FILE);
  if (manifestText === undefined || organizationText === undefined) {
    throw new UsageError('USAGE', `--org-from ${folder} holds no ${manifestText === undefined ? MANIFEST_FILE : ORGANIZATION_FILE}`, {
      hint: 'give it the folder written by `iamlint collect --org-only`',
    });
  }
  loadSnapshot(new Map([[MANIFEST_FILE, manifestText], [ORGANIZATION_FILE, organizationText]]), folder);
  const manifest = JSON.parse(manifestText) as Manifest;
  return { organization: JSON.parse(organizationText) as OrganizationFile, accounts: manifest.scope.accounts };
}
