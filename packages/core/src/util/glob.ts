/**
 * Matches `*` (any run of characters) and `?` (one character) without building a regular expression
 * from user input: a two-pointer walk that only ever resumes from the last `*`, so it is O(n·m) at
 * worst and never backtracks exponentially. `literal[i]` marks pattern characters that stand for
 * themselves even when they are `*` or `?` (text substituted from a policy variable).
 */
export function wildcardMatch(pattern: string, text: string, caseInsensitive = false, literal?: readonly boolean[]): boolean {
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const t = caseInsensitive ? text.toLowerCase() : text;
  let pi = 0;
  let ti = 0;
  let starPi = -1;
  let starTi = 0;
  while (ti < t.length) {
    const pc = p[pi];
    const special = literal === undefined || literal[pi] !== true;
    if (pc !== undefined && (pc !== '*' || !special) && ((pc === '?' && special) || pc === t[ti])) {
      pi++;
      ti++;
    } else if (pc === '*' && special) {
      starPi = pi++;
      starTi = ti;
    } else if (starPi !== -1) {
      pi = starPi + 1;
      ti = ++starTi;
    } else {
      return false;
    }
  }
  while (p[pi] === '*' && (literal === undefined || literal[pi] !== true)) pi++;
  return pi === p.length;
}
