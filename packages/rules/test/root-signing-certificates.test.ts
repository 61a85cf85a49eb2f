import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/credentials/root-signing-certificates.js';

const MANAGEMENT = '123456789012';
const MEMBER = '210987654321';
const credentialReportDenied = { section: 'iam.credentialReport' as const, accountId: MEMBER, call: 'iam:GenerateCredentialReport', error: 'AccessDenied' };

new RuleTester().run('root-signing-certificates', rule, {
  valid: [
    {
      name: 'no signing certificates on root',
      snapshot: { accounts: { [MANAGEMENT]: { root: { signingCertificatesActive: 0 } }, [MEMBER]: { root: null } } },
    },
    {
      name: 'centrally managed root access: nothing to report',
      snapshot: { accounts: { [MEMBER]: { root: { passwordEnabled: null, mfaActive: false, mfaType: null, signingCertificatesActive: 0 } } } },
    },
    {
      name: 'an account whose credential report could not be read is not evaluated',
      snapshot: { gaps: [credentialReportDenied], accounts: { [MANAGEMENT]: {}, [MEMBER]: { root: { signingCertificatesActive: 1 } } } },
      notEvaluated: [{ accountId: MEMBER, sections: ['iam.credentialReport'] }],
    },
  ],
  invalid: [
    {
      name: 'two active signing certificates on the management account root',
      snapshot: { accounts: { [MANAGEMENT]: { root: { signingCertificatesActive: 2 } } } },
      errors: [
        {
          messageId: 'activeCertificates',
          data: { accountId: MANAGEMENT, count: 2 },
          resource: `arn:aws:iam::${MANAGEMENT}:root`,
          kind: 'RootUser',
          pointer: '/root/signingCertificatesActive',
        },
      ],
    },
    {
      name: 'only the account with a certificate is reported',
      snapshot: { accounts: { [MANAGEMENT]: { root: { signingCertificatesActive: 0 } }, [MEMBER]: { root: { signingCertificatesActive: 1 } } } },
      errors: [{ messageId: 'activeCertificates', data: { accountId: MEMBER, count: 1 }, accountId: MEMBER }],
    },
  ],
});
