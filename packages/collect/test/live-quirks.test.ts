// The whole demo organization collected through each of fake-aws's quirks (deviations seen on endpoints nobody
// here wrote), one at a time and all together: every written snapshot loads, no account loses an entity, and the
// audit finds what it finds without quirks, except where a quirk really removes data.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshot, resolveConfig, runRules, type AccountFile, type Gap, type IdentityCenterFile, type LintResult, type Manifest, type SectionId } from '@iamlint/core';
import { QUIRK_NAMES, startFakeAws, worldFromSnapshotFolder, type Fault, type Quirk } from '@iamlint/fake-aws';
import { builtinRules, presets } from '../../rules/src/index.js';
import { collectSnapshot, type CollectResult } from '../src/index.js';

const DEMO = fileURLToPath(new URL('../../../fixtures/demo-org', import.meta.url));
const SANDBOX = '590318264797';
/** platform-sandbox's role cannot generate the credential report (fixtures/README.md), with or without quirks. */
const SANDBOX_REPORT_DENIED: Fault = { service: 'iam', action: 'GenerateCredentialReport', accountId: SANDBOX, error: 'AccessDenied' };
const world = worldFromSnapshotFolder(DEMO);
const ACCOUNTS = world.accounts.map((account) => account.accountId);
const NOW = new Date('2026-11-20T06:00:00Z');

async function collectWith(quirks: readonly Quirk[]): Promise<CollectResult> {
  const fake = await startFakeAws({ world: structuredClone(world), faults: [SANDBOX_REPORT_DENIED], quirks });
  try {
    return await collectSnapshot({
      toolVersion: '0.1.0',
      org: true,
      now: () => NOW,
      clientConfig: { endpoint: fake.endpoint, region: fake.region, credentials: fake.credentials, maxAttempts: 2 },
      poll: { initialDelayMs: 5, maxDelayMs: 20 },
    });
  } finally {
    await fake.close();
  }
}

/** Permission set ARNs in the form AWS gives them, so findings compare across the permission-set-instance-arns quirk. */
const canonical = (text: string) => text.replace(/arn:aws:sso:::instance\/(ssoins-[0-9a-f]+)\/(ps-)/g, 'arn:aws:sso:::permissionSet/$1/$2');

interface Audit {
  files: Map<string, string>;
  gaps: Gap[];
  findings: string[];
  notEvaluated: string[];
  lint: LintResult;
}

function audit(result: CollectResult): Audit {
  // loadSnapshot throws on anything the loader rejects: this is the "every written snapshot loads" check.
  const lint = runRules({ model: loadSnapshot(result.files), config: resolveConfig([presets.all], { source: 'test', builtinRules }) });
  return {
    files: result.files,
    gaps: (JSON.parse(result.files.get('snapshot.json') as string) as Manifest).gaps,
    findings: lint.findings.map((finding) => canonical(`${finding.ruleId} ${finding.resource.id} ${finding.messageId} ${JSON.stringify(finding.data)}`)).sort(),
    notEvaluated: lint.notEvaluated.map((entry) => `${entry.ruleId} ${entry.accountId ?? '(organization)'}`).sort(),
    lint,
  };
}

const ruleOf = (entry: string) => entry.slice(0, entry.indexOf(' '));
const rulesRequiring = (section: SectionId) =>
  [...builtinRules]
    .filter(([, rule]) => (rule.meta.requires ?? []).includes(section))
    .map(([id]) => id)
    .sort();
/** The rules that need permission set boundaries, and the root user's credential report row. */
const BOUNDARY_RULES = ['permission-set-boundary'];
const PROVISIONING_RULES = ['permission-set-not-provisioned'];
const ROOT_RULES = ['root-access-keys', 'root-credentials-centralizable', 'root-mfa', 'root-recent-use', 'root-signing-certificates'];
const REPORTED_ACCOUNTS = ACCOUNTS.filter((id) => id !== SANDBOX);

/** What a finding is about, for the findings whose rule could not see an account's credential report. */
function accountOfFinding(baseline: Audit, finding: string): string | null {
  const match = baseline.lint.findings.find((candidate) => canonical(`${candidate.ruleId} ${candidate.resource.id} ${candidate.messageId} ${JSON.stringify(candidate.data)}`) === finding);
  return match?.resource.accountId ?? null;
}

