import { beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotSpec } from '@iamlint/core/testing';
import { runCli, tempDir, writeFiles, writeSnapshot } from './helpers.js';

const spec: SnapshotSpec = { accounts: { '123456789012': { users: [{ userName: 'dana' }] } } };

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
  await writeSnapshot(dir, 'snap', spec);
});

async function auditWith(name: string, text: string) {
  await writeFiles(dir, { [name]: text });
  return runCli(['audit', 'snap', '--config', name], { cwd: dir });
}

describe('config errors found by the config schema', () => {
  it('place a JSON config error on its line and column, in one line', async () => {
    const text = JSON.stringify(['iamlint:recommended', { name: 'team', rules: { 'root-mfa': 'off' }, rulez: {} }], null, 2);
    const run = await auditWith('keys.json', text);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'iamlint: keys.json:8:5: config object #2 "team" has an unknown key "rulez" (allowed keys: name, accounts, ous, plugins, rules, exceptions, ignoreTags)\n',
    );
  });

  it('place a YAML config error on its line and column', async () => {
    const run = await auditWith('severity.yaml', '- iamlint:recommended\n- rules:\n    root-mfa: fatal\n');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('iamlint: severity.yaml:3:5: rule "root-mfa" in config object #2 has severity "fatal" (use "off", "warn" or "error" (or 0, 1, 2))\n');
  });

  it('point at the exception that lacks a reason, and at a bad date', async () => {
    const yaml = ['rules:', '  root-mfa: error', 'exceptions:', '  - rule: root-mfa', '    resource: "arn:aws:iam::123456789012:root"', ''].join('\n');
    expect((await auditWith('reason.yaml', yaml)).stderr).toBe(
      'iamlint: reason.yaml:4:5: exception #1 in config object #1 needs a "reason" (say why the finding is accepted, for the next reader)\n',
    );
    const json = JSON.stringify([{ exceptions: [{ rule: 'root-mfa', reason: 'alarmed', expires: '31/12/2026' }] }], null, 2);
    expect((await auditWith('expires.json', json)).stderr).toBe(
      'iamlint: expires.json:7:9: exception #1 in config object #1: "expires" must be a date as YYYY-MM-DD, got "31/12/2026"\n',
    );
  });

  it('name only the file of a JavaScript config, which has no positions', async () => {
    const run = await auditWith('iamlint.config.mjs', "export default [{ ous: 'ou-sandbox' }];\n");
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('iamlint: iamlint.config.mjs: config object #1: "ous" must be an array of strings\n');
  });
});

describe('option checks a schema cannot express', () => {
  it('reject an unknown action name as a config error naming the file and the rule, not as a rule crash', async () => {
    const run = await auditWith('actions.json', JSON.stringify([{ rules: { 'policy-data-exfiltration': ['error', { actions: ['s3:GetObjekt'] }] } }]));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'iamlint: actions.json: config object #1: policy-data-exfiltration: option actions: "s3:GetObjekt" is not an IAM action (check the spelling against the Service Authorization Reference)\n',
    );
  });
});
