// The real Cloudsplaining example export (fixtures/datasets/README.md), imported with splitAccounts and linted with
// the whole catalogue (presets all and strict), alone and combined with the synthetic credential report and
// Organizations exports made for its accounts (test/fixtures/README.md). The file merges two accounts: 200611803367
// (the privesc/fn/fp test principals) and 012345678901 (obama, biden, MyRole, MyOtherRole, OverprivilegedEC2).
//
// Every finding was read by hand against the JSON and the rule's doc page. Per rule the test asserts the exact count
// and, where there are few, the exact resources, so that a regression names what changed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSnapshot, resolveConfig, runRules, type LintResult, type Model } from '@iamlint/core';
import { combineExports, importGaad } from '../src/index.js';
import { builtinRules, presets } from '../../rules/src/index.js';

const DATASET = new URL('../../../fixtures/datasets/gaad-cloudsplaining-example.json', import.meta.url);
const FIXTURES = new URL('./fixtures/', import.meta.url);
const ACCOUNTS = ['012345678901', '200611803367'];
// The export's latest timestamp is 2023-03-28 13:19:53 (AWSServiceRoleForConfig's last use), so it was taken no
// earlier; an older snapshot time would date role use after the snapshot and age every role wrongly.
const COLLECTED_AT = '2023-03-29T00:00:00Z';
const OPTIONS = { collectedAt: COLLECTED_AT, toolVersion: '0.1.0-test', source: 'gaad-cloudsplaining-example.json' };

const examples = (path: string) => `arn:aws:iam::012345678901:${path}`;
const lab = (path: string) => `arn:aws:iam::200611803367:${path}`;

const QUICK_SETUP_ROLES = [
  'ap-northeast-1', 'ap-northeast-2', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ca-central-1', 'eu-central-1', 'eu-north-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
].map((region) => lab(`role/AWS-QuickSetup-EnableCRecording-1clff_${region}`));
const ORGANIZATION_ACCESS_ROLES = [lab('role/OrganizationAccountAccessRole'), lab('role/stacksets-exec-b5520cb2730c2f54b523d6375a319abb')];

const GAAD_COUNTS: Record<string, number> = {
  'policy-allow-not-action': 1,
  'policy-credentials-exposure': 6,
  'policy-data-exfiltration': 6,
  'policy-full-admin': 4,
  'policy-passrole-star': 23,
  'policy-service-wildcard': 1,
  'principal-tags': 106,
  'privilege-escalation': 69,
  'role-admin-external-trust': 2,
  'role-unused': 23,
  'support-role': 2,
  'trust-cross-account-no-condition': 2,
  'trust-external-account': 2,
  'trust-service-confused-deputy': 20,
  'user-direct-admin': 2,
  'user-no-direct-policies': 42,
};
// strict adds the CIS 1.15 options to policy-full-admin: AWS managed AdministratorAccess, once per account using it, and
// `*:*` only (privesc-sre-admin-policy's iam:* is left out).
const STRICT_EXTRA = { 'policy-full-admin': 5 };
// What the credential report of 012345678901 adds (checked against the CSV): root has an active key used on
// 2023-02-27 and no MFA; userwithlotsofpermissions has a never-used password and no MFA; biden has no MFA.
// Its key slots: biden's key (2019, never used) and obama's active key (2022-11-30) are older than 90 days, obama
// has a password and an active key; biden and userwithlotsofpermissions have done nothing for years.
const CREDENTIAL_REPORT_COUNTS = {
  'access-key-max-age': 2,
  'access-key-unused': 1,
  'user-console-and-keys': 1,
  'user-inactive': 2,
  'root-access-keys': 1,
  'root-mfa': 1,
  'root-recent-use': 1,
  'user-mfa-all': 2,
  'user-mfa-required': 1,
  'user-password-unused': 1,
};

