import { isThrottlingError as isSdkThrottlingError } from '@smithy/core/retry';
import { fileURLToPath } from 'node:url';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { worldFromSnapshotFolder, type FakeAws, type FakeWorld } from '../src/index.js';

export const DEMO_ORG = fileURLToPath(new URL('../../../fixtures/demo-org', import.meta.url));
export const CERTS = fileURLToPath(new URL('../../../fixtures/certs', import.meta.url));

export const MANAGEMENT = '311842569027';
export const WEB_DEV = '183640257719';
export const DATA_DEV = '205937461830';
export const DATA_PROD = '097352618404';
export const ORDERS_TEST = '658104729361';

let cached: FakeWorld | undefined;
/** The demo organization, read once; tests that change it take a structuredClone. */
export function demoWorld(): FakeWorld {
  cached ??= worldFromSnapshotFolder(DEMO_ORG);
  return structuredClone(cached);
}

/** SDK client settings for the fake: no retries unless a test asks for them, so errors surface at once. */
export function clientConfig(fake: Pick<FakeAws, 'endpoint' | 'region'>, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, maxAttempts = 1) {
  return { endpoint: fake.endpoint, region: fake.region, credentials, maxAttempts };
}

/** Runs `body` and returns what it threw (fails the test when it does not throw). */
export async function rejection(body: () => Promise<unknown>): Promise<Error & { name: string; $metadata?: { httpStatusCode?: number; attempts?: number }; $fault?: string }> {
  try {
    await body();
  } catch (error) {
    return error as never;
  }
  throw new Error('expected the call to fail, and it succeeded');
}

/** Temporary credentials of `iamlint-readonly` in a member account, through sts:AssumeRole as the collector gets them. */
export async function memberCredentials(fake: FakeAws, accountId: string, roleName = 'iamlint-readonly') {
  const sts = new STSClient(clientConfig(fake, fake.credentials));
  const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`, RoleSessionName: 'iamlint-collect' }));
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey || !Credentials.SessionToken) throw new Error('AssumeRole returned no credentials');
  return { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, sessionToken: Credentials.SessionToken };
}

/** The SDK's own throttling classifier, for any error a client threw. */
export const isThrottlingError = (error: unknown): boolean => isSdkThrottlingError(error as Parameters<typeof isSdkThrottlingError>[0]);
export * as xml from 'fast-xml-parser';
