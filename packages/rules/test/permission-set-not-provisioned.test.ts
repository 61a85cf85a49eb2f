import { describe, expect, it } from 'vitest';
import { loadSnapshot, resolveConfig, runRules } from '@iamlint/core';
import { buildSnapshotFiles, RuleTester, type SnapshotSpec } from '@iamlint/core/testing';
import rule from '../src/identity-center/permission-set-not-provisioned.js';

const MANAGEMENT = '311842569027';
const DATA_PROD = '097352618404';
const WEB_DEV = '183640257719';
const WEB_PROD = '846271039955';
const INSTANCE = 'ssoins-7223a2e5f1c1d4b0';
const POWER_USER_ARN = `arn:aws:sso:::permissionSet/${INSTANCE}/ps-8e4b2d6f1a9c7350`;
const READ_ONLY_ARN = `arn:aws:sso:::permissionSet/${INSTANCE}/ps-c5d17a3e9f2b4681`;

const spec: SnapshotSpec = {
  organization: {
    managementAccountId: MANAGEMENT,
    accounts: [
      { id: MANAGEMENT, name: 'acme-management' },
      { id: DATA_PROD, name: 'acme-data-prod' },
      { id: WEB_DEV, name: 'acme-web-dev' },
      { id: WEB_PROD, name: 'acme-web-prod' },
    ],
  },
  identityCenter: {
    permissionSets: [
      { name: 'PowerUser', arn: POWER_USER_ARN, managedPolicies: ['arn:aws:iam::aws:policy/PowerUserAccess'], provisionedAccounts: [DATA_PROD, WEB_DEV, WEB_PROD] },
      { name: 'ReadOnly', arn: READ_ONLY_ARN, managedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], provisionedAccounts: [DATA_PROD, WEB_DEV] },
    ],
  },
};

/** The test builder does not write provisioning status; add it as the collector does (ListAccountsForProvisionedPermissionSet). */
function lint(outdated: Record<string, string[] | undefined>) {
  const files = buildSnapshotFiles(spec);
  const identityCenter = JSON.parse(files.get('identity-center.json') as string) as { instances: Array<{ permissionSets: Array<{ arn: string }> }> };
  for (const permissionSet of identityCenter.instances[0]?.permissionSets ?? []) {
    const accounts = outdated[permissionSet.arn];
    if (accounts !== undefined) Object.assign(permissionSet, { outdatedAccounts: accounts });
  }
  files.set('identity-center.json', `${JSON.stringify(identityCenter, null, 2)}\n`);
  const config = resolveConfig([{ rules: { 'permission-set-not-provisioned': 'error' } }], {
    source: 'test',
    builtinRules: new Map([['permission-set-not-provisioned', rule]]),
  });
  const result = runRules({ model: loadSnapshot(files), config });
  expect(result.ruleFailures).toEqual([]);
  return result.findings;
}

describe('permission-set-not-provisioned', () => {
  it('reports a set with outdated accounts, naming them, on the outdatedAccounts line', () => {
    const findings = lint({ [POWER_USER_ARN]: [WEB_PROD, DATA_PROD], [READ_ONLY_ARN]: [] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      messageId: 'outdated',
      data: { permissionSet: 'PowerUser', count: 2, accounts: 'acme-data-prod, acme-web-prod' },
      resource: { kind: 'PermissionSet', id: POWER_USER_ARN, accountId: null },
      location: { file: 'identity-center.json', pointer: '/instances/0/permissionSets/0/outdatedAccounts' },
    });
    expect(findings[0]?.message).toBe(
      'Permission set PowerUser was changed but not provisioned again to 2 account(s) (acme-data-prod, acme-web-prod): its users there still get the previous permissions; provision it to all accounts.',
    );
  });

  it('provisioning status not collected (no outdatedAccounts key): nothing is known, so nothing is reported', () => {
    expect(lint({})).toEqual([]);
    expect(RuleTester.lint('permission-set-not-provisioned', rule, { snapshot: spec }).findings).toEqual([]);
  });

  it('an empty outdatedAccounts list means every account is current', () => {
    expect(lint({ [POWER_USER_ARN]: [], [READ_ONLY_ARN]: [] })).toEqual([]);
  });

  it('each outdated set is its own finding, with a stable fingerprint', () => {
    const first = lint({ [POWER_USER_ARN]: [WEB_DEV], [READ_ONLY_ARN]: [WEB_DEV, DATA_PROD] });
    const again = lint({ [POWER_USER_ARN]: [WEB_DEV], [READ_ONLY_ARN]: [DATA_PROD, WEB_DEV] });
    expect(first.map((finding) => finding.data.permissionSet)).toEqual(['PowerUser', 'ReadOnly']);
    expect(first.map((finding) => finding.fingerprint)).toEqual(again.map((finding) => finding.fingerprint));
  });

  it('without identity-center.json the rule is not evaluated', () => {
    const result = RuleTester.lint('permission-set-not-provisioned', rule, { snapshot: { accounts: { [MANAGEMENT]: {} } } });
    expect(result.notEvaluated).toEqual([{ ruleId: 'permission-set-not-provisioned', accountId: null, sections: ['identityCenter'] }]);
  });
});