const FEW_FINDINGS: Record<string, string[]> = {
  'policy-allow-not-action': [lab('policy/fn4-exploitableNotAction')],
  'policy-credentials-exposure': [
    examples('role/OverprivilegedEC2#inline/SupYo'),
    lab('policy/fn4-exploitableNotAction'),
    lab('policy/privesc-sre-admin-policy'),
    lab('policy/privesc4-CreateAccessKey'),
    lab('policy/privesc5-CreateLoginProfile'),
    lab('policy/privesc6-UpdateLoginProfile'),
  ],
  'policy-data-exfiltration': [
    examples('group/biden#inline/InlinePolicyForBidenGroup'),
    examples('role/OverprivilegedEC2#inline/SupYo'),
    examples('user/biden#inline/InsecureUserPolicy'),
    examples('user/userwithlotsofpermissions#inline/InsecureUserPolicy'),
    lab('policy/fn4-exploitableNotAction'),
    lab('policy/privesc-sre-admin-policy'),
  ],
  // privesc-sre-admin-policy: iam:* on *, an administrator by another name.
  'policy-full-admin': [lab('policy/fp2-allow-all'), lab('policy/privesc-AssumeRole-high-priv-policy'), lab('policy/privesc-high-priv-service-policy'), lab('policy/privesc-sre-admin-policy')],
  'policy-service-wildcard': [lab('policy/privesc-sre-admin-policy')],
  'role-admin-external-trust': ORGANIZATION_ACCESS_ROLES,
  'support-role': ACCOUNTS,
  'trust-cross-account-no-condition': ORGANIZATION_ACCESS_ROLES,
  'trust-external-account': ORGANIZATION_ACCESS_ROLES,
  // fn4's NotAction leaves iam:PutUserPolicy and iam:PutRolePolicy allowed: it can grant itself everything.
  'user-direct-admin': [examples('user/obama'), lab('user/fn4-exploitableNotAction-user')],
};

const ROLE_UNUSED = [
  ...QUICK_SETUP_ROLES,
  examples('role/MyOtherRole'),
  examples('role/MyRole'),
  examples('role/OverprivilegedEC2'),
  lab('role/AWS-QuickSetup-StackSet-Local-AdministrationRole'),
  lab('role/AWS-QuickSetup-StackSet-Local-ExecutionRole'),
  ...ORGANIZATION_ACCESS_ROLES,
];

const PASSROLE_STAR = [
  ...['fn1-passrole-star', 'privesc-codeBuildCreateProjectPassRole-policy', 'privesc-sageMakerCreateNotebookPassRole-policy',
    'privesc-sageMakerCreateProcessingJobPassRole-policy', 'privesc-sageMakerCreateTrainingJobPassRole-policy', 'privesc-sre-admin-policy',
    'privesc15-PassExistingRoleToNewLambdaThenInvoke', 'privesc16-PassRoleToNewLambdaThenTriggerWithNewDynamo',
    'privesc18-PassExistingRoleToNewGlueDevEndpoint', 'privesc20-PassExistingRoleToCloudFormation',
    'privesc21-PassExistingRoleToNewDataPipeline', 'privesc3-CreateEC2WithExistingInstanceProfile'].map((name) => `${lab(`policy/${name}`)} passRole`),
  `${lab('policy/privesc14-UpdatingAssumeRolePolicy')} assumeRole`,
  // Action * or a NotAction that keeps both: a per-document rule is right even where another policy denies all (fp2).
  ...['fn4-exploitableNotAction', 'fp2-allow-all', 'privesc-AssumeRole-high-priv-policy', 'privesc-high-priv-service-policy'].flatMap((name) => [
    `${lab(`policy/${name}`)} passRole`,
    `${lab(`policy/${name}`)} assumeRole`,
  ]),
  `${examples('role/MyOtherRole#inline/SupYo')} passRole`,
  `${examples('role/MyRole#inline/EC2-IAM-example')} passRole`,
];

