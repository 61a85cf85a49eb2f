export type Limit = <T>(task: () => Promise<T>) => Promise<T>;

/** Runs at most `concurrency` tasks at once, in the order they were queued. */
export function createLimit(concurrency: number): Limit {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a whole number ≥ 1, got ${concurrency}`);
  let running = 0;
  const queue: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= concurrency) await new Promise<void>((resolve) => queue.push(resolve));
    else running += 1;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, so `running` never over- or under-counts.
      const waiter = queue.shift();
      if (waiter) waiter();
      else running -= 1;
    }
  };
}

/** Maps with a bound on how many `map` calls run at once; results keep the input order. */
export async function mapLimited<T, R>(items: readonly T[], limit: Limit, map: (item: T) => Promise<R>): Promise<R[]> {
  return Promise.all(items.map((item) => limit(() => map(item))));
}

export interface PollSettings {
  /** First wait between polls (ms). */
  initialDelayMs: number;
  /** The wait doubles up to this (ms). */
  maxDelayMs: number;
  /** Give up after this many polls. */
  maxPolls: number;
}

export const DEFAULT_POLL: PollSettings = { initialDelayMs: 500, maxDelayMs: 4000, maxPolls: 40 };

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The wait before poll number `attempt` (0-based): doubling back-off, capped. */
export function pollDelay(settings: PollSettings, attempt: number): number {
  return Math.min(settings.maxDelayMs, settings.initialDelayMs * 2 ** attempt);
}
