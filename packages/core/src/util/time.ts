const DAY_MS = 86_400_000;

/** Whole days from a timestamp or YYYY-MM-DD day to `now`, counted on UTC calendar days. */
export function daysSince(value: string, now: Date): number {
  const then = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  const startOfThen = Math.floor(then / DAY_MS);
  const startOfNow = Math.floor(now.getTime() / DAY_MS);
  return startOfNow - startOfThen;
}

/** An ISO-8601 duration of hours and minutes (PT8H, PT1H30M, PT12H) in minutes; NaN when not of that form. */
export function durationMinutes(duration: string): number {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(duration);
  if (!match || (match[1] === undefined && match[2] === undefined)) return Number.NaN;
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}