/** Every escalation path, as "ARN messageId", each checked by hand. */
const PRIVESC_PATHS = [
  ...[
    'fn1-privesc3-partial', 'fn2-exploitableResourceConstraint', 'privesc-codeBuildCreateProjectPassRole',
    'privesc-sageMakerCreateNotebookPassRole', 'privesc-sageMakerCreateProcessingJobPassRole', 'privesc-sageMakerCreateTrainingJobPassRole',
    'privesc1-CreateNewPolicyVersion', 'privesc14-UpdatingAssumeRolePolicy', 'privesc15-PassExistingRoleToNewLambdaThenInvoke',
    'privesc16-PassRoleToNewLambdaThenTriggerWithNewDynamo', 'privesc18-PassExistingRoleToNewGlueDevEndpoint',
    'privesc20-PassExistingRoleToCloudFormation', 'privesc21-PassExistingRoleToNewDataPipeline', 'privesc3-CreateEC2WithExistingInstanceProfile',
  ].flatMap((name) => [`${lab(`user/${name}-user`)} path`, `${lab(`role/${name}-role`)} path`]),
  ...['privesc10-PutUserPolicy', 'privesc11-PutGroupPolicy', 'privesc7-AttachUserPolicy', 'privesc8-AttachGroupPolicy'].map((name) => `${lab(`user/${name}-user`)} path`),
  // It adds itself to privesc-sre-group, whose iam:* makes its members administrators by another name.
  `${lab('user/privesc13-AddUserToGroup-user')} path`,
  // It can add others to that group: a privileged grant.
  `${lab('role/privesc13-AddUserToGroup-role')} privilegedGrant`,
  ...['privesc12-PutRolePolicy', 'privesc9-AttachRolePolicy', 'privesc-AssumeRole-intermediate', 'privesc-AssumeRole-starting'].map((name) => `${lab(`role/${name}-role`)} path`),
  // A role acts only with sessions, and every session alive at the snapshot time was issued after 2020.
  `${lab('role/fn3-exploitableConditionConstraint-role')} path`,
  // A user's access key carries no aws:TokenIssueTime; the others cannot be confirmed from a snapshot.
  `${lab('user/fn3-exploitableConditionConstraint-user')} conditionalPath`,
  // They cannot make themselves administrators (the user holds no role it can assume; the role is no user and in no
  // group), but can make others so: a privileged grant, reported on the first target in model order.
  ...['privesc9-AttachRolePolicy', 'privesc12-PutRolePolicy'].map((name) => `${lab(`user/${name}-user`)} privilegedGrant`),
  ...['privesc7-AttachUserPolicy', 'privesc8-AttachGroupPolicy', 'privesc10-PutUserPolicy', 'privesc11-PutGroupPolicy'].map(
    (name) => `${lab(`role/${name}-role`)} privilegedGrant`,
  ),
  // AWSLambdaFullAccess (lambda:*, iam:PassRole on *) while no role of 012345678901 trusts Lambda: latent, low.
  `${examples('user/biden')} latentPrimitive`,
  // iam:SetDefaultPolicyVersion on *, but the export lists every version of their policy and there is only v1 (no
  // admin version to switch to yet): latent, low, naming the policy.
  `${lab('user/privesc2-SetExistingDefaultPolicyVersion-user')} latentPrimitive`,
  `${lab('role/privesc2-SetExistingDefaultPolicyVersion-role')} latentPrimitive`,
  // iam-vulnerable's existing-resource cases, each to privesc-high-priv-service-role (trusted by EC2, with
  // AmazonSSMManagedInstanceCore; by SageMaker; by CloudFormation): conditional, as the export lists no instance, stack
  // or notebook running as it. ssm:sendCommand is spelled in lower case: action names are case-insensitive.
  ...['privesc-CloudFormationUpdateStack', 'privesc-ec2InstanceConnect', 'privesc-sageMakerCreatePresignedNotebookURL', 'privesc-ssmSendCommand', 'privesc-ssmStartSession'].flatMap((name) => [
    `${lab(`user/${name}-user`)} conditionalPath`,
    `${lab(`role/${name}-role`)} conditionalPath`,
  ]),
  ...['privesc17-EditExistingLambdaFunctionWithRole', 'privesc19-UpdateExistingGlueDevEndpoint'].flatMap((name) => [
    `${lab(`user/${name}-user`)} conditionalPath`,
    `${lab(`role/${name}-role`)} conditionalPath`,
  ]),
  // The export has neither the credential report nor the access key lists, so whether the target user has a
  // password or a free key slot is unknown: each of these paths holds only if it does (or does not).
  ...['privesc4-CreateAccessKey', 'privesc5-CreateLoginProfile', 'privesc6-UpdateLoginProfile'].flatMap((name) => [
    `${lab(`user/${name}-user`)} conditionalPath`,
    `${lab(`role/${name}-role`)} conditionalPath`,
  ]),
];
/** Principals with no path: no IAM write or PassRole they can use on themselves, or administrators already. */
const PRIVESC_NONE = [
  // fp5 needs aws:TokenIssueTime before 2020, which no credential alive at the snapshot time has.
  ...['fp1-allow-and-deny', 'fp2-allow-and-deny-multiple-policies', 'fp3-deny-iam', 'fp4-nonExploitableResourceConstraint', 'fp5-nonExploitableConditionConstraint'].flatMap((name) => [
    lab(`user/${name}-user`),
    lab(`role/${name}-role`),
  ]),
  lab('user/privesc-AssumeRole-start-user'),
  // Administrators by another name (iam:*, or a NotAction that leaves iam:PutUserPolicy and iam:PutRolePolicy).
  ...['privesc-sre', 'fn4-exploitableNotAction'].flatMap((name) => [lab(`user/${name}-user`), lab(`role/${name}-role`)]),
  lab('role/privesc-permissive-role-trust'),
  lab('role/privesc-high-priv-service-role'),
  lab('role/privesc-AssumeRole-ending-role'),
  lab('role/AWS-QuickSetup-StackSet-Local-ExecutionRole'),
  examples('user/obama'),
  examples('user/userwithlotsofpermissions'),
  examples('role/MyRole'),
  examples('role/MyOtherRole'),
  // Only a service can assume these (CloudFormation for StackSets, EC2 for OverprivilegedEC2): no principal acts as
  // them, so they start no path; they are reached through whoever can make the service act.
  lab('role/AWS-QuickSetup-StackSet-Local-AdministrationRole'),
  examples('role/OverprivilegedEC2'),
];

