import { describe, expect, it } from 'vitest';
import { listOf, statementsOf } from '../src/util/policy-document.js';

describe('statementsOf', () => {
  it('reads Statement as one object or a list, skipping what is not a statement', () => {
    const single = { Effect: 'Allow', Action: 'sts:AssumeRoleWithSAML' };
    expect(statementsOf({ Version: '2012-10-17', Statement: single })).toEqual([single]);
    expect(statementsOf({ Version: '2012-10-17', Statement: [single, null, 'x', [single]] })).toEqual([single]);
  });

  it('returns nothing for documents without statements', () => {
    expect(statementsOf(undefined)).toEqual([]);
    expect(statementsOf(null)).toEqual([]);
    expect(statementsOf('{"Statement":[]}')).toEqual([]);
    expect(statementsOf({ Version: '2012-10-17' })).toEqual([]);
  });
});

describe('listOf', () => {
  it('wraps a single value, keeps a list, and treats an absent element as empty', () => {
    expect(listOf('*')).toEqual(['*']);
    expect(listOf(['s3:GetObject', 's3:PutObject'])).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(listOf(undefined)).toEqual([]);
  });
});
