import { describe, expect, it } from 'vitest';
import { RecentBuckets } from '../src/util/collections.js';

// Accounts of an organization, asked about one after another, with the management account asked about by each.
const MANAGEMENT = '111122223333';
const accounts = Array.from({ length: 40 }, (_, index) => String(400_000_000_000 + index * 7_919));

describe('RecentBuckets', () => {
  it('keeps the bucket of a key asked about at least once in every half capacity of other keys', () => {
    const buckets = new RecentBuckets<string, string[]>(8);
    const management = buckets.get(MANAGEMENT, () => []);
    for (const [index, account] of accounts.entries()) {
      buckets.get(account, () => []).push(account);
      if (index % 3 === 2) expect(buckets.get(MANAGEMENT, () => [])).toBe(management);
    }
    expect(buckets.find(MANAGEMENT)).toBe(management);
  });

  it('keeps the last keys asked about, and lets go of those not asked about since as many others', () => {
    const buckets = new RecentBuckets<string, string[]>(8);
    const created = accounts.map((account) => buckets.get(account, () => [account]));
    const last = accounts.slice(-4);
    for (const account of last) expect(buckets.find(account)).toBe(created[accounts.indexOf(account)]);
    expect(buckets.find(accounts[0] as string)).toBeUndefined();
    expect(buckets.find(accounts[accounts.length - 9] as string)).toBeUndefined();
    const again = buckets.get(accounts[0] as string, () => ['recomputed']);
    expect(again).toEqual(['recomputed']);
  });

  it('holds at most its capacity of buckets', () => {
    const buckets = new RecentBuckets<string, string[]>(8);
    for (const account of accounts) buckets.get(account, () => [account]);
    expect(accounts.filter((account) => buckets.find(account) !== undefined).length).toBeLessThanOrEqual(8);
  });
});
