// The real Cloudsplaining example export (fixtures/datasets/README.md), imported and linted with every built-in rule.
// The file merges two accounts: 200611803367 (the privesc/fn/fp test principals) and 012345678901 (obama, biden,
// MyRole, MyOtherRole, OverprivilegedEC2, NotYourPolicy, InsecurePolicy), so it is imported with splitAccounts.
//
// Checked by hand against the JSON:
// - policy-passrole-star fires on fn1-passrole-star (Allow iam:PassRole on *), privesc-sre-admin-policy (iam:* on *),
//   privesc20-PassExistingRoleToCloudFormation (iam:PassRole on *), the inline policies EC2-IAM-example of MyRole
//   and SupYo of MyOtherRole (iam:PassRole among other actions on *), privesc14-UpdatingAssumeRolePolicy
//   (sts:AssumeRole on *), and twice on fn4-exploitableNotAction (NotAction iam:Update*, Create*, Attach* leaves
//   iam:PassRole and sts:AssumeRole allowed on *) and on fp2-allow-all (Action * on *): a per-document rule is
//   right there, since the deny-all that neutralises it is another policy of the same user.
// - policy-allow-not-action fires once, on fn4-exploitableNotAction: the only Allow + NotAction in the file.
// - user-no-direct-policies fires on 42 of the 44 users: all but privesc-sre-user (access only through
//   privesc-sre-group) and privesc-AssumeRole-start-user (no policies); obama is flagged for AdministratorAccess
//   attached to him even though he is also in the admin group.
// - Must not fire: fp1-allow-and-deny allows iam:* and denies iam:* on * in the same document, so no PassRole;
//   fp3-deny-iam only denies; fp4 (CreatePolicyVersion on arn:aws:iam::aws:policy/fp4-*) and fp5 (CreatePolicyVersion
//   under a TokenIssueTime condition) grant no PassRole, AssumeRole or NotAction. AWS managed policies
//   (AdministratorAccess, IAMFullAccess, PowerUserAccess…) are not reported: their owner cannot fix them.
// - No policy-version findings: every customer document says 2012-10-17; no trust policy has a wildcard principal.
// - privilege-escalation finds 56 paths. The dataset is built around Rhino Security Labs' escalation methods, so
//   its privescN users and roles are true positives by design; checked: privesc1 (CreatePolicyVersion on its own
//   policy), privesc7/8/9 (attach AdministratorAccess to itself / its group / itself as a role), privesc10/11/12
//   (put an inline admin policy), privesc14 (rewrite the trust policy of an admin role, then assume it),
//   privesc15/16 (PassRole to Lambda + invoke / event source), privesc20 (PassRole to CloudFormation),
//   privesc-AssumeRole-starting-role (two assume hops to the admin ending role), and the fn1/fn2/fn4 principals,
//   which Cloudsplaining's own README lists as its false negatives: exploitable, so right to report.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSnapshot, resolveConfig, runRules } from '@iamlint/core';
import { importGaad } from '../src/index.js';
import { builtinRules, presets } from '../../rules/src/index.js';

const DATASET = new URL('../../../fixtures/datasets/gaad-cloudsplaining-example.json', import.meta.url);
const ACCOUNTS = ['012345678901', '200611803367'];
const OPTIONS = { collectedAt: '2023-03-10T00:00:00Z', toolVersion: '0.1.0-test', source: 'gaad-cloudsplaining-example.json' };

