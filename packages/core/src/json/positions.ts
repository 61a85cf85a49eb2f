import { escapePointerSegment, pointerToPath } from './pointer.js';

/** JSON text, or its UTF-8 bytes: every character JSON's structure uses is ASCII, one byte either way. */
export type JsonText = string | Uint8Array;

// Core is built without platform types; TextEncoder and TextDecoder are global in Node and in browsers.
declare class TextDecoder {
  decode(input: Uint8Array): string;
}
declare class TextEncoder {
  encode(input: string): Uint8Array;
}
const utf8 = new TextDecoder();
const utf8Encoder = new TextEncoder();

export interface Position {
  line: number;
  column: number;
}

/**
 * Maps JSON pointers of one file to 1-based line/column by walking the file's UTF-8 bytes along each pointer asked
 * for, skipping every value off its path: no tree and no map of the file's positions is built, only where the walks
 * went. Each object and array a walk enters or steps over remembers, by its offset, its keys or where its elements
 * start as far as read, so a later walk jumps to what was seen and resumes at the furthest; lines are found only as
 * far as asked: locating every finding of a file reads each byte about once, in whatever order the findings come
 * (a walk to `/policies` after one to `/roles/700` skips only the roles after the 700th), never past the last finding.
 */
export class PositionIndex {
  private encoded: Uint8Array | undefined;
  /** Where the values on the paths walked so far start, by pointer: the next question starts from the nearest. */
  private readonly valueOffsets = new Map<string, WalkState>();
  /** What the walks read of each object and array they entered or skipped, by its byte offset: read once, resumed after. */
  private readonly objects = new Map<number, ObjectScan>();
  private readonly arrays = new Map<number, ArrayScan>();
  private byteLines: LineStarts | undefined;
  private textLines: LineStarts | undefined;
  private lastByteAnswer = { offset: 0, line: 1, column: 1 };

  /** Text, or the file's UTF-8 bytes: bytes sit outside the JS heap, freed early, where a large text waits for a full collection. */
  constructor(private readonly text: JsonText) {}

  private get bytes(): Uint8Array {
    return typeof this.text === 'string' ? (this.encoded ??= utf8Encoder.encode(this.text)) : this.text;
  }

  positionOfPointer(pointer: string): Position {
    if (pointer === '') return { line: 1, column: 1 };
    return this.positionOfByte(this.walk(pointer));
  }

  /** The position of an offset into the text as given: UTF-16 units for a string, bytes for bytes. */
  positionOfOffset(offset: number): Position {
    if (typeof this.text !== 'string') return this.positionOfByte(offset);
    const { line, lineStart } = (this.textLines ??= new LineStarts(this.text)).lineOf(offset);
    return { line, column: offset - lineStart + 1 };
  }

  private walk(pointer: string): number {
    const bytes = this.bytes;
    const path = pointerToPath(pointer);
    const prefixes = [''];
    for (let depth = 1; depth <= path.length; depth++) prefixes.push(`${prefixes[depth - 1] as string}/${escapePointerSegment(String(path[depth - 1]))}`);
    let state: WalkState = { depth: 0, at: skipWhitespace(bytes, 0), parent: 'root', keyAt: -1 };
    for (let depth = path.length; depth > 0; depth--) {
      const known = this.valueOffsets.get(prefixes[depth] as string);
      if (known) {
        state = known;
        break;
      }
    }
    for (let depth = state.depth; depth < path.length; depth++) {
      const segment = path[depth] as string | number;
      const open = bytes[state.at];
      let next: WalkState | undefined;
      if (open === 123) {
        const valueAt = this.property(state.at, String(segment));
        if (valueAt) next = { depth: depth + 1, at: valueAt.at, parent: 'property', keyAt: valueAt.keyAt };
      } else if (open === 91 && typeof segment === 'number') {
        const scan = this.arrayScan(state.at);
        while (scan.end < 0 && scan.starts.length <= segment) this.readElement(scan);
        if (segment < scan.starts.length) next = { depth: depth + 1, at: scan.starts[segment] as number, parent: 'array', keyAt: state.keyAt };
      }
      if (!next) break;
      state = next;
      this.valueOffsets.set(prefixes[depth + 1] as string, state);
    }
    return anchorOf(bytes, state);
  }

  /** The first property of the object at `objectAt` named `key`: its keys are read once, on from where the last question stopped. */
  private property(objectAt: number, key: string): { keyAt: number; at: number } | undefined {
    const bytes = this.bytes;
    let scan = this.objects.get(objectAt);
    if (!scan) {
      scan = { keys: [], next: skipWhitespace(bytes, objectAt + 1), valuePending: false, done: false };
      this.objects.set(objectAt, scan);
    }
    const keyBytes = utf8Bytes(key);
    const { keys } = scan;
    for (let k = 0; k < keys.length; k += 3) {
      if (keyEquals(bytes, keys[k] as number, keys[k + 1] as number, key, keyBytes)) return { keyAt: keys[k] as number, at: keys[k + 2] as number };
    }
    while (!scan.done) {
      const found = this.readProperty(scan);
      if (found !== undefined && keyEquals(bytes, keys[found] as number, keys[found + 1] as number, key, keyBytes)) {
        return { keyAt: keys[found] as number, at: keys[found + 2] as number };
      }
    }
    return undefined;
  }

