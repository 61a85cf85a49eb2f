import {
  ACCOUNT_FILE_PATTERN,
  compare,
  IDENTITY_CENTER_FILE,
  loadSnapshot,
  MANIFEST_FILE,
  ORGANIZATION_FILE,
  SnapshotError,
  UsageError,
  type Gap,
  type Manifest,
} from '@iamlint/core';
import { jsonFile } from './format.js';
import { sortGaps } from './live/gaps.js';

/** One partial snapshot: a name for messages (its folder) and its files, snapshot-relative path → text. */
export interface SnapshotPart {
  name: string;
  files: ReadonlyMap<string, string>;
}

const PART_HINT = 'merge the folders of one sharded collection: the --org-only step and every --shard 1/n … n/n, collected by the same iamlint';

/**
 * The partial snapshots of a sharded collection as one snapshot, the files a single run over the same state writes.
 * Every file but snapshot.json is copied as it is; a file two parts both hold must be the same text. The manifest
 * is rebuilt as a single run builds it: the accounts of every part, every part's gaps in the collector's order,
 * and as `collectedAt` the earliest part's, the time the collection started.
 */
export function mergeSnapshots(parts: readonly SnapshotPart[]): ReadonlyMap<string, string> {
  if (parts.length === 0) throw new UsageError('USAGE', 'nothing to merge', { hint: PART_HINT });
  checkSchemaMajors(parts);
  const manifests = parts.map((part) => ({ part, manifest: readManifest(part) }));

  const first = manifests[0] as { part: SnapshotPart; manifest: Manifest };
  for (const { part, manifest } of manifests) {
    const tool = `${manifest.tool.name} ${manifest.tool.version}`;
    const firstTool = `${first.manifest.tool.name} ${first.manifest.tool.version}`;
    if (tool !== firstTool) {
      throw conflict(`${first.part.name} was collected by ${firstTool} and ${part.name} by ${tool}`, 'collect every part with the same iamlint version');
    }
    const organization = describeOrganization(manifest);
    if (organization !== describeOrganization(first.manifest)) {
      throw conflict(`${first.part.name} is of ${describeOrganization(first.manifest)} and ${part.name} of ${organization}`, PART_HINT);
    }
  }

  // Where each file comes from; texts are read only to compare a file two parts both hold, and when written.
  const merged = new Map<string, SnapshotPart>();
  for (const part of parts) {
    for (const path of part.files.keys()) {
      if (path === MANIFEST_FILE) continue;
      const earlier = merged.get(path);
      if (earlier === undefined) merged.set(path, part);
      else if (earlier.files.get(path) !== part.files.get(path)) throw differs(path, earlier.name, part.name);
    }
  }

  const gaps = sortGaps(manifests.flatMap(({ manifest }) => manifest.gaps));
  const accounts = [...new Set(manifests.flatMap(({ manifest }) => manifest.scope.accounts))].sort(compare);
  checkEveryAccountAccounted(accounts, manifests, merged, gaps);

  const { scope } = first.manifest;
  const manifest: Manifest = {
    schemaVersion: newestSchemaVersion(manifests.map(({ manifest }) => manifest.schemaVersion)),
    collectedAt: manifests.map(({ manifest }) => manifest.collectedAt).sort((a, b) => Date.parse(a) - Date.parse(b))[0] as string,
    tool: first.manifest.tool,
    scope: {
      ...(scope.organizationId !== undefined ? { organizationId: scope.organizationId } : {}),
      ...(scope.managementAccountId !== undefined ? { managementAccountId: scope.managementAccountId } : {}),
      accounts,
    },
    gaps,
  };
  return new MergedFiles(jsonFile(manifest), new Map([...merged].sort(([a], [b]) => compare(a, b))));
}

/**
 * The merged folder's files, each read from its part when asked for: a thousand-account snapshot is about a
 * gigabyte of text, which a merge need not hold at once.
 */
class MergedFiles implements ReadonlyMap<string, string> {
  constructor(
    private readonly manifest: string,
    private readonly sources: ReadonlyMap<string, SnapshotPart>,
  ) {}

  get size(): number {
    return this.sources.size + 1;
  }

  has(path: string): boolean {
    return path === MANIFEST_FILE || this.sources.has(path);
  }

  get(path: string): string | undefined {
    return path === MANIFEST_FILE ? this.manifest : this.sources.get(path)?.files.get(path);
  }

  *keys(): MapIterator<string> {
    yield MANIFEST_FILE;
    yield* this.sources.keys();
  }

