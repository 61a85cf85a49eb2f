import { sep } from 'node:path';

/** A path of this platform with `/` separators, as reports and snapshot-relative paths write it. */
export function toPosix(path: string): string {
  return path.split(sep).join('/');
}
