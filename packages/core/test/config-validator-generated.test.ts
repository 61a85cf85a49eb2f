import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../src/json/ajv.js';
import { configProblem, FlatConfigSchema, isDay } from '../src/engine/config-schema.js';
// @ts-expect-error: a plain script, without types
import { configValidatorSource } from '../../../scripts/generate-validators.mjs';

const describeObject = (_object: unknown, index: number) => `config object #${index + 1}`;

/** Configs as users write them, and broken the ways they break. */
const CONFIGS: unknown[] = [
  [{ rules: { 'access-key-max-age': 'warn', 'user-direct-admin': ['error'] } }],
  [{ name: 'prod', accounts: ['111122223333'], ignoreTags: { rules: ['unused-role'], below: 'medium' } }],
  [{ exceptions: [{ rule: 'unused-role', resource: 'arn:aws:iam::111122223333:role/Deploy', reason: 'break-glass', expires: '2027-01-31' }] }],
  [{ plugins: { acme: { rules: {} } } }],
  [{ rules: { 'access-key-max-age': 'loud' } }],
  [{ rules: { 'access-key-max-age': [] } }],
  [{ accounts: '111122223333' }],
  [{ exceptions: [{ rule: '', reason: 'empty rule' }] }],
  [{ exceptions: [{ rule: 'unused-role', reason: '   ' }] }],
  [{ exceptions: [{ rule: 'unused-role', reason: 'r', expires: '2027-13-01' }] }],
  [{ exceptions: [{ rule: 'unused-role', reason: 'r', until: '2027-01-01' }] }],
  [{ plugins: { Acme: { rules: {} } } }],
  [{ plugins: { acme: 'iamlint-plugin-acme' } }],
  [{ ignoreTags: { below: 'severe' } }],
  [{ rule: { 'unused-role': 'off' } }],
  ['iamlint:recommended'],
  [null],
];

describe('the precompiled flat config validator', () => {
  it('is what FlatConfigSchema compiles to now (run `pnpm gen:validators` after changing the schema)', async () => {
    const committed = readFileSync(new URL('../src/engine/config-validator.generated.ts', import.meta.url), 'utf8');
    expect((await (configValidatorSource as () => Promise<string>)()) === committed, 'config-validator.generated.ts is stale').toBe(true);
  });

  it('finds the same first problem as the schema compiled at run time, and none in a valid config', () => {
    const ajv = createAjv();
    ajv.addFormat('iamlint-day', { type: 'string', validate: isDay });
    const compiled = ajv.compile(FlatConfigSchema);
    const verdicts = CONFIGS.map((config) => {
      const problem = configProblem(config as unknown[], describeObject);
      expect(problem === undefined, JSON.stringify(config)).toBe(compiled(config));
      return problem?.pointer;
    });
    expect(verdicts.slice(0, 4)).toEqual([undefined, undefined, undefined, undefined]);
    expect(verdicts.slice(4)).toEqual([
      '/0/rules/access-key-max-age',
      '/0/rules/access-key-max-age',
      '/0/accounts',
      '/0/exceptions/0/rule',
      '/0/exceptions/0/reason',
      '/0/exceptions/0/expires',
      '/0/exceptions/0/until',
      '/0/plugins',
      '/0/plugins/acme',
      '/0/ignoreTags/below',
      '/0/rule',
      '/0',
      '/0',
    ]);
  });
});
