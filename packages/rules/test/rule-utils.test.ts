import { readFile, stat } from 'node:fs/promises';
import { defineRule, OptionObject, Type } from '@iamlint/core';
import { RuleTester } from '@iamlint/core/testing';
import * as ruleUtils from '@iamlint/rules/rule-utils';
import { describe, expect, it } from 'vitest';
import { inline, PROD, V } from './fixtures/policies.js';

const packageRoot = new URL('../', import.meta.url);

// A plugin rule, written only against the published entry points.
const noPublicBuckets = defineRule({
  meta: {
    type: 'problem',
    docs: { description: 'No bucket policy writes on every bucket.', recommended: false },
    severity: 'medium',
    messages: { everyBucket: '{{policy}} allows {{action}} on every bucket (statement {{statement}}).' },
    schema: [OptionObject({ action: Type.String({ pattern: '^s3:[A-Za-z]+$', description: 'The action to look for.' }) })],
    defaultOptions: [{ action: 's3:PutBucketPolicy' }],
  },
  create(context) {
    const [{ action }] = context.options;
    return ruleUtils.policyVisitors(
      (source) => {
        for (const entry of source.statements) {
          if (entry.statement.effect !== 'Allow' || !ruleUtils.allowsAction(entry.statement, action.toLowerCase())) continue;
          if (!entry.values('Resource').some((item) => ruleUtils.isEveryResource(item.value))) continue;
          context.report({ node: source.node, messageId: 'everyBucket', data: { policy: source.label, action, statement: entry.label }, pointer: entry.pointerTo('Resource') });
        }
      },
      ['identity'],
    );
  },
});

new RuleTester().run('acme/no-public-buckets', noPublicBuckets, {
  valid: [{ snapshot: { accounts: { [PROD]: { users: [{ userName: 'ci', inlinePolicies: [inline('read', { Version: V, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] })] }] } } } }],
  invalid: [
    {
      snapshot: { accounts: { [PROD]: { users: [{ userName: 'ci', inlinePolicies: [inline('buckets', { Version: V, Statement: [{ Sid: 'Buckets', Effect: 'Allow', Action: 's3:Put*', Resource: '*' }] })] }] } } },
      errors: [{ messageId: 'everyBucket', data: { policy: 'inline policy buckets of user ci', statement: '"Buckets"' } }],
    },
  ],
});

describe('@iamlint/rules/rule-utils', () => {
  it('exports the helpers plugin rules need', () => {
    for (const name of ['policyVisitors', 'policySources', 'identityPolicySource', 'trustStatementsAllowing', 'isRequired', 'findFullAdmin', 'isBreakGlassUser', 'breakGlassOption', 'accountLabel', 'permissionSetAdministrator']) {
      expect(typeof (ruleUtils as Record<string, unknown>)[name], name).toBe('function');
    }
  });

  it('is a package entry point whose source, types and code line up', async () => {
    const manifest = JSON.parse(await readFile(new URL('package.json', packageRoot), 'utf8')) as { exports: Record<string, Record<string, string>> };
    for (const [subpath, entry] of Object.entries(manifest.exports)) {
      const source = entry['@iamlint/source'] as string;
      expect((await stat(new URL(source, packageRoot))).isFile(), subpath).toBe(true);
      expect(entry.types, subpath).toBe(source.replace('./src/', './dist/').replace(/\.ts$/, '.d.ts'));
      expect(entry.default, subpath).toBe(source.replace('./src/', './dist/').replace(/\.ts$/, '.js'));
    }
    expect(manifest.exports['./rule-utils']).toBeDefined();
  });
});
