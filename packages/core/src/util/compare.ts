/**
 * Orders strings by UTF-16 code unit, as `Array.prototype.sort` does by default: the same order on every machine
 * and locale, which deterministic output needs (`localeCompare` is neither).
 */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
