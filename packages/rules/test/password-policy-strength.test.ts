import { describe, expect, it } from 'vitest';
import { resolveConfig } from '@iamlint/core';
import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/credentials/password-policy-strength.js';

const MANAGEMENT = '111122223333';
const PRODUCTION = '444455556666';
const SANDBOX = '777788889999';

const AWS_CONSOLE_DEFAULT_LIKE = {
  minimumPasswordLength: 8,
  requireSymbols: false,
  requireNumbers: false,
  requireUppercaseCharacters: false,
  requireLowercaseCharacters: false,
  allowUsersToChangePassword: true,
  expirePasswords: false,
  maxPasswordAge: null,
  passwordReusePrevention: null,
  hardExpiry: false,
};

const CIS_MINIMUM = {
  minimumPasswordLength: 14,
  requireSymbols: false,
  requireNumbers: false,
  requireUppercaseCharacters: false,
  requireLowercaseCharacters: false,
  expirePasswords: false,
  maxPasswordAge: null,
  passwordReusePrevention: 24,
};

const policyOf = (accountId: string) => `${accountId}/password-policy`;

new RuleTester().run('password-policy-strength', rule, {
  valid: [
    { name: 'a strong policy in every account', snapshot: { accounts: { [MANAGEMENT]: {}, [PRODUCTION]: {}, [SANDBOX]: {} } } },
    {
      name: 'exactly 14 characters and 24 remembered passwords, no character classes (CIS asks for no more)',
      snapshot: { accounts: { [PRODUCTION]: { passwordPolicy: CIS_MINIMUM } } },
    },
    {
      name: 'looser thresholds chosen by the team',
      snapshot: { accounts: { [PRODUCTION]: { passwordPolicy: { ...CIS_MINIMUM, minimumPasswordLength: 12, passwordReusePrevention: 5 } } } },
      options: [{ minimumLength: 12, reusePrevention: 5 }],
    },
    {
      name: 'reuse prevention check turned off accepts a policy without it',
      snapshot: { accounts: { [PRODUCTION]: { passwordPolicy: { ...CIS_MINIMUM, passwordReusePrevention: null } } } },
      options: [{ reusePrevention: 0 }],
    },
    {
      name: 'passwords expire after exactly maxAgeDays',
      snapshot: { accounts: { [PRODUCTION]: { passwordPolicy: { ...CIS_MINIMUM, expirePasswords: true, maxPasswordAge: 90 } } } },
      options: [{ maxAgeDays: 90 }],
    },
    {
      name: 'every character class required and present',
      snapshot: { accounts: { [PRODUCTION]: {} } },
      options: [{ requireSymbols: true, requireNumbers: true, requireUppercase: true, requireLowercase: true }],
    },
    {
      name: 'the password policy of one account could not be read: not evaluated there, no finding',
      snapshot: {
        gaps: [{ section: 'iam.passwordPolicy', accountId: SANDBOX, call: 'iam:GetAccountPasswordPolicy', error: 'AccessDenied' }],
        accounts: { [PRODUCTION]: {}, [SANDBOX]: { passwordPolicy: null } },
      },
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.passwordPolicy'] }],
    },
  ],
  invalid: [
    {
      name: 'no password policy at all',
      snapshot: { accounts: { [SANDBOX]: { passwordPolicy: null } } },
      errors: [
        {
          messageId: 'noPolicy',
          data: { accountId: SANDBOX, minimumLength: 14, reusePrevention: 24 },
          resource: policyOf(SANDBOX),
          kind: 'PasswordPolicy',
          pointer: '/passwordPolicy',
        },
      ],
    },
    {
      name: 'one character short of the minimum',
      snapshot: { accounts: { [PRODUCTION]: { passwordPolicy: { ...CIS_MINIMUM, minimumPasswordLength: 13 } } } },
      errors: [
        {
          messageId: 'tooShort',
          data: { accountId: PRODUCTION, actual: 13, expected: 14 },
          resource: policyOf(PRODUCTION),
          pointer: '/passwordPolicy/minimumPasswordLength',
        },
      ],
    },
    {
      name: 'remembers 23 passwords, one short',
      snapshot: { accounts: { [PRODUCTION]: { passwordPolicy: { ...CIS_MINIMUM, passwordReusePrevention: 23 } } } },
      errors: [
        {
          messageId: 'reuseAllowed',
          data: { accountId: PRODUCTION, actual: 23, expected: 24 },
          pointer: '/passwordPolicy/passwordReusePrevention',
        },
      ],
    },
    {
      name: 'a weak policy reports each weakness on its own line, character classes and expiry only when asked',
      snapshot: { accounts: { [SANDBOX]: { passwordPolicy: AWS_CONSOLE_DEFAULT_LIKE } } },
      options: [{ requireSymbols: true, requireNumbers: true, requireUppercase: true, requireLowercase: true, maxAgeDays: 90 }],
      errors: [
        { messageId: 'noExpiry', data: { accountId: SANDBOX, expected: 90 }, pointer: '/passwordPolicy/maxPasswordAge' },
        { messageId: 'tooShort', data: { actual: 8, expected: 14 }, pointer: '/passwordPolicy/minimumPasswordLength' },
        { messageId: 'reuseAllowed', data: { actual: 0, expected: 24 }, pointer: '/passwordPolicy/passwordReusePrevention' },
        { messageId: 'noLowercase', pointer: '/passwordPolicy/requireLowercaseCharacters' },
        { messageId: 'noNumbers', pointer: '/passwordPolicy/requireNumbers' },
        { messageId: 'noSymbols', pointer: '/passwordPolicy/requireSymbols' },
        { messageId: 'noUppercase', pointer: '/passwordPolicy/requireUppercaseCharacters' },
      ],
    },
    {
      name: 'the same weak policy with default options: only length and reuse (the CIS checks)',
      snapshot: { accounts: { [SANDBOX]: { passwordPolicy: AWS_CONSOLE_DEFAULT_LIKE } } },
      errors: [
        { messageId: 'tooShort', data: { actual: 8, expected: 14 } },
        { messageId: 'reuseAllowed', data: { actual: 0, expected: 24 } },
      ],
    },
    {
      name: 'passwords expire, but later than allowed',
      snapshot: { accounts: { [PRODUCTION]: { passwordPolicy: { ...CIS_MINIMUM, expirePasswords: true, maxPasswordAge: 180 } } } },
      options: [{ maxAgeDays: 90 }],
      errors: [{ messageId: 'expiryTooLong', data: { accountId: PRODUCTION, actual: 180, expected: 90 }, pointer: '/passwordPolicy/maxPasswordAge' }],
    },
    {
      name: 'a stricter minimum length makes a CIS-compliant policy fail',
      snapshot: { accounts: { [PRODUCTION]: { passwordPolicy: CIS_MINIMUM } } },
      options: [{ minimumLength: 16 }],
      errors: [{ messageId: 'tooShort', data: { actual: 14, expected: 16 } }],
    },
    {
      name: 'only the weak account of three is reported',
      snapshot: {
        accounts: {
          [MANAGEMENT]: {},
          [PRODUCTION]: { passwordPolicy: { ...CIS_MINIMUM, minimumPasswordLength: 10 } },
          [SANDBOX]: {},
        },
      },
      errors: [{ messageId: 'tooShort', accountId: PRODUCTION, resource: policyOf(PRODUCTION), data: { actual: 10 } }],
    },
  ],
});

