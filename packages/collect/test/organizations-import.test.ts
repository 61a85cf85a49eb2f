import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IamlintError, loadSnapshot, SCHEMA_VERSION } from '@iamlint/core';
import { importOrganizationExports, type OrganizationExportInput, type OrganizationExportKind } from '../src/index.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as unknown;
const input = (kind: OrganizationExportKind, json: unknown = fixture(`${kind}.json`), source = `${kind}.json`): OrganizationExportInput => ({ kind, json, source });

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(IamlintError);
    return (error as IamlintError).format();
  }
  throw new Error('expected an error');
}

function listAccounts(...accounts: Array<Record<string, unknown>>) {
  return {
    Accounts: accounts.map((overrides, index) => ({
      Id: `21098765432${index}`,
      Arn: `arn:aws:organizations::311842569027:account/o-k3r8w2m5q1/21098765432${index}`,
      Email: `aws+${index}@example.com`,
      Name: `acme-${index}`,
      JoinedMethod: 'CREATED',
      JoinedTimestamp: '2024-02-12T10:31:07.041000+00:00',
      ...overrides,
    })),
  };
}

describe('importOrganizationExports', () => {
  it('builds organization.json from describe-organization, list-accounts and list-roots', () => {
    const { file, gaps, notes } = importOrganizationExports([input('list-accounts'), input('describe-organization'), input('list-roots')]);
    expect(file.organization).toEqual({
      id: 'o-a1b2c3d4e5',
      arn: 'arn:aws:organizations::311842569027:organization/o-a1b2c3d4e5',
      managementAccountId: '311842569027',
      featureSet: 'ALL',
    });
    expect(file.roots).toEqual([{ id: 'r-7x2q', arn: 'arn:aws:organizations::311842569027:root/o-a1b2c3d4e5/r-7x2q', name: 'Root', policyTypes: ['SERVICE_CONTROL_POLICY'] }]);
    expect(file.accounts.map((account) => account.id)).toEqual(['012345678901', '200611803367', '311842569027']);
    expect(file.accounts[0]).toEqual({
      id: '012345678901',
      arn: 'arn:aws:organizations::311842569027:account/o-a1b2c3d4e5/012345678901',
      name: 'cloudsplaining-examples',
      email: 'aws-examples@example.com',
      status: 'ACTIVE',
      joinedMethod: 'INVITED',
      joinedTimestamp: '2019-11-02T16:31:07Z',
      parentId: 'unknown',
      tags: {},
    });
    expect({ ous: file.organizationalUnits, policies: file.policies, admins: file.delegatedAdministrators }).toEqual({ ous: [], policies: [], admins: [] });
    expect(gaps).toEqual([
      {
        section: 'organization.policies',
        call: 'organizations:DescribePolicy',
        error: 'NotInExport',
        message: 'no describe-policy export and no list-accounts-for-parent export placing 3 account(s): SCPs and RCPs are not evaluated',
      },
    ]);
    expect(notes).toEqual(['3 account(s) are in no list-accounts-for-parent export: their OU is recorded as "unknown" (012345678901, 200611803367, 311842569027)']);
  });

  it('gives a file the loader accepts: the management account known, no OU path, not "directly under the root"', () => {
    const { file, gaps } = importOrganizationExports([input('describe-organization'), input('list-accounts'), input('list-roots')]);
    const manifest = { schemaVersion: SCHEMA_VERSION, collectedAt: '2023-03-10T00:00:00Z', tool: { name: 'iamlint', version: 'test' }, scope: { accounts: [] }, gaps };
    const model = loadSnapshot(new Map([['snapshot.json', JSON.stringify(manifest)], ['organization.json', JSON.stringify(file)]]));
    expect(model.accounts.map((account) => [account.accountId, account.name, account.isManagementAccount, account.ouPath.length])).toEqual([
      ['012345678901', 'cloudsplaining-examples', false, 0],
      ['200611803367', 'cloudsplaining-privesc-lab', false, 0],
      ['311842569027', 'example-management', true, 0],
    ]);
    expect(model.isCollected('organization.policies', null)).toBe(false);
    expect(model.accounts.some((account) => account.organizationEntry?.parentId.startsWith('r-'))).toBe(false);
  });

  it('derives the organization from the account ARNs without describe-organization, and reads State', () => {
    const { file, notes, gaps } = importOrganizationExports([
      input('list-accounts', listAccounts({ State: 'ACTIVE' }, { State: 'CLOSED' }, { State: 'PENDING_ACTIVATION' }, { State: 'PENDING_CLOSURE', Status: 'SUSPENDED' })),
    ]);
    expect(file.organization).toEqual({
      id: 'o-k3r8w2m5q1',
      arn: 'arn:aws:organizations::311842569027:organization/o-k3r8w2m5q1',
      managementAccountId: '311842569027',
      featureSet: 'ALL',
    });
    expect(file.accounts.map((account) => [account.id, account.status, account.parentId])).toEqual([
      ['210987654320', 'ACTIVE', 'unknown'],
      ['210987654321', 'SUSPENDED', 'unknown'],
      ['210987654322', 'SUSPENDED', 'unknown'],
      ['210987654323', 'SUSPENDED', 'unknown'],
    ]);
    expect(notes[0]).toBe('no describe-organization export: organization o-k3r8w2m5q1 and its management account 311842569027 come from the account ARNs, and its feature set is assumed to be ALL');
    expect(gaps.map((gap) => gap.section)).toEqual(['organization.policies']);
  });

  it('records unknown accounts as a gap when only describe-organization is given', () => {
    const { file, gaps } = importOrganizationExports([input('describe-organization')]);
    expect(file.accounts).toEqual([]);
    expect(gaps.map((gap) => gap.section)).toEqual(['organization', 'organization.policies']);
  });

  it.each([
    ['list-roots alone', [input('list-roots')], /^list-roots\.json: these exports alone do not describe an organization \(add the output of `aws organizations describe-organization` and `list-accounts`\)$/],
    ['two organizations', [input('describe-organization'), input('list-accounts', listAccounts({ Status: 'ACTIVE' }))], /^list-accounts\.json: the exports name 2 organizations \(o-a1b2c3d4e5, o-k3r8w2m5q1\)/],
    ['an account listed twice', [input('list-accounts'), input('list-accounts', fixture('list-accounts.json'), 'page2.json')], /^page2\.json: account 311842569027 is listed again \(also in list-accounts\.json\)/],
    ['two describe-organization files', [input('describe-organization'), input('describe-organization', fixture('describe-organization.json'), 'again.json')], /^again\.json: a second describe-organization export/],
    ['an ARN of another account', [input('list-accounts', listAccounts({ Status: 'ACTIVE', Id: '111111111111' }))], /^list-accounts\.json: Accounts\[0\]\.Arn "arn:aws:organizations::311842569027:account\/o-k3r8w2m5q1\/210987654320" is not the Organizations ARN of account "111111111111"/],
    ['an unknown State', [input('list-accounts', listAccounts({ State: 'FROZEN' }))], /Accounts\[0\]\.State must be one of ACTIVE, SUSPENDED, PENDING_CLOSURE, PENDING_ACTIVATION, CLOSED, got "FROZEN"/],
    ['neither Status nor State', [input('list-accounts', listAccounts({}))], /Accounts\[0\] has neither Status nor State/],
    ['a bad JoinedTimestamp', [input('list-accounts', listAccounts({ Status: 'ACTIVE', JoinedTimestamp: 'yesterday' }))], /Accounts\[0\]\.JoinedTimestamp is not a date: "yesterday"/],
    ['a bad organization id', [input('describe-organization', { Organization: { Id: 'acme', Arn: 'arn:aws:organizations::1:organization/acme', MasterAccountId: '311842569027', FeatureSet: 'ALL' } })], /Organization\.Id "acme" is not an organization id/],
    ['Accounts that is not an array', [input('list-accounts', { Accounts: {} })], /^list-accounts\.json: Accounts must be an array \(pass the JSON output of `aws organizations list-accounts \(or list-accounts-for-parent\)`\)$/],
  ])('rejects %s in one line naming the file', (_label, inputs, pattern) => {
    const message = errorOf(() => importOrganizationExports(inputs));
    expect(message).toMatch(pattern);
    expect(message.split('\n')).toHaveLength(1);
  });
});
