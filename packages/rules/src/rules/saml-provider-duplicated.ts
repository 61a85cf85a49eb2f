import { defineRule, type SamlProviderNode } from '@iamlint/core';
import { accountList } from '../util/accounts.js';

type Options = readonly [{ minimumAccounts: number }];
const defaultOptions: Options = [{ minimumAccounts: 2 }];

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
      {
        type: 'object',
        properties: {
          minimumAccounts: {
            type: 'integer',
            minimum: 2,
            description: 'In how many accounts the same IdP must be configured before it is reported.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions,
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
          const accounts = new Set(group.map((provider) => provider.accountId));
          if (accounts.size < minimumAccounts) continue;
          const [first, ...others] = group.sort(byAccountThenArn) as [SamlProviderNode, ...SamlProviderNode[]];
          context.report({
            node: first,
            messageId: 'duplicated',
            data: { entityId: identityOf(group, first), count: accounts.size, accounts: accountList(context.model, accounts) },
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

function byAccountThenArn(a: SamlProviderNode, b: SamlProviderNode): number {
  return compare(a.accountId, b.accountId) || compare(a.arn, b.arn);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The IdP's entity id, preferring the reported provider's; else a short certificate fingerprint. */
function identityOf(group: readonly SamlProviderNode[], first: SamlProviderNode): string {
  const entityId = first.entityId ?? group.find((provider) => provider.entityId !== null)?.entityId;
  if (entityId) return entityId;
  const fingerprints = group.flatMap((provider) => provider.signingCertificates.map((certificate) => certificate.sha256)).sort();
  return `sha256:${(fingerprints[0] ?? '').slice(0, CERTIFICATE_PREFIX_LENGTH)}`;
}
