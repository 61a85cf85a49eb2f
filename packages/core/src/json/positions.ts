import { escapePointerSegment, pointerToPath } from './pointer.js';

/** JSON text, or its UTF-8 bytes: every character JSON's structure uses is ASCII, one byte either way. */
export type JsonText = string | Uint8Array;

// Core is built without platform types; TextDecoder is global in Node and in browsers.
declare class TextDecoder {
  decode(input: Uint8Array): string;
}
const utf8 = new TextDecoder();

function codeAt(text: JsonText, i: number): number {
  return typeof text === 'string' ? text.charCodeAt(i) : (text[i] ?? Number.NaN);
}

export interface Position {
  line: number;
  column: number;
}

/**
 * Maps JSON pointers of one file to 1-based line/column by walking the text along each pointer asked for, skipping
 * every value off its path: no tree and no map of the file's positions is built, only where the walks went. A report
 * asks about a file's entities mostly in file order, so each array remembers the last element a walk reached and
 * the next walk into it resumes there: locating every finding of a file reads it about once.
 */
export class PositionIndex {
  private lineStarts: number[] | undefined;
  /** Where the values on the paths walked so far start, by pointer: the next question starts from the nearest. */
  private readonly valueOffsets = new Map<string, WalkState>();
  /** For each array walked into, by its pointer: the last element reached and where it starts. */
  private readonly arrayProgress = new Map<string, { index: number; at: number }>();

  /** Text, or the file's UTF-8 bytes: bytes sit outside the JS heap, freed early, where a large text waits for a full collection. */
  constructor(private readonly text: JsonText) {}

  positionOfPointer(pointer: string): Position {
    if (pointer === '') return { line: 1, column: 1 };
    return this.positionOfOffset(this.walk(pointer));
  }

  private walk(pointer: string): number {
    const text = this.text;
    const path = pointerToPath(pointer);
    const prefixes = [''];
    for (let depth = 1; depth <= path.length; depth++) prefixes.push(`${prefixes[depth - 1] as string}/${escapePointerSegment(String(path[depth - 1]))}`);
    let state: WalkState = { depth: 0, at: skipWhitespace(text, 0), parent: 'root', keyAt: -1 };
    for (let depth = path.length; depth > 0; depth--) {
      const known = this.valueOffsets.get(prefixes[depth] as string);
      if (known) {
        state = known;
        break;
      }
    }
    for (let depth = state.depth; depth < path.length; depth++) {
      const segment = path[depth] as string | number;
      const open = codeAt(text, state.at);
      let next: WalkState | undefined;
      if (open === 123) {
        const key = String(segment);
        let i = skipWhitespace(text, state.at + 1);
        while (codeAt(text, i) === 34) {
          const keyEnd = skipString(text, i);
          const valueAt = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1);
          if (keyEquals(text, i, keyEnd, key)) {
            next = { depth: depth + 1, at: valueAt, parent: 'property', keyAt: i };
            break;
          }
          i = skipWhitespace(text, skipValue(text, valueAt));
          if (codeAt(text, i) === 44) i = skipWhitespace(text, i + 1);
        }
      } else if (open === 91 && typeof segment === 'number') {
        const container = prefixes[depth] as string;
        const progress = this.arrayProgress.get(container);
        const resume = progress !== undefined && progress.index <= segment;
        let i = resume ? progress.at : skipWhitespace(text, state.at + 1);
        for (let index = resume ? progress.index : 0; codeAt(text, i) !== 93 && i < text.length; index++) {
          if (index === segment) {
            next = { depth: depth + 1, at: i, parent: 'array', keyAt: state.keyAt };
            this.arrayProgress.set(container, { index, at: i });
            break;
          }
          i = skipWhitespace(text, skipValue(text, i));
          if (codeAt(text, i) === 44) i = skipWhitespace(text, i + 1);
        }
      }
      if (!next) break;
      state = next;
      this.valueOffsets.set(prefixes[depth + 1] as string, state);
    }
    return anchorOf(text, state);
  }

  positionOfOffset(offset: number): Position {
    const starts = (this.lineStarts ??= computeLineStarts(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    const lineStart = starts[low] as number;
    // Columns count UTF-16 code units, as editors and the text form do.
    const column = typeof this.text === 'string' ? offset - lineStart : utf8.decode(this.text.subarray(lineStart, offset)).length;
    return { line: low + 1, column: column + 1 };
  }
}

/** Where a walk along a path stands after `depth` segments: the value's offset, and how it was reached. */
export interface WalkState {
  depth: number;
  at: number;
  parent: 'root' | 'array' | 'property';
  keyAt: number;
}

/**
 * Where a reader looks for the value at `path` in valid JSON text: a property at its key, an object in an array at
 * its first property (the identifying arn/id by the snapshot's key order), else the value. A path that leaves the
 * document stops at the deepest value it reaches. An object key is its first occurrence; a number segment indexes
 * only arrays and a string segment only objects (as jsonc-parser's findNodeAtLocation, which this replaces).
 */
export function anchorOffset(
  text: string,
  path: ReadonlyArray<string | number>,
  from?: WalkState,
  visit?: (state: WalkState) => void,
): number {
  let at = from ? from.at : skipWhitespace(text, 0);
  let parent = from?.parent ?? 'root';
  let keyAt = from?.keyAt ?? -1;
  for (let depth = from?.depth ?? 0; depth < path.length; depth++) {
    const segment = path[depth] as string | number;
    const open = codeAt(text, at);
    let next = -1;
    if (typeof segment === 'string') {
      if (open !== 123) break;
      let i = skipWhitespace(text, at + 1);
      while (codeAt(text, i) === 34) {
        const keyEnd = skipString(text, i);
        const valueAt = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1);
        if (keyEquals(text, i, keyEnd, segment)) {
          next = valueAt;
          keyAt = i;
          break;
        }
        i = skipWhitespace(text, skipValue(text, valueAt));
        if (codeAt(text, i) === 44) i = skipWhitespace(text, i + 1);
      }
      if (next === -1) break;
      parent = 'property';
    } else {
      if (open !== 91) break;
      let i = skipWhitespace(text, at + 1);
      for (let index = 0; codeAt(text, i) !== 93 && i < text.length; index++) {
        if (index === segment) {
          next = i;
          break;
        }
        i = skipWhitespace(text, skipValue(text, i));
        if (codeAt(text, i) === 44) i = skipWhitespace(text, i + 1);
      }
      if (next === -1) break;
      parent = 'array';
    }
    at = next;
    visit?.({ depth: depth + 1, at, parent, keyAt });
  }
  return anchorOf(text, { depth: path.length, at, parent, keyAt });
}

