import { ConfigError, getExitCode, resolveConfig } from '@iamlint/core';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../src/index.js';

const configError = (rules: Record<string, unknown>): ConfigError => {
  try {
    resolveConfig([{ name: 'team', rules }] as never, { source: 'iamlint.config.json', builtinRules });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('action names the schema cannot check', () => {
  it('rejects a name the catalogue does not know as a config error naming the file and the rule, before any rule runs', () => {
    const error = configError({ 'policy-data-exfiltration': ['error', { actions: ['s3:GetObject', 's3:GetObjekt'] }] });
    expect(error.code).toBe('CONFIG_RULE_OPTIONS');
    expect(error.format()).toBe(
      'iamlint.config.json: config object #1 "team": policy-data-exfiltration: option actions: "s3:GetObjekt" is not an IAM action (check the spelling against the Service Authorization Reference)',
    );
    expect(getExitCode(error)).toBe(2);
  });

  it('rejects an action only "*" can name', () => {
    expect(configError({ 'policy-credentials-exposure': ['warn', { actions: ['ecr:GetAuthorizationToken'] }] }).message).toBe(
      'config object #1 "team": policy-credentials-exposure: option actions: ecr:GetAuthorizationToken accepts only "Resource": "*", so no policy can scope it; remove it from the list',
    );
  });

  it('accepts the defaults and real, scopable actions', () => {
    expect(() =>
      resolveConfig([{ rules: { 'policy-data-exfiltration': 'error', 'policy-credentials-exposure': ['error', { actions: ['iam:CreateAccessKey'] }] } }], {
        source: 'iamlint.config.json',
        builtinRules,
      }),
    ).not.toThrow();
  });
});
