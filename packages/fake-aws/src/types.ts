import type { AccountFile, IdentityCenterFile, OrganizationFile } from '@iamlint/core';
import type { Quirk } from './quirk-catalog.js';

export type FakeService = 'iam' | 'sts' | 'organizations' | 'sso' | 'identitystore';

export interface FakeWorld {
  organization: OrganizationFile | null;
  identityCenter: IdentityCenterFile | null;
  accounts: AccountFile[];
  /** The account whose credentials startFakeAws hands out (default: the organization's management account, else the only account). */
  callerAccountId?: string;
  /** PEM certificates to put in SAML metadata, matched to providers by SHA-256 fingerprint (lowercase hex of the DER). */
  certificates?: string[];
}

export interface Fault {
  service?: FakeService;
  action?: string;
  accountId?: string;
  error: 'AccessDenied' | 'Throttling' | 'ServiceUnavailable' | 'InternalFailure' | 'NoSuchEntity';
  /** Fail only the first N matching calls (default: every one). */
  times?: number;
}

export interface FakeAwsOptions {
  world: FakeWorld;
  /** Added before every response (default 0). */
  latencyMs?: number;
  /** Token bucket per (accountId, service), capacity = ratePerSecond; over it → the service's throttling error (default: unlimited). */
  ratePerSecond?: number;
  faults?: Fault[];
  /** Items per page for every paginated call, capped by the caller's MaxItems/MaxResults (default 100). */
  pageSize?: number;
  /** GenerateCredentialReport answers STARTED, then INPROGRESS this many times, then COMPLETE (default 1). */
  credentialReportPolls?: number;
  /** GetServiceLastAccessedDetails answers IN_PROGRESS this many times first (default 1). */
  lastAccessedPolls?: number;
  /** Deviations from AWS's documentation to reproduce (see QUIRKS); none by default. */
  quirks?: readonly Quirk[];
  /** With the html-for-unimplemented quirk, `service:Action`s answered with an HTML 404 (default DEFAULT_UNIMPLEMENTED). */
  unimplemented?: readonly string[];
  /** Rewrites each successful answer before it is serialized (fuzzing: missing keys, nulls, wrong types). */
  mutate?: (answer: { service: FakeService; action: string; accountId: string; body: Record<string, unknown> }) => Record<string, unknown>;
}

export interface RecordedCall {
  service: FakeService;
  action: string;
  accountId: string;
  params: Record<string, unknown>;
  status: number;
  error?: string;
}

export interface FakeAws {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  region: 'us-east-1';
  /** Long-term keys of callerAccountId. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Every request, in arrival order (including throttled and failed ones). */
  calls: RecordedCall[];
  close(): Promise<void>;
}
