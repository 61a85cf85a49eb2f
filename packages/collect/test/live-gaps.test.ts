import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSnapshot, type AccountFile, type Manifest } from '@iamlint/core';
import { startFakeAws, worldFromSnapshotFolder } from '@iamlint/fake-aws';
import { collectSnapshot, describeGaps } from '../src/index.js';
import { AwsCallError } from '../src/live/gaps.js';
import { repairForLoader } from '../src/repair.js';

const DEMO = fileURLToPath(new URL('../../../fixtures/demo-org', import.meta.url));
const WEB_DEV = '183640257719';
const webDev = () => JSON.parse(readFileSync(`${DEMO}/accounts/${WEB_DEV}.json`, 'utf8')) as AccountFile;

describe('repairForLoader', () => {
  it('leaves out only the entity that cannot be represented, and names it with the field and what was received', () => {
    const file = webDev();
    const [first, second] = file.users;
    if (!first || !second) throw new Error('the demo account has users');
    (first as { createDate: unknown }).createDate = 'last Tuesday';
    (second.accessKeys[0] as { accessKeyId: unknown }).accessKeyId = 42;
    const users = file.users.length;
    const keys = second.accessKeys.length;

    const { data, gaps } = repairForLoader('account', file, { accountId: WEB_DEV });
    expect(data?.users.map((user) => user.arn)).toEqual(webDev().users.slice(1).map((user) => user.arn));
    expect(data?.users).toHaveLength(users - 1);
    expect(data?.users[0]?.accessKeys).toHaveLength(keys - 1);
    expect(gaps).toEqual([
      {
        section: 'iam.authorizationDetails',
        accountId: WEB_DEV,
        error: 'InvalidResponse',
        kind: 'invalid',
        message: `User ${first.arn}: /createDate must be a date-time string (received "last Tuesday"); User left out`,
        entity: { kind: 'User', id: first.arn, field: '/createDate', received: '"last Tuesday"' },
      },
      {
        section: 'iam.accessKeys',
        accountId: WEB_DEV,
        error: 'InvalidResponse',
        kind: 'invalid',
        message: `AccessKey /users/0/accessKeys/0: /accessKeyId must be string (received 42); AccessKey left out`,
        entity: { kind: 'AccessKey', id: '/users/0/accessKeys/0', field: '/accessKeyId', received: '42' },
      },
    ]);
  });

  it('makes a nullable value unknown and drops an optional one rather than the entity that holds it', () => {
    const file = webDev();
    if (!file.passwordPolicy) throw new Error('web-dev has a password policy');
    file.passwordPolicy.maxPasswordAge = 0;
    const role = file.roles[0] as { description?: unknown; arn: string };
    role.description = { text: 'a map where a string belongs' };
    const { data, gaps } = repairForLoader('account', file, { accountId: WEB_DEV });
    expect(data?.passwordPolicy?.maxPasswordAge).toBeNull();
    expect(data?.roles).toHaveLength(webDev().roles.length);
    expect(data?.roles[0]).not.toHaveProperty('description');
    expect(gaps.map((gap) => [gap.section, gap.entity?.kind, gap.entity?.field, gap.message?.split('; ')[1]])).toEqual([
      ['iam.authorizationDetails', 'Role', '/description', 'value left out'],
      ['iam.passwordPolicy', 'PasswordPolicy', '/maxPasswordAge', 'recorded as unknown (null)'],
    ]);
  });

  it('gives up on a file only when nothing of it can be represented', () => {
    const file = webDev() as unknown as { accountId: unknown };
    file.accountId = 'web-dev';
    const { data, gaps } = repairForLoader('account', file, { accountId: WEB_DEV });
    expect(data).toBeNull();
    expect(gaps.at(-1)?.message).toMatch(/the file is left out$/);
  });
});

describe('a call the endpoint does not implement', () => {
  it.each([
    [{ name: 'UnknownOperationException', message: 'Unknown operation', $metadata: { httpStatusCode: 400 } }, 'NotImplemented'],
    [{ name: 'InvalidAction', message: 'The action Foo is not valid for this web service.', $metadata: { httpStatusCode: 400 } }, 'NotImplemented'],
    [{ name: 'NotImplemented', message: 'not yet', $metadata: { httpStatusCode: 501 } }, 'NotImplemented'],
    [{ name: 'SyntaxError', message: `Unexpected token '<', "<!doctype "... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.`, $metadata: { httpStatusCode: 404 } }, 'NotImplemented'],
    [{ name: 'ServiceUnavailable', message: '<html><body>502 Bad Gateway</body></html>', $metadata: { httpStatusCode: 502 } }, 'ServiceUnavailable'],
    [{ name: 'AccessDeniedException', message: 'User is not authorized', $metadata: { httpStatusCode: 400 } }, 'AccessDeniedException'],
  ])('%j → %s', (error, code) => {
    const classified = AwsCallError.from('sso:GetPermissionsBoundaryForPermissionSet', error);
    expect(classified.code).toBe(code);
    if (code === 'NotImplemented') expect(classified.message).toMatch(/^the endpoint does not implement sso:GetPermissionsBoundaryForPermissionSet \(HTTP [0-9]+\)$/);
  });

  it('answered with an HTML page over the Query and JSON protocols, is a gap of its own kind, counted apart in the summary', async () => {
    const world = worldFromSnapshotFolder(DEMO);
    const fake = await startFakeAws({ world, quirks: ['html-for-unimplemented'], unimplemented: ['iam:ListServerCertificates', 'sso:ListTagsForResource', 'iam:ListOrganizationsFeatures'] });
    try {
      const result = await collectSnapshot({
        toolVersion: '0.1.0',
        org: true,
        accounts: ['311842569027'],
        now: () => new Date('2026-11-20T06:00:00Z'),
        clientConfig: { endpoint: fake.endpoint, region: fake.region, credentials: fake.credentials, maxAttempts: 1 },
        poll: { initialDelayMs: 1, maxDelayMs: 2 },
      });
      const manifest = JSON.parse(result.files.get('snapshot.json') as string) as Manifest;
      expect(manifest.gaps.map((gap) => [gap.section, gap.call, gap.error, gap.kind, gap.message])).toEqual([
        ['identityCenter.tags', 'sso:ListTagsForResource', 'NotImplemented', 'not-implemented', 'the endpoint does not implement sso:ListTagsForResource (HTTP 404)'],
        ['organization.iamFeatures', 'iam:ListOrganizationsFeatures', 'NotImplemented', 'not-implemented', 'the endpoint does not implement iam:ListOrganizationsFeatures (HTTP 404)'],
        ['iam.serverCertificates', 'iam:ListServerCertificates', 'NotImplemented', 'not-implemented', 'the endpoint does not implement iam:ListServerCertificates (HTTP 404)'],
      ]);
      // Parts that no rule but one needs: the organization and Identity Center are still collected.
      const model = loadSnapshot(result.files);
      expect([model.isCollected('organization', null), model.isCollected('identityCenter', null)]).toEqual([true, true]);
      expect([model.isCollected('organization.iamFeatures', null), model.isCollected('identityCenter.tags', null)]).toEqual([false, false]);
      expect(describeGaps([...manifest.gaps, { section: 'iam.credentialReport', accountId: WEB_DEV, call: 'iam:GenerateCredentialReport', error: 'AccessDenied' }, { section: 'iam.samlProviders', error: 'ServiceUnavailable' }])).toBe(
        '5 gaps (1 denied, 3 not implemented here, 1 failed)',
      );
    } finally {
      await fake.close();
    }
  });
});