/**
 * How each quirk changes the audit, when it does. Quirks not listed change nothing: same findings, same
 * "not evaluated", same gaps.
 */
const EXPECTED: Partial<Record<Quirk, (baseline: Audit) => { removed: (finding: string) => boolean; notEvaluated: string[]; gaps: string[] }>> = {
  // The boundary call is not implemented: permission sets are kept, and only the rule that needs boundaries says "not evaluated".
  'html-for-unimplemented': () => ({
    removed: (finding) => BOUNDARY_RULES.includes(ruleOf(finding)),
    notEvaluated: BOUNDARY_RULES.map((rule) => `${rule} (organization)`),
    gaps: ['- identityCenter.permissionsBoundaries sso:GetPermissionsBoundaryForPermissionSet NotImplemented not-implemented'],
  }),
  // No provisioning status at all: assignments are read account by account; which accounts run an outdated version is unknown.
  'provisioning-not-reported': () => ({
    removed: (finding) => PROVISIONING_RULES.includes(ruleOf(finding)),
    notEvaluated: PROVISIONING_RULES.map((rule) => `${rule} (organization)`),
    gaps: ['- identityCenter.provisioning sso:ListAccountsForProvisionedPermissionSet InvalidResponse invalid'],
  }),
  // No root row: nothing says whether root has keys or MFA; the root rules say "not evaluated" where the report was read, the users' rules run.
  'credential-report-without-root': (baseline) => ({
    removed: (finding) => ROOT_RULES.includes(ruleOf(finding)) && REPORTED_ACCOUNTS.includes(accountOfFinding(baseline, finding) ?? ''),
    notEvaluated: ROOT_RULES.flatMap((rule) => REPORTED_ACCOUNTS.map((accountId) => `${rule} ${accountId}`)),
    gaps: REPORTED_ACCOUNTS.map((accountId) => `${accountId} iam.rootUser iam:GetCredentialReport InvalidResponse invalid`),
  }),
};

const gapLines = (audit: Audit) => audit.gaps.map((gap) => `${gap.accountId ?? '-'} ${gap.section} ${gap.call ?? '-'} ${gap.error} ${gap.kind ?? ''}`.trim());

/** What role-unused says about the baseline's own roles once their last use is gone, as RoleLastUsed {} says. */
function roleUnusedWithoutLastUse(baseline: Audit): string[] {
  const files = new Map(baseline.files);
  for (const [path, text] of files) {
    if (!path.startsWith('accounts/')) continue;
    const account = JSON.parse(text) as AccountFile;
    for (const role of account.roles) role.lastUsed = null;
    files.set(path, JSON.stringify(account));
  }
  return audit({ files, gaps: [], calls: 0 }).findings.filter((finding) => finding.startsWith('role-unused '));
}

const entityCounts = (files: ReadonlyMap<string, string>) =>
  Object.fromEntries(
    [...files]
      .filter(([path]) => path.startsWith('accounts/'))
      .map(([path, text]) => {
        const account = JSON.parse(text) as AccountFile;
        return [path, [account.users.length, account.groups.length, account.roles.length, account.policies.length, account.samlProviders.length, account.oidcProviders.length]];
      }),
  );

