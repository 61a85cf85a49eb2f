import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { IamlintError, loadSnapshot, type AccountFile, type IdentityCenterFile, type Manifest } from '@iamlint/core';
import { startFakeAws, worldFromSnapshotFolder, type FakeAws, type FakeAwsOptions, type FakeWorld, type Fault } from '@iamlint/fake-aws';
import { collectSnapshot, hashEmail, type CollectOptions, type CollectResult } from '../src/index.js';

const DEMO = fileURLToPath(new URL('../../../fixtures/demo-org', import.meta.url));
const MANAGEMENT = '311842569027';
const SANDBOX = '590318264797';
const WEB_DEV = '183640257719';
const WEB_PROD = '846271039955';
const ORDERS_TEST = '658104729361';
const COLLECTED_AT = '2026-11-20T06:00:00Z';
/** platform-sandbox's role runs v1 of the collector policy, without iam:GenerateCredentialReport (see fixtures/README.md). */
const SANDBOX_REPORT_DENIED: Fault = { service: 'iam', action: 'GenerateCredentialReport', accountId: SANDBOX, error: 'AccessDenied' };

const demoWorld = (): FakeWorld => worldFromSnapshotFolder(DEMO);

async function withFake<T>(options: Omit<FakeAwsOptions, 'world'> & { world?: FakeWorld }, use: (fake: FakeAws) => Promise<T>): Promise<T> {
  const fake = await startFakeAws({ world: options.world ?? demoWorld(), ...options });
  try {
    return await use(fake);
  } finally {
    await fake.close();
  }
}

function collectFrom(fake: FakeAws, options: Partial<CollectOptions> = {}): Promise<CollectResult> {
  return collectSnapshot({
    toolVersion: '0.1.0',
    now: () => new Date('2026-11-20T06:00:00.734Z'),
    clientConfig: { endpoint: fake.endpoint, region: fake.region, credentials: fake.credentials, maxAttempts: 3 },
    poll: { initialDelayMs: 5, maxDelayMs: 20 },
    ...options,
  });
}

function readFolder(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of ['snapshot.json', 'organization.json', 'identity-center.json']) files.set(name, readFileSync(`${folder}/${name}`, 'utf8'));
  for (const name of readdirSync(`${folder}/accounts`).sort()) files.set(`accounts/${name}`, readFileSync(`${folder}/accounts/${name}`, 'utf8'));
  return files;
}

/**
 * The demo organization as the API can give it back (docs/collect.md, "Round trip"): no API reveals Identity
 * Center's identity source.
 */
function expectedFromDemo(): Map<string, string> {
  const files = readFolder(DEMO);
  const rewrite = <T>(path: string, change: (data: T) => void) => {
    const data = JSON.parse(files.get(path) as string) as T;
    change(data);
    files.set(path, `${JSON.stringify(data, null, 2)}\n`);
  };
  rewrite<IdentityCenterFile>('identity-center.json', (data) => {
    for (const instance of data.instances) {
      instance.identitySource = 'UNKNOWN';
      delete instance.externalIdp;
    }
  });
  return files;
}

function expectSameFiles(actual: ReadonlyMap<string, string>, expected: ReadonlyMap<string, string>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [path, text] of expected) expect(actual.get(path), path).toBe(text);
}

const accountFile = (result: CollectResult, accountId: string) => JSON.parse(result.files.get(`accounts/${accountId}.json`) as string) as AccountFile;
const manifestOf = (result: CollectResult) => JSON.parse(result.files.get('snapshot.json') as string) as Manifest;

