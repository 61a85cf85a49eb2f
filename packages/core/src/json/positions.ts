import { escapePointerSegment, pathToPointer, pointerToPath } from './pointer.js';

export interface Position {
  line: number;
  column: number;
}

/** Entities and their properties sit at most this deep; deeper pointers (inside policy documents) are rare. */
const INDEXED_DEPTH = 6;

interface Frame {
  pointer: string;
  isArray: boolean;
  nextIndex: number;
  key: string;
  /** An object inside an array is placed on its first property, recorded when that property is seen. */
  placeOnFirstProperty: boolean;
  /** Beyond INDEXED_DEPTH nothing inside the value is recorded; the tree fallback answers for it. */
  childrenVisited: boolean;
  start: Position;
}

/**
 * Maps JSON pointers of one file to 1-based line/column. The first question indexes the shallow part
 * of the file in one pass without building a tree; pointers deeper than that (inside policy documents)
 * are found by walking the text along the pointer, skipping every value off its path, so no tree of a
 * large file is ever built or kept.
 */
export class PositionIndex {
  private shallow: Map<string, Position> | undefined;
  private lineStarts: number[] | undefined;
  /** Where the values on the paths walked so far start, by pointer: the next deep question starts from the nearest. */
  private readonly valueOffsets = new Map<string, WalkState>();

  constructor(private readonly text: string) {}

  positionOfPointer(pointer: string): Position {
    if (pointer === '') return { line: 1, column: 1 };
    const shallow = (this.shallow ??= this.indexShallow());
    const known = shallow.get(pointer);
    if (known) return known;
    return this.positionFromTree(pointer);
  }

  /**
   * One pass over text that JSON.parse has already accepted, so the scanner only needs to tell strings,
   * brackets, colons and commas apart. Records where each value of the shallow part sits.
   */
  private indexShallow(): Map<string, Position> {
    const positions = new Map<string, Position>();
    const stack: Frame[] = [];
    const text = this.text;
    let line = 1;
    let lineStart = 0;
    let expectingKey = false;
    const pointerOfNewValue = (): string => {
      const parent = stack[stack.length - 1];
      if (!parent) return '';
      return parent.isArray ? `${parent.pointer}/${parent.nextIndex++}` : `${parent.pointer}/${escapePointerSegment(parent.key)}`;
    };
    const recordArrayElement = (index: number) => {
      const parent = stack[stack.length - 1];
      const pointer = pointerOfNewValue();
      if (parent?.isArray && parent.childrenVisited) positions.set(pointer, { line, column: index - lineStart + 1 });
      return pointer;
    };
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 10) {
        line++;
        lineStart = i + 1;
      } else if (code === 34) {
        const stringStart = i;
        i++;
        while (i < text.length && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 ? 2 : 1;
        const frame = stack[stack.length - 1];
        if (expectingKey && frame) {
          expectingKey = false;
          if (!frame.childrenVisited) continue;
          const raw = text.slice(stringStart + 1, i);
          frame.key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
          const position = { line, column: stringStart - lineStart + 1 };
          positions.set(`${frame.pointer}/${escapePointerSegment(frame.key)}`, position);
          if (frame.placeOnFirstProperty) {
            positions.set(frame.pointer, position);
            frame.placeOnFirstProperty = false;
          }
        } else {
          recordArrayElement(stringStart);
        }
      } else if (code === 123 || code === 91) {
        const parent = stack[stack.length - 1];
        const isArray = code === 91;
        const inArray = parent?.isArray ?? false;
        const start = { line, column: i - lineStart + 1 };
        const pointer = inArray && isArray ? recordArrayElement(i) : pointerOfNewValue();
        const childrenVisited = (parent?.childrenVisited ?? true) && stack.length < INDEXED_DEPTH;
        stack.push({ pointer, isArray, nextIndex: 0, key: '', placeOnFirstProperty: inArray && !isArray, childrenVisited, start });
        expectingKey = !isArray;
      } else if (code === 125 || code === 93) {
        const frame = stack.pop();
        if (frame?.placeOnFirstProperty && frame.childrenVisited) positions.set(frame.pointer, frame.start);
        expectingKey = false;
      } else if (code === 44) {
        expectingKey = stack[stack.length - 1]?.isArray === false;
      } else if (code === 45 || (code >= 48 && code <= 57) || code === 116 || code === 102 || code === 110) {
        recordArrayElement(i);
        while (i + 1 < text.length && !isDelimiter(text.charCodeAt(i + 1))) i++;
      }
    }
    return positions;
  }

  private positionFromTree(pointer: string): Position {
    const path = pointerToPath(pointer);
    const prefixes = path.map((_segment, depth) => pathToPointer(path.slice(0, depth)));
    let from: WalkState | undefined;
    for (let depth = path.length - 1; depth > 0 && !from; depth--) from = this.valueOffsets.get(prefixes[depth] as string);
    // A large file (a raw export of a whole account) is asked about many statements: walking it from the top each
    // time would cost its whole length per question.
    const offset = anchorOffset(this.text, path, from, (state) => {
      if (state.depth < path.length) this.valueOffsets.set(prefixes[state.depth] as string, state);
    });
    return this.positionOfOffset(offset);
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
    return { line: low + 1, column: offset - (starts[low] as number) + 1 };
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
    const open = text.charCodeAt(at);
    let next = -1;
    if (typeof segment === 'string') {
      if (open !== 123) break;
      let i = skipWhitespace(text, at + 1);
      while (text.charCodeAt(i) === 34) {
        const keyEnd = skipString(text, i);
        const valueAt = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1);
        if (keyEquals(text, i, keyEnd, segment)) {
          next = valueAt;
          keyAt = i;
          break;
        }
        i = skipWhitespace(text, skipValue(text, valueAt));
        if (text.charCodeAt(i) === 44) i = skipWhitespace(text, i + 1);
      }
      if (next === -1) break;
      parent = 'property';
    } else {
      if (open !== 91) break;
      let i = skipWhitespace(text, at + 1);
      for (let index = 0; text.charCodeAt(i) !== 93 && i < text.length; index++) {
        if (index === segment) {
          next = i;
          break;
        }
        i = skipWhitespace(text, skipValue(text, i));
        if (text.charCodeAt(i) === 44) i = skipWhitespace(text, i + 1);
      }
      if (next === -1) break;
      parent = 'array';
    }
    at = next;
    visit?.({ depth: depth + 1, at, parent, keyAt });
  }
  if (parent === 'array' && text.charCodeAt(at) === 123) {
    const first = skipWhitespace(text, at + 1);
    return text.charCodeAt(first) === 34 ? first : at;
  }
  return parent === 'property' ? keyAt : at;
}

function keyEquals(text: string, start: number, end: number, key: string): boolean {
  const raw = text.slice(start + 1, end - 1);
  return (raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw) === key;
}

function skipWhitespace(text: string, i: number): number {
  let code = text.charCodeAt(i);
  while (code === 32 || code === 10 || code === 13 || code === 9) code = text.charCodeAt(++i);
  return i;
}

/** From an opening quote to just past the closing one. */
function skipString(text: string, i: number): number {
  i++;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 34) return i + 1;
    i += code === 92 ? 2 : 1;
  }
  return i;
}

/** From the start of a value to just past its end. */
function skipValue(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code === 34) return skipString(text, i);
  if (code !== 123 && code !== 91) {
    while (i < text.length && !isDelimiter(text.charCodeAt(i))) i++;
    return i;
  }
  let depth = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
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

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) starts.push(i + 1);
  }
  return starts;
}
