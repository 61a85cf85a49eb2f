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

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
