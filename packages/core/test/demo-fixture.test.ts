import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSnapshot, type AnyNode, type NodeKind } from '@iamlint/core';

const fixtures = new URL('../../../fixtures/', import.meta.url);
const folder = new URL('demo-org/', fixtures);

function readSnapshotFolder(): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(folder)) {
    if (name.endsWith('.json')) files.set(name, readFileSync(new URL(name, folder), 'utf8'));
  }
  for (const name of readdirSync(new URL('accounts/', folder))) {
    files.set(`accounts/${name}`, readFileSync(new URL(`accounts/${name}`, folder), 'utf8'));
  }
  return files;
}

interface Expectation {
  rule: string;
  resource: string;
  why: string;
}
interface Expected {
  findings: Expectation[];
  mustNotFire: Expectation[];
  notEvaluated: Array<{ rule: string; accountId: string }>;
}

const expected = JSON.parse(readFileSync(new URL('demo-org.expected.json', fixtures), 'utf8')) as Expected;

/** The node kinds each rule reports on. */
const KINDS: Record<string, NodeKind[]> = {
  'root-access-keys': ['RootUser'],
  'root-mfa': ['RootUser'],
  'access-key-max-age': ['AccessKey'],
  'access-key-unused': ['AccessKey'],
  'user-mfa-required': ['User'],
  'user-single-active-key': ['User'],
  'user-no-direct-policies': ['User'],
  'password-policy-strength': ['PasswordPolicy'],
  'break-glass-admin': ['Account', 'User'],
  'saml-provider-duplicated': ['SamlProvider'],
  'permission-set-user-assignment': ['AccountAssignment'],
  'privilege-escalation': ['User', 'Role'],
  'user-password-unused': ['User'],
  'root-signing-certificates': ['RootUser'],
  'server-certificate-expired': ['ServerCertificate'],
  'policy-passrole-star': ['ManagedPolicy', 'InlinePolicy'],
  'policy-full-admin': ['ManagedPolicy'],
  'trust-github-oidc-subject': ['Role'],
  'trust-oidc-audience': ['Role'],
  'trust-external-account': ['Role'],
  'trust-cross-account-no-condition': ['Role'],
  'role-admin-external-trust': ['Role'],
  'saml-certificate-expiring': ['SamlProvider'],
  'permission-set-admin-assignment': ['AccountAssignment'],
  'scp-guardrails-missing': ['Organization', 'OrganizationalUnit', 'Account'],
  'scp-ineffective': ['Scp', 'Organization', 'OrganizationalUnit', 'Account'],
  'account-outside-ou': ['Account'],
};
/** The rules that read the credential report, which the sandbox could not generate. */
const CREDENTIAL_REPORT_RULES = ['break-glass-admin', 'root-access-keys', 'root-mfa', 'root-signing-certificates', 'user-mfa-required', 'user-password-unused'];
const SANDBOX = '590318264797';

describe('fixtures/demo-org', () => {
  const files = readSnapshotFolder();
  const model = loadSnapshot(files, 'fixtures/demo-org');

  it('loads through the real loader, with 12 accounts and one file each', () => {
    expect(files.size).toBe(15);
    expect(model.accounts).toHaveLength(12);
    expect(model.accounts.every((account) => account.hasAccountFile && account.organizationEntry !== null)).toBe(true);
    expect(model.managementAccountId).toBe('311842569027');
    expect(model.identityCenter).toHaveLength(1);
  });

  it('has exactly one gap: the sandbox credential report', () => {
    expect(model.gaps).toEqual([
      expect.objectContaining({ section: 'iam.credentialReport', accountId: SANDBOX, call: 'iam:GenerateCredentialReport', error: 'AccessDenied' }),
    ]);
    expect(model.isCollected('iam.credentialReport', SANDBOX)).toBe(false);
    for (const account of model.accounts) {
      if (account.accountId !== SANDBOX) expect(model.isCollected('iam.credentialReport', account.accountId)).toBe(true);
    }
  });

  const resolve = (entry: Expectation): AnyNode | undefined => model.byId(entry.resource);

  it.each([...expected.findings, ...expected.mustNotFire].map((entry) => [entry.rule, entry.resource, entry] as const))(
    '%s → %s exists as a node of the kind the rule reports',
    (rule, resource, entry) => {
      const node = resolve(entry);
      expect(node, `${resource} is not a node`).toBeDefined();
      expect(KINDS[rule], `unknown rule ${rule}`).toBeDefined();
      expect(KINDS[rule]).toContain(node?.kind);
      expect(entry.why.length).toBeGreaterThan(10);
    },
  );

  it('lists no expectation twice and never expects and forbids the same finding', () => {
    const keys = expected.findings.map((entry) => `${entry.rule}|${entry.resource}|${entry.why}`);
    expect(new Set(keys).size).toBe(keys.length);
    const fires = new Set(expected.findings.map((entry) => `${entry.rule}|${entry.resource}`));
    for (const entry of expected.mustNotFire) expect(fires.has(`${entry.rule}|${entry.resource}`), `${entry.rule} ${entry.resource}`).toBe(false);
  });

  it('marks the credential-report rules not evaluated for the sandbox only', () => {
    expect(expected.notEvaluated).toEqual(CREDENTIAL_REPORT_RULES.map((rule) => ({ rule, accountId: SANDBOX })));
    for (const entry of expected.notEvaluated) expect(model.account(entry.accountId)).toBeDefined();
    const inSandbox = (entry: Expectation) => model.byId(entry.resource)?.accountId === SANDBOX;
    expect(expected.findings.filter((entry) => inSandbox(entry) && CREDENTIAL_REPORT_RULES.includes(entry.rule))).toEqual([]);
    // The sandbox's other sections were collected: its trust policies and escalation paths are checked like everyone else's.
    expect(expected.findings.filter(inSandbox).map((entry) => entry.rule)).toEqual(['trust-github-oidc-subject', 'privilege-escalation']);
  });
});