/** Evaluated on the export alone with no finding; each checked against the JSON. */
const QUIET_ON_EXPORT = [
  'cloudshell-full-access', // nothing attaches AWSCloudShellFullAccess
  'inline-policy-full-admin', // no inline policy allows * on *; the three * on * documents are customer managed
  'policy-allow-not-resource', // fn4-exploitableNotAction uses NotAction with Resource *; no Allow uses NotResource
  // Only single-valued keys without qualifiers in customer documents; the one ForAllValues (on organizations:ServicePrincipal) is AWS managed
  'policy-condition-set-operator',
  'policy-condition-type-mismatch', // Date* on aws:TokenIssueTime, StringEquals on iam:AWSServiceName and SAML:aud
  'policy-duplicate-sid',
  'policy-invalid-arn', // arn:*:iam::*:role/… and arn:aws:iam::aws:policy/fp4-* are valid patterns
  'policy-invalid-service-principal', // every trust policy's Service is name.amazonaws.com (member.org.stacksets.cloudformation… too)
  'policy-malformed',
  'policy-not-principal-allow',
  'policy-resource-mismatch', // QuickSetup's sns:ListTopics + sns:CreateTopic mixes wildcard-only and resource-level actions
  'policy-unattached', // every customer managed policy has AttachmentCount ≥ 1 (NotYourPolicy's holder is not in the merged file)
  'policy-unknown-action', // ssm:sendCommand, ssm:listCommands: action names are case-insensitive
  'policy-unknown-condition-key',
  'policy-version', // every document says 2012-10-17
  'trust-github-oidc-subject',
  'trust-oidc-audience',
  'trust-policy-wildcard-principal',
  'trust-saml-audience', // both AWSReservedSSO roles require SAML:aud
];
/** Evaluated once the organization exports are in; the management account has no IAM data. */
const QUIET_COMBINED = [
  'account-in-organization', // both accounts are in list-accounts
  // Silent passes, reported to the lead: OU placement is "unknown" (its gap is organization.policies, which
  // account-outside-ou does not require) and no export lists delegated administrators, yet neither rule says
  // "not evaluated".
  'account-outside-ou',
  'delegated-admin-allowlist',
  'policy-allow-not-resource',
  'policy-condition-set-operator',
  'policy-condition-type-mismatch',
  'policy-duplicate-sid',
  'policy-invalid-arn',
  'policy-invalid-service-principal',
  'policy-malformed',
  'policy-resource-mismatch',
  'policy-unknown-action',
  'policy-unknown-condition-key',
  'policy-version',
];

