import { compare } from '@iamlint/core';

export { compare, isPlainObject as isObject } from '@iamlint/core';

/** The snapshot's timestamp form: UTC, to the second, no milliseconds. */
export function toTimestamp(value: Date | string): string {
  const date = value instanceof Date ? value : new Date(value);
  return date.toISOString().replace(/\.[0-9]{3}Z$/, 'Z');
}

export function optionalTimestamp(value: Date | string | null | undefined): string | null {
  return value === null || value === undefined ? null : toTimestamp(value);
}

/** Last-used times are kept to the UTC day, so a daily snapshot does not churn. */
export function toDay(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' && /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)) return value;
  return toTimestamp(value).slice(0, 10);
}

export function sortBy<T>(items: Iterable<T>, key: (item: T) => string): T[] {
  return [...items].sort((a, b) => compare(key(a), key(b)));
}

export function sortedStrings(items: Iterable<string>): string[] {
  return [...new Set(items)].sort(compare);
}

export function tagsOf(tags: ReadonlyArray<{ Key?: string | undefined; Value?: string | undefined }> | undefined): Record<string, string> {
  return Object.fromEntries(sortBy(tags ?? [], (tag) => tag.Key ?? '').map((tag) => [tag.Key ?? '', tag.Value ?? '']));
}

export function jsonFile(data: unknown): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

const AWS_TIME = /^([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}:[0-9]{2}:[0-9]{2})(\.[0-9]+)?(Z|[+-][0-9]{2}:?[0-9]{2})?$/i;

/**
 * A time as AWS writes it in exports: the CLI's `2023-03-09 10:41:45+00:00`, the SDK's `2023-03-09T10:41:45.000Z`,
 * the credential report's `2026-10-01T08:12:44+00:00`. Epoch milliseconds, NaN when not of that form; a missing
 * zone is UTC, as AWS means it, not the reader's local time. `toSecond` drops any fraction before reading.
 */
export function parseAwsTime(text: string, toSecond = false): number {
  const match = AWS_TIME.exec(text.trim());
  if (!match) return Number.NaN;
  const [, day, time, fraction, zone] = match;
  const offset = zone === undefined || zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-][0-9]{2})([0-9]{2})$/, '$1:$2');
  return Date.parse(`${day}T${time}${toSecond ? '' : (fraction ?? '')}${offset}`);
}

/**
 * `2026-10-01T08:12:44+00:00` → `2026-10-01T08:12:44Z` (fractions dropped); null when not an AWS time. A number is
 * epoch seconds: AWS CLI v1 prints the timestamps of JSON-protocol services (Organizations, Identity Center) that way.
 */
export function awsTimestamp(value: string | number): string | null {
  const millis = typeof value === 'number' ? Math.floor(value) * 1000 : parseAwsTime(value, true);
  return Number.isFinite(millis) ? toTimestamp(new Date(millis)) : null;
}
