import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SCHEMA_VERSION, UsageError, type AccountFile, type Gap, type IdentityCenterFile, type Manifest, type OrganizationFile, type SnapshotFileKind } from '@iamlint/core';
import { accountSections, collectAccount } from './account.js';
import { DEFAULT_CONCURRENCY, DEFAULT_ROLE_NAME } from '../defaults.js';
import { jsonFile, toTimestamp } from '../format.js';
import { AwsCallError, gapOf, isCredentialError, sortGaps } from './gaps.js';
import { collectIdentityCenter, completeProvisioning } from './identity-center.js';
import { repairForLoader } from '../repair.js';
import { createLimit, DEFAULT_POLL, mapLimited, type PollSettings } from './limit.js';
import { collectOrganization } from './organization.js';
import { selectAccounts } from './scope.js';
import { shardOf, type CollectPlan, type Shard } from './shard.js';
import { Run, Session, type ClientSettings, type CollectProgressEvent, type Credentials } from './session.js';

export interface CollectOptions {
  /** Read Organizations and Identity Center too, and every account of the organization. */
  org?: boolean;
  /** Read Organizations and Identity Center and no account: the first step of a sharded collection. */
  orgOnly?: boolean;
  /** Collect only the accounts of this shard of the planned list. */
  shard?: Shard;
  /** The organization and account list of an earlier `orgOnly` step: this run reads neither Organizations nor Identity Center. */
  plan?: CollectPlan;
  /** The role assumed in every account but the caller's (default iamlint-readonly). */
  roleName?: string;
  accounts?: string[];
  excludeAccounts?: string[];
  /** OU ids or names (with org): the accounts anywhere below them. */
  ous?: string[];
  /** Accounts collected at once (default 8). */
  concurrency?: number;
  lastAccessed?: boolean;
  hashEmails?: boolean;
  profile?: string;
  region?: string;
  toolVersion: string;
  now?: () => Date;
  onProgress?: (event: CollectProgressEvent) => void;
  /** For tests and the benchmark; users rely on the default credential chain and AWS_ENDPOINT_URL. */
  clientConfig?: { endpoint?: string; region?: string; credentials?: Credentials; maxAttempts?: number };
  /** How credential report and last-accessed jobs are polled. */
  poll?: Partial<PollSettings>;
}

export interface CollectResult {
  /** Snapshot-relative path → file text, as `iamlint audit` reads a folder. */
  files: Map<string, string>;
  gaps: Gap[];
  /** Requests sent (pages and polls included, SDK retries not). */
  calls: number;
}

/** IAM throttles per account, so accounts run side by side; within one, a few calls at a time. */
const CALLS_PER_ACCOUNT = 4;
/** Organizations and Identity Center are read in the management account, one throttle for the whole run. */
const ORGANIZATION_CALLS = 4;
const ADMIN_ROLE = 'OrganizationAccountAccessRole';
const ACCOUNT_ID = /^[0-9]{12}$/;

