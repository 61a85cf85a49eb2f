import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/federation/saml-provider-unused.js';
import { PROD, SANDBOX, V } from './fixtures/policies.js';

const oktaTrust = (account: string) => ({
  Version: V,
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::${account}:saml-provider/Okta` },
      Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
      Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
    },
  ],
});

new RuleTester().run('saml-provider-unused', rule, {
  valid: [
    {
      name: 'a provider a role trusts; Identity Center providers are its business',
      snapshot: {
        accounts: {
          [PROD]: {
            samlProviders: [{ name: 'Okta' }, { name: 'AWSSSO_2f8d4b1c9e7a6d35_DO_NOT_DELETE' }],
            roles: [{ roleName: 'OktaAdmin', trustPolicy: oktaTrust(PROD) }],
          },
        },
      },
    },
    {
      name: 'roles could not be read: not evaluated rather than unused',
      snapshot: {
        gaps: [{ section: 'iam.authorizationDetails', accountId: PROD, call: 'iam:GetAccountAuthorizationDetails', error: 'AccessDenied' }],
        accounts: { [PROD]: { samlProviders: [{ name: 'Okta' }] } },
      },
      notEvaluated: [{ accountId: PROD, sections: ['iam.authorizationDetails'] }],
    },
  ],
  invalid: [
    {
      name: "no role trusts it; a same-named provider's role in another account does not count",
      snapshot: {
        accounts: {
          [PROD]: { samlProviders: [{ name: 'Okta' }], roles: [{ roleName: 'OktaAdmin', trustPolicy: oktaTrust(SANDBOX) }] },
          [SANDBOX]: { samlProviders: [{ name: 'Okta' }], roles: [{ roleName: 'OktaAdmin', trustPolicy: oktaTrust(SANDBOX) }] },
        },
      },
      errors: [{ messageId: 'unused', data: { provider: 'Okta', accountId: PROD }, resource: `arn:aws:iam::${PROD}:saml-provider/Okta`, pointer: '/samlProviders/0' }],
    },
    {
      name: 'a trust that only denies it is no use',
      snapshot: {
        accounts: {
          [PROD]: {
            samlProviders: [{ name: 'Okta' }],
            roles: [{ roleName: 'guard', trustPolicy: { Version: V, Statement: [{ ...oktaTrust(PROD).Statement[0], Effect: 'Deny' }] } }],
          },
        },
      },
      errors: [{ messageId: 'unused' }],
    },
  ],
});