function lint(model: Model, preset: 'all' | 'strict'): LintResult {
  return runRules({ model, config: resolveConfig([presets[preset]], { source: 'test', builtinRules }) });
}

function countsOf(result: LintResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const finding of result.findings) counts[finding.ruleId] = (counts[finding.ruleId] ?? 0) + 1;
  return counts;
}

const findingsOf = (result: LintResult, ruleId: string) => result.findings.filter((finding) => finding.ruleId === ruleId);
const idsOf = (result: LintResult, ruleId: string) => findingsOf(result, ruleId).map((finding) => finding.resource.id).sort();
const sorted = (values: readonly string[]) => [...values].sort();

/** Each rule of the catalogue has findings, is not evaluated somewhere, or is listed as checked and quiet: a new rule fails here until reviewed. */
function expectEveryRuleAccountedFor(result: LintResult, quiet: readonly string[]) {
  const withFindings = new Set(result.findings.map((finding) => finding.ruleId));
  const notEvaluated = new Set(result.notEvaluated.map((entry) => entry.ruleId));
  const unaccounted = [...builtinRules.keys()].filter((ruleId) => !withFindings.has(ruleId) && !notEvaluated.has(ruleId) && !quiet.includes(ruleId));
  expect(unaccounted).toEqual([]);
  expect(quiet.filter((ruleId) => withFindings.has(ruleId) || notEvaluated.has(ruleId))).toEqual([]);
}

/**
 * The same with the credential report of 012345678901 combined in: its key slots would decide OverprivilegedEC2's
 * access-key step, but only EC2 can assume that role, so it starts no path either way.
 */
function expectCheckedEscalations(result: LintResult) {
  const findings = findingsOf(result, 'privilege-escalation');
  expect(findings.map((finding) => `${finding.resource.id} ${finding.messageId}`).sort()).toEqual(sorted(PRIVESC_PATHS));
  expect(findings.filter((finding) => PRIVESC_NONE.includes(finding.resource.id))).toEqual([]);

  const pathOf = (id: string) => findings.find((finding) => finding.resource.id === id)?.data.path;
  expect(pathOf(lab('role/privesc-AssumeRole-starting-role'))).toBe(
    'step 1: role privesc-AssumeRole-starting-role can assume role privesc-AssumeRole-intermediate-role; step 2: role privesc-AssumeRole-intermediate-role can assume role privesc-AssumeRole-ending-role',
  );
  expect(pathOf(lab('user/privesc14-UpdatingAssumeRolePolicy-user'))).toBe(
    "step 1: user privesc14-UpdatingAssumeRolePolicy-user can rewrite role AWS-QuickSetup-StackSet-Local-ExecutionRole's trust policy to trust itself, then assume it",
  );
  expect(pathOf(lab('user/privesc10-PutUserPolicy-user'))).toBe(
    'step 1: user privesc10-PutUserPolicy-user can put an inline policy granting every permission on user privesc10-PutUserPolicy-user',
  );
  expect(pathOf(lab('user/fn1-privesc3-partial-user'))).toBe(
    "step 1: user fn1-privesc3-partial-user can launch an EC2 instance with role privesc-high-priv-service-role's instance profile and read its credentials",
  );
  expect(pathOf(lab('user/privesc13-AddUserToGroup-user'))).toBe(
    'step 1: user privesc13-AddUserToGroup-user can add itself to group privesc-sre-group and gain its permissions',
  );
  expect(pathOf(lab('role/privesc6-UpdateLoginProfile-role'))).toBe(
    // fn4-exploitableNotAction-user is an administrator by another name: one step, where it took two through fn1.
    "step 1: role privesc6-UpdateLoginProfile-role can change user fn4-exploitableNotAction-user's console password and sign in as it, if it has one (the snapshot has no credential report for account 200611803367)",
  );
}

