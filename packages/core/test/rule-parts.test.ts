import { describe, expect, it } from 'vitest';
import { createRulePartRunner, defineRule, mergeRuleParts, resolveConfig, runRules, type AnyRule, type FlatConfig, type LintResult, type RunOptions } from '@iamlint/core';
import { buildModel, type SnapshotSpec } from '@iamlint/core/testing';

// `audit --jobs`: the organization part on one thread, pieces of accounts on others; merged, the parts must give what
// one pass gives, finding for finding and in the same order, including a rule that crashes part-way.
const ACCOUNTS = ['111122223333', '222233334444', '333344445555', '444455556666', '555566667777'];

const oldKeys = defineRule({
  meta: {
    type: 'problem',
    docs: { description: 'Access keys older than 90 days.', recommended: true },
    severity: 'medium',
    requires: ['iam.accessKeys'],
    messages: { old: 'Key {{keyId}} of {{user}} is older than 90 days.' },
  },
  create(context) {
    return {
      AccessKey(key) {
        if (context.now.getTime() - Date.parse(key.createDate) > 90 * 86_400_000) context.report({ node: key, messageId: 'old', data: { keyId: key.accessKeyId, user: key.user.userName } });
      },
    };
  },
});

/** Crashes on the first role named "legacy-*" it visits: in one pass, the later accounts' roles are never reported. */
const roleNames = defineRule({
  meta: { type: 'suggestion', docs: { description: 'Roles by name.', recommended: false }, severity: 'low', messages: { role: 'Role {{name}}.' } },
  create(context) {
    return {
      Role(role) {
        if (role.roleName.startsWith('legacy-')) throw new Error(`cannot read ${role.roleName}`);
        context.report({ node: role, messageId: 'role', data: { name: role.roleName } });
      },
    };
  },
});

const usersPerAccount = defineRule({
  meta: { type: 'suggestion', docs: { description: 'Counts users at the end.', recommended: false }, severity: 'info', messages: { count: '{{count}} users.' } },
  create(context) {
    const counts = new Map<string, number>();
    return {
      User(user) {
        counts.set(user.accountId, (counts.get(user.accountId) ?? 0) + 1);
      },
      'Snapshot:exit'() {
        for (const [accountId, count] of counts) {
          const account = context.model.account(accountId);
          if (account) context.report({ node: account, messageId: 'count', data: { count } });
        }
      },
    };
  },
});

const rules = new Map<string, AnyRule>([
  ['old-keys', oldKeys],
  ['role-names', roleNames],
  ['users-per-account', usersPerAccount],
]);

const spec: SnapshotSpec = {
  organization: { managementAccountId: ACCOUNTS[0] as string, accounts: ACCOUNTS.map((id, index) => ({ id, name: `team-${index}` })) },
  accounts: Object.fromEntries(
    ACCOUNTS.map((id, index) => [
      id,
      {
        users: [
          { userName: `deploy-${index}`, accessKeys: [{ createDate: '2026-01-10T00:00:00Z' }], ...(index === 1 ? { tags: { 'iamlint:ignore': 'old-keys' } } : {}) },
          { userName: `ops-${index}`, accessKeys: [{ createDate: '2026-10-01T00:00:00Z' }] },
        ],
        roles: [{ roleName: `app-${index}` }, ...(index === 2 || index === 4 ? [{ roleName: `legacy-${index}` }] : [])],
      },
    ]),
  ),
};

const config: FlatConfig = [
  { rules: { 'old-keys': 'error', 'role-names': 'warn', 'users-per-account': 'warn' } },
  { accounts: [ACCOUNTS[3] as string], rules: { 'old-keys': 'warn' } },
  { exceptions: [{ rule: 'old-keys', resource: 'arn:aws:iam::*:user/deploy-0', reason: 'rotated by the pipeline' }, { rule: 'role-names', resource: 'arn:aws:iam::*:role/nothing', reason: 'matches no role' }] },
];

function options(): RunOptions {
  return {
    model: buildModel(spec),
    config: resolveConfig(config, { source: 'iamlint.config.json', builtinRules: rules }),
    now: new Date('2026-11-01T00:00:00Z'),
    nodeLocal: () => true,
  };
}

/** The stack of a crash names the frames that called the rule, which differ between threads; the rest may not. */
function withoutStacks(result: LintResult): LintResult {
  return { ...result, ruleFailures: result.ruleFailures.map(({ stack: _stack, ...failure }) => failure) };
}

/** The parts run on separate runners, as on separate threads, each with its own model. */
function inParts(pieces: ReadonlyArray<readonly string[]>, organizationLast = false) {
  const organization = createRulePartRunner(options()).run({ organization: true, accounts: [] });
  const others = pieces.map((accounts) => createRulePartRunner(options()).run({ organization: false, accounts }));
  return withoutStacks(mergeRuleParts(options(), organizationLast ? [...others.reverse(), organization] : [organization, ...others]));
}

describe('a run in parts', () => {
  it('merges to the single pass, whatever the pieces and their order', () => {
    const single = withoutStacks(runRules(options()));
    expect(single.findings.length).toBeGreaterThan(5);
    expect(single.ruleFailures.map((failure) => [failure.ruleId, failure.resourceId])).toEqual([['role-names', `arn:aws:iam::${ACCOUNTS[2]}:role/legacy-2`]]);
    expect(single.suppressed.map((finding) => finding.data['user'])).toEqual(['deploy-0']);
    expect(single.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['EXCEPTION_UNUSED', 'TAG_IGNORED']);
    for (const pieces of [[ACCOUNTS], [ACCOUNTS.slice(0, 2), ACCOUNTS.slice(2)], ACCOUNTS.map((id) => [id]), [ACCOUNTS.slice(3), ACCOUNTS.slice(0, 3)]]) {
      expect(inParts(pieces)).toEqual(single);
      expect(inParts(pieces, true)).toEqual(single);
    }
  });

  it('keeps what a crashed rule reported before it crashed, and nothing after, though another thread ran it further', () => {
    const merged = inParts(ACCOUNTS.map((id) => [id]));
    const roles = merged.findings.filter((finding) => finding.ruleId === 'role-names').map((finding) => finding.resource.name);
    expect(roles).toEqual(['app-0', 'app-1', 'app-2']);
    expect(merged.ruleFailures).toHaveLength(1);
    // Without the merge's order, the pieces would have reported the roles of every account and crashed twice.
    const piece = createRulePartRunner(options()).run({ organization: false, accounts: [ACCOUNTS[4] as string] });
    expect(piece.filter((event) => event.failure).map((event) => event.failure?.resourceId)).toEqual([`arn:aws:iam::${ACCOUNTS[4]}:role/legacy-4`]);
    expect(piece.some((event) => event.finding?.resource.name === 'app-4')).toBe(true);
  });

  it('leaves a rule that is not node-local, and the global nodes, to the organization part', () => {
    const accountsOnly = createRulePartRunner({ ...options(), nodeLocal: (ruleId) => ruleId !== 'old-keys' }).run({ organization: false, accounts: ACCOUNTS });
    expect(accountsOnly.some((event) => event.finding?.ruleId === 'old-keys')).toBe(false);
    expect(accountsOnly.some((event) => event.finding?.ruleId === 'role-names')).toBe(true);
    expect(accountsOnly.some((event) => event.finding?.ruleId === 'users-per-account')).toBe(false);
  });
});