  /** Reads the next key of an object (its value is skipped only when a later key is asked for); its index in `keys`. */
  private readProperty(scan: ObjectScan): number | undefined {
    const bytes = this.bytes;
    let i = scan.next;
    if (scan.valuePending) {
      i = skipWhitespace(bytes, this.skip(i));
      if (bytes[i] === 44) i = skipWhitespace(bytes, i + 1);
      scan.valuePending = false;
    }
    if (bytes[i] !== 34) {
      scan.done = true;
      scan.next = i;
      return undefined;
    }
    const keyEnd = skipString(bytes, i);
    const valueAt = skipWhitespace(bytes, skipWhitespace(bytes, keyEnd) + 1);
    scan.keys.push(i, keyEnd, valueAt);
    scan.next = valueAt;
    scan.valuePending = true;
    return scan.keys.length - 3;
  }

  private arrayScan(arrayAt: number): ArrayScan {
    let scan = this.arrays.get(arrayAt);
    if (!scan) {
      const first = skipWhitespace(this.bytes, arrayAt + 1);
      const empty = first >= this.bytes.length || this.bytes[first] === 93;
      scan = { starts: empty ? [] : [first], end: empty ? first + 1 : -1 };
      this.arrays.set(arrayAt, scan);
    }
    return scan;
  }

  /** Finds where the element after the last one known starts, or where the array ends. */
  private readElement(scan: ArrayScan): void {
    const bytes = this.bytes;
    let i = skipWhitespace(bytes, this.skip(scan.starts[scan.starts.length - 1] as number));
    if (bytes[i] === 44) i = skipWhitespace(bytes, i + 1);
    if (i >= bytes.length || bytes[i] === 93) scan.end = i + 1;
    else scan.starts.push(i);
  }

  /**
   * Past the value at `at`. An array is stepped through element by element and an object already entered is read on
   * to its end, both kept, so that no later walk reads them again; any other value is skipped.
   */
  private skip(at: number): number {
    const open = this.bytes[at];
    if (open === 91) {
      const scan = this.arrayScan(at);
      while (scan.end < 0) this.readElement(scan);
      return scan.end;
    }
    const scan = open === 123 ? this.objects.get(at) : undefined;
    if (!scan) return skipValue(this.bytes, at);
    while (!scan.done) this.readProperty(scan);
    return scan.next + 1;
  }

  private positionOfByte(offset: number): Position {
    const bytes = this.bytes;
    const { line, lineStart } = (this.byteLines ??= new LineStarts(bytes)).lineOf(offset);
    // Columns count UTF-16 code units, as editors and the text form do; on the line of the last answer, counted on
    // from it (a file written on one line would otherwise be decoded from its start for every position).
    const last = this.lastByteAnswer;
    const column =
      last.line === line && offset >= last.offset ? last.column + utf16Length(bytes, last.offset, offset) : 1 + utf16Length(bytes, lineStart, offset);
    this.lastByteAnswer = { offset, line, column };
    return { line, column };
  }
}

/** Where the lines of a text start, found only as far into it as a question has reached. */
class LineStarts {
  private readonly starts = [0];
  /** Every line start up to here is in `starts`. */
  private scannedTo = 0;

  constructor(private readonly text: JsonText) {}

  lineOf(offset: number): { line: number; lineStart: number } {
    const { text, starts } = this;
    while (this.scannedTo <= offset) {
      // indexOf runs natively, several times faster than a loop over the characters.
      const newline = typeof text === 'string' ? text.indexOf('\n', this.scannedTo) : text.indexOf(10, this.scannedTo);
      if (newline === -1) {
        this.scannedTo = Number.POSITIVE_INFINITY;
        break;
      }
      starts.push(newline + 1);
      this.scannedTo = newline + 1;
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, lineStart: starts[low] as number };
  }
}

/** How many UTF-16 code units the UTF-8 bytes from `start` to `end` decode to. */
function utf16Length(bytes: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) if ((bytes[i] as number) >= 0x80) return utf8.decode(bytes.subarray(start, end)).length;
  return end - start;
}

/** An object's keys as far as read: offsets of each key's opening quote, its end, and its value, three numbers a key. */
interface ObjectScan {
  keys: number[];
  /** The next key's offset, or the value of the last key read while that is still to be skipped; at the end, the closing brace. */
  next: number;
  valuePending: boolean;
  done: boolean;
}

/** Where an array's elements start, as far as read; `end` is past its closing bracket once read to there, else -1. */
interface ArrayScan {
  starts: number[];
  end: number;
}

/** Where a walk along a path stands after `depth` segments: the value's byte offset, and how it was reached. */
export interface WalkState {
  depth: number;
  at: number;
  parent: 'root' | 'array' | 'property';
  keyAt: number;
}