describe('the Cloudsplaining example export', () => {
  const json = JSON.parse(readFileSync(DATASET, 'utf8')) as unknown;
  const files = importGaad(json, { ...OPTIONS, splitAccounts: true });
  const model = loadSnapshot(files);
  const all = lint(model, 'all');
  const strict = lint(model, 'strict');

  it('is rejected as one export, because its ARNs name two accounts', () => {
    expect(() => importGaad(json, OPTIONS)).toThrow('the ARNs name 2 accounts (012345678901, 200611803367)');
  });

  it('imports into a snapshot the real loader accepts, deterministically', () => {
    expect(model.accounts.map((account) => account.accountId)).toEqual(ACCOUNTS);
    const count = (kind: string) => model.nodes().filter((node) => node.kind === kind).length;
    expect({ users: count('User'), groups: count('Group'), roles: count('Role') }).toEqual({ users: 44, groups: 5, roles: 78 });
    expect(importGaad(json, { ...OPTIONS, splitAccounts: true })).toEqual(files);
  });

  it('gives exactly these findings per rule, with presets all and strict', () => {
    expect(countsOf(all)).toEqual(GAAD_COUNTS);
    expect(countsOf(strict)).toEqual({ ...GAAD_COUNTS, ...STRICT_EXTRA });
    expect(all.ruleFailures).toEqual([]);
    expect(strict.ruleFailures).toEqual([]);
  });

  it('reports exactly these resources for the rules with few findings', () => {
    for (const [ruleId, ids] of Object.entries(FEW_FINDINGS)) expect({ ruleId, ids: idsOf(all, ruleId) }).toEqual({ ruleId, ids: sorted(ids) });
    expect(idsOf(strict, 'policy-full-admin')).toEqual(
      sorted([
        ...(FEW_FINDINGS['policy-full-admin'] ?? []).filter((id) => id !== lab('policy/privesc-sre-admin-policy')),
        'arn:aws:iam::aws:policy/AdministratorAccess@012345678901',
        'arn:aws:iam::aws:policy/AdministratorAccess@200611803367',
      ]),
    );
    expect(findingsOf(strict, 'policy-service-wildcard').map((finding) => finding.data.services)).toEqual(['ec2, iam, s3']);
    expect(findingsOf(all, 'policy-service-wildcard').map((finding) => finding.data.services)).toEqual(['iam']);
    expect(findingsOf(all, 'trust-external-account').map((finding) => [finding.messageId, finding.data.trustedAccount])).toEqual([
      ['noOrganization', '072528804237'],
      ['noOrganization', '072528804237'],
    ]);
  });

  it('reports exactly these resources for the rules with many findings', () => {
    const users = model.nodes().filter((node) => node.kind === 'User').map((node) => node.id);
    const roles = model.nodes().filter((node) => node.kind === 'Role').map((node) => node.id);
    // Only the sixteen Quick Setup roles carry tags; service-linked and AWSReservedSSO roles are checked too.
    expect(idsOf(all, 'principal-tags')).toEqual(sorted([...users, ...roles.filter((id) => !QUICK_SETUP_ROLES.includes(id))]));
    // privesc-sre-user gets its access from privesc-sre-group; privesc-AssumeRole-start-user has no policy at all.
    expect(idsOf(all, 'user-no-direct-policies')).toEqual(
      sorted(users.filter((id) => id !== lab('user/privesc-sre-user') && id !== lab('user/privesc-AssumeRole-start-user'))),
    );
    // Service-linked and AWSReservedSSO roles are skipped; the privesc roles were created 20 days before the snapshot.
    expect(idsOf(all, 'role-unused')).toEqual(sorted(ROLE_UNUSED));
    const deputies = findingsOf(all, 'trust-service-confused-deputy').map((finding) => `${finding.resource.id} ${String(finding.data.service)}`);
    expect(deputies.sort()).toEqual(
      sorted([
        ...[...QUICK_SETUP_ROLES, examples('role/MyRole'), examples('role/MyOtherRole')].map((id) => `${id} ssm.amazonaws.com`),
        `${lab('role/privesc-high-priv-service-role')} ecs-tasks.amazonaws.com`,
        `${lab('role/privesc-high-priv-service-role')} sagemaker.amazonaws.com`,
      ]),
    );
    expect(findingsOf(all, 'policy-passrole-star').map((finding) => `${finding.resource.id} ${finding.messageId}`).sort()).toEqual(sorted(PASSROLE_STAR));
  });

  it('finds the checked escalation paths, and none for principals without one', () => {
    expectCheckedEscalations(all);
    expectCheckedEscalations(strict);
  });

  it('reports nothing on the false-positive bait or on AWS managed policies with preset all', () => {
    const bait = ['fp1-allow-and-deny', 'fp3-deny-iam', 'fp4-nonExploitableResourceConstraint', 'fp5-nonExploitableConditionConstraint'].map((name) => lab(`policy/${name}`));
    expect(all.findings.filter((finding) => bait.includes(finding.resource.id))).toEqual([]);
    expect(all.findings.filter((finding) => finding.resource.id.startsWith('arn:aws:iam::aws:'))).toEqual([]);
  });

  it('accounts for every rule of the catalogue', () => {
    expectEveryRuleAccountedFor(all, QUIET_ON_EXPORT);
    expectEveryRuleAccountedFor(strict, QUIET_ON_EXPORT);
  });

  it('says "not evaluated" for the rules that need what the export lacks, in both accounts', () => {
    const notEvaluated = (ruleId: string) => all.notEvaluated.filter((entry) => entry.ruleId === ruleId);
    for (const ruleId of ['root-access-keys', 'root-mfa', 'user-mfa-required', 'user-mfa-all', 'user-password-unused']) {
      expect(notEvaluated(ruleId)).toEqual(ACCOUNTS.map((accountId) => ({ ruleId, accountId, sections: ['iam.credentialReport'] })));
    }
    expect(notEvaluated('break-glass-admin').map((entry) => entry.sections)).toEqual([
      ['iam.credentialReport', 'iam.accessKeys'],
      ['iam.credentialReport', 'iam.accessKeys'],
    ]);
    for (const ruleId of ['account-in-organization', 'account-outside-ou', 'delegated-admin-allowlist']) {
      expect(notEvaluated(ruleId)).toEqual([{ ruleId, accountId: null, sections: ['organization'] }]);
    }
  });

  it('makes user-mfa-required "not evaluated" rather than a silent pass', () => {
    const mfaOnly = runRules({ model, config: resolveConfig([{ rules: { 'user-mfa-required': 'error' } }], { source: 'test', builtinRules }) });
    expect(mfaOnly.findings).toEqual([]);
    expect(mfaOnly.notEvaluated).toEqual(ACCOUNTS.map((accountId) => ({ ruleId: 'user-mfa-required', accountId, sections: ['iam.credentialReport'] })));
  });
});

