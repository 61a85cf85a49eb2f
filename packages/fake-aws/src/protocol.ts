/** An error answered in the protocol's own error shape. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Extra members of a JSON error body (e.g. Reason, ResourceType). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A `<entry><key/><value/></entry>` map, the Query protocol's shape for maps such as SummaryMap. */
export class XmlMap {
  constructor(readonly entries: ReadonlyArray<readonly [string, string | number]>) {}
}

export type XmlValue = string | number | boolean | null | undefined | XmlMap | XmlValue[] | { [name: string]: XmlValue };
export type XmlObject = { [name: string]: XmlValue };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[char] as string);
}

function element(name: string, value: XmlValue): string {
  if (value === undefined || value === null) return '';
  if (value instanceof XmlMap) {
    const entries = value.entries.map(([key, entry]) => `<entry><key>${escapeXml(key)}</key><value>${escapeXml(String(entry))}</value></entry>`);
    return `<${name}>${entries.join('')}</${name}>`;
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? `<${name}/>` : `<${name}>${value.map((item) => element('member', item)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    const body = fields(value);
    return body === '' ? `<${name}/>` : `<${name}>${body}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function fields(object: XmlObject): string {
  return Object.entries(object).map(([name, value]) => element(name, value)).join('');
}

export function queryResponseXml(action: string, namespace: string, result: XmlObject, requestId: string): string {
  return (
    `<${action}Response xmlns="${namespace}">` +
    element(`${action}Result`, result) +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

export function queryErrorXml(namespace: string, error: ApiError, requestId: string): string {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return (
    `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

export function jsonErrorBody(error: ApiError): string {
  return JSON.stringify({ __type: error.code, message: error.message, ...error.extra });
}

/** Query protocol parameters (`Filter.member.1=User`), read the way the Query protocol flattens lists. */
export class QueryParams {
  constructor(private readonly values: ReadonlyMap<string, string>) {}

  string(name: string): string | undefined {
    return this.values.get(name);
  }

  required(name: string): string {
    const value = this.values.get(name);
    if (value === undefined || value === '') {
      throw new ApiError('ValidationError', `1 validation error detected: Value null at '${name[0]?.toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
    }
    return value;
  }

  integer(name: string): number | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    if (!/^-?[0-9]+$/.test(value)) throw new ApiError('ValidationError', `Value '${value}' for ${name} is not an integer`);
    return Number(value);
  }

  list(name: string): string[] {
    const items: Array<[number, string]> = [];
    for (const [key, value] of this.values) {
      const match = new RegExp(`^${name}\\.member\\.([0-9]+)$`).exec(key);
      if (match) items.push([Number(match[1]), value]);
    }
    return items.sort(([a], [b]) => a - b).map(([, value]) => value);
  }

  toRecord(): Record<string, unknown> {
    return Object.fromEntries([...this.values].filter(([key]) => key !== 'Action' && key !== 'Version'));
  }
}

/** Epoch seconds, how JSON 1.1 services send timestamps. */
export function epochSeconds(timestamp: string): number {
  return Date.parse(timestamp) / 1000;
}

/** The credential report's timestamp style: `2026-10-01T08:12:44+00:00`. */
export function reportTimestamp(timestamp: string): string {
  return new Date(timestamp).toISOString().replace(/\.[0-9]{3}Z$/, '+00:00');
}

/** AWS's `2019-05-22T11:44:15Z` (no milliseconds). */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.[0-9]{3}Z$/, 'Z');
}

export interface Page<T> {
  items: T[];
  /** The token for the next page, or undefined on the last page. */
  next: string | undefined;
}

const TOKEN_PREFIX = 'fake-aws/page/';

/**
 * One page of `items`. Tokens are opaque to the caller (base64) and carry the offset plus a fingerprint of the
 * query, so a token replayed against another query is rejected as AWS rejects it.
 */
export function paginate<T>(
  items: readonly T[],
  options: { token: string | undefined; limit: number | undefined; pageSize: number; maxLimit: number; query: string; invalid: (message: string) => ApiError },
): Page<T> {
  const { token, limit, pageSize, maxLimit, query, invalid } = options;
  if (limit !== undefined && (limit < 1 || limit > maxLimit)) {
    throw invalid(`Value '${limit}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${maxLimit}`);
  }
  let offset = 0;
  if (token !== undefined && token !== '') {
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    const match = decoded.startsWith(TOKEN_PREFIX) ? /^([0-9]+):(.*)$/s.exec(decoded.slice(TOKEN_PREFIX.length)) : null;
    if (!match || match[2] !== query) throw invalid('The pagination token is invalid or belongs to another request.');
    offset = Number(match[1]);
  }
  const size = Math.min(pageSize, limit ?? maxLimit);
  const page = items.slice(offset, offset + size);
  const end = offset + page.length;
  return {
    items: page,
    next: end < items.length ? Buffer.from(`${TOKEN_PREFIX}${end}:${query}`).toString('base64') : undefined,
  };
}
