import { IAMClient, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAws, type FakeAws } from '../src/index.js';
import { clientConfig, DATA_PROD, demoWorld, MANAGEMENT, memberCredentials, rejection } from './helpers.js';

const roleIdOf = (accountId: string, roleName: string) =>
  demoWorld().accounts.find((account) => account.accountId === accountId)?.roles.find((role) => role.roleName === roleName)?.roleId;

let fake: FakeAws;
beforeAll(async () => {
  fake = await startFakeAws({ world: demoWorld() });
});
afterAll(() => fake.close());

describe('STS', () => {
  it('hands out long-term keys of the management account', async () => {
    expect(fake.credentials.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(fake.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:[0-9]+$/);
    const identity = await new STSClient(clientConfig(fake, fake.credentials)).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: MANAGEMENT, Arn: 'arn:aws:iam::311842569027:user/fake-aws-caller' });
    expect(identity.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
  });

  it('assumes a role into a member account, whose temporary keys are then served as that account', async () => {
    const sts = new STSClient(clientConfig(fake, fake.credentials));
    const before = new Date().getTime();
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::097352618404:role/iamlint-readonly', RoleSessionName: 'iamlint-collect' }));
    expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(assumed.Credentials?.SessionToken?.length).toBeGreaterThan(100);
    const expiresIn = (assumed.Credentials?.Expiration?.getTime() ?? 0) - before;
    expect(expiresIn).toBeGreaterThan(3590_000);
    expect(expiresIn).toBeLessThanOrEqual(3601_000);
    expect(assumed.AssumedRoleUser).toEqual({
      Arn: 'arn:aws:sts::097352618404:assumed-role/iamlint-readonly/iamlint-collect',
      AssumedRoleId: `${roleIdOf(DATA_PROD, 'iamlint-readonly')}:iamlint-collect`,
    });
    const credentials = { accessKeyId: assumed.Credentials?.AccessKeyId as string, secretAccessKey: assumed.Credentials?.SecretAccessKey as string, sessionToken: assumed.Credentials?.SessionToken as string };
    const identity = await new STSClient(clientConfig(fake, credentials)).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: DATA_PROD, Arn: 'arn:aws:sts::097352618404:assumed-role/iamlint-readonly/iamlint-collect' });
    const aliases = await new IAMClient(clientConfig(fake, credentials)).send(new ListAccountAliasesCommand({}));
    expect(aliases.AccountAliases).toEqual(['acme-data-prod']);
    expect(fake.calls.filter((call) => call.action === 'ListAccountAliases').at(-1)).toMatchObject({ service: 'iam', accountId: DATA_PROD, status: 200 });
  });

  it('denies a role that does not exist in the target account, with AWS message', async () => {
    const sts = new STSClient(clientConfig(fake, fake.credentials));
    // iamlint-readonly exists in every member account, not in the management account.
    const roleArn = 'arn:aws:iam::311842569027:role/iamlint-readonly';
    const error = await rejection(() => sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'iamlint-collect' })));
    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata?.httpStatusCode).toBe(403);
    expect(error.message).toBe(`User: arn:aws:iam::311842569027:user/fake-aws-caller is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    const outside = await rejection(() => sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/iamlint-readonly', RoleSessionName: 'iamlint-collect' })));
    expect(outside.name).toBe('AccessDenied');
  });

  it('chains roles: a session in one account can assume a role in another', async () => {
    const first = await memberCredentials(fake, DATA_PROD, 'OrganizationAccountAccessRole').catch((error: Error) => error);
    // data-prod joined by invitation and has no OrganizationAccountAccessRole.
    expect(first).toBeInstanceOf(Error);
    const fromMember = await memberCredentials(fake, '183640257719', 'OrganizationAccountAccessRole');
    const sts = new STSClient(clientConfig(fake, fromMember));
    const chained = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::097352618404:role/iamlint-readonly', RoleSessionName: 'chained', DurationSeconds: 900 }));
    expect(chained.AssumedRoleUser?.Arn).toBe('arn:aws:sts::097352618404:assumed-role/iamlint-readonly/chained');
  });

  it('rejects unknown keys, a temporary key without its session token, and durations over the role maximum', async () => {
    const unknown = await rejection(() =>
      new STSClient(clientConfig(fake, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' })).send(new GetCallerIdentityCommand({})),
    );
    expect(unknown.name).toBe('InvalidClientTokenId');
    expect(unknown.$metadata?.httpStatusCode).toBe(403);
    const session = await memberCredentials(fake, DATA_PROD);
    const withoutToken = await rejection(() =>
      new STSClient(clientConfig(fake, { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey })).send(new GetCallerIdentityCommand({})),
    );
    expect(withoutToken.name).toBe('InvalidClientTokenId');
    const tooLong = await rejection(() =>
      new STSClient(clientConfig(fake, fake.credentials)).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::097352618404:role/iamlint-readonly', RoleSessionName: 'long', DurationSeconds: 43200 })),
    );
    expect(tooLong.name).toBe('ValidationError');
  });
});
