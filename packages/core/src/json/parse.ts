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

/** JSON.parse for speed; on failure, a second strict parse finds where the text went wrong. */
export function parseJsonFile(file: string, withBom: string): unknown {
  // A UTF-8 byte order mark (some Windows editors write one) is not content.
  const text = withBom.charCodeAt(0) === 0xfeff ? withBom.slice(1) : withBom;
  const tooDeep = jsonNestingTooDeep(text);
  if (tooDeep !== undefined) {
    const position = new PositionIndex(text).positionOfOffset(tooDeep);
    throw new SnapshotError('SNAPSHOT_JSON', `JSON nested deeper than ${MAX_JSON_DEPTH} levels (the limit iamlint reads)`, {
      location: { file, line: position.line, column: position.column },
      hint: 'no IAM document nests this deep; check how the file was produced',
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
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
}

function describeParseError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
