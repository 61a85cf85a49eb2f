import { describe, expect, it } from 'vitest';
import { daysSince, durationMinutes, wildcardMatch } from '@iamlint/core';

describe('wildcardMatch', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything', true],
    ['break-glass*', 'break-glass-1', true],
    ['break-glass*', 'breakglass', false],
    ['arn:aws:iam::*:user/breakglass-*', 'arn:aws:iam::123456789012:user/breakglass-alice', true],
    ['arn:aws:iam::*:user/breakglass-*', 'arn:aws:iam::123456789012:role/breakglass-alice', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['*a*b*c*', 'xxaxxbxxcxx', true],
    ['*a*b*c*', 'xxaxxcxxbxx', false],
    ['s3:*Object*', 's3:GetObjectAcl', true],
    ['', '', true],
    ['', 'a', false],
  ])('%s ~ %s → %s', (pattern, text, expected) => {
    expect(wildcardMatch(pattern, text)).toBe(expected);
  });

  it('is case-sensitive unless asked', () => {
    expect(wildcardMatch('Break-Glass*', 'break-glass-1')).toBe(false);
    expect(wildcardMatch('Break-Glass*', 'break-glass-1', true)).toBe(true);
  });

  it('does not backtrack exponentially on hostile patterns', () => {
    const text = 'a'.repeat(20_000);
    expect(wildcardMatch(`${'*a'.repeat(30)}b`, text)).toBe(false);
  });
});

describe('time helpers', () => {
  it('counts UTC calendar days', () => {
    const now = new Date('2026-11-20T06:00:00Z');
    expect(daysSince('2026-11-20', now)).toBe(0);
    expect(daysSince('2026-08-22T23:59:00Z', now)).toBe(90);
    expect(daysSince('2026-08-21', now)).toBe(91);
  });

  it('reads session durations', () => {
    expect(durationMinutes('PT8H')).toBe(480);
    expect(durationMinutes('PT1H30M')).toBe(90);
    expect(Number.isNaN(durationMinutes('P1D'))).toBe(true);
  });
});
