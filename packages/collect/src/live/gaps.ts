import { gapKind, plural, type Gap, type GapKind, type SectionId } from '@iamlint/core';
import { compare } from '../format.js';

/** A call that failed after the SDK's retries: becomes a gap of the section that needed it. */
export class AwsCallError extends Error {
  constructor(
    readonly call: string,
    readonly code: string,
    message: string,
    readonly httpStatus: number | undefined,
  ) {
    super(message);
    this.name = 'AwsCallError';
  }

  static from(call: string, error: unknown): AwsCallError {
    if (error instanceof AwsCallError) return error;
    const record = (typeof error === 'object' && error !== null ? error : {}) as {
      name?: unknown;
      Code?: unknown;
      code?: unknown;
      message?: unknown;
      $metadata?: { httpStatusCode?: number };
      $response?: { statusCode?: number; body?: unknown };
    };
    const code = [record.Code, record.name, record.code].find((value): value is string => typeof value === 'string' && value !== '' && value !== 'Error');
    const message = typeof record.message === 'string' ? record.message : String(error);
    const status = record.$metadata?.httpStatusCode ?? record.$response?.statusCode;
    if (notImplemented(code, message, status)) {
      return new AwsCallError(call, NOT_IMPLEMENTED, `the endpoint does not implement ${call}${status !== undefined ? ` (HTTP ${status})` : ''}`, status);
    }
    return new AwsCallError(call, code ?? 'UnknownError', message, status);
  }

  is(...codes: string[]): boolean {
    return codes.includes(this.code);
  }
}

/** The error code of a gap for a call the endpoint does not implement (emulators, proxies, partitions without the API). */
export const NOT_IMPLEMENTED = 'NotImplemented';

const NOT_IMPLEMENTED_CODES = new Set([
  'NotImplemented',
  'NotImplementedException',
  'NotImplementedError',
  'UnknownOperation',
  'UnknownOperationException',
  'InvalidAction',
  'UnsupportedOperation',
  'UnsupportedOperationException',
]);

/**
 * An answer that is not AWS's: an HTML page (a 404 or an emulator's error page) cannot be an AWS response, and
 * the SDK reports it as a deserialization error. 502–504 stay failures: a gateway that may answer next time.
 */
function notImplemented(code: string | undefined, message: string, status: number | undefined): boolean {
  if (code !== undefined && NOT_IMPLEMENTED_CODES.has(code)) return true;
  if (status === 501) return true;
  if (status !== undefined && status >= 502 && status <= 504) return false;
  const html = /<!doctype html|<html[\s>]|Unexpected token '<'/i.test(message);
  const unreadable = /Deserialization error/i.test(message) || code === 'SyntaxError';
  return html || (unreadable && (status === undefined || status === 404 || status === 405 || status >= 400));
}

const CREDENTIAL_ERRORS = [
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'TokenRefreshRequired',
];

/** The caller's own credentials are missing, expired or not valid: nothing can be collected. */
export function isCredentialError(error: AwsCallError): boolean {
  return CREDENTIAL_ERRORS.includes(error.code) || /could not load credentials|token .*expired|session .*expired/i.test(error.message);
}

export function gapOf(section: SectionId, accountId: string | undefined, error: AwsCallError): Gap {
  return {
    section,
    ...(accountId !== undefined ? { accountId } : {}),
    call: error.call,
    error: error.code,
    message: error.message,
    // Denied and failed follow from the error code, as in snapshots written before gap kinds existed.
    ...(error.code === NOT_IMPLEMENTED ? { kind: 'not-implemented' as const } : {}),
  };
}

const KIND_LABELS: Record<GapKind, string> = {
  denied: 'denied',
  'not-implemented': 'not implemented here',
  failed: 'failed',
  invalid: 'unreadable answers',
  'not-in-export': 'not in the export',
};

/** `3 gaps (1 denied, 1 not implemented here, 1 failed)`: what a user can fix is not what an endpoint lacks. */
export function describeGaps(gaps: readonly Gap[]): string {
  const counts = new Map<GapKind, number>();
  for (const gap of gaps) counts.set(gapKind(gap), (counts.get(gapKind(gap)) ?? 0) + 1);
  const parts = (Object.keys(KIND_LABELS) as GapKind[]).filter((kind) => counts.has(kind)).map((kind) => `${counts.get(kind)} ${KIND_LABELS[kind]}`);
  return `${plural(gaps.length, 'gap')}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * Global gaps first, then by account, section, call and error: the manifest is diffed day to day.
 * One gap per account, section, call, error and entity (the first message in sort order), so a failure that hits
 * every principal of an account is listed once, whichever request happened to fail first.
 */
export function sortGaps(gaps: Iterable<Gap>): Gap[] {
  const key = (gap: Gap) => [gap.accountId ?? '', gap.section, gap.call ?? '', gap.error, gap.entity?.kind ?? '', gap.entity?.id ?? '', gap.entity?.field ?? ''].join('\u0000');
  const sorted = [...gaps].sort((a, b) => compare(key(a), key(b)) || compare(a.message ?? '', b.message ?? ''));
  return sorted.filter((gap, index) => index === 0 || key(sorted[index - 1] as Gap) !== key(gap));
}
