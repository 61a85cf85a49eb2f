import { defineRule, OptionObject, Type, wildcardMatch, type OidcProviderNode } from '@iamlint/core';
import { accountList, spreadOverAccounts } from '../util/accounts.js';

/**
 * Issuers that must be registered in every account whose roles they assume: CI systems and Kubernetes clusters
 * federate machines into each account, and an IAM OIDC provider serves only its own account's roles.
 */
export const PER_ACCOUNT_ISSUERS: readonly string[] = [
  'token.actions.githubusercontent.com',
  'token.actions.githubusercontent.com/*',
  '*/_services/token',
  'oidc.eks.*.amazonaws.com/id/*',
  'gitlab.com',
  'app.terraform.io',
  'oidc.circleci.com/org/*',
  'api.bitbucket.org/2.0/workspaces/*/pipelines-config/identity/oidc',
  'agent.buildkite.com',
];

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Report the same OIDC identity provider registered in several accounts, except issuers that must exist per account (CI, EKS).',
      recommended: false,
    },
    severity: 'low',
    requires: ['iam.oidcProviders'],
    messages: {
      duplicated:
        'The OIDC identity provider {{url}} is registered in {{count}} accounts ({{accounts}}); register it in one account and reach the others by assuming roles from there, or federate people through IAM Identity Center.',
    },
    schema: [
      OptionObject({
        minimumAccounts: Type.Integer({ minimum: 2, description: 'In how many accounts the same issuer must be registered before it is reported.' }),
        perAccountUrls: Type.Array(Type.String({ minLength: 1 }), { uniqueItems: true, description: 'More issuer URLs (without `https://`; `*` and `?` wildcards, case-insensitive) that must exist in each account, besides the built-in CI and EKS issuers.' }),
      }),
    ],
    defaultOptions: [{ minimumAccounts: 2, perAccountUrls: [] }],
  },
  create(context) {
    const [{ minimumAccounts, perAccountUrls }] = context.options;
    const perAccount = [...PER_ACCOUNT_ISSUERS, ...perAccountUrls];
    const byIssuer = new Map<string, OidcProviderNode[]>();
    return {
      // Collecting per account keeps accounts whose providers were not collected out, and "not evaluated".
      Account(account) {
        for (const provider of context.model.inAccount('OidcProvider', account.accountId)) {
          const issuer = canonicalIssuer(provider.url);
          if (perAccount.some((pattern) => wildcardMatch(pattern, issuer, true))) continue;
          const list = byIssuer.get(issuer);
          if (list) list.push(provider);
          else byIssuer.set(issuer, [provider]);
        }
      },
      'Snapshot:exit'() {
        for (const [issuer, providers] of byIssuer) {
          const spread = spreadOverAccounts(providers, minimumAccounts);
          if (spread === undefined) continue;
          const { first, others, accountIds } = spread;
          context.report({
            node: first,
            messageId: 'duplicated',
            data: { url: issuer, count: accountIds.size, accounts: accountList(context.model, accountIds) },
            related: others,
          });
        }
      },
    };
  },
});

/** IAM stores the URL without its scheme; a trailing slash or the host's letter case names the same issuer. */
function canonicalIssuer(url: string): string {
  const bare = url.replace(/^https:\/\//i, '').replace(/\/+$/, '');
  const slash = bare.indexOf('/');
  return slash === -1 ? bare.toLowerCase() : bare.slice(0, slash).toLowerCase() + bare.slice(slash);
}