describe('collect through fake-aws quirks, the demo organization', () => {
  let baseline: Audit;
  beforeAll(async () => {
    baseline = audit(await collectWith([]));
  }, 60_000);

  const cases: Array<[string, Quirk[]]> = [...QUIRK_NAMES.map((quirk): [string, Quirk[]] => [quirk, [quirk]]), ['all quirks together', [...QUIRK_NAMES]]];

  it('knows which rules need what the quirks remove', () => {
    expect(rulesRequiring('identityCenter.permissionsBoundaries')).toEqual(BOUNDARY_RULES);
    expect(rulesRequiring('iam.rootUser')).toEqual(ROOT_RULES);
    expect(rulesRequiring('identityCenter.provisioning')).toEqual(PROVISIONING_RULES);
  });

  it.each(cases)('%s: loads, keeps every entity, and finds the same but for what the quirk removes', async (_name, quirks) => {
    const collected = audit(await collectWith(quirks));
    expect(entityCounts(collected.files)).toEqual(entityCounts(baseline.files));
    expect([...collected.files.keys()].sort()).toEqual([...baseline.files.keys()].sort());

    const expectations = quirks.flatMap((quirk) => EXPECTED[quirk]?.(baseline) ?? []);
    const removed = (finding: string) => expectations.some((expectation) => expectation.removed(finding));
    const roleUse = quirks.includes('role-last-used-empty');
    const withoutRoleUnused = (findings: string[]) => (roleUse ? findings.filter((finding) => !finding.startsWith('role-unused ')) : findings);

    expect(withoutRoleUnused(collected.findings)).toEqual(withoutRoleUnused(baseline.findings.filter((finding) => !removed(finding))));
    if (roleUse) {
      // {} is what AWS sends for a role never used: the data is gone, and role-unused sees never-used roles.
      expect(collected.findings.filter((finding) => finding.startsWith('role-unused '))).toEqual(roleUnusedWithoutLastUse(baseline));
    }
    expect(collected.notEvaluated).toEqual([...new Set([...baseline.notEvaluated, ...expectations.flatMap((expectation) => expectation.notEvaluated)])].sort());
    expect(gapLines(collected).sort()).toEqual([...gapLines(baseline), ...expectations.flatMap((expectation) => expectation.gaps)].sort());
  }, 60_000);

  it('repairs what is derivable: policy names from ARNs, unknown policy ids, no maximum password age without expiry', async () => {
    const collected = await collectWith(['gaad-policy-without-name-and-id', 'password-policy-max-age-zero', 'lowercase-ids']);
    for (const accountId of ACCOUNTS) {
      const path = `accounts/${accountId}.json`;
      const got = JSON.parse(collected.files.get(path) as string) as AccountFile;
      const want = JSON.parse(baseline.files.get(path) as string) as AccountFile;
      expect(got.policies.map((policy) => policy.policyName)).toEqual(want.policies.map((policy) => policy.policyName));
      expect(new Set(got.policies.map((policy) => policy.policyId))).toEqual(new Set(got.policies.length > 0 ? [''] : []));
      expect(got.passwordPolicy).toEqual(want.passwordPolicy);
      expect(got.users.every((user) => /^[a-z0-9]{21}$/.test(user.userId))).toBe(true);
      const blank = (file: AccountFile) => ({
        ...file,
        policies: file.policies.map((policy) => ({ ...policy, policyId: '' })),
        users: file.users.map((user) => ({ ...user, userId: '' })),
        groups: file.groups.map((group) => ({ ...group, groupId: '' })),
      });
      expect(blank(got)).toEqual(blank(want));
    }
    // The demo has a password policy without expiry; the quirk answers MaxPasswordAge 0 for it.
    expect(ACCOUNTS.some((accountId) => (JSON.parse(baseline.files.get(`accounts/${accountId}.json`) as string) as AccountFile).passwordPolicy?.expirePasswords === false)).toBe(true);
  }, 60_000);

  it('reads every assignment although ListAccountsForProvisionedPermissionSet names only the caller, and keeps the permission sets whose boundary cannot be read', async () => {
    const collected = await collectWith(['provisioned-accounts-caller-only', 'html-for-unimplemented']);
    const got = JSON.parse(collected.files.get('identity-center.json') as string) as IdentityCenterFile;
    const want = JSON.parse(baseline.files.get('identity-center.json') as string) as IdentityCenterFile;
    expect(got.instances[0]?.assignments).toEqual(want.instances[0]?.assignments);
    expect(got.instances[0]?.permissionSets.map((set) => ({ ...set, permissionsBoundary: null }))).toEqual(
      want.instances[0]?.permissionSets.map((set) => ({ ...set, permissionsBoundary: null })),
    );
    const gap = (JSON.parse(collected.files.get('snapshot.json') as string) as Manifest).gaps.find((candidate) => candidate.kind === 'not-implemented');
    expect(gap?.message).toBe('the endpoint does not implement sso:GetPermissionsBoundaryForPermissionSet (HTTP 404)');
  }, 60_000);
});