/** The first property of the object at `objectAt` named `key` (UTF-8): where its key and its value start. */
function propertyValueAt(bytes: Uint8Array, objectAt: number, key: string): { keyAt: number; at: number } | undefined {
  const keyBytes = utf8Bytes(key);
  let i = skipWhitespace(bytes, objectAt + 1);
  while (bytes[i] === 34) {
    const keyEnd = skipString(bytes, i);
    const valueAt = skipWhitespace(bytes, skipWhitespace(bytes, keyEnd) + 1);
    if (keyEquals(bytes, i, keyEnd, key, keyBytes)) return { keyAt: i, at: valueAt };
    i = skipWhitespace(bytes, skipValue(bytes, valueAt));
    if (bytes[i] === 44) i = skipWhitespace(bytes, i + 1);
  }
  return undefined;
}

/**
 * Where a reader looks for the value at `path` in valid JSON text, as an offset into the text: a property at its key,
 * an object in an array at its first property (the identifying arn/id by the snapshot's key order), else the value.
 * A path that leaves the document stops at the deepest value it reaches. An object key is its first occurrence; a
 * number segment indexes only arrays and a string segment only objects (as jsonc-parser's findNodeAtLocation).
 */
export function anchorOffset(text: string, path: ReadonlyArray<string | number>): number {
  if (text !== lastAnchored.text) lastAnchored = { text, bytes: utf8Encoder.encode(text) };
  const { bytes } = lastAnchored;
  let state: WalkState = { depth: 0, at: skipWhitespace(bytes, 0), parent: 'root', keyAt: -1 };
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth] as string | number;
    const open = bytes[state.at];
    let next: WalkState | undefined;
    if (typeof segment === 'string') {
      const valueAt = open === 123 ? propertyValueAt(bytes, state.at, segment) : undefined;
      if (valueAt) next = { depth: depth + 1, at: valueAt.at, parent: 'property', keyAt: valueAt.keyAt };
    } else if (open === 91) {
      let i = skipWhitespace(bytes, state.at + 1);
      for (let index = 0; i < bytes.length && bytes[i] !== 93; index++) {
        if (index === segment) {
          next = { depth: depth + 1, at: i, parent: 'array', keyAt: state.keyAt };
          break;
        }
        i = skipWhitespace(bytes, skipValue(bytes, i));
        if (bytes[i] === 44) i = skipWhitespace(bytes, i + 1);
      }
    }
    if (!next) break;
    state = next;
  }
  const anchor = anchorOf(bytes, state);
  return bytes.length === text.length ? anchor : utf16Length(bytes, 0, anchor);
}

let lastAnchored: { text: string; bytes: Uint8Array } = { text: '', bytes: new Uint8Array(0) };

/** A property is placed at its key, an object in an array at its first property, anything else at its value. */
function anchorOf(bytes: Uint8Array, { at, parent, keyAt }: WalkState): number {
  if (parent === 'array' && bytes[at] === 123) {
    const first = skipWhitespace(bytes, at + 1);
    return bytes[first] === 34 ? first : at;
  }
  return parent === 'property' ? keyAt : at;
}

/** A key's UTF-8 bytes; an ASCII key as itself, its characters' codes are its bytes (encoding one costs an allocation). */
function utf8Bytes(key: string): Uint8Array | string {
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) >= 0x80) return utf8Encoder.encode(key);
  return key;
}

/** Whether the JSON string from `start` to `end` (quotes included) is `key` (given as its UTF-8 bytes too). */
function keyEquals(bytes: Uint8Array, start: number, end: number, key: string, keyBytes: Uint8Array | string): boolean {
  let escaped = false;
  for (let i = start + 1; i < end - 1; i++) {
    if (bytes[i] === 92) {
      escaped = true;
      break;
    }
  }
  if (escaped) return (JSON.parse(utf8.decode(bytes.subarray(start, end))) as string) === key;
  if (end - start - 2 !== keyBytes.length) return false;
  if (typeof keyBytes === 'string') {
    for (let i = 0; i < keyBytes.length; i++) if (bytes[start + 1 + i] !== keyBytes.charCodeAt(i)) return false;
  } else {
    for (let i = 0; i < keyBytes.length; i++) if (bytes[start + 1 + i] !== keyBytes[i]) return false;
  }
  return true;
}

function skipWhitespace(bytes: Uint8Array, i: number): number {
  let code = bytes[i];
  while (code === 32 || code === 10 || code === 13 || code === 9) code = bytes[++i];
  return i;
}

/** From an opening quote to just past the closing one. */
function skipString(bytes: Uint8Array, i: number): number {
  const length = bytes.length;
  i++;
  while (i < length) {
    const code = bytes[i];
    if (code === 34) return i + 1;
    i += code === 92 ? 2 : 1;
  }
  return i;
}

/** From the start of a value to just past its end. */
function skipValue(bytes: Uint8Array, i: number): number {
  const length = bytes.length;
  const code = bytes[i];
  if (code === 34) return skipString(bytes, i);
  if (code !== 123 && code !== 91) {
    while (i < length && !isDelimiter(bytes[i] as number)) i++;
    return i;
  }
  let depth = 0;
  while (i < length) {
    const c = bytes[i];
    if (c === 34) {
      i = skipString(bytes, i);
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