describe('the Cloudsplaining example export', () => {
  const json = JSON.parse(readFileSync(DATASET, 'utf8')) as unknown;
  const files = importGaad(json, { ...OPTIONS, splitAccounts: true });
  const model = loadSnapshot(files);
  const result = runRules({ model, config: resolveConfig([presets.all], { source: 'test', builtinRules }) });
  const findingsOf = (ruleId: string) => result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.resource.id);

  it('is rejected as one export, because its ARNs name two accounts', () => {
    expect(() => importGaad(json, OPTIONS)).toThrow('the ARNs name 2 accounts (012345678901, 200611803367)');
  });

  it('imports into a snapshot the real loader accepts, deterministically', () => {
    expect(model.accounts.map((account) => account.accountId)).toEqual(ACCOUNTS);
    const count = (kind: string) => model.nodes().filter((node) => node.kind === kind).length;
    expect({ users: count('User'), groups: count('Group'), roles: count('Role') }).toEqual({ users: 44, groups: 5, roles: 78 });
    expect(importGaad(json, { ...OPTIONS, splitAccounts: true })).toEqual(files);
  });

  it('gives exactly these findings per rule', () => {
    const counts: Record<string, number> = {};
    for (const finding of result.findings) counts[finding.ruleId] = (counts[finding.ruleId] ?? 0) + 1;
    expect(counts).toEqual({ 'policy-allow-not-action': 1, 'policy-passrole-star': 23, 'privilege-escalation': 56, 'user-no-direct-policies': 42 });
    expect(result.ruleFailures).toEqual([]);
  });

  it('reports the hand-checked findings and none on the false-positive bait', () => {
    const policy = (name: string) => `arn:aws:iam::200611803367:policy/${name}`;
    const passRole = findingsOf('policy-passrole-star');
    for (const id of [
      policy('fn1-passrole-star'),
      policy('privesc-sre-admin-policy'),
      policy('privesc20-PassExistingRoleToCloudFormation'),
      policy('privesc14-UpdatingAssumeRolePolicy'),
      'arn:aws:iam::012345678901:role/MyRole#inline/EC2-IAM-example',
      'arn:aws:iam::012345678901:role/MyOtherRole#inline/SupYo',
    ]) expect(passRole).toContain(id);
    expect(passRole.filter((id) => id === policy('fn4-exploitableNotAction'))).toHaveLength(2);
    expect(passRole.filter((id) => id === policy('fp2-allow-all'))).toHaveLength(2);
    expect(findingsOf('policy-allow-not-action')).toEqual([policy('fn4-exploitableNotAction')]);

    const users = findingsOf('user-no-direct-policies');
    expect(users).toContain('arn:aws:iam::012345678901:user/obama');
    expect(users).not.toContain('arn:aws:iam::200611803367:user/privesc-sre-user');
    expect(users).not.toContain('arn:aws:iam::200611803367:user/privesc-AssumeRole-start-user');

    const bait = ['fp1-allow-and-deny', 'fp3-deny-iam', 'fp4-nonExploitableResourceConstraint', 'fp5-nonExploitableConditionConstraint'].map(policy);
    expect(result.findings.filter((finding) => bait.includes(finding.resource.id))).toEqual([]);
    expect(result.findings.filter((finding) => finding.resource.id.startsWith('arn:aws:iam::aws:'))).toEqual([]);
  });

  it('says "not evaluated" for the rules that need what the export lacks, in both accounts', () => {
    const notEvaluated = (ruleId: string) => result.notEvaluated.filter((entry) => entry.ruleId === ruleId);
    for (const ruleId of ['root-access-keys', 'root-mfa', 'user-mfa-required']) {
      expect(notEvaluated(ruleId)).toEqual(ACCOUNTS.map((accountId) => ({ ruleId, accountId, sections: ['iam.credentialReport'] })));
    }
    expect(notEvaluated('break-glass-admin').map((entry) => entry.sections)).toEqual([
      ['iam.credentialReport', 'iam.accessKeys'],
      ['iam.credentialReport', 'iam.accessKeys'],
    ]);
    expect(result.notEvaluated.map((entry) => entry.ruleId)).toEqual(expect.arrayContaining(['access-key-max-age', 'password-policy-strength', 'saml-provider-duplicated']));
  });

  it('makes user-mfa-required "not evaluated" rather than a silent pass', () => {
    const mfaOnly = runRules({ model, config: resolveConfig([{ rules: { 'user-mfa-required': 'error' } }], { source: 'test', builtinRules }) });
    expect(mfaOnly.findings).toEqual([]);
    expect(mfaOnly.notEvaluated).toEqual(ACCOUNTS.map((accountId) => ({ ruleId: 'user-mfa-required', accountId, sections: ['iam.credentialReport'] })));
  });
});
