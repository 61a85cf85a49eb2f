import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { SnapshotError } from '../errors.js';
import { PositionIndex } from './positions.js';

/** JSON.parse for speed; on failure, a second strict parse finds where the text went wrong. */
export function parseJsonFile(file: string, text: string): unknown {
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
