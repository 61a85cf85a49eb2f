import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/federation/oidc-provider-duplicated.js';

const MANAGEMENT = '111122223333';
const PRODUCTION = '444455556666';
const SANDBOX = '777788889999';

const GITHUB = { url: 'token.actions.githubusercontent.com', clientIds: ['sts.amazonaws.com'] };
const eks = (id: string) => ({ url: `oidc.eks.eu-west-1.amazonaws.com/id/${id}` });
const AUTH0 = { url: 'acme.eu.auth0.com', clientIds: ['Xq3vN8bYp2LmK7wR4tZs9aHc'] };
const providerArn = (accountId: string, url: string) => `arn:aws:iam::${accountId}:oidc-provider/${url}`;

new RuleTester().run('oidc-provider-duplicated', rule, {
  valid: [
    {
      name: 'GitHub Actions, GitLab and one EKS cluster per account exist per account by design',
      snapshot: {
        accounts: {
          [MANAGEMENT]: { oidcProviders: [GITHUB, { url: 'gitlab.com' }] },
          [PRODUCTION]: { oidcProviders: [GITHUB, { url: 'gitlab.com' }, eks('5C2A1E8D7B3F4A6C9E0D2B1F8A7C6E5D')] },
          [SANDBOX]: { oidcProviders: [GITHUB, eks('5C2A1E8D7B3F4A6C9E0D2B1F8A7C6E5D')] },
        },
      },
    },
    {
      name: 'an issuer in one account only',
      snapshot: { accounts: { [PRODUCTION]: { oidcProviders: [AUTH0] }, [SANDBOX]: { oidcProviders: [{ url: 'acme-sandbox.eu.auth0.com' }] } } },
    },
    {
      name: 'an issuer declared per-account by option',
      snapshot: { accounts: { [PRODUCTION]: { oidcProviders: [{ url: 'vault.acme.example/v1/identity/oidc' }] }, [SANDBOX]: { oidcProviders: [{ url: 'vault.acme.example/v1/identity/oidc' }] } } },
      options: [{ perAccountUrls: ['vault.acme.example/*'] }],
    },
    {
      name: 'OIDC providers of one account could not be read',
      snapshot: {
        gaps: [{ section: 'iam.oidcProviders', accountId: SANDBOX, call: 'iam:ListOpenIDConnectProviders', error: 'AccessDenied' }],
        accounts: { [PRODUCTION]: { oidcProviders: [AUTH0] }, [SANDBOX]: { oidcProviders: [AUTH0] } },
      },
      notEvaluated: [{ accountId: SANDBOX, sections: ['iam.oidcProviders'] }],
    },
  ],
  invalid: [
    {
      name: 'the same Auth0 tenant in two accounts, once with https:// and a trailing slash',
      snapshot: {
        accounts: {
          [PRODUCTION]: { oidcProviders: [AUTH0] },
          [SANDBOX]: { oidcProviders: [{ url: 'https://ACME.eu.auth0.com/', arn: providerArn(SANDBOX, 'acme.eu.auth0.com') }] },
        },
      },
      errors: [
        {
          messageId: 'duplicated',
          data: { url: 'acme.eu.auth0.com', count: 2, accounts: `${PRODUCTION}, ${SANDBOX}` },
          resource: providerArn(PRODUCTION, 'acme.eu.auth0.com'),
          kind: 'OidcProvider',
          pointer: '/oidcProviders/0',
          related: [providerArn(SANDBOX, 'acme.eu.auth0.com')],
        },
      ],
    },
    {
      name: 'named by the organization; minimumAccounts 3 reached',
      snapshot: {
        organization: { managementAccountId: MANAGEMENT, accounts: [{ id: MANAGEMENT, name: 'acme-management' }, { id: PRODUCTION, name: 'acme-production' }, { id: SANDBOX, name: 'acme-sandbox' }] },
        accounts: { [SANDBOX]: { oidcProviders: [GITHUB, AUTH0] }, [MANAGEMENT]: { oidcProviders: [AUTH0] }, [PRODUCTION]: { oidcProviders: [AUTH0] } },
      },
      options: [{ minimumAccounts: 3 }],
      errors: [
        {
          messageId: 'duplicated',
          data: { count: 3, accounts: 'acme-management, acme-production, acme-sandbox' },
          resource: providerArn(MANAGEMENT, 'acme.eu.auth0.com'),
          related: [providerArn(PRODUCTION, 'acme.eu.auth0.com'), providerArn(SANDBOX, 'acme.eu.auth0.com')],
        },
      ],
    },
  ],
});
