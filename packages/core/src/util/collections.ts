/** Appends to the list under `key`, creating it. */
export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Adds to the set under `key`, creating it. */
export function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

/** A JSON object: not null, not an array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Buckets of memoised answers for the keys used most recently (accounts, for the policy questions): a run over
 * a thousand accounts keeps the answers of the account at hand and of those every account asks about (the
 * management and security accounts), and lets the others go. Whatever is let go is computed again when asked.
 */
export class RecentBuckets<K, B> {
  private readonly buckets = new Map<K, B>();
  private lastKey: K | undefined;
  private lastBucket: B | undefined;

  constructor(private readonly capacity: number) {}

  get(key: K, create: () => B): B {
    if (this.lastBucket !== undefined && key === this.lastKey) return this.lastBucket;
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = create();
      if (this.buckets.size >= this.capacity) this.buckets.delete(this.buckets.keys().next().value as K);
    } else {
      this.buckets.delete(key);
    }
    this.buckets.set(key, bucket);
    this.lastKey = key;
    this.lastBucket = bucket;
    return bucket;
  }
}
