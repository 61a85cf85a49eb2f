import { identicalJson } from './intern.js';

export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);
}

/** The interning key of an AWS managed policy document: the same ARN and version is the same document. */
export function awsManagedDocumentKey(arn: string, defaultVersionId: unknown): string {
  return `${arn}|${String(defaultVersionId)}`;
}

/** An AWS managed policy's document as it appears in an account file's bytes, before decoding and parsing. */
interface Candidate {
  key: string;
  /** Where the document's value starts in the bytes. */
  start: number;
}

/** An account file's text with the AWS managed documents already known left out, and what stands in for each. */
export interface ReducedText {
  text: string;
  /** Each placeholder string, and the parsed document it stands for. */
  placeholders: Map<string, unknown>;
  /** The AWS managed documents not known yet, to learn their text once the file is parsed. */
  unknown: Candidate[];
}

// How far after an AWS managed policy's "arn" its "document" may start: the fields between are a few short values.
const FIELDS_BEFORE_DOCUMENT = 4096;

// Core is built without platform types; TextDecoder is global in Node and in browsers.
declare class TextDecoder {
  constructor(label: string, options: { ignoreBOM: boolean });
  decode(input: Uint8Array): string;
}
// As Node's readFileSync(file, 'utf8') decodes: a byte order mark is kept, a malformed sequence becomes U+FFFD.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** A file's text, as readFileSync(file, 'utf8') would give it. */
export function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/**
 * The texts of AWS managed policy documents, so that the copies in later account files are neither decoded nor parsed
 * again. Every account file carries the documents of the AWS managed policies it uses, byte for byte the same in
 * each, and they are most of a realistic snapshot (four fifths of a thousand realistic accounts): a known document's
 * bytes are replaced by a placeholder before the rest is decoded and parsed, and its one parsed (interned, frozen)
 * copy is put in the placeholder's place.
 *
 * Where the documents are found is a quick search of the bytes, not a parse; what makes it exact is the check after
 * parsing: each placeholder holds a token drawn at random for each load, which no file written before can hold, so a
 * placeholder found as the document of a policy with the same ARN and version is exactly where the replaced bytes
 * were, a complete JSON value, and the file parses to what it would have without the replacement. Anything else (a
 * placeholder elsewhere, or missing) parses the file whole. The bytes cut out start at a `{` and end after a `}`:
 * UTF-8 never has those bytes inside a character, so the pieces decode to the pieces of the whole file's text.
 */
