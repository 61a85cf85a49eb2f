import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/trust/trust-oidc-audience.js';
import { githubOidcTrust, PROD, V } from './fixtures/policies.js';

const EKS_URL = 'oidc.eks.eu-west-1.amazonaws.com/id/5C2A1E8D7B3F4A6C9E0D2B1F8A7C6E5D';
const EKS = `arn:aws:iam::${PROD}:oidc-provider/${EKS_URL}`;
const AUTH0_URL = 'acme.eu.auth0.com';
const AUTH0 = `arn:aws:iam::${PROD}:oidc-provider/${AUTH0_URL}`;
const IDENTITY_POOL = 'eu-west-1:4f1c2e8a-5b7d-4c3e-9a60-2d8b1f7e3c5a';

const webIdentity = (Federated: string, Condition?: object) => ({
  Version: V,
  Statement: [{ Effect: 'Allow', Principal: { Federated }, Action: 'sts:AssumeRoleWithWebIdentity', ...(Condition ? { Condition } : {}) }],
});
const snapshot = (...roles: Array<[string, object]>) => ({
  accounts: {
    [PROD]: {
      roles: roles.map(([roleName, trustPolicy]) => ({ roleName, trustPolicy })),
      oidcProviders: [{ url: EKS_URL }, { url: AUTH0_URL, clientIds: ['Xq3vN8bYp2LmK7wR4tZs9aHc', 'Fj6dU1oE5iGy0nB3rQ8xWk2M'] }],
    },
  },
});

new RuleTester().run('trust-oidc-audience', rule, {
  valid: [
    {
      name: 'GitHub, EKS IRSA, a Cognito identity pool and Google with their audience keys',
      snapshot: snapshot(
        ['github-deploy', githubOidcTrust],
        ['irsa', webIdentity(EKS, { StringEquals: { [`${EKS_URL}:aud`]: 'sts.amazonaws.com', [`${EKS_URL}:sub`]: 'system:serviceaccount:orders:orders-api' } })],
        [
          'Cognito_OrdersAuth_Role',
          webIdentity('cognito-identity.amazonaws.com', {
            StringEquals: { 'cognito-identity.amazonaws.com:aud': IDENTITY_POOL },
            'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
          }),
        ],
        ['gcp-workload', webIdentity('accounts.google.com', { StringEquals: { 'accounts.google.com:aud': '113728406572931580142' } })],
        ['web-app', webIdentity(AUTH0, { StringLike: { [`${AUTH0_URL}:aud`]: 'Xq3vN8bYp2LmK7wR4tZs9aHc' } })],
      ),
    },
    {
      name: 'a SAML trust is not web identity',
      snapshot: snapshot([
        'saml',
        { Version: V, Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${PROD}:saml-provider/Okta` }, Action: 'sts:AssumeRoleWithSAML' }] },
      ]),
    },
  ],
  invalid: [
    {
      name: 'an identity pool role without aud: any identity pool of any account',
      snapshot: snapshot(['Cognito_Unauth_Role', webIdentity('cognito-identity.amazonaws.com', { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' } })]),
      errors: [
        {
          messageId: 'publicProvider',
          data: { role: 'Cognito_Unauth_Role', provider: 'cognito-identity.amazonaws.com', audienceKey: 'cognito-identity.amazonaws.com:aud', statement: '0' },
          pointer: '/roles/0/trustPolicy/Statement/0/Principal',
        },
      ],
    },
    {
      name: 'Facebook needs app_id; a wildcard audience or ForAllValues restricts nothing',
      snapshot: snapshot(
        ['facebook', webIdentity('graph.facebook.com', { StringEquals: { 'graph.facebook.com:id': '10158762390412345' } })],
        ['any-audience', webIdentity(AUTH0, { StringLike: { [`${AUTH0_URL}:aud`]: '*' } })],
        ['for-all', webIdentity(AUTH0, { 'ForAllValues:StringEquals': { [`${AUTH0_URL}:aud`]: 'Xq3vN8bYp2LmK7wR4tZs9aHc' } })],
      ),
      errors: [
        { messageId: 'publicProvider', data: { role: 'facebook', audienceKey: 'graph.facebook.com:app_id' } },
        { messageId: 'iamProvider', data: { role: 'any-audience', provider: AUTH0_URL, clientIds: 'Xq3vN8bYp2LmK7wR4tZs9aHc, Fj6dU1oE5iGy0nB3rQ8xWk2M' } },
        { messageId: 'iamProvider', data: { role: 'for-all' } },
      ],
    },
    {
      name: 'EKS IRSA pinned by sub only, and a provider missing from the snapshot',
      snapshot: snapshot(
        ['irsa', webIdentity(EKS, { StringEquals: { [`${EKS_URL}:sub`]: 'system:serviceaccount:orders:orders-api' } })],
        ['gone', webIdentity(`arn:aws:iam::${PROD}:oidc-provider/gitlab.com`)],
      ),
      errors: [
        { messageId: 'iamProvider', data: { role: 'irsa', audienceKey: `${EKS_URL}:aud`, clientIds: 'sts.amazonaws.com' } },
        { messageId: 'iamProvider', data: { role: 'gone', provider: 'gitlab.com', clientIds: 'not in the snapshot' } },
      ],
    },
  ],
});
