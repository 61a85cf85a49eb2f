import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/trust/trust-saml-audience.js';
import { githubOidcTrust, PROD, V } from './fixtures/policies.js';

const OKTA = `arn:aws:iam::${PROD}:saml-provider/Okta`;
const IDENTITY_CENTER = `arn:aws:iam::${PROD}:saml-provider/AWSSSO_2f8d4b1c9e7a6d35_DO_NOT_DELETE`;

const saml = (Federated: string, Condition?: object, Action: string | string[] = ['sts:AssumeRoleWithSAML', 'sts:TagSession']) => ({
  Version: V,
  Statement: [{ Effect: 'Allow', Principal: { Federated }, Action, ...(Condition ? { Condition } : {}) }],
});
const snapshot = (...roles: Array<[string, object, string?]>) => ({
  accounts: { [PROD]: { roles: roles.map(([roleName, trustPolicy, path]) => ({ roleName, trustPolicy, ...(path ? { path } : {}) })) } },
});

new RuleTester().run('trust-saml-audience', rule, {
  valid: [
    {
      name: 'the console sign-in endpoint, a regional endpoint, and the role Identity Center creates',
      snapshot: snapshot(
        ['OktaAdmin', saml(OKTA, { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } })],
        ['OktaReadOnly', saml(OKTA, { StringLike: { 'saml:aud': 'https://*.signin.aws.amazon.com/saml' } })],
        [
          'AWSReservedSSO_AdministratorAccess_3c8f2a9e1b7d4f60',
          saml(IDENTITY_CENTER, { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } }),
          '/aws-reserved/sso.amazonaws.com/eu-west-1/',
        ],
      ),
    },
    {
      name: 'web identity trust is not SAML',
      snapshot: snapshot(['github', githubOidcTrust]),
    },
  ],
  invalid: [
    {
      name: 'no SAML:aud condition',
      snapshot: snapshot(['OktaAdmin', saml(OKTA)]),
      errors: [
        {
          messageId: 'noAudience',
          data: { role: 'OktaAdmin', provider: 'Okta', statement: '0' },
          resource: `arn:aws:iam::${PROD}:role/OktaAdmin`,
          pointer: '/roles/0/trustPolicy/Statement/0/Principal',
        },
      ],
    },
    {
      name: 'conditions that name no endpoint: any URL, a negated test, only the session duration',
      snapshot: snapshot(
        ['any-endpoint', saml(OKTA, { StringLike: { 'SAML:aud': 'https://*' } })],
        ['negated', saml(OKTA, { StringNotEquals: { 'SAML:aud': 'https://attacker.example/saml' } })],
        ['other-key', saml(OKTA, { StringEquals: { 'SAML:sub_type': 'persistent' } }, 'sts:AssumeRoleWithSAML')],
      ),
      errors: [
        { messageId: 'noAudience', data: { role: 'any-endpoint' } },
        { messageId: 'noAudience', data: { role: 'negated' } },
        { messageId: 'noAudience', data: { role: 'other-key' } },
      ],
    },
  ],
});
