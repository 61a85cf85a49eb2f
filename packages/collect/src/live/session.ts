import { IAMClient } from '@aws-sdk/client-iam';
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { STSClient } from '@aws-sdk/client-sts';
import type { Gap, SectionId } from '@iamlint/core';
import { AdaptiveRetryStrategy, DefaultRateLimiter } from '@smithy/core/retry';
import { AwsCallError, gapOf } from './gaps.js';
import { createLimit, pollDelay, sleep, type Limit, type PollSettings } from './limit.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface ClientSettings {
  region: string;
  endpoint?: string;
  maxAttempts: number;
  profile?: string;
  credentials?: Credentials;
}

export type CollectProgressEvent =
  | { type: 'plan'; accounts: string[] }
  | { type: 'call'; call: string; accountId?: string }
  | { type: 'gap'; gap: Gap }
  | { type: 'account-done'; accountId: string; gaps: number; done: number; total: number }
  | { type: 'warning'; message: string };

/** What every part of one collection run shares: settings, the call counter, progress. */
export class Run {
  calls = 0;

  constructor(
    readonly settings: ClientSettings,
    readonly poll: PollSettings,
    private readonly progress: ((event: CollectProgressEvent) => void) | undefined,
  ) {}

  emit(event: CollectProgressEvent): void {
    this.progress?.(event);
  }
}

/** Clients of one set of credentials (the caller's, or a role assumed in a member account). */
export class Session {
  private readonly clients = new Map<string, { destroy(): void }>();
  readonly gaps: Gap[] = [];

  constructor(
    readonly run: Run,
    /** The account the calls read; undefined for organization-wide reads, whose gaps are global. */
    readonly accountId: string | undefined,
    private readonly credentials: Credentials | undefined,
    /** How many calls of this session may be in flight at once. */
    private readonly limit: Limit = createLimit(4),
  ) {}

  get iam(): IAMClient {
    return this.client('iam', (config) => new IAMClient(config));
  }

  get sts(): STSClient {
    return this.client('sts', (config) => new STSClient(config));
  }

  get organizations(): OrganizationsClient {
    return this.client('organizations', (config) => new OrganizationsClient(config));
  }

  get ssoAdmin(): SSOAdminClient {
    return this.client('sso', (config) => new SSOAdminClient(config));
  }

  get identityStore(): IdentitystoreClient {
    return this.client('identitystore', (config) => new IdentitystoreClient(config));
  }

  /** Sends one request (the SDK retries throttling and 5xx itself); a final failure is an AwsCallError. */
  async call<T>(call: string, send: () => Promise<T>): Promise<T> {
    return this.limit(async () => {
      this.run.calls += 1;
      this.run.emit({ type: 'call', call, ...(this.accountId ? { accountId: this.accountId } : {}) });
      let output: T;
      try {
        output = await send();
      } catch (error) {
        throw AwsCallError.from(call, error);
      }
      if (typeof output === 'object' && output !== null) answeredBy.set(output, call);
      return output;
    });
  }

  /**
   * Runs one section's reads; a failed call becomes a gap of that section and the section's fallback value.
   * So does an answer of an unexpected shape (JSON services do not check types): a gap, never a crash.
   */
  async section<T>(section: SectionId, fallback: T, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof AwsCallError) this.addGap(gapOf(section, this.accountId, error));
      else if (error instanceof TypeError || error instanceof RangeError) {
        this.addGap({ section, ...(this.accountId ? { accountId: this.accountId } : {}), error: 'InvalidResponse', message: `an answer could not be read: ${error.message}`, kind: 'invalid' });
      } else throw error;
      return fallback;
    }
  }

  addGap(gap: Gap): void {
    this.gaps.push(gap);
    this.run.emit({ type: 'gap', gap });
  }

  /** Polls until `done` gives a value; waiting does not hold one of the session's call slots. */
  async poll<T>(what: string, attempt: (index: number) => Promise<T | undefined>): Promise<T> {
    for (let index = 0; index < this.run.poll.maxPolls; index += 1) {
      const result = await attempt(index);
      if (result !== undefined) return result;
      await sleep(pollDelay(this.run.poll, index));
    }
    throw new AwsCallError(what, 'PollTimeout', `${what} did not complete after ${this.run.poll.maxPolls} polls`, undefined);
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  private client<C extends { destroy(): void }>(service: string, create: (config: Record<string, unknown>) => C): C {
    let client = this.clients.get(service) as C | undefined;
    if (!client) {
      const { region, endpoint, maxAttempts, profile } = this.run.settings;
      const credentials = this.credentials ?? this.run.settings.credentials;
      client = create({
        region,
        retryStrategy: new AdaptiveRetryStrategy(maxAttempts, { rateLimiter: new DefaultRateLimiter(RATE_LIMITER) }),
        ...(endpoint ? { endpoint } : {}),
        ...(credentials ? { credentials } : profile ? { profile } : {}),
      });
      this.clients.set(service, client);
    }
    return client;
  }
}

/**
 * The SDK's adaptive limiter, backing off less (0.9 instead of 0.7) and climbing back to the last good rate
 * faster (4 instead of 0.4): a collection is a long burst against fixed per-account limits, where the defaults
 * leave the limit idle after each throttle (200 accounts against the fake: 1.60× the rate-limit floor → 1.42×).
 */
const RATE_LIMITER = { beta: 0.9, scaleConstant: 4 };

/** Which call gave an answer, for the error about an answer of the wrong shape. */
const answeredBy = new WeakMap<object, string>();

/** Follows a paginated list to its end; `next` gives the token of the following page, if any. */
export async function paginate<O, T>(
  page: (token: string | undefined) => Promise<O>,
  next: (output: O) => string | undefined,
  items: (output: O) => readonly T[] | undefined,
): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const output = await page(token);
    const call = (typeof output === 'object' && output !== null ? answeredBy.get(output) : undefined) ?? 'a paginated call';
    const list: unknown = items(output);
    if (list !== undefined && list !== null && !Array.isArray(list)) throw new AwsCallError(call, 'InvalidResponse', `the answer's list is ${JSON.stringify(list)?.slice(0, 60)}, not a list`, undefined);
    all.push(...((list as T[] | undefined) ?? []));
    const following: unknown = next(output);
    if (following !== undefined && (typeof following !== 'string' || seen.has(following))) {
      throw new AwsCallError(call, 'InvalidResponse', `the answer's pagination token ${JSON.stringify(following)?.slice(0, 60)} is not a new token`, undefined);
    }
    token = following;
    if (token) seen.add(token);
  } while (token);
  return all;
}

/** IAM pages with IsTruncated + Marker. */
export const iamNext = (output: { IsTruncated?: boolean | undefined; Marker?: string | undefined }): string | undefined =>
  output.IsTruncated ? output.Marker : undefined;

/** Organizations, Identity Center and Identity Store page with NextToken. */
export const nextToken = (output: { NextToken?: string | undefined }): string | undefined => output.NextToken || undefined;
