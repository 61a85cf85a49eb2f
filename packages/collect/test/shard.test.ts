import { describe, expect, it } from 'vitest';
import { UsageError } from '@iamlint/core';
import { seededRandom } from '@iamlint/core/testing';
import { parseShard, shardOf } from '../src/index.js';

/** 12-digit ids as AWS hands them out: no pattern a hash could lean on. */
function accountIds(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => String(Math.floor(random() * 9e11) + 1e11));
}

describe('shardOf', () => {
  it('puts every account in one shard from 1 to n, evenly enough to size a matrix by', () => {
    const ids = accountIds(1000, 13);
    const sizes = new Map<number, number>();
    for (const id of ids) {
      const shard = shardOf(id, 4);
      sizes.set(shard, (sizes.get(shard) ?? 0) + 1);
    }
    expect([...sizes.keys()].sort()).toEqual([1, 2, 3, 4]);
    for (const size of sizes.values()) expect(Math.abs(size - 250)).toBeLessThan(50);
  });

  it('moves no other account when one is added or removed, unlike an assignment by list position', () => {
    const before = accountIds(300, 7).sort();
    const after = [...before, '604218937551'].sort().slice(1);
    const assign = (ids: string[]) => new Map(ids.map((id) => [id, shardOf(id, 8)]));
    const kept = assign(after);
    for (const [id, shard] of assign(before)) if (kept.has(id)) expect(kept.get(id)).toBe(shard);
    const byPosition = (ids: string[]) => new Map(ids.map((id, index) => [id, (index % 8) + 1]));
    const moved = [...byPosition(before)].filter(([id, shard]) => byPosition(after).has(id) && byPosition(after).get(id) !== shard);
    expect(moved.length).toBeGreaterThan(100);
  });

  it('is the same for the same id on every call, and one shard of one holds everything', () => {
    expect(shardOf('311842569027', 4)).toBe(shardOf('311842569027', 4));
    expect(accountIds(50, 3).every((id) => shardOf(id, 1) === 1)).toBe(true);
  });
});

describe('parseShard', () => {
  it('reads i/n counted from 1', () => {
    expect(parseShard('1/4')).toEqual({ index: 1, count: 4 });
    expect(parseShard('4/4')).toEqual({ index: 4, count: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
  });

  it.each(['0/4', '5/4', 'a/b', '4', '1/0', '-1/4', '1/4/2', ''])('refuses %j as a UsageError', (text) => {
    expect(() => parseShard(text)).toThrow(UsageError);
  });
});