describe('collectSnapshot against the fake AWS serving the demo organization', () => {
  let baseline: CollectResult;
  let baselineCalls: FakeAws['calls'];

  beforeAll(async () => {
    await withFake({ faults: [SANDBOX_REPORT_DENIED] }, async (fake) => {
      baseline = await collectFrom(fake, { org: true, roleName: 'iamlint-readonly' });
      baselineCalls = [...fake.calls];
    });
  });

  it('reproduces the account, organization and identity-center files byte for byte, but for the documented differences', () => {
    expectSameFiles(baseline.files, expectedFromDemo());
    expect(baseline.gaps).toEqual((JSON.parse(readFileSync(`${DEMO}/snapshot.json`, 'utf8')) as Manifest).gaps);
    expect(manifestOf(baseline).collectedAt).toBe(COLLECTED_AT);
    // orders-test has no password policy: IAM answers NoSuchEntity, which is data, not a gap.
    expect(accountFile(baseline, ORDERS_TEST).passwordPolicy).toBeNull();
    expect(() => loadSnapshot(baseline.files)).not.toThrow();
  });

  it('asks about keys, passwords and MFA only for the users whose credential report row shows them', () => {
    const successful = baselineCalls.filter((call) => call.status === 200);
    const inWebDev = (action: string) => successful.filter((call) => call.accountId === WEB_DEV && call.action === action).map((call) => call.params.UserName).sort();
    // web-dev: break-glass (console, virtual MFA), farid.haddad (console, virtual MFA, two keys), cypress-e2e (one key).
    expect(inWebDev('ListAccessKeys')).toEqual(['cypress-e2e', 'farid.haddad']);
    expect(inWebDev('GetLoginProfile')).toEqual(['break-glass', 'farid.haddad']);
    expect(inWebDev('ListMFADevices')).toEqual([]);
    expect(successful.filter((call) => call.action === 'ListVirtualMFADevices' && call.accountId === WEB_DEV)).toHaveLength(1);
    // web-prod's break-glass has a hardware token, which only ListMFADevices shows.
    expect(successful.filter((call) => call.accountId === WEB_PROD && call.action === 'ListMFADevices').map((call) => call.params.UserName)).toEqual(['break-glass']);
  });

  it('never asks twice for the same data (polls aside)', () => {
    const polls = new Set(['GenerateCredentialReport', 'GetServiceLastAccessedDetails']);
    const keys = baselineCalls
      .filter((call) => call.status === 200 && !polls.has(call.action))
      .map((call) => `${call.service}:${call.action}@${call.accountId} ${JSON.stringify(call.params)}`);
    const repeated = keys.filter((key, index) => keys.indexOf(key) !== index);
    expect(repeated).toEqual([]);
    expect(baseline.calls).toBeGreaterThan(200);
  });

  it('gives byte-identical files with two items per page and a slow credential report (pagination, polling, determinism)', async () => {
    await withFake({ faults: [SANDBOX_REPORT_DENIED], pageSize: 2, credentialReportPolls: 3 }, async (fake) => {
      const paged = await collectFrom(fake, { org: true, roleName: 'iamlint-readonly' });
      expectSameFiles(paged.files, baseline.files);
      const inManagement = (action: string) => fake.calls.filter((call) => call.accountId === MANAGEMENT && call.action === action);
      const gaadPages = inManagement('GetAccountAuthorizationDetails');
      expect(gaadPages.length).toBeGreaterThan(5);
      expect(gaadPages.filter((call) => call.params.Marker !== undefined)).toHaveLength(gaadPages.length - 1);
      // STARTED, INPROGRESS three times, COMPLETE; then the report is fetched once.
      expect(inManagement('GenerateCredentialReport')).toHaveLength(5);
      expect(inManagement('GetCredentialReport')).toHaveLength(1);
      expect(fake.calls.filter((call) => call.action === 'ListAccountsForParent' && call.params.NextToken !== undefined).length).toBeGreaterThan(0);
      expect(fake.calls.filter((call) => call.service === 'identitystore' && call.action === 'ListUsers')).toHaveLength(11);
    });
  });

  it('retries throttling until it succeeds, with no gap', async () => {
    const faults: Fault[] = [
      SANDBOX_REPORT_DENIED,
      { service: 'iam', action: 'GetAccountAuthorizationDetails', accountId: WEB_PROD, error: 'Throttling', times: 2 },
      { service: 'identitystore', action: 'ListGroupMemberships', error: 'Throttling', times: 1 },
    ];
    await withFake({ faults }, async (fake) => {
      const result = await collectFrom(fake, { org: true, roleName: 'iamlint-readonly' });
      expectSameFiles(result.files, baseline.files);
      const throttled = fake.calls.filter((call) => call.error === 'Throttling' || call.error === 'TooManyRequestsException' || call.error === 'ThrottlingException');
      expect(throttled).toHaveLength(3);
    });
  });

  it('records every section of an account whose role cannot be assumed as a gap, and completes the others', async () => {
    const world = demoWorld();
    const webDev = world.accounts.find((account) => account.accountId === WEB_DEV) as AccountFile;
    webDev.roles = webDev.roles.filter((role) => role.roleName !== 'iamlint-readonly');
    await withFake({ world, faults: [SANDBOX_REPORT_DENIED] }, async (fake) => {
      const result = await collectFrom(fake, { org: true, roleName: 'iamlint-readonly' });
      expect(result.files.has(`accounts/${WEB_DEV}.json`)).toBe(false);
      const webDevGaps = result.gaps.filter((gap) => gap.accountId === WEB_DEV);
      expect(webDevGaps.map((gap) => gap.section)).toEqual([
        'iam.accessKeys',
        'iam.accountSummary',
        'iam.authorizationDetails',
        'iam.credentialReport',
        'iam.oidcProviders',
        'iam.passwordPolicy',
        'iam.samlProviders',
        'iam.serverCertificates',
        'iam.virtualMfaDevices',
      ]);
      expect(new Set(webDevGaps.map((gap) => `${gap.call} ${gap.error}`))).toEqual(new Set(['sts:AssumeRole AccessDenied']));
      expect(webDevGaps[0]?.message).toMatch(/not authorized to perform: sts:AssumeRole/);
      expect(manifestOf(result).scope.accounts).toContain(WEB_DEV);
      for (const [path, text] of baseline.files) {
        if (path.startsWith('accounts/') && path !== `accounts/${WEB_DEV}.json`) expect(result.files.get(path), path).toBe(text);
      }
      // The loader accepts an account in scope without a file: its rules say "not evaluated".
      expect(() => loadSnapshot(result.files)).not.toThrow();
    });
  });

  it('turns a call that keeps failing with 5xx into a gap of its section, and keeps the rest of the account', async () => {
    const faults: Fault[] = [SANDBOX_REPORT_DENIED, { service: 'iam', action: 'ListSAMLProviders', accountId: WEB_PROD, error: 'ServiceUnavailable' }];
    await withFake({ faults }, async (fake) => {
      const result = await collectFrom(fake, { org: true, roleName: 'iamlint-readonly', clientConfig: { endpoint: fake.endpoint, region: fake.region, credentials: fake.credentials, maxAttempts: 2 } });
      expect(result.gaps.filter((gap) => gap.accountId === WEB_PROD)).toEqual([
        { section: 'iam.samlProviders', accountId: WEB_PROD, call: 'iam:ListSAMLProviders', error: 'ServiceUnavailable', message: 'Service is unable to handle request.' },
      ]);
      expect(fake.calls.filter((call) => call.accountId === WEB_PROD && call.action === 'ListSAMLProviders')).toHaveLength(2);
      const webProd = accountFile(result, WEB_PROD);
      expect(webProd.samlProviders).toEqual([]);
      expect({ ...webProd, samlProviders: [] }).toEqual({ ...accountFile(baseline, WEB_PROD), samlProviders: [] });
    });
  });

  it('reads only the OU asked for, and hashes identity-store emails with --hash-emails', async () => {
    await withFake({ faults: [SANDBOX_REPORT_DENIED] }, async (fake) => {
      const result = await collectFrom(fake, { org: true, roleName: 'iamlint-readonly', ous: ['Sandbox'], hashEmails: true });
      expect(manifestOf(result).scope.accounts).toEqual([SANDBOX]);
      expect([...result.files.keys()].filter((path) => path.startsWith('accounts/'))).toEqual([`accounts/${SANDBOX}.json`]);
      expect(result.files.get('organization.json')).toBe(baseline.files.get('organization.json'));
      const plain = (JSON.parse(baseline.files.get('identity-center.json') as string) as IdentityCenterFile).instances[0]?.users ?? [];
      const hashed = (JSON.parse(result.files.get('identity-center.json') as string) as IdentityCenterFile).instances[0]?.users ?? [];
      expect(hashed).toHaveLength(21);
      expect(hashed.map((user) => user.emails)).toEqual(plain.map((user) => user.emails.map(hashEmail).sort()));
      expect(hashed.flatMap((user) => user.emails).every((email) => /^[0-9a-f]{64}$/.test(email))).toBe(true);
    });
  });
});

