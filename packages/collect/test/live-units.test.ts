import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IamlintError, type OrganizationFile } from '@iamlint/core';
import type { CredentialReportRow } from '../src/import/credential-report.js';
import { accessKeysOf, mfaDeviceType, rootUserOf } from '../src/live/credentials.js';
import { sortGaps } from '../src/live/gaps.js';
import { hashEmail } from '../src/live/identity-center.js';
import { createLimit } from '../src/live/limit.js';
import { parseSamlMetadata } from '../src/live/saml-metadata.js';
import { selectAccounts } from '../src/live/scope.js';

const certificatesDir = new URL('../../../fixtures/certs/', import.meta.url);
const pemBody = (file: string) =>
  readFileSync(new URL(file, certificatesDir), 'utf8')
    .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
    .replace(/\s+/g, '');

describe('parseSamlMetadata', () => {
  const jumpcloud = pemBody('jumpcloud.pem');
  const identityCenter = pemBody('identity-center.pem');
  const metadata = (body: string, attributes = '') => `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sso.jumpcloud.com/saml2/acme-aws"${attributes}>
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
${body}
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://sso.jumpcloud.com/saml2/acme-aws"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
  const key = (certificate: string, use = ' use="signing"') => `    <md:KeyDescriptor${use}>
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>
${certificate.match(/.{1,64}/g)?.join('\n')}
      </ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>`;

  it('reads the entity id and the DER fingerprint and expiry of the signing certificate, as the demo organization records them', () => {
    expect(parseSamlMetadata(metadata(key(jumpcloud)))).toEqual({
      entityId: 'https://sso.jumpcloud.com/saml2/acme-aws',
      signingCertificates: [{ sha256: '015e83ff6e79c26b91af9b4f13a301f83b04bb556350e1ce624ee97b282f1265', notAfter: '2030-03-07T13:14:26Z' }],
      validUntil: null,
    });
  });

  it('keeps every signing certificate once (a rollover lists two), skips encryption keys, and reads validUntil', () => {
    const parsed = parseSamlMetadata(
      metadata(`${key(jumpcloud)}\n${key(identityCenter, '')}\n${key(jumpcloud)}\n${key(identityCenter, ' use="encryption"')}`, ' validUntil="2027-01-31T00:00:00.000Z"'),
    );
    const second = new X509Certificate(Buffer.from(identityCenter, 'base64'));
    expect(parsed.signingCertificates.map((certificate) => certificate.sha256)).toEqual([
      '015e83ff6e79c26b91af9b4f13a301f83b04bb556350e1ce624ee97b282f1265',
      second.fingerprint256.replaceAll(':', '').toLowerCase(),
    ]);
    expect(parsed.validUntil).toBe('2027-01-31T00:00:00Z');
  });

  it('gives nulls rather than failing on a document that is not metadata', () => {
    expect(parseSamlMetadata('not xml at all <<<')).toEqual({ entityId: null, signingCertificates: [], validUntil: null });
    expect(parseSamlMetadata('<html><body>Sign in</body></html>')).toEqual({ entityId: null, signingCertificates: [], validUntil: null });
  });
});

describe('mfaDeviceType', () => {
  it.each([
    ['arn:aws:iam::311842569027:u2f/user/break-glass-1/yubikey-safe-a-VE4WFBSREQI4WWXJITYOQR4HHO', 'passkey'],
    ['arn:aws:iam::590318264797:mfa/break-glass', 'virtual'],
    ['arn:aws-us-gov:iam::123456789012:mfa/dana', 'virtual'],
    ['GAHT51872394', 'hardware'],
  ])('%s is %s', (serial, type) => {
    expect(mfaDeviceType(serial)).toBe(type);
  });
});

const slot = (slotNumber: 1 | 2, lastRotated: string, lastUsedDate: string | null, active = true) => ({
  slot: slotNumber,
  active,
  lastRotated,
  lastUsedDate,
  lastUsedRegion: lastUsedDate ? 'us-east-1' : null,
  lastUsedService: lastUsedDate ? 's3' : null,
});

describe('accessKeysOf', () => {
  it("joins each key with the report slot whose last_rotated is the key's creation time", () => {
    // farid.haddad in web-dev: an unfinished rotation, the newer key listed first by the API.
    const keys = accessKeysOf(
      [
        { AccessKeyId: 'AKIAZ7Q3NEWKEYFARID2', Status: 'Active', CreateDate: new Date('2026-11-10T10:00:33Z') },
        { AccessKeyId: 'AKIAZ7Q3OLDKEYFARID1', Status: 'Active', CreateDate: new Date('2026-08-27T14:11:52Z') },
      ],
      [slot(1, '2026-08-27T14:11:52Z', '2026-11-10'), slot(2, '2026-11-10T10:00:33Z', '2026-11-19')],
    );
    expect(keys).toEqual([
      { accessKeyId: 'AKIAZ7Q3NEWKEYFARID2', status: 'Active', createDate: '2026-11-10T10:00:33Z', lastUsedDate: '2026-11-19', lastUsedService: 's3', lastUsedRegion: 'us-east-1' },
      { accessKeyId: 'AKIAZ7Q3OLDKEYFARID1', status: 'Active', createDate: '2026-08-27T14:11:52Z', lastUsedDate: '2026-11-10', lastUsedService: 's3', lastUsedRegion: 'us-east-1' },
    ]);
  });

  it('falls back to creation order when no time matches, and says never used when there is no slot', () => {
    const keys = accessKeysOf(
      [
        { AccessKeyId: 'AKIAU6DR2MWYH5QXT3LN', Status: 'Inactive', CreateDate: new Date('2025-06-02T15:22:27Z') },
        { AccessKeyId: 'AKIAU6DR2MWYH5QXT9ZZ', Status: 'Active', CreateDate: new Date('2026-10-01T14:40:07Z') },
      ],
      [slot(1, '2025-06-02T15:22:28Z', '2026-10-02', false)],
    );
    expect(keys.map((key) => [key.accessKeyId, key.status, key.lastUsedDate, key.lastUsedService])).toEqual([
      ['AKIAU6DR2MWYH5QXT3LN', 'Inactive', '2026-10-02', 's3'],
      ['AKIAU6DR2MWYH5QXT9ZZ', 'Active', null, null],
    ]);
  });
});

const rootRow = (overrides: Partial<CredentialReportRow> = {}): CredentialReportRow => ({
  user: '<root_account>',
  arn: 'arn:aws:iam::097352618404:root',
  isRoot: true,
  userCreationTime: '2019-05-21T14:09:33Z',
  passwordEnabled: null,
  passwordLastUsed: '2024-04-03',
  passwordLastChanged: null,
  mfaActive: true,
  accessKeys: [slot(1, '2018-03-09T14:22:37Z', '2026-11-17')],
  certificates: [{ slot: 1, active: false, lastRotated: '2019-01-01T00:00:00Z' }],
  ...overrides,
});

describe('rootUserOf', () => {
  it('takes the password from the account summary, MFA kind from the virtual device list, keys and certificates from the report', () => {
    expect(rootUserOf(rootRow(), { accountPasswordPresent: 1, centrallyManagedMember: false, hasVirtualMfa: true })).toEqual({
      arn: 'arn:aws:iam::097352618404:root',
      passwordEnabled: true,
      passwordLastUsed: '2024-04-03',
      mfaActive: true,
      mfaType: 'virtual',
      accessKeys: [{ slot: 1, active: true, lastRotated: '2018-03-09T14:22:37Z', lastUsedDate: '2026-11-17' }],
      signingCertificatesActive: 0,
    });
  });

  it('calls an active MFA that is not virtual hardware, and unknown when the virtual list could not be read', () => {
    expect(rootUserOf(rootRow(), { accountPasswordPresent: 1, centrallyManagedMember: false, hasVirtualMfa: false }).mfaType).toBe('hardware');
    expect(rootUserOf(rootRow(), { accountPasswordPresent: 1, centrallyManagedMember: false, hasVirtualMfa: undefined }).mfaType).toBe('unknown');
    expect(rootUserOf(rootRow({ mfaActive: false }), { accountPasswordPresent: 1, centrallyManagedMember: false, hasVirtualMfa: false }).mfaType).toBeNull();
  });

  it('has no password to report (null) only for a member account with centrally managed root credentials', () => {
    const row = rootRow({ mfaActive: false, accessKeys: [], passwordLastUsed: null });
    expect(rootUserOf(row, { accountPasswordPresent: 0, centrallyManagedMember: true, hasVirtualMfa: false }).passwordEnabled).toBeNull();
    expect(rootUserOf(row, { accountPasswordPresent: 0, centrallyManagedMember: false, hasVirtualMfa: false }).passwordEnabled).toBe(false);
    expect(rootUserOf(row, { accountPasswordPresent: undefined, centrallyManagedMember: false, hasVirtualMfa: false }).passwordEnabled).toBeNull();
  });
});

describe('sortGaps', () => {
  it('puts global gaps first, orders by account, section and call, and lists a repeated failure once', () => {
    const denied = (accountId: string | undefined, section: 'iam.serviceLastAccessed' | 'organization' | 'iam.credentialReport', message: string) => ({
      section,
      ...(accountId ? { accountId } : {}),
      call: section === 'organization' ? 'organizations:ListDelegatedAdministrators' : 'iam:GetServiceLastAccessedDetails',
      error: 'AccessDenied',
      message,
    });
    const sorted = sortGaps([
      denied('590318264797', 'iam.serviceLastAccessed', 'job for arn:aws:iam::590318264797:role/b failed'),
      denied('183640257719', 'iam.credentialReport', 'denied'),
      denied('590318264797', 'iam.serviceLastAccessed', 'job for arn:aws:iam::590318264797:role/a failed'),
      denied(undefined, 'organization', 'denied'),
    ]);
    expect(sorted.map((gap) => [gap.accountId ?? '-', gap.section, gap.message])).toEqual([
      ['-', 'organization', 'denied'],
      ['183640257719', 'iam.credentialReport', 'denied'],
      ['590318264797', 'iam.serviceLastAccessed', 'job for arn:aws:iam::590318264797:role/a failed'],
    ]);
  });
});

describe('selectAccounts', () => {
  const organization = JSON.parse(readFileSync(new URL('../../../fixtures/demo-org/organization.json', import.meta.url), 'utf8')) as OrganizationFile;
  const withSuspended: OrganizationFile = {
    ...organization,
    accounts: [...organization.accounts, { ...(organization.accounts[0] as OrganizationFile['accounts'][number]), id: '999988887777', status: 'SUSPENDED' }],
  };

  it('takes every ACTIVE account of the organization', () => {
    const selected = selectAccounts(withSuspended, '311842569027', {});
    expect(selected).toHaveLength(12);
    expect(selected).not.toContain('999988887777');
  });

  it('takes the accounts anywhere below an OU given by name or id, minus the excluded ones', () => {
    // Workloads holds Prod and NonProd.
    expect(selectAccounts(organization, '311842569027', { ous: ['Workloads'], excludeAccounts: ['658104729361'] })).toEqual([
      '097352618404',
      '183640257719',
      '205937461830',
      '846271039955',
      '971530846182',
    ]);
    expect(selectAccounts(organization, '311842569027', { ous: ['ou-8f3k-twwh1vqd'] })).toEqual(['590318264797']);
    expect(selectAccounts(organization, '311842569027', { ous: ['Sandbox'], accounts: ['590318264797', '264158930472'] })).toEqual(['590318264797']);
  });

  it('rejects an unknown OU or account with one line naming it', () => {
    expect(() => selectAccounts(organization, '311842569027', { ous: ['Sandbx'] })).toThrow(/--ou Sandbx: no organizational unit has that id or name in o-k7x2m9q4vb/);
    expect(() => selectAccounts(withSuspended, '311842569027', { accounts: ['999988887777'] })).toThrow(IamlintError);
  });

  it("without the organization, collects the caller's account or the ones named", () => {
    expect(selectAccounts(null, '311842569027', {})).toEqual(['311842569027']);
    expect(selectAccounts(null, '311842569027', { accounts: ['590318264797', '097352618404'] })).toEqual(['097352618404', '590318264797']);
    expect(() => selectAccounts(null, '311842569027', { ous: ['Sandbox'] })).toThrow(/--ou needs the organization/);
  });
});

describe('hashEmail', () => {
  it('hashes the lowercased address, so case differences are the same person', () => {
    expect(hashEmail('Isabel.Moreno@Acme-Analytics.example')).toBe(hashEmail('isabel.moreno@acme-analytics.example'));
    expect(hashEmail('isabel.moreno@acme-analytics.example')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEmail('isabel.moreno@acme-analytics.example')).not.toBe(hashEmail('kavya.iyer@acme-analytics.example'));
  });
});

describe('createLimit', () => {
  it('never runs more tasks at once than allowed, and runs them all', async () => {
    const limit = createLimit(3);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        limit(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, (index % 4) * 2));
          running -= 1;
          return index;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, index) => index));
    expect(peak).toBe(3);
  });

  it('frees the slot of a task that fails', async () => {
    const limit = createLimit(1);
    await expect(limit(() => Promise.reject(new Error('AccessDenied')))).rejects.toThrow('AccessDenied');
    await expect(limit(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
