import { identicalJson } from './intern.js';

export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);
}

/** The interning key of an AWS managed policy document: the same ARN and version is the same document. */
export function awsManagedDocumentKey(arn: string, defaultVersionId: unknown): string {
  return `${arn}|${String(defaultVersionId)}`;
}

/** An AWS managed policy's document as it appears in an account file's text, before parsing. */
interface Candidate {
  key: string;
  /** Where the document's value starts in the text. */
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

/**
 * The texts of AWS managed policy documents, so that the copies in later account files are not parsed again. Every
 * account file carries the documents of the AWS managed policies it uses, byte for byte the same in each, and they
 * are most of a realistic snapshot: a known document's text is replaced by a placeholder before JSON.parse, and its
 * one parsed (interned, frozen) copy is put in the placeholder's place.
 *
 * Where the texts are found is a quick textual search, not a parse; what makes it exact is the check after parsing:
 * each placeholder holds a token drawn at random for each load, which no file written before can hold, so a
 * placeholder found as the document of a policy with the same ARN and version is exactly where the replaced text
 * was, a complete JSON value, and the file parses to what it would have without the replacement. Anything else (a
 * placeholder elsewhere, or missing) parses the file whole.
 */
export class AwsManagedDocumentTexts {
  private readonly known = new Map<string, { text: string; document: unknown }>();
  /** Keys whose text could not be learned (written differently across files): not tried again. */
  private readonly unlearnable = new Set<string>();
  private readonly token = `\u0000iamlint-document-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  private placeholderCount = 0;

  /**
   * The text with every known document's text replaced by a placeholder; undefined when there is nothing to do.
   * `learn: false` when no file follows: the documents not known yet are then not looked for, nothing could use them.
   */
  reduce(text: string, { learn = true }: { learn?: boolean } = {}): ReducedText | undefined {
    if (!learn && this.known.size === 0) return undefined;
    const parts: string[] = [];
    const placeholders = new Map<string, unknown>();
    const unknown: Candidate[] = [];
    let copiedTo = 0;
    // Past a known document the search goes on after it: its text is most of the file and holds no policy.
    for (let candidate = nextCandidate(text, 0); candidate; candidate = nextCandidate(text, Math.max(candidate.start, copiedTo))) {
      const known = this.known.get(candidate.key);
      // Compared as a slice: an order of magnitude faster than startsWith on long texts.
      if (known && text.slice(candidate.start, candidate.start + known.text.length) === known.text) {
        const placeholder = `${this.token}-${this.placeholderCount++}`;
        parts.push(text.slice(copiedTo, candidate.start), JSON.stringify(placeholder));
        placeholders.set(placeholder, known.document);
        copiedTo = candidate.start + known.text.length;
      } else if (learn && !known && !this.unlearnable.has(candidate.key)) {
        unknown.push(candidate);
      }
    }
    if (placeholders.size === 0 && unknown.length === 0) return undefined;
    if (placeholders.size === 0) return { text, placeholders, unknown };
    parts.push(text.slice(copiedTo));
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
  learn(text: string, reduced: ReducedText, data: unknown): void {
    if (reduced.unknown.length === 0) return;
    const documents = new Map<string, unknown[]>();
    for (const policy of awsManagedPoliciesOf(data)) {
      const key = awsManagedDocumentKey(policy.arn, policy.defaultVersionId);
      documents.set(key, [...(documents.get(key) ?? []), policy.document]);
    }
    for (const { key, start } of reduced.unknown) {
      if (this.known.has(key) || this.unlearnable.has(key)) continue;
      const [document, ...others] = documents.get(key) ?? [];
      const end = others.length === 0 && typeof document === 'object' && document !== null ? jsonObjectEnd(text, start) : -1;
      const documentText = end === -1 ? undefined : text.slice(start, end);
      if (documentText !== undefined && identicalJson(parseOrUndefined(documentText), document)) {
        // A copy, not a slice: a slice would keep the whole file's text alive.
        this.known.set(key, { text: JSON.parse(JSON.stringify(documentText)) as string, document });
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

/**
 * Where the next document of an AWS managed policy seems to start: after `"arn": "<AWS managed ARN>"`, the next
 * `"defaultVersionId"` and `"document"` close by, in the snapshot's key order. Only a guess; see the class.
 */
function nextCandidate(text: string, from: number): Candidate | undefined {
  for (let at = text.indexOf('"arn":', from); at !== -1; at = text.indexOf('"arn":', at + 6)) {
    const arnStart = skipSpaces(text, at + 6);
    if (text.charCodeAt(arnStart) !== 34 || !text.startsWith('arn:aws', arnStart + 1)) continue;
    const arnEnd = text.indexOf('"', arnStart + 1);
    const arn = text.slice(arnStart + 1, arnEnd);
    if (arnEnd === -1 || arn.includes('\\') || !isAwsManagedPolicyArn(arn)) continue;
    const version = text.indexOf('"defaultVersionId":', arnEnd);
    const document = text.indexOf('"document":', arnEnd);
    if (version === -1 || document === -1 || version > document || document - arnEnd > FIELDS_BEFORE_DOCUMENT) continue;
    const versionStart = skipSpaces(text, version + 19);
    const versionEnd = text.indexOf('"', versionStart + 1);
    if (text.charCodeAt(versionStart) !== 34 || versionEnd === -1 || versionEnd > document) continue;
    const start = skipSpaces(text, document + 11);
    if (text.charCodeAt(start) !== 123) continue;
    return { key: awsManagedDocumentKey(arn, text.slice(versionStart + 1, versionEnd)), start };
  }
  return undefined;
}

function skipSpaces(text: string, i: number): number {
  let code = text.charCodeAt(i);
  while (code === 32 || code === 10 || code === 13 || code === 9) code = text.charCodeAt(++i);
  return i;
}

/** Just past the object that starts at `start` in JSON text; -1 when the text ends first. */
function jsonObjectEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
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
