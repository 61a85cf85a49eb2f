import { ConfigError } from '@iamlint/core';
import { RuleTester } from '@iamlint/core/testing';
import { describe, expect, it } from 'vitest';
import rule from '../src/credentials/root-mfa.js';

const MANAGEMENT = '123456789012';
const MEMBER = '210987654321';
const MANAGEMENT_ROOT = `arn:aws:iam::${MANAGEMENT}:root`;
const MEMBER_ROOT = `arn:aws:iam::${MEMBER}:root`;
const credentialReportDenied = { section: 'iam.credentialReport' as const, accountId: MEMBER, call: 'iam:GenerateCredentialReport', error: 'AccessDenied' };
const noMfa = { passwordEnabled: true, passwordLastUsed: '2025-02-03', mfaActive: false, mfaType: null };

new RuleTester().run('root-mfa', rule, {
  valid: [
    {
      name: 'root user with a hardware MFA device',
      snapshot: { accounts: { [MANAGEMENT]: { root: { mfaActive: true, mfaType: 'hardware' } } } },
    },
    {
      name: 'centrally managed root access: no root credentials to protect',
      snapshot: { accounts: { [MEMBER]: { root: { passwordEnabled: null, passwordLastUsed: null, mfaActive: false, mfaType: null } } } },
    },
    {
      name: 'a virtual MFA device is enough by default',
      snapshot: { accounts: { [MANAGEMENT]: { root: { mfaActive: true, mfaType: 'virtual' } } } },
    },
    {
      name: 'requireHardware accepts hardware tokens and passkeys',
      options: [{ requireHardware: true }],
      snapshot: {
        accounts: {
          [MANAGEMENT]: { root: { mfaActive: true, mfaType: 'hardware' } },
          [MEMBER]: { root: { mfaActive: true, mfaType: 'passkey' } },
        },
      },
    },
    {
      name: 'requireHardware does not guess when the MFA type was not collected',
      options: [{ requireHardware: true }],
      snapshot: { accounts: { [MANAGEMENT]: { root: { mfaActive: true, mfaType: null } } } },
    },
    {
      name: 'an account whose credential report could not be read is not evaluated',
      snapshot: {
        gaps: [credentialReportDenied],
        accounts: { [MANAGEMENT]: {}, [MEMBER]: { root: noMfa } },
      },
      notEvaluated: [{ accountId: MEMBER, sections: ['iam.credentialReport'] }],
    },
  ],
  invalid: [
    {
      name: 'root user with a password and no MFA',
      snapshot: { accounts: { [MANAGEMENT]: { root: noMfa } } },
      errors: [{ messageId: 'noMfa', data: { accountId: MANAGEMENT }, resource: MANAGEMENT_ROOT, kind: 'RootUser', pointer: '/root/mfaActive' }],
    },
    {
      name: 'a deleted root password does not replace MFA: password recovery by email would set a new one',
      snapshot: { accounts: { [MEMBER]: { root: { passwordEnabled: false, passwordLastUsed: null, mfaActive: false, mfaType: null } } } },
      errors: [{ messageId: 'noMfa', data: { accountId: MEMBER }, resource: MEMBER_ROOT }],
    },
    {
      name: 'requireHardware reports a virtual MFA device',
      options: [{ requireHardware: true }],
      snapshot: { accounts: { [MANAGEMENT]: { root: { mfaActive: true, mfaType: 'virtual' } } } },
      errors: [{ messageId: 'virtualMfa', data: { accountId: MANAGEMENT }, resource: MANAGEMENT_ROOT, pointer: '/root/mfaType' }],
    },
    {
      name: 'requireHardware still reports a missing MFA as missing',
      options: [{ requireHardware: true }],
      snapshot: { accounts: { [MANAGEMENT]: { root: noMfa } } },
      errors: [{ messageId: 'noMfa', data: { accountId: MANAGEMENT }, pointer: '/root/mfaActive' }],
    },
    {
      name: 'only the member account without MFA is reported',
      snapshot: {
        accounts: {
          [MANAGEMENT]: { alias: 'acme-management', root: { mfaActive: true, mfaType: 'hardware' } },
          [MEMBER]: { alias: 'acme-workloads', root: noMfa },
        },
      },
      errors: [{ messageId: 'noMfa', data: { accountId: MEMBER }, resource: MEMBER_ROOT, accountId: MEMBER }],
    },
    {
      name: 'a gap in one account does not hide the other',
      snapshot: {
        gaps: [credentialReportDenied],
        accounts: { [MANAGEMENT]: { root: noMfa }, [MEMBER]: { root: noMfa } },
      },
      errors: [{ messageId: 'noMfa', data: { accountId: MANAGEMENT }, resource: MANAGEMENT_ROOT }],
      notEvaluated: [{ accountId: MEMBER, sections: ['iam.credentialReport'] }],
    },
  ],
});

describe('root-mfa options', () => {
  it('rejects an unknown option', () => {
    expect(() =>
      RuleTester.lint('root-mfa', rule, { snapshot: { accounts: { [MANAGEMENT]: {} } }, options: [{ requireHardwareMfa: true }] }),
    ).toThrow(ConfigError);
  });

  it('rejects a non-boolean requireHardware', () => {
    expect(() =>
      RuleTester.lint('root-mfa', rule, { snapshot: { accounts: { [MANAGEMENT]: {} } }, options: [{ requireHardware: 'yes' }] }),
    ).toThrow(ConfigError);
  });
});
