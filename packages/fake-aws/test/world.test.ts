import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSAMLProviderCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SnapshotError } from '@iamlint/core';
import { describe, expect, it } from 'vitest';
import { startFakeAws, worldFromSnapshotFiles, worldFromSnapshotFolder } from '../src/index.js';
import { CERTS, clientConfig, DATA_PROD, DEMO_ORG, demoWorld, memberCredentials } from './helpers.js';

function demoFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const path of ['snapshot.json', 'organization.json', 'identity-center.json']) files.set(path, readFileSync(join(DEMO_ORG, path), 'utf8'));
  for (const id of demoWorld().accounts.map((account) => account.accountId)) files.set(`accounts/${id}.json`, readFileSync(join(DEMO_ORG, 'accounts', `${id}.json`), 'utf8'));
  return files;
}

describe('building a world from a snapshot', () => {
  it('reads the demo organization with the certificates next to it', () => {
    const world = worldFromSnapshotFolder(DEMO_ORG);
    expect(world.organization?.organization.id).toBe('o-k7x2m9q4vb');
    expect(world.identityCenter?.instances[0]?.identityStoreId).toBe('d-9067c4b2a1');
    expect(world.accounts.map((account) => account.accountId)).toEqual([...world.accounts.map((account) => account.accountId)].sort());
    expect(world.accounts).toHaveLength(12);
    expect(world.certificates).toEqual(['identity-center.pem', 'jumpcloud.pem', 'northwind-okta.pem'].map((file) => readFileSync(join(CERTS, file), 'utf8')));
    expect(world.callerAccountId).toBeUndefined();
  });

  it('takes an explicit certificates folder, and leaves certificates out when the default folder is absent', () => {
    const folder = mkdtempSync(join(tmpdir(), 'fake-aws-world-'));
    const snapshot = join(folder, 'snapshot');
    mkdirSync(join(snapshot, 'accounts'), { recursive: true });
    for (const [path, text] of demoFiles()) writeFileSync(join(snapshot, path), text);
    expect(worldFromSnapshotFolder(snapshot).certificates).toBeUndefined();
    expect(worldFromSnapshotFolder(snapshot, CERTS).certificates).toHaveLength(3);
  });

  it('keeps the snapshot content as it is', () => {
    const files = demoFiles();
    const world = worldFromSnapshotFiles(files, []);
    expect(world.accounts.find((account) => account.accountId === DATA_PROD)).toEqual(JSON.parse(files.get(`accounts/${DATA_PROD}.json`) as string));
    expect(world.certificates).toEqual([]);
  });

  it('rejects a broken snapshot with the loader’s one-line error', () => {
    const files = demoFiles();
    files.set(`accounts/${DATA_PROD}.json`, (files.get(`accounts/${DATA_PROD}.json`) as string).replace('"accountId": "097352618404"', '"accountId": "97352618404"'));
    expect(() => worldFromSnapshotFiles(files)).toThrow(SnapshotError);
    expect(() => worldFromSnapshotFiles(files)).toThrow(/accountId/);
    expect(() => worldFromSnapshotFolder(join(DEMO_ORG, 'no-such-folder'))).toThrow('snapshot folder');
  });
});

describe('starting the fake', () => {
  it('needs to know whose keys to hand out when there is no organization', async () => {
    const world = demoWorld();
    await expect(startFakeAws({ world: { ...world, organization: null } })).rejects.toThrow('set callerAccountId');
    await expect(startFakeAws({ world: { ...world, callerAccountId: '123456789012' } })).rejects.toThrow('callerAccountId 123456789012 has no account file');
    await expect(startFakeAws({ world, pageSize: 0 })).rejects.toThrow('fake-aws: pageSize must be a number ≥ 1, got 0');
    await expect(startFakeAws({ world, ratePerSecond: Number.NaN })).rejects.toThrow('ratePerSecond must be a number ≥ 1');
    await expect(startFakeAws({ world: { ...world, certificates: ['-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n'] } })).rejects.toThrow('not a PEM X.509 certificate');
  });

  it('hands out keys of callerAccountId when set', async () => {
    const fake = await startFakeAws({ world: { ...demoWorld(), callerAccountId: DATA_PROD, organization: null } });
    try {
      expect((await new STSClient(clientConfig(fake, fake.credentials)).send(new GetCallerIdentityCommand({}))).Account).toBe(DATA_PROD);
    } finally {
      await fake.close();
    }
  });

  it('serves no certificate for a fingerprint it has no PEM for', async () => {
    const world = demoWorld();
    const northwind = readFileSync(join(CERTS, 'northwind-okta.pem'), 'utf8');
    const fake = await startFakeAws({ world: { ...world, certificates: world.certificates?.filter((pem) => pem !== northwind) ?? [] } });
    try {
      const iam = new IAMClient(clientConfig(fake, await memberCredentials(fake, DATA_PROD)));
      const { SAMLMetadataDocument } = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: 'arn:aws:iam::097352618404:saml-provider/NorthwindOkta' }));
      expect(SAMLMetadataDocument).toContain('entityID="http://www.okta.com/exk8q2x5v1LmN3pQ4d7"');
      expect(SAMLMetadataDocument).not.toContain('X509Certificate');
    } finally {
      await fake.close();
    }
  });
});
