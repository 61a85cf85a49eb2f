import type { Gap, SectionId } from '@iamlint/core';
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
    };
    const code = [record.Code, record.name, record.code].find((value): value is string => typeof value === 'string' && value !== '' && value !== 'Error');
    const message = typeof record.message === 'string' ? record.message : String(error);
    return new AwsCallError(call, code ?? 'UnknownError', message, record.$metadata?.httpStatusCode);
  }

  is(...codes: string[]): boolean {
    return codes.includes(this.code);
  }
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
  };
}

/**
 * Global gaps first, then by account, section, call and error: the manifest is diffed day to day.
 * One gap per account, section, call and error (the first message in sort order), so a failure that hits
 * every principal of an account is listed once, whichever request happened to fail first.
 */
export function sortGaps(gaps: Iterable<Gap>): Gap[] {
  const key = (gap: Gap) => [gap.accountId ?? '', gap.section, gap.call ?? '', gap.error].join('\u0000');
  const sorted = [...gaps].sort((a, b) => compare(key(a), key(b)) || compare(a.message ?? '', b.message ?? ''));
  return sorted.filter((gap, index) => index === 0 || key(sorted[index - 1] as Gap) !== key(gap));
}