/** Collects a snapshot from AWS. Throws a one-line UsageError when the caller's credentials do not work. */
export async function collectSnapshot(options: CollectOptions): Promise<CollectResult> {
  const now = options.now ?? (() => new Date());
  const collectedAt = toTimestamp(now());
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new UsageError('USAGE', `--concurrency must be a whole number ≥ 1, got ${concurrency}`);
  }
  checkShardOptions(options);
  const readsOrganization = (options.org ?? false) || (options.orgOnly ?? false);
  const roleName = options.roleName ?? DEFAULT_ROLE_NAME;
  const settings: ClientSettings = {
    region: await resolveRegion(options),
    maxAttempts: options.clientConfig?.maxAttempts ?? 10,
    ...(options.clientConfig?.endpoint ? { endpoint: options.clientConfig.endpoint } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.clientConfig?.credentials ? { credentials: options.clientConfig.credentials } : {}),
  };
  const run = new Run(settings, { ...DEFAULT_POLL, ...options.poll }, options.onProgress);
  const caller = new Session(run, undefined, undefined, createLimit(concurrency));
  const organizationSession = new Session(run, undefined, undefined, createLimit(ORGANIZATION_CALLS));
  const identityCenterSession = new Session(run, undefined, undefined, createLimit(ORGANIZATION_CALLS));

  try {
    const identity = await whoAmI(caller);
    // Identity Center needs nothing from Organizations, and both are paced by the management account's rate limits.
    const identityCenterRead: Promise<IdentityCenterFile | null> = readsOrganization
      ? collectIdentityCenter(identityCenterSession, { hashEmails: options.hashEmails ?? false })
      : Promise.resolve(null);
    // Awaited below; until then a failure must not surface as an unhandled rejection if Organizations fails first.
    identityCenterRead.catch(() => undefined);
    const organization = options.plan?.organization ?? (readsOrganization ? await collectOrganization(organizationSession) : null);
    const planned = options.plan ? [...options.plan.accounts] : plannedAccounts(organization, identity.accountId, options);
    const { shard } = options;
    // scope.accounts: the plan (an orgOnly step hands it to the shards), or the shard's part of it.
    const accountIds = shard ? planned.filter((id) => shardOf(id, shard.count) === shard.index) : planned;
    const collected = options.orgOnly ? [] : accountIds;
    run.emit({ type: 'plan', accounts: collected });
    if (roleName === ADMIN_ROLE && collected.some((id) => id !== identity.accountId)) {
      run.emit({
        type: 'warning',
        message: `${ADMIN_ROLE} is an administrator role: collect with a read-only role instead (see collector-policy.json and docs/collect.md)`,
      });
    }

    const centralRoot = organization?.iamFeatures?.includes('RootCredentialsManagement') ?? false;
    const managementAccountId = organization?.organization.managementAccountId;

    let done = 0;
    const accountResults = await mapLimited(collected, createLimit(concurrency), async (accountId) => {
      const outcome = await collectOne(run, caller, identity, accountId, roleName, {
        centrallyManagedRoot: centralRoot && accountId !== managementAccountId,
        lastAccessed: options.lastAccessed ?? false,
      });
      done += 1;
      run.emit({ type: 'account-done', accountId, gaps: outcome.gaps.length, done, total: collected.length });
      return outcome;
    });
    const identityCenterListed = await identityCenterRead;
    const identityCenter =
      identityCenterListed && organization
        ? await completeProvisioning(identityCenterSession, identityCenterListed, organization.accounts.map((account) => account.id).filter((id) => ACCOUNT_ID.test(id)))
        : identityCenterListed;

    // Whatever is written must load: each file is checked with the loader's own schema, and what does not pass
    // is left out value by value, entity by entity, each with a gap that names it.
    const checkedGaps: Gap[] = [];
    const checked = <T>(kind: SnapshotFileKind, data: T | null, accountId?: string): T | null => {
      if (data === null) return null;
      const repaired = repairForLoader(kind, data, accountId !== undefined ? { accountId } : {});
      checkedGaps.push(...repaired.gaps);
      return repaired.data;
    };
    // A planned run's organization is the orgOnly step's file, which that step wrote.
    const organizationFile = options.plan ? null : checked('organization', organization);
    const identityCenterFile = checked('identityCenter', identityCenter);
    const accountFiles = accountResults.map((result) => {
      const data = checked('account', result.file, result.accountId);
      if (result.file !== null && data === null) {
        const lost = new AwsCallError('iam:GetAccountAuthorizationDetails', 'InvalidResponse', `nothing of account ${result.accountId} could be represented`, undefined);
        checkedGaps.push(...accountSections(options.lastAccessed ?? false).map((section) => ({ ...gapOf(section, result.accountId, lost), kind: 'invalid' as const })));
      }
      return { accountId: result.accountId, data };
    });

    const gaps = sortGaps([
      ...organizationSession.gaps,
      ...identityCenterSession.gaps,
      ...accountResults.flatMap((result) => result.gaps),
      ...checkedGaps,
    ]);
    for (const gap of checkedGaps) run.emit({ type: 'gap', gap });
    const draft: Manifest = {
      schemaVersion: SCHEMA_VERSION,
      collectedAt,
      tool: { name: 'iamlint', version: options.toolVersion },
      scope: {
        ...(organization ? { organizationId: organization.organization.id, managementAccountId: organization.organization.managementAccountId } : {}),
        accounts: accountIds,
      },
      gaps,
    };
    // The manifest is built here from checked parts; its own check only guards against a gap this code mis-builds.
    const manifest = checked('manifest', draft) ?? { ...draft, gaps: [] };
    const files = new Map<string, string>([['snapshot.json', jsonFile(manifest)]]);
    if (organizationFile) files.set('organization.json', jsonFile(organizationFile satisfies OrganizationFile));
    if (identityCenterFile) files.set('identity-center.json', jsonFile(identityCenterFile));
    for (const { accountId, data } of accountFiles) {
      if (data !== null) files.set(`accounts/${accountId}.json`, jsonFile(data));
    }
    return { files, gaps: manifest.gaps, calls: run.calls };
  } finally {
    for (const session of [caller, organizationSession, identityCenterSession]) session.destroy();
  }
}

/** The accounts a run covers, before any shard: the organization's (filtered), the named ones, or the caller's. */
function plannedAccounts(organization: OrganizationFile | null, callerAccountId: string, options: CollectOptions): string[] {
  // An id that is not an account id cannot be entered nor named in the snapshot; the organization file's check reports it.
  const selected = selectAccounts(organization, callerAccountId, options).filter((id) => ACCOUNT_ID.test(id));
  // An organization whose accounts could not be listed (a gap says so) still has the caller's account.
  const unfiltered = !options.accounts?.length && !options.ous?.length && !options.excludeAccounts?.includes(callerAccountId);
  return selected.length === 0 && unfiltered ? [callerAccountId] : selected;
}

