import { describe, expect, it } from 'vitest';
import { defineRule } from '../src/index.js';
import { RuleTester, RuleTesterError, type ValidCase } from '../src/testing/index.js';

const rule = defineRule({
  meta: {
    type: 'problem',
    docs: { description: 'Roles must carry an owner tag.', recommended: false },
    severity: 'low',
    requires: ['iam.authorizationDetails'],
    messages: { missing: 'Role {{role}} has no owner tag.' },
  },
  create(context) {
    return {
      Role(role) {
        if (!role.tags['owner']) context.report({ node: role, messageId: 'missing', data: { role: role.roleName } });
      },
    };
  },
});

describe('RuleTester with cases written wrong', () => {
  it('names a case without a snapshot, instead of failing inside the snapshot builder', () => {
    const withoutSnapshot = { name: 'a role', accounts: { '123456789012': { roles: [{ roleName: 'deploy' }] } } } as unknown as ValidCase;
    expect(() => RuleTester.lint('role-owner', rule, withoutSnapshot)).toThrow(RuleTesterError);
    expect(() => RuleTester.lint('role-owner', rule, withoutSnapshot)).toThrow(/role-owner: a case needs a snapshot, e\.g\. \{ snapshot: \{ accounts:/);
  });

  it('names a run without its lists of cases', () => {
    const cases = { valid: [{ snapshot: {} }] } as unknown as Parameters<RuleTester['run']>[2];
    expect(() => new RuleTester().run('role-owner', rule, cases)).toThrow(/needs both lists of cases/);
  });

  it('runs a case written right', () => {
    const result = RuleTester.lint('role-owner', rule, { snapshot: { accounts: { '123456789012': { roles: [{ roleName: 'deploy' }] } } } });
    expect(result.findings.map((finding) => finding.message)).toEqual(['Role deploy has no owner tag.']);
  });
});