  *values(): MapIterator<string> {
    for (const path of this.keys()) yield this.get(path) as string;
  }

  *entries(): MapIterator<[string, string]> {
    for (const path of this.keys()) yield [path, this.get(path) as string];
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  forEach(callback: (value: string, key: string, map: ReadonlyMap<string, string>) => void, thisArg?: unknown): void {
    for (const [path, text] of this.entries()) callback.call(thisArg, text, path, this);
  }
}

/** Before anything is read as a snapshot: parts of different schema majors are never one collection. */
function checkSchemaMajors(parts: readonly SnapshotPart[]): void {
  const majors = parts.map((part) => ({ part: part.name, version: rawSchemaVersion(part) }));
  const known = majors.filter((entry): entry is { part: string; version: string } => entry.version !== undefined);
  const other = known.find((entry) => entry.version.split('.')[0] !== known[0]?.version.split('.')[0]);
  if (other && known[0]) {
    throw conflict(`${known[0].part} has schemaVersion ${known[0].version} and ${other.part} ${other.version}`, 'collect every part again with the same iamlint');
  }
}

function rawSchemaVersion(part: SnapshotPart): string | undefined {
  const text = part.files.get(MANIFEST_FILE);
  if (text === undefined) {
    throw new UsageError('USAGE', `${part.name} holds no ${MANIFEST_FILE}`, { hint: PART_HINT });
  }
  try {
    const version = (JSON.parse(text) as { schemaVersion?: unknown }).schemaVersion;
    return typeof version === 'string' ? version : undefined;
  } catch {
    // The loader says where the JSON is broken.
    return undefined;
  }
}

/** The manifest, organization and Identity Center files checked as `iamlint audit` loads them; account files are compared as text. */
function readManifest(part: SnapshotPart): Manifest {
  const checked = new Map<string, string>();
  for (const path of [MANIFEST_FILE, ORGANIZATION_FILE, IDENTITY_CENTER_FILE]) {
    const text = part.files.get(path);
    if (text !== undefined) checked.set(path, text);
  }
  loadSnapshot(checked, part.name);
  return JSON.parse(checked.get(MANIFEST_FILE) as string) as Manifest;
}

function describeOrganization(manifest: Manifest): string {
  const { organizationId, managementAccountId } = manifest.scope;
  if (organizationId === undefined) return 'no organization';
  return `organization ${organizationId}${managementAccountId ? ` (management account ${managementAccountId})` : ''}`;
}

/**
 * A single run writes, for every account of its scope, the account's file or the gaps that say why not. An account
 * with neither was planned by the --org-only step and collected by no part: a shard is missing.
 */
function checkEveryAccountAccounted(
  accounts: readonly string[],
  manifests: ReadonlyArray<{ part: SnapshotPart; manifest: Manifest }>,
  files: ReadonlyMap<string, SnapshotPart>,
  gaps: readonly Gap[],
): void {
  const withGaps = new Set(gaps.map((gap) => gap.accountId));
  const missing = accounts.filter((id) => !files.has(`accounts/${id}.json`) && !withGaps.has(id));
  if (missing.length === 0) return;
  const listedBy = manifests.filter(({ manifest }) => manifest.scope.accounts.includes(missing[0] as string)).map(({ part }) => part.name);
  const more = missing.length > 1 ? ` and ${missing.length - 1} more` : '';
  throw new UsageError('USAGE', `account ${missing[0]}${more} is in the scope of ${listedBy.join(', ')} but no part holds its file or its gaps`, {
    hint: 'is the folder of a shard missing? merge the --org-only step with every --shard 1/n … n/n',
  });
}

function newestSchemaVersion(versions: readonly string[]): string {
  const minor = (version: string) => Number(version.split('.')[1] ?? 0);
  return [...versions].sort((a, b) => minor(b) - minor(a))[0] as string;
}

function differs(path: string, first: string, second: string): SnapshotError {
  const account = ACCOUNT_FILE_PATTERN.exec(path)?.[1];
  const what = account !== undefined ? `account ${account}` : path;
  const hint =
    account !== undefined
      ? 'each account belongs to one shard: were the parts collected with different shard counts, or at different times?'
      : 'collect the organization once, with --org-only, and give its folder to every shard with --org-from';
  return conflict(`${what} differs between ${first} and ${second}`, hint);
}

function conflict(message: string, hint: string): SnapshotError {
  return new SnapshotError('SNAPSHOT_INCONSISTENT', `cannot merge: ${message}`, { hint });
}
