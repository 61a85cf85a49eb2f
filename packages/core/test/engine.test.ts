import { describe, expect, it } from 'vitest';
import { defineRule, getExitCode, resolveConfig, runRules, type AnyRule, type FlatConfig } from '@iamlint/core';
import type { ConfigError } from '@iamlint/core';
import { buildModel, type SnapshotSpec } from '@iamlint/core/testing';

const MANAGEMENT = '111122223333';
const SANDBOX = '444455556666';
const PROD = '777788889999';

const oldKeys = defineRule({
  meta: {
    type: 'problem',
    docs: { description: 'Access keys older than a limit.', recommended: true },
    severity: 'medium',
    requires: ['iam.accessKeys'],
    messages: { old: 'Key {{keyId}} of {{user}} is older than {{maxAgeDays}} days.' },
    schema: [{ type: 'object', properties: { maxAgeDays: { type: 'integer', minimum: 1 } }, additionalProperties: false }],
    defaultOptions: [{ maxAgeDays: 90 }],
  },
  create(context) {
    const [{ maxAgeDays }] = context.options;
    return {
      AccessKey(key) {
        const age = (context.now.getTime() - Date.parse(key.createDate)) / 86_400_000;
        if (age > maxAgeDays) context.report({ node: key, messageId: 'old', data: { keyId: key.accessKeyId, user: key.user.userName, maxAgeDays } });
      },
    };
  },
});

const countUsers = defineRule({
  meta: {
    type: 'suggestion',
    docs: { description: 'Counts users at the end of the pass.', recommended: false },
    severity: 'info',
    messages: { many: '{{count}} users in {{account}}.' },
  },
  create(context) {
    return {
      'Snapshot:exit'() {
        for (const account of context.model.accounts) {
          const users = context.model.inAccount('User', account.accountId);
          if (users.length > 0) context.report({ node: account, messageId: 'many', data: { count: users.length, account: account.name } });
        }
      },
    };
  },
});

const crashes = defineRule({
  meta: { type: 'problem', docs: { description: 'Throws on roles.', recommended: false }, severity: 'low', messages: { never: 'never' } },
  create() {
    return {
      Role() {
        throw new Error('boom');
      },
    };
  },
});

const builtinRules = new Map<string, AnyRule>([
  ['old-keys', oldKeys],
  ['count-users', countUsers],
  ['crashes', crashes],
]);

const spec: SnapshotSpec = {
  organization: {
    managementAccountId: MANAGEMENT,
    organizationalUnits: [{ id: 'ou-abcd-sandbox1', name: 'Sandbox' }],
    accounts: [
      { id: MANAGEMENT, name: 'management' },
      { id: SANDBOX, name: 'sandbox', parentId: 'ou-abcd-sandbox1' },
      { id: PROD, name: 'prod' },
    ],
  },
  accounts: {
    [MANAGEMENT]: { users: [{ userName: 'ops', accessKeys: [{ createDate: '2026-06-01T00:00:00Z' }] }] },
    [SANDBOX]: { users: [{ userName: 'tester', accessKeys: [{ createDate: '2026-06-01T00:00:00Z' }] }] },
    [PROD]: { users: [{ userName: 'ci-deploy', tags: { 'iamlint:ignore': 'old-keys' }, accessKeys: [{ createDate: '2026-06-01T00:00:00Z' }] }] },
  },
};

function run(config: FlatConfig, extra: Partial<SnapshotSpec> = {}, now?: Date) {
  const resolved = resolveConfig(config, { source: 'iamlint.config.json', builtinRules });
  return runRules({ model: buildModel({ ...spec, ...extra }), config: resolved, ...(now ? { now, exceptionsAsOf: now } : {}) });
}