/** Organizations and Identity Center are read once, by the orgOnly step; shards take its plan and read neither. */
function checkShardOptions(options: CollectOptions): void {
  const hint = 'run `iamlint collect --org-only -o <folder>` once, then each shard with `--shard <i>/<n> --org-from <folder>` (docs/workflows.md)';
  if (options.orgOnly && (options.shard || options.plan)) {
    throw new UsageError('USAGE', `--org-only reads the organization for all shards and takes neither ${options.shard ? '--shard' : '--org-from'}`, { hint });
  }
  if (options.plan && options.org) {
    throw new UsageError('USAGE', '--org-from takes the organization from its folder and reads none: --org goes with it only on the --org-only step', { hint });
  }
  if (options.shard && options.org) {
    throw new UsageError('USAGE', '--shard with --org would read the whole organization in every shard', { hint });
  }
  const filter = options.accounts?.length ? '--accounts' : options.ous?.length ? '--ou' : options.excludeAccounts?.length ? '--exclude-accounts' : undefined;
  if (options.plan && filter) {
    throw new UsageError('USAGE', `--org-from takes its account list from the --org-only step, not from ${filter}`, { hint: `give ${filter} to the --org-only step` });
  }
}

interface Identity {
  accountId: string;
  partition: string;
}

async function whoAmI(caller: Session): Promise<Identity> {
  try {
    const output = await caller.call('sts:GetCallerIdentity', () => caller.sts.send(new GetCallerIdentityCommand({})));
    return { accountId: output.Account ?? '', partition: /^arn:([^:]+):/.exec(output.Arn ?? '')?.[1] ?? 'aws' };
  } catch (error) {
    if (!(error instanceof AwsCallError)) throw error;
    throw credentialProblem(error);
  }
}

function credentialProblem(error: AwsCallError): UsageError {
  if (/expired/i.test(error.code) || /expired/i.test(error.message)) {
    return new UsageError('USAGE', 'the AWS credentials have expired', {
      hint: 'refresh them (e.g. `aws sso login --profile <name>`) and run again',
    });
  }
  if (isCredentialError(error)) {
    return new UsageError('USAGE', 'no usable AWS credentials', {
      hint: 'sign in (e.g. `aws sso login`), pass --profile, or set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY',
    });
  }
  return new UsageError('USAGE', `cannot call sts:GetCallerIdentity: ${error.code}: ${error.message}`, {
    hint: 'check the network, --region and AWS_ENDPOINT_URL',
  });
}

async function collectOne(
  run: Run,
  caller: Session,
  identity: Identity,
  accountId: string,
  roleName: string,
  plan: { centrallyManagedRoot: boolean; lastAccessed: boolean },
): Promise<{ accountId: string; file: AccountFile | null; gaps: Gap[] }> {
  let credentials: Credentials | undefined;
  if (accountId !== identity.accountId) {
    const roleArn = `arn:${identity.partition}:iam::${accountId}:role/${roleName}`;
    try {
      const output = await caller.call('sts:AssumeRole', () =>
        caller.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'iamlint-collect', DurationSeconds: 3600 })),
      );
      const assumed = output.Credentials;
      if (!assumed?.AccessKeyId || !assumed.SecretAccessKey) throw new AwsCallError('sts:AssumeRole', 'InvalidResponse', `no credentials for ${roleArn}`, undefined);
      credentials = {
        accessKeyId: assumed.AccessKeyId,
        secretAccessKey: assumed.SecretAccessKey,
        ...(assumed.SessionToken ? { sessionToken: assumed.SessionToken } : {}),
        ...(assumed.Expiration ? { expiration: assumed.Expiration } : {}),
      };
    } catch (error) {
      if (!(error instanceof AwsCallError)) throw error;
      const gaps = accountSections(plan.lastAccessed).map((section) => gapOf(section, accountId, error));
      for (const gap of gaps) run.emit({ type: 'gap', gap });
      return { accountId, file: null, gaps };
    }
  }
  const session = new Session(run, accountId, credentials, createLimit(CALLS_PER_ACCOUNT));
  try {
    const file = await collectAccount(session, { accountId, ...plan });
    return { accountId, file, gaps: session.gaps };
  } finally {
    session.destroy();
  }
}

/** IAM and Organizations are global, but the SDK needs a region; Identity Center lives in the one given. */
async function resolveRegion(options: CollectOptions): Promise<string> {
  const explicit = options.clientConfig?.region ?? options.region;
  if (explicit) return explicit;
  const probe = new STSClient(options.profile ? { profile: options.profile } : {});
  try {
    return await probe.config.region();
  } catch {
    return 'us-east-1';
  } finally {
    probe.destroy();
  }
}

export type { CollectProgressEvent } from './session.js';
