import { X509Certificate } from 'node:crypto';
import type { AccountFile, IdentityCenterInstance, OrgAccount } from '@iamlint/core';
import { stableId, stableSecret } from './ids.js';
import type { FakeAwsOptions, FakeWorld, Fault } from './types.js';
import type { Quirk } from './quirk-catalog.js';

export interface Principal {
  accountId: string;
  /** arn:aws:iam::<id>:user/<name> or arn:aws:sts::<id>:assumed-role/<role>/<session>. */
  arn: string;
  userId: string;
}

interface Credential {
  principal: Principal;
  secretAccessKey: string;
  sessionToken?: string;
}

interface ReportState {
  /** In-progress answers still to give before the report is complete. */
  inProgressLeft: number;
  generatedTime?: string;
}

export interface LastAccessedJob {
  accountId: string;
  arn: string;
  pollsLeft: number;
  createdAt: string;
}

export const CALLER_USER_NAME = 'fake-aws-caller';

/** The mutable side of a running fake: who holds which keys, report and job progress, fault counters. */
export class FakeState {
  readonly accounts: ReadonlyMap<string, AccountFile>;
  readonly orgAccounts: ReadonlyMap<string, OrgAccount>;
  readonly callerAccountId: string;
  readonly callerKeys: { accessKeyId: string; secretAccessKey: string };
  /** Base64 DER of each known certificate, by lowercase SHA-256 fingerprint. */
  readonly certificates: ReadonlyMap<string, string>;
  readonly reports = new Map<string, ReportState>();
  readonly jobs = new Map<string, LastAccessedJob>();
  readonly faultsUsed = new Map<Fault, number>();
  readonly quirks: ReadonlySet<Quirk>;
  private readonly credentials = new Map<string, Credential>();
  private sessions = 0;

  constructor(
    readonly world: FakeWorld,
    readonly options: FakeAwsOptions,
  ) {
    this.quirks = new Set(options.quirks ?? []);
    this.accounts = new Map(world.accounts.map((account) => [account.accountId, account]));
    this.orgAccounts = new Map((world.organization?.accounts ?? []).map((account) => [account.id, account]));
    this.callerAccountId = resolveCaller(world, this.accounts);
    this.certificates = new Map((world.certificates ?? []).map(certificateEntry));
    const principal = {
      accountId: this.callerAccountId,
      arn: `arn:aws:iam::${this.callerAccountId}:user/${CALLER_USER_NAME}`,
      userId: stableId('AIDA', `caller:${this.callerAccountId}`, 17),
    };
    this.callerKeys = { accessKeyId: stableId('AKIA', `caller-key:${this.callerAccountId}`), secretAccessKey: stableSecret(`caller-secret:${this.callerAccountId}`) };
    this.credentials.set(this.callerKeys.accessKeyId, { principal, secretAccessKey: this.callerKeys.secretAccessKey });
  }

  principalFor(accessKeyId: string, sessionToken: string | undefined): Principal | undefined {
    const credential = this.credentials.get(accessKeyId);
    if (!credential) return undefined;
    if (credential.sessionToken !== undefined && credential.sessionToken !== sessionToken) return undefined;
    return credential.principal;
  }

  issueSession(principal: Principal): { accessKeyId: string; secretAccessKey: string; sessionToken: string } {
    this.sessions += 1;
    const label = `session:${this.sessions}:${principal.arn}`;
    const issued = {
      accessKeyId: stableId('ASIA', label),
      secretAccessKey: stableSecret(`${label}:secret`),
      sessionToken: `IQoJb3JpZ2luX2VjE${stableSecret(`${label}:token`, 120)}`,
    };
    this.credentials.set(issued.accessKeyId, { principal, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken });
    return issued;
  }

  get managementAccountId(): string | undefined {
    return this.world.organization?.organization.managementAccountId;
  }

  /** Identity Center instances the account administers: as the owner (management) or a delegated administrator. */
  instancesFor(accountId: string): IdentityCenterInstance[] {
    const delegated = (this.world.organization?.delegatedAdministrators ?? []).some(
      (admin) => admin.accountId === accountId && admin.servicePrincipal === 'sso.amazonaws.com',
    );
    return (this.world.identityCenter?.instances ?? []).filter((instance) => instance.ownerAccountId === accountId || delegated);
  }

  /** When the account came to be: when it joined the organization, else its oldest IAM entity. */
  accountCreated(accountId: string): string {
    const joined = this.orgAccounts.get(accountId)?.joinedTimestamp;
    if (joined) return joined;
    const account = this.accounts.get(accountId);
    const dates = [...(account?.users ?? []), ...(account?.roles ?? []), ...(account?.groups ?? [])].map((entity) => entity.createDate).sort();
    return dates[0] ?? '2020-01-01T00:00:00Z';
  }
}

function resolveCaller(world: FakeWorld, accounts: ReadonlyMap<string, AccountFile>): string {
  const caller = world.callerAccountId ?? world.organization?.organization.managementAccountId ?? (accounts.size === 1 ? [...accounts.keys()][0] : undefined);
  if (caller === undefined) {
    throw new Error(`fake-aws: the world has ${accounts.size} accounts and no organization, so set callerAccountId to the account whose keys the fake hands out`);
  }
  if (!accounts.has(caller)) {
    throw new Error(`fake-aws: callerAccountId ${caller} has no account file in the world; add accounts/${caller}.json or pick one of ${[...accounts.keys()].join(', ') || '(none)'}`);
  }
  return caller;
}

function certificateEntry(pem: string): [string, string] {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch {
    throw new Error(`fake-aws: a certificate in world.certificates is not a PEM X.509 certificate (starts "${pem.slice(0, 40)}")`);
  }
  return [certificate.fingerprint256.replaceAll(':', '').toLowerCase(), certificate.raw.toString('base64')];
}