function configError(config: unknown): ConfigError {
  try {
    resolveConfig(config, { source: 'iamlint.config.json', builtinRules });
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('expected a config error');
}

describe('runRules', () => {
  it('applies options per account scope and drops what an account turns off', () => {
    const result = run([
      { rules: { 'old-keys': 'error' } },
      { ous: ['Sandbox'], rules: { 'old-keys': 'off' } },
      { accounts: [MANAGEMENT], rules: { 'old-keys': ['warn', { maxAgeDays: 365 }] } },
    ]);
    // The tag on ci-deploy does not suppress: the config does not set ignoreTags (issue 12).
    expect(result.findings.map((finding) => [finding.resource.accountId, finding.ignoredTag])).toEqual([
      [PROD, 'iamlint:ignore tag on user ci-deploy ignored: the config does not let tags suppress this finding (ignoreTags)'],
    ]);
    const strict = run([{ rules: { 'old-keys': 'error' } }, { accounts: [MANAGEMENT], rules: { 'old-keys': ['warn', { maxAgeDays: 30 }] } }]);
    expect(strict.findings.map((finding) => [finding.resource.accountId, finding.level, finding.message])).toEqual([
      [MANAGEMENT, 'warn', expect.stringMatching(/^Key AKIA\w+ of ops is older than 30 days\.$/)],
      [SANDBOX, 'error', expect.stringMatching(/of tester is older than 90 days/)],
      [PROD, 'error', expect.stringMatching(/of ci-deploy is older than 90 days/)],
    ]);
    expect(strict.suppressed).toEqual([]);
  });

  it('keeps a later severity-only entry from resetting earlier options', () => {
    const result = run([{ rules: { 'old-keys': ['error', { maxAgeDays: 400 }] } }, { rules: { 'old-keys': 'warn' } }]);
    expect(result.findings).toEqual([]);
  });

  it('reports not-evaluated instead of passing where a required section is missing', () => {
    const result = run([{ rules: { 'old-keys': 'error' } }], {
      gaps: [
        { accountId: SANDBOX, section: 'iam.accessKeys', call: 'iam:ListAccessKeys', error: 'AccessDenied' },
        { accountId: PROD, section: 'iam.credentialReport', call: 'iam:GenerateCredentialReport', error: 'AccessDenied' },
      ],
    });
    // Only the account without the section the rule needs is left out; a gap in another section changes nothing.
    expect(result.findings.map((finding) => finding.resource.accountId)).toEqual([MANAGEMENT, PROD]);
    expect(result.notEvaluated).toEqual([{ ruleId: 'old-keys', accountId: SANDBOX, sections: ['iam.accessKeys'] }]);
  });

  it('uses the override of now, not the clock', () => {
    const result = run([{ rules: { 'old-keys': 'error' } }], {}, new Date('2026-06-15T00:00:00Z'));
    expect(result.findings).toEqual([]);
  });

  it('applies exceptions with reasons and reports expired ones', () => {
    const config: FlatConfig = [
      { rules: { 'old-keys': 'error' }, ignoreTags: true },
      {
        exceptions: [
          { rule: 'old-keys', resource: `arn:aws:iam::${MANAGEMENT}:user/ops`, reason: 'rotated by vendor tooling', expires: '2027-01-31' },
          { rule: 'old-keys', accounts: [SANDBOX], reason: 'sandbox is wiped weekly', expires: '2026-10-01' },
        ],
      },
    ];
    const result = run(config);
    expect(result.suppressed.map((finding) => [finding.resource.accountId, finding.suppression])).toEqual([
      [MANAGEMENT, { kind: 'exception', reason: 'rotated by vendor tooling' }],
      [PROD, { kind: 'tag', reason: 'iamlint:ignore tag on user ci-deploy' }],
    ]);
    expect(result.findings.map((finding) => [finding.resource.accountId, finding.ruleId])).toEqual([
      [SANDBOX, 'old-keys'],
      [PROD, 'ignore-tag-suppressed'],
    ]);
    expect(result.diagnostics).toEqual([
      { level: 'warn', code: 'EXCEPTION_EXPIRED', message: 'exception for rule "old-keys" expired on 2026-10-01 and no longer applies (config object #2)' },
    ]);
  });

  it('runs Snapshot:exit rules once and orders findings by snapshot position', () => {
    const result = run([{ rules: { 'count-users': 'warn', 'old-keys': 'error' } }]);
    expect(result.findings.map((finding) => `${finding.ruleId}:${finding.resource.kind}:${finding.resource.accountId}`)).toEqual([
      `count-users:Account:${MANAGEMENT}`,
      `count-users:Account:${SANDBOX}`,
      `count-users:Account:${PROD}`,
      `old-keys:AccessKey:${MANAGEMENT}`,
      `old-keys:AccessKey:${SANDBOX}`,
      `old-keys:AccessKey:${PROD}`,
    ]);
    expect(getExitCode(result)).toBe(1);
  });

  it('catches a rule that throws, keeps the others running, and exits 2', () => {
    const result = run([{ rules: { crashes: 'error', 'old-keys': 'error' } }], {
      accounts: { ...spec.accounts, [PROD]: { roles: [{ roleName: 'app' }, { roleName: 'worker' }] } },
    });
    expect(result.ruleFailures).toHaveLength(1);
    expect(result.ruleFailures[0]).toMatchObject({ ruleId: 'crashes', message: 'boom', resourceId: `arn:aws:iam::${PROD}:role/app` });
    expect(result.findings).toHaveLength(2);
    expect(getExitCode(result)).toBe(2);
  });

  it('gives the same fingerprint when unrelated content moves the finding', () => {
    const before = run([{ rules: { 'old-keys': 'error' } }]);
    const after = run([{ rules: { 'old-keys': 'error' } }], {
      accounts: { ...spec.accounts, [SANDBOX]: { users: [{ userName: 'aaa-new' }, ...(spec.accounts?.[SANDBOX]?.users ?? [])] } },
    });
    const sandbox = (result: typeof before) => result.findings.find((finding) => finding.resource.accountId === SANDBOX)!;
    expect(sandbox(after).location.pointer).not.toBe(sandbox(before).location.pointer);
    expect(sandbox(after).fingerprint).toBe(sandbox(before).fingerprint);
  });
});

describe('resolveConfig errors', () => {
  it('names an unknown rule and suggests the closest', () => {
    const error = configError([{ rules: { 'old-key': 'error' } }]);
    expect(error.code).toBe('CONFIG_UNKNOWN_RULE');
    expect(error.format()).toBe('iamlint.config.json: unknown rule "old-key" in config object #1 (did you mean "old-keys"?)');
  });

  it('rejects a bad severity', () => {
    expect(configError([{ rules: { 'old-keys': 'fatal' } }]).format()).toBe(
      'iamlint.config.json: rule "old-keys" in config object #1 has severity "fatal" (use "off", "warn" or "error" (or 0, 1, 2))',
    );
  });

  it('rejects options that do not match the rule schema', () => {
    const error = configError([{ name: 'team overrides', rules: { 'old-keys': ['error', { maxAgeDays: 0 }] } }]);
    expect(error.code).toBe('CONFIG_RULE_OPTIONS');
    expect(error.message).toBe('rule "old-keys" in config object #1 "team overrides": option 1 at /maxAgeDays must be >= 1');
    expect(configError([{ rules: { 'old-keys': ['error', { maxAge: 3 }] } }]).message).toBe(
      'rule "old-keys" in config object #1: option 1 at /maxAge unexpected property "maxAge"',
    );
    expect(configError([{ rules: { 'count-users': ['warn', { x: 1 }] } }]).message).toBe('rule "count-users" in config object #1 takes 0 option(s), got 1');
  });

  it('requires a reason on exceptions and a real date on expiry', () => {
    expect(configError([{ exceptions: [{ rule: 'old-keys' }] }]).message).toBe('exception #1 in config object #1 needs a "reason"');
    expect(configError([{ exceptions: [{ rule: 'old-keys', reason: 'x', expires: '31/12/2026' }] }]).message).toBe(
      'exception #1 in config object #1: "expires" must be a date as YYYY-MM-DD, got "31/12/2026"',
    );
  });

  it('rejects unknown keys and malformed plugins', () => {
    expect(configError([{ rulez: {} }]).message).toBe('config object #1 has an unknown key "rulez"');
    expect(configError([{ plugins: { acme: { rules: { 'no-x': { meta: {} } } } } }]).message).toBe(
      'config object #1: plugin rule "acme/no-x" must have "meta" and "create"',
    );
  });

  it('registers plugin rules under their prefix', () => {
    const resolved = resolveConfig([{ plugins: { acme: { rules: { 'old-keys': oldKeys } } }, rules: { 'acme/old-keys': 'error' } }], {
      source: 'x',
      builtinRules: new Map(),
    });
    expect([...resolved.rules.keys()]).toEqual(['acme/old-keys']);
  });
});

describe('getExitCode', () => {
  it('maps outcomes to 0, 1 and 2', () => {
    expect(getExitCode({ errorCount: 0, warningCount: 3, ruleFailureCount: 0 })).toBe(0);
    expect(getExitCode({ errorCount: 0, warningCount: 3, ruleFailureCount: 0 }, 2)).toBe(1);
    expect(getExitCode({ errorCount: 0, warningCount: 2, ruleFailureCount: 0 }, 2)).toBe(0);
    expect(getExitCode({ errorCount: 1, warningCount: 0, ruleFailureCount: 0 })).toBe(1);
    expect(getExitCode({ errorCount: 1, warningCount: 0, ruleFailureCount: 1 })).toBe(2);
    expect(getExitCode(new Error('x'))).toBe(2);
  });
});
