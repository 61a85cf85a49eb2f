import { describe, expect, it } from 'vitest';
import { fingerprint, sha256HexPortable } from '../src/engine/fingerprint.js';

describe('fingerprint', () => {
  const cases: Array<[string, string, string]> = [
    ['policy-unknown-action', 'arn:aws:iam::111111111111:policy/deploy', 'sid:Deploy:Action:s3:GetObjects'],
    ['policy-unknown-condition-key', 'arn:aws:iam::222222222222:role/app', '#0:StringEquals:aws:ResourceTag/équipe'],
    ['privilege-escalation', 'arn:aws:iam::333333333333:user/ci', ''],
    ['ignore-tag-suppressed', 'arn:aws:iam::333333333333:user/ci', 'lone \uD800 surrogate and 😀'],
  ];

  it.each(cases)('%s on %s is the first half of the SHA-256 of rule, resource and discriminator', (ruleId, resourceId, discriminator) => {
    const expected = sha256HexPortable(`${ruleId}\u0000${resourceId}\u0000${discriminator}`).slice(0, 32);
    expect(fingerprint(ruleId, resourceId, discriminator)).toBe(expected);
  });

  it('stays the same across releases and tells findings apart', () => {
    expect(fingerprint('r', 'a', 'd')).toBe('e4998ca16243e3775227aec2b31c9681');
    expect(fingerprint('policy-unknown-action', 'arn:aws:iam::111111111111:policy/deploy', 'sid:A')).not.toBe(
      fingerprint('policy-unknown-action', 'arn:aws:iam::111111111111:policy/deploy', 'sid:B'),
    );
  });
});
