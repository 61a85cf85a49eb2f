import { performance } from 'node:perf_hooks';
import { GetAccountSummaryCommand, GetLoginProfileCommand, IAMClient, ListAccountAliasesCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { DescribeOrganizationCommand, ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { ListInstancesCommand, ListPermissionSetsCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAws, type FakeAws, type FakeAwsOptions, type Fault } from '../src/index.js';
import { clientConfig, DATA_PROD, demoWorld, isThrottlingError, MANAGEMENT, memberCredentials, rejection } from './helpers.js';

const world = demoWorld();
const INSTANCE = 'arn:aws:sso:::instance/ssoins-7223c4b2a19e5d08';
let running: FakeAws | undefined;
async function start(options: Omit<FakeAwsOptions, 'world'>): Promise<FakeAws> {
  running = await startFakeAws({ world, ...options });
  return running;
}
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('faults', () => {
  const cases: Array<{ fault: Fault['error']; service: 'iam' | 'organizations' | 'sso'; name: string; status: number }> = [
    { service: 'iam', fault: 'AccessDenied', name: 'AccessDenied', status: 403 },
    { service: 'iam', fault: 'Throttling', name: 'Throttling', status: 400 },
    { service: 'iam', fault: 'ServiceUnavailable', name: 'ServiceUnavailable', status: 503 },
    { service: 'iam', fault: 'InternalFailure', name: 'InternalFailure', status: 500 },
    { service: 'iam', fault: 'NoSuchEntity', name: 'NoSuchEntityException', status: 404 },
    { service: 'organizations', fault: 'AccessDenied', name: 'AccessDeniedException', status: 400 },
    { service: 'organizations', fault: 'Throttling', name: 'TooManyRequestsException', status: 400 },
    { service: 'organizations', fault: 'ServiceUnavailable', name: 'ServiceUnavailable', status: 503 },
    { service: 'organizations', fault: 'InternalFailure', name: 'ServiceException', status: 500 },
    { service: 'organizations', fault: 'NoSuchEntity', name: 'TargetNotFoundException', status: 400 },
    { service: 'sso', fault: 'AccessDenied', name: 'AccessDeniedException', status: 400 },
    { service: 'sso', fault: 'Throttling', name: 'ThrottlingException', status: 400 },
    { service: 'sso', fault: 'InternalFailure', name: 'InternalServerException', status: 500 },
    { service: 'sso', fault: 'NoSuchEntity', name: 'ResourceNotFoundException', status: 400 },
  ];

  it.each(cases)('$service $fault surfaces as the SDK error $name (HTTP $status)', async ({ service, fault, name, status }) => {
    const fake = await start({ faults: [{ service, error: fault }] });
    const config = clientConfig(fake, fake.credentials);
    const call =
      service === 'iam'
        ? () => new IAMClient(config).send(new GetAccountSummaryCommand({}))
        : service === 'organizations'
          ? () => new OrganizationsClient(config).send(new ListAccountsCommand({}))
          : () => new SSOAdminClient(config).send(new ListInstancesCommand({}));
    const error = await rejection(call);
    expect(error.name).toBe(name);
    expect(error.$metadata?.httpStatusCode).toBe(status);
    expect(error.$fault).toBe(status >= 500 ? 'server' : 'client');
    expect(isThrottlingError(error)).toBe(fault === 'Throttling');
    expect(fake.calls).toEqual([expect.objectContaining({ service, accountId: MANAGEMENT, status, error: expect.any(String) })]);
  });

  it('fails only the first `times` matching calls, so the SDK retry gets through', async () => {
    const fake = await start({ faults: [{ service: 'iam', action: 'GetAccountSummary', error: 'InternalFailure', times: 2 }] });
    const retried = await new IAMClient(clientConfig(fake, fake.credentials, 3)).send(new GetAccountSummaryCommand({}));
    expect(retried.SummaryMap?.Users).toBe(2);
    expect(retried.$metadata.attempts).toBe(3);
    expect(fake.calls.map((call) => call.status)).toEqual([500, 500, 200]);
    // Spent: later calls succeed at once.
    expect((await new IAMClient(clientConfig(fake, fake.credentials)).send(new GetAccountSummaryCommand({}))).$metadata.attempts).toBe(1);
  });

  it('matches faults by account and action only', async () => {
    const fake = await start({ faults: [{ accountId: DATA_PROD, action: 'GetAccountSummary', error: 'AccessDenied' }] });
    const management = new IAMClient(clientConfig(fake, fake.credentials));
    expect((await management.send(new GetAccountSummaryCommand({}))).SummaryMap?.Roles).toBe(9);
    const member = new IAMClient(clientConfig(fake, await memberCredentials(fake, DATA_PROD)));
    expect((await member.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual(['acme-data-prod']);
    const denied = await rejection(() => member.send(new GetAccountSummaryCommand({})));
    expect(denied.name).toBe('AccessDenied');
    expect(denied.message).toBe(
      'User: arn:aws:sts::097352618404:assumed-role/iamlint-readonly/iamlint-collect is not authorized to perform: iam:GetAccountSummary on resource: * because no identity-based policy allows the iam:GetAccountSummary action',
    );
  });
});

describe('rate limit', () => {
  it('throttles past ratePerSecond per account and service, with an error the SDK classifies as throttling', async () => {
    const fake = await start({ ratePerSecond: 2 });
    const iam = new IAMClient(clientConfig(fake, fake.credentials));
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => iam.send(new ListAccountAliasesCommand({}))));
    const failures = results.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason as Error);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(2);
    expect(failures).toHaveLength(3);
    for (const failure of failures) {
      expect(failure.name).toBe('Throttling');
      expect(isThrottlingError(failure)).toBe(true);
    }
    // Another service of the same account has its own bucket.
    expect((await new STSClient(clientConfig(fake, fake.credentials)).send(new GetCallerIdentityCommand({}))).Account).toBe(MANAGEMENT);
    const sso = new SSOAdminClient(clientConfig(fake, fake.credentials));
    await Promise.allSettled([0, 1].map(() => sso.send(new ListInstancesCommand({}))));
    const ssoThrottled = await rejection(() => sso.send(new ListPermissionSetsCommand({ InstanceArn: INSTANCE })));
    expect(ssoThrottled.name).toBe('ThrottlingException');
    expect(isThrottlingError(ssoThrottled)).toBe(true);
  });

  it('lets the SDK’s retries through once tokens refill', async () => {
    const fake = await start({ ratePerSecond: 4 });
    const orgs = new OrganizationsClient(clientConfig(fake, fake.credentials, 8));
    const results = await Promise.all(Array.from({ length: 8 }, () => orgs.send(new DescribeOrganizationCommand({}))));
    expect(results.every((result) => result.Organization?.Id === 'o-k7x2m9q4vb')).toBe(true);
    const throttled = fake.calls.filter((call) => call.error === 'TooManyRequestsException');
    expect(throttled.length).toBeGreaterThan(0);
    expect(fake.calls.filter((call) => call.status === 200)).toHaveLength(8);
    expect(Math.max(...results.map((result) => result.$metadata.attempts ?? 0))).toBeGreaterThan(1);
  });
});

describe('latency and the call log', () => {
  it('adds latencyMs before every answer, errors included', async () => {
    const fake = await start({ latencyMs: 120 });
    const sts = new STSClient(clientConfig(fake, fake.credentials));
    await sts.send(new GetCallerIdentityCommand({}));
    let started = performance.now();
    await sts.send(new GetCallerIdentityCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    started = performance.now();
    await rejection(() => new IAMClient(clientConfig(fake, fake.credentials)).send(new GetLoginProfileCommand({ UserName: 'nobody' })));
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('records every request in arrival order, with account, parameters, status and error', async () => {
    const fake = await start({ faults: [{ service: 'iam', action: 'ListRoles', error: 'Throttling', times: 1 }] });
    const config = clientConfig(fake, fake.credentials);
    await new STSClient(config).send(new GetCallerIdentityCommand({}));
    await rejection(() => new IAMClient(config).send(new GetLoginProfileCommand({ UserName: 'nobody' })));
    await rejection(() => new IAMClient(config).send(new ListRolesCommand({ PathPrefix: '/aws-service-role/', MaxItems: 5 })));
    await new OrganizationsClient(config).send(new ListAccountsCommand({ MaxResults: 10 }));
    expect(fake.calls).toEqual([
      { service: 'sts', action: 'GetCallerIdentity', accountId: MANAGEMENT, params: {}, status: 200 },
      { service: 'iam', action: 'GetLoginProfile', accountId: MANAGEMENT, params: { UserName: 'nobody' }, status: 404, error: 'NoSuchEntity' },
      { service: 'iam', action: 'ListRoles', accountId: MANAGEMENT, params: { PathPrefix: '/aws-service-role/', MaxItems: '5' }, status: 400, error: 'Throttling' },
      { service: 'organizations', action: 'ListAccounts', accountId: MANAGEMENT, params: { MaxResults: 10 }, status: 200 },
    ]);
  });

  it('records requests with unknown keys under no account', async () => {
    const fake = await start({});
    await rejection(() => new STSClient(clientConfig(fake, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' })).send(new GetCallerIdentityCommand({})));
    expect(fake.calls).toEqual([{ service: 'sts', action: 'GetCallerIdentity', accountId: '', params: {}, status: 403, error: 'InvalidClientTokenId' }]);
  });
});
