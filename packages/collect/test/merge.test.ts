import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SnapshotError, type Manifest } from '@iamlint/core';
import { mergeSnapshots, type SnapshotPart } from '../src/index.js';

const DEMO = fileURLToPath(new URL('../../../fixtures/demo-org', import.meta.url));

function demoFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of ['snapshot.json', 'organization.json', 'identity-center.json']) files.set(name, readFileSync(join(DEMO, name), 'utf8'));
  for (const name of readdirSync(join(DEMO, 'accounts'))) files.set(`accounts/${name}`, readFileSync(join(DEMO, 'accounts', name), 'utf8'));
  return files;
}

/** The demo organization cut as a sharded collection would write it: an org step planning every account, and account parts. */
function splitDemo(groups: number): SnapshotPart[] {
  const files = demoFiles();
  const manifest = JSON.parse(files.get('snapshot.json') as string) as Manifest;
  const withManifest = (name: string, accounts: string[], entries: Array<[string, string]>): SnapshotPart => {
    const part: Manifest = { ...manifest, scope: { ...manifest.scope, accounts }, gaps: manifest.gaps.filter((gap) => gap.accountId !== undefined && accounts.includes(gap.accountId)) };
    return { name, files: new Map([['snapshot.json', `${JSON.stringify(part, null, 2)}\n`], ...entries]) };
  };
  const organization = withManifest('org', manifest.scope.accounts, [
    ['organization.json', files.get('organization.json') as string],
    ['identity-center.json', files.get('identity-center.json') as string],
  ]);
  const orgGaps = manifest.gaps.filter((gap) => gap.accountId === undefined);
  (organization.files as Map<string, string>).set('snapshot.json', `${JSON.stringify({ ...manifest, gaps: orgGaps }, null, 2)}\n`);
  const shards = Array.from({ length: groups }, (_, index) => {
    const accounts = manifest.scope.accounts.filter((_id, at) => at % groups === index);
    return withManifest(`shard-${index + 1}`, accounts, accounts.map((id) => [`accounts/${id}.json`, files.get(`accounts/${id}.json`) as string]));
  });
  return [organization, ...shards];
}

describe('mergeSnapshots', () => {
  it('gives back the demo organization, file for file, from an org part and three account parts', () => {
    const merged = mergeSnapshots(splitDemo(3));
    const demo = demoFiles();
    expect([...merged.keys()].sort()).toEqual([...demo.keys()].sort());
    for (const [path, text] of demo) expect(merged.get(path), path).toBe(text);
  });

  it('refuses parts collected by different iamlint versions', () => {
    const [organization, ...shards] = splitDemo(2);
    const shard = shards[0] as SnapshotPart;
    const manifest = JSON.parse(shard.files.get('snapshot.json') as string) as Manifest;
    const newer: SnapshotPart = { name: 'shard-1', files: new Map([...shard.files, ['snapshot.json', JSON.stringify({ ...manifest, tool: { name: 'iamlint', version: '0.2.0' } })]]) };
    expect(() => mergeSnapshots([organization as SnapshotPart, newer, shards[1] as SnapshotPart])).toThrow(SnapshotError);
    expect(() => mergeSnapshots([organization as SnapshotPart, newer, shards[1] as SnapshotPart])).toThrow(/cannot merge: org was collected by iamlint [^ ]+ and shard-1 by iamlint 0\.2\.0/);
  });

  it('refuses a malformed manifest where it is broken, and nothing at all', () => {
    const broken = (() => {
      try {
        mergeSnapshots([{ name: 'shard-9', files: new Map([['snapshot.json', '{"schemaVersion": "1.1",']]) }]);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(broken).toBeInstanceOf(SnapshotError);
    expect((broken as SnapshotError).format()).toMatch(/^shard-9\/snapshot\.json:1:[0-9]+: malformed JSON/);
    expect(() => mergeSnapshots([])).toThrow('nothing to merge');
  });
});