export class AwsManagedDocumentTexts {
  private readonly known = new Map<string, { bytes: Uint8Array; document: unknown }>();
  /** Keys whose text could not be learned (written differently across files): not tried again. */
  private readonly unlearnable = new Set<string>();
  private readonly token = `\u0000iamlint-document-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  private placeholderCount = 0;

  /** The file's text with every known document replaced by a placeholder; undefined when there is nothing to do. */
  reduce(bytes: Uint8Array): ReducedText | undefined {
    const parts: string[] = [];
    const placeholders = new Map<string, unknown>();
    const unknown: Candidate[] = [];
    let copiedTo = 0;
    // Past a known document the search goes on after it: its bytes are most of the file and hold no policy.
    for (let candidate = nextCandidate(bytes, 0); candidate; candidate = nextCandidate(bytes, Math.max(candidate.start, copiedTo))) {
      const known = this.known.get(candidate.key);
      if (known && sameBytes(bytes, candidate.start, known.bytes)) {
        const placeholder = `${this.token}-${this.placeholderCount++}`;
        parts.push(decodeUtf8(bytes.subarray(copiedTo, candidate.start)), JSON.stringify(placeholder));
        placeholders.set(placeholder, known.document);
        copiedTo = candidate.start + known.bytes.length;
      } else if (!known && !this.unlearnable.has(candidate.key)) {
        unknown.push(candidate);
      }
    }
    if (placeholders.size === 0 && unknown.length === 0) return undefined;
    if (placeholders.size === 0) return { text: decodeUtf8(bytes), placeholders, unknown };
    parts.push(decodeUtf8(bytes.subarray(copiedTo)));
    return { text: parts.join(''), placeholders, unknown };
  }

  /** Puts each placeholder's document back into the parsed file; false when a placeholder is not where it was put. */
  restore(data: unknown, reduced: ReducedText): boolean {
    if (reduced.placeholders.size === 0) return true;
    const found: Array<{ policy: { document: unknown }; document: unknown }> = [];
    for (const policy of awsManagedPoliciesOf(data)) {
      if (typeof policy.document !== 'string' || !reduced.placeholders.has(policy.document)) continue;
      const document = reduced.placeholders.get(policy.document);
      if (!identicalJson(this.known.get(awsManagedDocumentKey(policy.arn, policy.defaultVersionId))?.document, document)) return false;
      found.push({ policy, document });
    }
    if (found.length !== reduced.placeholders.size || new Set(found.map(({ policy }) => policy.document)).size !== found.length) return false;
    for (const { policy, document } of found) policy.document = document;
    return true;
  }

  /**
   * Learns the text of the documents first seen in this file, once interned: parsed again from the text found, it must
   * be the very document the policy of that ARN and version holds.
   */
  learn(bytes: Uint8Array, reduced: ReducedText, data: unknown): void {
    if (reduced.unknown.length === 0) return;
    const documents = new Map<string, unknown[]>();
    for (const policy of awsManagedPoliciesOf(data)) {
      const key = awsManagedDocumentKey(policy.arn, policy.defaultVersionId);
      documents.set(key, [...(documents.get(key) ?? []), policy.document]);
    }
    for (const { key, start } of reduced.unknown) {
      if (this.known.has(key) || this.unlearnable.has(key)) continue;
      const [document, ...others] = documents.get(key) ?? [];
      const end = others.length === 0 && typeof document === 'object' && document !== null ? jsonObjectEnd(bytes, start) : -1;
      if (end !== -1 && identicalJson(parseOrUndefined(decodeUtf8(bytes.subarray(start, end))), document)) {
        // A copy (a Node Buffer's slice is not one): the caller reads the next file into the same memory.
        this.known.set(key, { bytes: new Uint8Array(bytes.subarray(start, end)), document });
      } else {
        this.unlearnable.add(key);
      }
    }
  }
}

interface AwsManagedPolicyEntry {
  arn: string;
  defaultVersionId: unknown;
  document: unknown;
}

function awsManagedPoliciesOf(data: unknown): AwsManagedPolicyEntry[] {
  const policies = typeof data === 'object' && data !== null ? (data as { policies?: unknown }).policies : undefined;
  if (!Array.isArray(policies)) return [];
  return (policies as unknown[]).filter(
    (policy): policy is AwsManagedPolicyEntry =>
      typeof policy === 'object' && policy !== null && typeof (policy as { arn?: unknown }).arn === 'string' && isAwsManagedPolicyArn((policy as { arn: string }).arn),
  );
}

const QUOTE = 34;
const BACKSLASH = 92;
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (character) => character.charCodeAt(0));
const ARN_FIELD = ascii('"arn":');
const ARN_PREFIX = ascii('arn:aws');
const VERSION_FIELD = ascii('"defaultVersionId":');
const DOCUMENT_FIELD = ascii('"document":');

/**
 * Where the next document of an AWS managed policy seems to start: after `"arn": "<AWS managed ARN>"`, the next
 * `"defaultVersionId"` and `"document"` close by, in the snapshot's key order. Only a guess; see the class.
 */
function nextCandidate(bytes: Uint8Array, from: number): Candidate | undefined {
  for (let at = indexOfBytes(bytes, ARN_FIELD, from, bytes.length); at !== -1; at = indexOfBytes(bytes, ARN_FIELD, at + ARN_FIELD.length, bytes.length)) {
    const arnStart = skipSpaces(bytes, at + ARN_FIELD.length);
    if (bytes[arnStart] !== QUOTE || !sameBytes(bytes, arnStart + 1, ARN_PREFIX)) continue;
    const arnEnd = bytes.indexOf(QUOTE, arnStart + 1);
    if (arnEnd === -1) continue;
    const arn = decodeUtf8(bytes.subarray(arnStart + 1, arnEnd));
    if (arn.includes('\\') || !isAwsManagedPolicyArn(arn)) continue;
    // Both fields must start within FIELDS_BEFORE_DOCUMENT of the ARN's end, the version first.
    const windowEnd = Math.min(bytes.length, arnEnd + FIELDS_BEFORE_DOCUMENT + DOCUMENT_FIELD.length);
    const document = indexOfBytes(bytes, DOCUMENT_FIELD, arnEnd, windowEnd);
    const version = document === -1 ? -1 : indexOfBytes(bytes, VERSION_FIELD, arnEnd, document);
    if (version === -1) continue;
    const versionStart = skipSpaces(bytes, version + VERSION_FIELD.length);
    const versionEnd = bytes.indexOf(QUOTE, versionStart + 1);
    if (bytes[versionStart] !== QUOTE || versionEnd === -1 || versionEnd > document) continue;
    const start = skipSpaces(bytes, document + DOCUMENT_FIELD.length);
    if (bytes[start] !== 123) continue;
    return { key: awsManagedDocumentKey(arn, decodeUtf8(bytes.subarray(versionStart + 1, versionEnd))), start };
  }
  return undefined;
}

const typedIndexOf = Uint8Array.prototype.indexOf;

/**
 * Where `needle` (two bytes or more, ending in `:`) starts in `bytes` at or after `from`, ending by `end`; -1 if
 * nowhere. Found by its last byte, rarer in JSON than its first (`"`), with the typed array's own indexOf (a Node
 * Buffer's goes through a slower binding).
 */
function indexOfBytes(bytes: Uint8Array, needle: Uint8Array, from: number, end: number): number {
  const lastOffset = needle.length - 1;
  const last = needle[lastOffset]!;
  for (let at = typedIndexOf.call(bytes, last, from + lastOffset); at !== -1 && at < end; at = typedIndexOf.call(bytes, last, at + 1)) {
    if (sameBytes(bytes, at - lastOffset, needle)) return at - lastOffset;
  }
  return -1;
}

// Below this length a byte loop is quicker than setting up two DataViews.
const WORDWISE_FROM = 64;

/** Whether `bytes` holds `expected` at `at`: a long one (a known document is most of a file) four bytes a step. */
function sameBytes(bytes: Uint8Array, at: number, expected: Uint8Array): boolean {
  const length = expected.length;
  if (at + length > bytes.length) return false;
  const words = length >= WORDWISE_FROM ? length - (length % 4) : 0;
  if (words > 0) {
    const actual = new DataView(bytes.buffer, bytes.byteOffset + at, words);
    const wanted = new DataView(expected.buffer, expected.byteOffset, words);
    for (let i = 0; i < words; i += 4) if (actual.getInt32(i) !== wanted.getInt32(i)) return false;
  }
  for (let i = words; i < length; i++) if (bytes[at + i] !== expected[i]) return false;
  return true;
}

function skipSpaces(bytes: Uint8Array, i: number): number {
  let code = bytes[i];
  while (code === 32 || code === 10 || code === 13 || code === 9) code = bytes[++i];
  return i;
}

/** Just past the object that starts at `start` in JSON bytes; -1 when the bytes end first. */
function jsonObjectEnd(bytes: Uint8Array, start: number): number {
  let depth = 0;
  for (let i = start; i < bytes.length; i++) {
    const code = bytes[i];
    if (code === QUOTE) {
      for (i++; i < bytes.length && bytes[i] !== QUOTE; i++) if (bytes[i] === BACKSLASH) i++;
    } else if (code === 123 || code === 91) {
      depth++;
    } else if ((code === 125 || code === 93) && --depth === 0) {
      return i + 1;
    }
  }
  return -1;
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