describe('the Cloudsplaining export combined with a credential report and the organization exports', () => {
  const mtime = new Date(COLLECTED_AT);
  const fixture = (name: string) => ({ path: name, text: readFileSync(new URL(name, FIXTURES), 'utf8'), mtime });
  const { files } = combineExports(
    [
      { path: 'gaad-cloudsplaining-example.json', text: readFileSync(DATASET, 'utf8'), mtime },
      ...['credential-report-012345678901.csv', 'describe-organization.json', 'list-accounts.json', 'list-roots.json'].map(fixture),
    ],
    { toolVersion: '0.1.0-test' },
  );
  const model = loadSnapshot(files);
  const all = lint(model, 'all');
  const strict = lint(model, 'strict');

  it('gives exactly these findings per rule, with presets all and strict', () => {
    expect(countsOf(all)).toEqual({ ...GAAD_COUNTS, ...CREDENTIAL_REPORT_COUNTS });
    expect(countsOf(strict)).toEqual({ ...GAAD_COUNTS, ...STRICT_EXTRA, ...CREDENTIAL_REPORT_COUNTS });
    expect(all.ruleFailures).toEqual([]);
    expect(strict.ruleFailures).toEqual([]);
  });

  it('reports the credential report findings on the right users, and the same policy findings as the export alone', () => {
    const root = examples('root');
    expect(idsOf(all, 'root-access-keys')).toEqual([root]);
    expect(idsOf(all, 'root-mfa')).toEqual([root]);
    // The key (2023-02-27) was used after the console password (2023-01-17).
    expect(findingsOf(all, 'root-recent-use').map((finding) => [finding.resource.id, finding.messageId, finding.data.days])).toEqual([[root, 'keyUsed', 30]]);
    expect(idsOf(all, 'user-mfa-required')).toEqual([examples('user/userwithlotsofpermissions')]);
    expect(findingsOf(all, 'user-password-unused').map((finding) => [finding.resource.id, finding.messageId])).toEqual([
      [examples('user/userwithlotsofpermissions'), 'neverUsed'],
    ]);
    expect(idsOf(all, 'user-mfa-all')).toEqual([examples('user/biden'), examples('user/userwithlotsofpermissions')]);
    expect(idsOf(all, 'user-inactive')).toEqual([examples('user/biden'), examples('user/userwithlotsofpermissions')]);
    expect(idsOf(all, 'access-key-unused')).toEqual([`REPORTSLOT1BB0B109E7B`]);
    for (const [ruleId, ids] of Object.entries(FEW_FINDINGS)) expect({ ruleId, ids: idsOf(all, ruleId) }).toEqual({ ruleId, ids: sorted(ids) });
    expectCheckedEscalations(all);
    expectCheckedEscalations(strict);
  });

  it('judges the trusted account against the organization', () => {
    // The fixture's management account is 311842569027, so 072528804237 (which the dataset's OrganizationAccountAccessRole
    // and StackSets role trust, and so must be the real management account) is outside this organization.
    expect(findingsOf(all, 'trust-external-account').map((finding) => [finding.resource.id, finding.messageId, finding.data.trustedAccount])).toEqual(
      ORGANIZATION_ACCESS_ROLES.map((id) => [id, 'outsideOrganization', '072528804237']),
    );
    expect(findingsOf(all, 'support-role').map((finding) => finding.data.account)).toEqual(['cloudsplaining-examples', 'cloudsplaining-privesc-lab']);
  });

  it('evaluates what the credential report and the organization exports hold, and only that', () => {
    const sectionsOf = (ruleId: string) => all.notEvaluated.filter((entry) => entry.ruleId === ruleId).map(({ accountId, sections }) => ({ accountId, sections }));
    for (const ruleId of ['root-mfa', 'root-access-keys', 'root-recent-use']) {
      expect(sectionsOf(ruleId)).toEqual([
        { accountId: '200611803367', sections: ['iam.credentialReport'] },
        { accountId: '311842569027', sections: ['iam.credentialReport'] },
      ]);
    }
    expect(sectionsOf('user-mfa-required')).toEqual([
      { accountId: '200611803367', sections: ['iam.credentialReport'] },
      { accountId: '311842569027', sections: ['iam.authorizationDetails', 'iam.credentialReport'] },
    ]);
    for (const ruleId of ['scp-guardrails-missing', 'scp-ineffective']) expect(sectionsOf(ruleId)).toEqual([{ accountId: null, sections: ['organization.policies'] }]);
    expect(sectionsOf('privilege-escalation')).toEqual([{ accountId: '311842569027', sections: ['iam.authorizationDetails'] }]);
    expectEveryRuleAccountedFor(all, QUIET_COMBINED);
    expectEveryRuleAccountedFor(strict, QUIET_COMBINED);
  });
});
