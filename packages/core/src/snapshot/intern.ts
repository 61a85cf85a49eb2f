/**
 * Keeps one copy of documents that repeat across account files. AWS managed policy documents are identical in
 * every account that attaches them and are the bulk of a snapshot: interned, a thousand accounts hold one
 * ReadOnlyAccess, normalised and indexed once (the policy engine's caches are keyed by document identity).
 */
export class DocumentInterner {
  private readonly byKey = new Map<string, unknown[]>();

  /** The first document seen under `key` that is equal to this one (same keys in the same order), else this one. */
  intern(key: string, document: unknown): unknown {
    const seen = this.byKey.get(key);
    if (!seen) {
      this.byKey.set(key, [document]);
      return document;
    }
    for (const candidate of seen) if (identicalJson(candidate, document)) return candidate;
    seen.push(document);
    return document;
  }
}

/** Whether two parsed JSON values are the same text up to whitespace: key order counts. Iterative, for hostile depth. */
export function identicalJson(a: unknown, b: unknown): boolean {
  const stack: unknown[] = [a, b];
  while (stack.length > 0) {
    const right = stack.pop();
    const left = stack.pop();
    if (left === right) continue;
    if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
    if (Array.isArray(left)) {
      if (!Array.isArray(right) || left.length !== right.length) return false;
      for (let i = 0; i < left.length; i++) stack.push(left[i], right[i]);
      continue;
    }
    if (Array.isArray(right)) return false;
    const leftKeys = Object.keys(left);
    const rightKeys = Object.keys(right);
    if (leftKeys.length !== rightKeys.length) return false;
    for (let i = 0; i < leftKeys.length; i++) {
      const key = leftKeys[i] as string;
      if (key !== rightKeys[i]) return false;
      stack.push((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key]);
    }
  }
  return true;
}
