import { describe, expect, it } from 'vitest';
import {
  buildComplianceReport,
  defineRule,
  formatResult,
  loadSnapshot,
  resolveConfig,
  runRules,
  type AnyRule,
  type ComplianceFramework,
} from '@iamlint/core';
import { buildSnapshotFiles } from '@iamlint/core/testing';

const MANAGEMENT = '111111111111';
const SANDBOX = '333333333333';

const rootMfa = defineRule({
  meta: {
    type: 'problem',
    docs: { description: 'Root has MFA, hardware when asked.', recommended: true },
    severity: 'critical',
    compliance: [
      { framework: 'cis-aws', version: '5.0', control: '1.4', messageIds: ['noMfa'] },
      { framework: 'cis-aws', version: '5.0', control: '1.5', messageIds: ['noMfa', 'virtualMfa'] },
    ],
    requires: ['iam.credentialReport'],
    messages: { noMfa: 'Root of {{accountId}} has no MFA.', virtualMfa: 'Root of {{accountId}} has virtual MFA only.' },
  },
  create(context) {
    return {
      RootUser(root) {
        if (!root.mfaActive) context.report({ node: root, messageId: 'noMfa', data: { accountId: root.accountId } });
        else if (root.mfaType === 'virtual') context.report({ node: root, messageId: 'virtualMfa', data: { accountId: root.accountId } });
      },
    };
  },
});

const passwordLength = defineRule({
  meta: {
    type: 'problem',
    docs: { description: 'Passwords are long.', recommended: true },
    severity: 'medium',
    compliance: [{ framework: 'cis-aws', version: '5.0', control: '1.7' }],
    requires: ['iam.passwordPolicy'],
    messages: { short: 'Account {{accountId}} allows short passwords.' },
  },
  create(context) {
    return {
      PasswordPolicy(node) {
        if (node.policy && node.policy.minimumPasswordLength < 14) context.report({ node, messageId: 'short', data: { accountId: node.accountId } });
      },
    };
  },
});

const keyRotation = defineRule({
  meta: {
    type: 'problem',
    docs: { description: 'Keys rotate.', recommended: false },
    severity: 'high',
    compliance: [{ framework: 'cis-aws', version: '5.0', control: '1.13' }],
    requires: ['iam.accessKeys'],
    messages: { old: 'old key' },
  },
  create: () => ({}),
});

const FRAMEWORK: ComplianceFramework = {
  framework: 'cis-aws',
  version: '5.0',
  title: 'CIS AWS Foundations Benchmark',
  controls: [
    { id: '1.2', title: 'Ensure security contact information is registered', automated: false },
    { id: '1.4', title: "Ensure MFA is enabled for the 'root' user account", automated: true },
    { id: '1.5', title: "Ensure hardware MFA is enabled for the 'root' user account", automated: true },
    { id: '1.7', title: 'Ensure IAM password policy requires minimum length of 14 or greater', automated: true },
    { id: '1.13', title: 'Ensure access keys are rotated every 90 days or less', automated: true },
  ],
};

const RULES = new Map<string, AnyRule>([
  ['root-mfa', rootMfa],
  ['password-length', passwordLength],
  ['key-rotation', keyRotation],
]);

function run(rootMfaType: 'virtual' | 'hardware', gapInSandbox: boolean) {
  const model = loadSnapshot(
    buildSnapshotFiles({
      gaps: gapInSandbox ? [{ section: 'iam.passwordPolicy', accountId: SANDBOX, call: 'iam:GetAccountPasswordPolicy', error: 'AccessDenied' }] : [],
      accounts: {
        [MANAGEMENT]: { root: { mfaActive: true, mfaType: rootMfaType } },
        [SANDBOX]: { root: { mfaActive: true, mfaType: 'hardware' } },
      },
    }),
    'snapshots/acme',
  );
  const config = resolveConfig([{ rules: { 'root-mfa': 'error', 'password-length': 'error' } }], { source: 'test', builtinRules: RULES });
  return { model, config, result: runRules({ model, config }) };
}

describe('compliance report', () => {
  it('fails a control only for the messages mapped to it, and says what no rule checks or a config leaves off', () => {
    const { result, config } = run('virtual', false);
    const [report] = buildComplianceReport(result, config.rules, [FRAMEWORK]);
    const byId = Object.fromEntries(report!.controls.map((control) => [control.id, control]));
    expect(byId['1.4']).toMatchObject({ status: 'pass', rules: ['root-mfa'], findings: 0 });
    expect(byId['1.5']).toMatchObject({ status: 'fail', findings: 1 });
    expect(byId['1.7']).toMatchObject({ status: 'pass' });
    expect(byId['1.13']).toMatchObject({ status: 'rule-off', rules: [], rulesOff: ['key-rotation'] });
    expect(byId['1.2']).toMatchObject({ status: 'manual', rules: [] });
    expect(report!.counts).toEqual({ fail: 1, 'not-evaluated': 0, pass: 2, 'rule-off': 1, manual: 1 });
  });

  it('reports a control as not evaluated, naming the accounts, when a mapped rule lacked data and found nothing', () => {
    const { result, config } = run('hardware', true);
    const [report] = buildComplianceReport(result, config.rules, [FRAMEWORK]);
    const control = report!.controls.find((entry) => entry.id === '1.7');
    expect(control).toMatchObject({ status: 'not-evaluated', notEvaluatedIn: [SANDBOX] });
    expect(report!.controls.find((entry) => entry.id === '1.5')?.status).toBe('pass');
  });

  it('prints one line per control with its status, and a summary', () => {
    const { result, config, model } = run('virtual', true);
    const text = formatResult('compliance', { result, model, rules: config.rules, snapshotPath: 'snapshots/acme', toolVersion: '0.1.0', frameworks: [FRAMEWORK] });
    expect(text).toContain('CIS AWS Foundations Benchmark 5.0');
    expect(text).toMatch(/1\.5 +FAIL +Ensure hardware MFA/);
    expect(text).toContain('1 finding from root-mfa');
    expect(text).toMatch(/1\.7 +NOT EVALUATED/);
    expect(text).toContain(`no data in ${SANDBOX} (password-length)`);
    expect(text).toContain('enable key-rotation');
    expect(text).toContain('no rule checks this: assess it by hand');
    expect(text).toContain('1 passed, 1 failed, 1 not evaluated, 1 with rules off, 1 manual');
  });
});