describe('password-policy-strength', () => {
  it('gives each weakness of one policy its own fingerprint', () => {
    const result = RuleTester.lint('password-policy-strength', rule, {
      snapshot: { accounts: { [SANDBOX]: { passwordPolicy: AWS_CONSOLE_DEFAULT_LIKE } } },
    });
    const fingerprints = result.findings.map((finding) => finding.fingerprint);
    expect(fingerprints).toHaveLength(2);
    expect(new Set(fingerprints).size).toBe(2);
  });

  it('renders the advice with the configured thresholds', () => {
    const result = RuleTester.lint('password-policy-strength', rule, {
      snapshot: { accounts: { [SANDBOX]: { passwordPolicy: null } } },
      options: [{ minimumLength: 16, reusePrevention: 12 }],
    });
    expect(result.findings[0]?.message).toContain('at least 16 characters and remembers 12 passwords');
  });

  it('rejects options outside what IAM accepts', () => {
    const resolve = (options: unknown) =>
      resolveConfig([{ rules: { 'password-policy-strength': ['error', options] } }], {
        source: 'test',
        builtinRules: new Map([['password-policy-strength', rule]]),
      });
    expect(() => resolve({ minimumLength: 4 })).toThrow(/minimumLength/);
    expect(() => resolve({ reusePrevention: 25 })).toThrow(/reusePrevention/);
    expect(() => resolve({ requireSymbol: true })).toThrow(/requireSymbol/);
    expect(() => resolve({ maxAgeDays: null })).not.toThrow();
  });
});
