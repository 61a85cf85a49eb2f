// The collector against answers mutated at random (seeded): keys missing, nulls, zeros, extra keys, wrong types.
// Whatever it writes, the loader must accept.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSnapshot, type Manifest } from '@iamlint/core';
import { seededRandom } from '@iamlint/core/testing';
import { startFakeAws, worldFromSnapshotFolder } from '@iamlint/fake-aws';
import { collectSnapshot } from '../src/index.js';

const DEMO = fileURLToPath(new URL('../../../fixtures/demo-org', import.meta.url));
const world = worldFromSnapshotFolder(DEMO);


type Json = Record<string, unknown>;

/** Mutates about `rate` of the members of an answer, in place, and counts what it did. */
function mutator(next: () => number, rate: number, counts: Record<string, number>) {
  const mutations: Array<[string, (value: unknown) => unknown]> = [
    ['missing', () => undefined],
    ['null', () => null],
    ['zero', () => 0],
    ['wrong type', (value) => (typeof value === 'string' ? { Value: value } : typeof value === 'object' && value !== null ? 'x' : String(value).length > 0 ? [String(value)] : 'x')],
    ['empty', (value) => (Array.isArray(value) ? [] : typeof value === 'string' ? '' : {})],
  ];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (typeof node !== 'object' || node === null || node.constructor !== Object) return;
    const record = node as Json;
    for (const key of Object.keys(record)) {
      if (next() < rate) {
        const [name, change] = mutations[Math.floor(next() * mutations.length)] as [string, (value: unknown) => unknown];
        const value = change(record[key]);
        if (value === undefined) delete record[key];
        else record[key] = value;
        counts[name] = (counts[name] ?? 0) + 1;
      } else {
        walk(record[key]);
      }
      if (next() < rate / 4) {
        record[`Unexpected${Math.floor(next() * 1000)}`] = 'extra';
        counts.extra = (counts.extra ?? 0) + 1;
      }
    }
  };
  return (answer: { action: string; body: Json }): Json => {
    // Without the caller's identity nothing is collected at all: that is a one-line error, tested elsewhere.
    if (answer.action === 'GetCallerIdentity') return answer.body;
    const body = structuredClone(answer.body);
    walk(body);
    return body;
  };
}

describe('collectSnapshot against randomly mutated answers', () => {
  const gapKinds: string[] = [];

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])('seed %i: every file it writes loads', async (seed) => {
    const counts: Record<string, number> = {};
    const fake = await startFakeAws({ world: structuredClone(world), mutate: mutator(seededRandom(seed), seed % 2 === 0 ? 0.005 : 0.02, counts) });
    try {
      const result = await collectSnapshot({
        toolVersion: '0.1.0',
        org: true,
        now: () => new Date('2026-11-20T06:00:00Z'),
        clientConfig: { endpoint: fake.endpoint, region: fake.region, credentials: fake.credentials, maxAttempts: 1 },
        poll: { initialDelayMs: 1, maxDelayMs: 2, maxPolls: 5 },
      });
      expect(() => loadSnapshot(result.files)).not.toThrow();
      const manifest = JSON.parse(result.files.get('snapshot.json') as string) as Manifest;
      // The answers were mutated, and the run got past the caller's identity.
      expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
      expect(manifest.scope.accounts.length).toBeGreaterThan(0);
      gapKinds.push(...manifest.gaps.map((gap) => `${gap.kind ?? gap.error}${gap.entity ? ' entity' : ''}`));
    } finally {
      await fake.close();
    }
  }, 120_000);

  it('reached the schema check: some entities were left out or made unknown one by one, with gaps naming them', () => {
    expect(gapKinds.filter((kind) => kind === 'invalid entity').length).toBeGreaterThan(10);
  });
});
