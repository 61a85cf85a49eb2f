import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { SnapshotError } from '../errors.js';
import { PositionIndex } from './positions.js';

/** How deep arrays and objects may nest: real IAM data nests about 10 levels; far deeper input is refused, not recursed into. */
export const MAX_JSON_DEPTH = 2000;

/** The offset where the text first nests deeper than `limit`, found without recursion; undefined when it never does. */
export function jsonNestingTooDeep(text: string, limit = MAX_JSON_DEPTH): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 92) i++;
      else if (code === 34) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 91 || code === 123) {
      if (++depth > limit) return i;
    } else if (code === 93 || code === 125) depth--;
  }
  return undefined;
}

/**
 * JSON.parse for speed; on failure, a second strict parse finds where the text went wrong. Too deep nesting is
 * refused before anything recurses into the value: JSON.parse itself does not recurse, and checking the parsed value
 * costs a tenth of scanning the text, which is scanned only to say where.
 */
export function parseJsonFile(file: string, withBom: string): unknown {
  // A UTF-8 byte order mark (some Windows editors write one) is not content.
  const text = withBom.charCodeAt(0) === 0xfeff ? withBom.slice(1) : withBom;
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    // Before the strict parse, which recurses.
    refuseTooDeep(file, text);
    const errors: ParseError[] = [];
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    const position = new PositionIndex(text).positionOfOffset(first?.offset ?? 0);
    const reason = first ? describeParseError(printParseErrorCode(first.error)) : 'not valid JSON';
    throw new SnapshotError('SNAPSHOT_JSON', `malformed JSON: ${reason}`, {
      location: { file, line: position.line, column: position.column },
      hint: 'fix the file or collect the snapshot again',
      cause: error,
    });
  }
  if (valueNestsDeeper(value, MAX_JSON_DEPTH)) refuseTooDeep(file, text);
  return value;
}

function refuseTooDeep(file: string, text: string): void {
  const tooDeep = jsonNestingTooDeep(text);
  if (tooDeep === undefined) return;
  const position = new PositionIndex(text).positionOfOffset(tooDeep);
  throw new SnapshotError('SNAPSHOT_JSON', `JSON nested deeper than ${MAX_JSON_DEPTH} levels (the limit iamlint reads)`, {
    location: { file, line: position.line, column: position.column },
    hint: 'no IAM document nests this deep; check how the file was produced',
  });
}

/**
 * Whether arrays and objects in a parsed value nest deeper than `limit`, found without recursion: level by level, each
 * level the containers held by the one above (no array of values made per object, no depth kept per container).
 */
export function valueNestsDeeper(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  let level: object[] = [value];
  for (let depth = 1; level.length > 0; depth++) {
    if (depth > limit) return true;
    const below: object[] = [];
    for (const container of level) {
      if (Array.isArray(container)) {
        for (let i = 0; i < container.length; i++) {
          const child: unknown = container[i];
          if (typeof child === 'object' && child !== null) below.push(child);
        }
      } else {
        // Parsed JSON has only own enumerable properties, and for...in makes no array of them.
        for (const key in container) {
          const child: unknown = (container as Record<string, unknown>)[key];
          if (typeof child === 'object' && child !== null) below.push(child);
        }
      }
    }
    level = below;
  }
  return false;
}

function describeParseError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
