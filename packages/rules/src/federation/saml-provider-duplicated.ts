import { defineRule, OptionObject, Type, type SamlProviderNode } from '@iamlint/core';
import { accountList, spreadOverAccounts } from '../util/accounts.js';

/** IAM Identity Center creates these in every account it provisions; they are the fix, not the problem. */
const IDENTITY_CENTER_PROVIDER_NAME = /^AWSSSO_[0-9a-f]+_DO_NOT_DELETE$/;
const CERTIFICATE_PREFIX_LENGTH = 16;

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description:
        'Report an external SAML identity provider configured separately in several accounts instead of once in IAM Identity Center.',
      recommended: true,
    },
    severity: 'medium',
    requires: ['iam.samlProviders'],
    messages: {
      duplicated:
        'The SAML identity provider {{entityId}} is configured as an IAM SAML provider in {{count}} accounts ({{accounts}}); configure it once as the identity source of IAM Identity Center and grant access with permission sets instead.',
    },
    schema: [
      OptionObject({
        minimumAccounts: Type.Integer({ minimum: 2, description: 'In how many accounts the same IdP must be configured before it is reported.' }),
      }),
    ],
    defaultOptions: [{ minimumAccounts: 2 }],
  },
  create(context) {
    const [{ minimumAccounts }] = context.options;
    const providers: SamlProviderNode[] = [];
    return {
      // Collecting per account (not per provider) keeps accounts whose providers were not collected "not evaluated".
      Account(account) {
        for (const provider of context.model.inAccount('SamlProvider', account.accountId)) {
          if (!isIdentityCenterProvider(provider)) providers.push(provider);
        }
      },
      'Snapshot:exit'() {
        for (const group of groupBySharedIdentity(providers)) {
          const spread = spreadOverAccounts(group, minimumAccounts);
          if (spread === undefined) continue;
          const { first, others, accountIds } = spread;
          context.report({
            node: first,
            messageId: 'duplicated',
            data: { entityId: identityOf([first, ...others]), count: accountIds.size, accounts: accountList(context.model, accountIds) },
            related: others,
          });
        }
      },
    };
  },
});

function isIdentityCenterProvider(provider: SamlProviderNode): boolean {
  return IDENTITY_CENTER_PROVIDER_NAME.test(provider.name);
}

/** Providers that share an entity id or any signing certificate, transitively (union-find). */
function groupBySharedIdentity(providers: readonly SamlProviderNode[]): SamlProviderNode[][] {
  const parent = providers.map((_, index) => index);
  const find = (index: number): number => {
    let root = index;
    while (parent[root] !== root) root = parent[root] as number;
    while (parent[index] !== root) {
      const next = parent[index] as number;
      parent[index] = root;
      index = next;
    }
    return root;
  };
  const ownerOfKey = new Map<string, number>();
  providers.forEach((provider, index) => {
    const keys = [
      ...(provider.entityId !== null ? [`entity:${provider.entityId}`] : []),
      ...provider.signingCertificates.map((certificate) => `cert:${certificate.sha256}`),
    ];
    for (const key of keys) {
      const owner = ownerOfKey.get(key);
      if (owner === undefined) ownerOfKey.set(key, index);
      else parent[find(index)] = find(owner);
    }
  });
  const groups = new Map<number, SamlProviderNode[]>();
  providers.forEach((provider, index) => {
    const root = find(index);
    const group = groups.get(root);
    if (group) group.push(provider);
    else groups.set(root, [provider]);
  });
  return [...groups.values()];
}

/** The IdP's entity id, the first provider's (the reported one) or else the next that has one; else a short certificate fingerprint. */
function identityOf(ordered: readonly SamlProviderNode[]): string {
  const entityId = ordered.find((provider) => provider.entityId !== null)?.entityId;
  if (entityId) return entityId;
  const fingerprints = ordered.flatMap((provider) => provider.signingCertificates.map((certificate) => certificate.sha256)).sort();
  return `sha256:${(fingerprints[0] ?? '').slice(0, CERTIFICATE_PREFIX_LENGTH)}`;
}