/** A property is placed at its key, an object in an array at its first property, anything else at its value. */
function anchorOf(text: JsonText, { at, parent, keyAt }: WalkState): number {
  if (parent === 'array' && codeAt(text, at) === 123) {
    const first = skipWhitespace(text, at + 1);
    return codeAt(text, first) === 34 ? first : at;
  }
  return parent === 'property' ? keyAt : at;
}

function keyEquals(text: JsonText, start: number, end: number, key: string): boolean {
  const raw = typeof text === 'string' ? text.slice(start + 1, end - 1) : utf8.decode(text.subarray(start + 1, end - 1));
  return (raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw) === key;
}

function skipWhitespace(text: JsonText, i: number): number {
  let code = codeAt(text, i);
  while (code === 32 || code === 10 || code === 13 || code === 9) code = codeAt(text, ++i);
  return i;
}

/** From an opening quote to just past the closing one. */
function skipString(text: JsonText, i: number): number {
  i++;
  while (i < text.length) {
    const code = codeAt(text, i);
    if (code === 34) return i + 1;
    i += code === 92 ? 2 : 1;
  }
  return i;
}

/** From the start of a value to just past its end. */
function skipValue(text: JsonText, i: number): number {
  const code = codeAt(text, i);
  if (code === 34) return skipString(text, i);
  if (code !== 123 && code !== 91) {
    while (i < text.length && !isDelimiter(codeAt(text, i))) i++;
    return i;
  }
  let depth = 0;
  while (i < text.length) {
    const c = codeAt(text, i);
    if (c === 34) {
      i = skipString(text, i);
      continue;
    }
    if (c === 123 || c === 91) depth++;
    else if ((c === 125 || c === 93) && --depth === 0) return i + 1;
    i++;
  }
  return i;
}

/** Whitespace, comma or closing bracket: where a number or literal ends. */
function isDelimiter(code: number): boolean {
  return code === 44 || code === 93 || code === 125 || code === 32 || code === 10 || code === 13 || code === 9;
}

function computeLineStarts(text: JsonText): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (codeAt(text, i) === 10) starts.push(i + 1);
  }
  return starts;
}
