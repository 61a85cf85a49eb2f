/**
 * Whether two JSON values are equal, ignoring the order of object keys. Iterative, so a hostile, deeply nested
 * document cannot overflow the stack.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  const stack: unknown[] = [a, b];
  while (stack.length > 0) {
    const right = stack.pop();
    const left = stack.pop();
    if (left === right) continue;
    if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
    if (Array.isArray(left) !== Array.isArray(right)) return false;
    if (Array.isArray(left)) {
      const other = right as unknown[];
      if (left.length !== other.length) return false;
      for (let i = 0; i < left.length; i++) stack.push(left[i], other[i]);
      continue;
    }
    const leftRecord = left as Record<string, unknown>;
    const rightRecord = right as Record<string, unknown>;
    const keys = Object.keys(leftRecord);
    if (keys.length !== Object.keys(rightRecord).length) return false;
    for (const key of keys) {
      if (!Object.hasOwn(rightRecord, key)) return false;
      stack.push(leftRecord[key], rightRecord[key]);
    }
  }
  return true;
}

/**
 * Compares documents of the old snapshot with those of the new one. Snapshot documents are frozen and shared
 * (a managed policy's document by every principal it is attached to), so each pair is compared once.
 */
export class DocumentComparer {
  private readonly pairs = new WeakMap<object, WeakMap<object, boolean>>();

  same(before: unknown, after: unknown): boolean {
    if (before === after) return true;
    if (typeof before !== 'object' || typeof after !== 'object' || before === null || after === null) return sameJson(before, after);
    let known = this.pairs.get(before);
    if (!known) {
      known = new WeakMap();
      this.pairs.set(before, known);
    }
    let result = known.get(after);
    if (result === undefined) {
      result = sameJson(before, after);
      known.set(after, result);
    }
    return result;
  }
}