describe('collectSnapshot of one account', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("reads the caller's account with the SDK's own AWS_ENDPOINT_URL and environment credentials", async () => {
    await withFake({}, async (fake) => {
      vi.stubEnv('AWS_ENDPOINT_URL', fake.endpoint);
      vi.stubEnv('AWS_ACCESS_KEY_ID', fake.credentials.accessKeyId);
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', fake.credentials.secretAccessKey);
      vi.stubEnv('AWS_REGION', fake.region);
      vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/iamlint-test-config');
      vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/iamlint-test-credentials');
      vi.stubEnv('AWS_PROFILE', '');
      const result = await collectSnapshot({ toolVersion: '0.1.0', now: () => new Date(COLLECTED_AT), poll: { initialDelayMs: 5, maxDelayMs: 20 } });
      expect([...result.files.keys()]).toEqual(['snapshot.json', `accounts/${MANAGEMENT}.json`]);
      expect(result.files.get(`accounts/${MANAGEMENT}.json`)).toBe(expectedFromDemo().get(`accounts/${MANAGEMENT}.json`));
      expect(manifestOf(result)).toEqual({
        schemaVersion: '1.2',
        collectedAt: COLLECTED_AT,
        tool: { name: 'iamlint', version: '0.1.0' },
        scope: { accounts: [MANAGEMENT] },
        gaps: [],
      });
    });
  });

  it('writes passwordPolicy null, not a gap, when IAM says the account has none', async () => {
    await withFake({ faults: [{ service: 'iam', action: 'GetAccountPasswordPolicy', error: 'NoSuchEntity' }] }, async (fake) => {
      const result = await collectFrom(fake);
      expect(result.gaps).toEqual([]);
      expect(accountFile(result, MANAGEMENT).passwordPolicy).toBeNull();
      expect(accountFile(result, MANAGEMENT).users).toEqual(JSON.parse(readFileSync(`${DEMO}/accounts/${MANAGEMENT}.json`, 'utf8')).users);
    });
  });

  it('reads which services each user and role last used with --last-accessed, polling the jobs', async () => {
    const world = demoWorld();
    const management = world.accounts.find((account) => account.accountId === MANAGEMENT) as AccountFile;
    const admin = `arn:aws:iam::${MANAGEMENT}:role/JumpCloudAdmin`;
    management.serviceLastAccessed = {
      [admin]: [
        { service: 's3', lastAuthenticated: '2026-11-17' },
        { service: 'ec2', lastAuthenticated: null },
        { service: 'organizations', lastAuthenticated: '2026-10-02' },
      ],
    };
    await withFake({ world, lastAccessedPolls: 2 }, async (fake) => {
      const result = await collectFrom(fake, { lastAccessed: true });
      const collected = accountFile(result, MANAGEMENT).serviceLastAccessed ?? {};
      const principals = [...management.users, ...management.roles].map((principal) => principal.arn).sort();
      expect(Object.keys(collected)).toEqual(principals);
      expect(collected[admin]).toEqual([
        { service: 'ec2', lastAuthenticated: null },
        { service: 'organizations', lastAuthenticated: '2026-10-02' },
        { service: 's3', lastAuthenticated: '2026-11-17' },
      ]);
      expect(collected[`arn:aws:iam::${MANAGEMENT}:user/break-glass-1`]).toEqual([]);
      const generated = fake.calls.filter((call) => call.action === 'GenerateServiceLastAccessedDetails');
      expect(generated).toHaveLength(principals.length);
      // Two IN_PROGRESS answers, then COMPLETED, for every job.
      expect(fake.calls.filter((call) => call.action === 'GetServiceLastAccessedDetails')).toHaveLength(principals.length * 3);
      expect(() => loadSnapshot(result.files)).not.toThrow();
    });
  });

  it('leaves serviceLastAccessed out of the account file without --last-accessed', async () => {
    await withFake({}, async (fake) => {
      const result = await collectFrom(fake);
      expect(accountFile(result, MANAGEMENT)).not.toHaveProperty('serviceLastAccessed');
      expect(fake.calls.some((call) => call.action.includes('ServiceLastAccessed'))).toBe(false);
    });
  });

  it('stops with one line saying how to fix credentials that do not work', async () => {
    await withFake({}, async (fake) => {
      const attempt = collectFrom(fake, {
        clientConfig: { endpoint: fake.endpoint, region: fake.region, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } },
      });
      await expect(attempt).rejects.toBeInstanceOf(IamlintError);
      const error = (await attempt.catch((caught: unknown) => caught)) as IamlintError;
      expect(error.format()).toBe(
        'no usable AWS credentials (sign in (e.g. `aws sso login`), pass --profile, or set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)',
      );
      expect(fake.calls.map((call) => `${call.service}:${call.action}`)).toEqual(['sts:GetCallerIdentity']);
    });
  });
});
