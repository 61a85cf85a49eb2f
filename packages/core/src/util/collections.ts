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
 *
 * Two generations of half the capacity each stand in for a strict least-recently-used order: a key asked again is
 * found with one lookup and no reordering (moving it to the end of one map cost more than the answers it kept), a
 * key of the older generation moves to the newer, and the older is let go whole when the newer fills.
 */
export class RecentBuckets<K, B> {
  private newer = new Map<K, B>();
  private older = new Map<K, B>();
  private readonly generation: number;
  private lastKey: K | undefined;
  private lastBucket: B | undefined;

  constructor(capacity: number) {
    this.generation = Math.max(1, Math.floor(capacity / 2));
  }

  get(key: K, create: () => B): B {
    return this.find(key) ?? this.keep(key, create());
  }

  /** The bucket under `key` if it is still kept. */
  find(key: K): B | undefined {
    if (this.lastBucket !== undefined && key === this.lastKey) return this.lastBucket;
    let bucket = this.newer.get(key);
    if (bucket === undefined) {
      bucket = this.older.get(key);
      if (bucket === undefined) return undefined;
      this.keep(key, bucket);
    }
    this.lastKey = key;
    this.lastBucket = bucket;
    return bucket;
  }

  private keep(key: K, bucket: B): B {
    if (this.newer.size >= this.generation) {
      this.older = this.newer;
      this.newer = new Map();
    }
    this.newer.set(key, bucket);
    this.lastKey = key;
    this.lastBucket = bucket;
    return bucket;
  }
}
