import { defineRule, normalizePolicy } from '@iamlint/core';

/** Identity Center creates and deletes its own providers as permission sets come and go. */
const IDENTITY_CENTER_PROVIDER_NAME = /^AWSSSO_[0-9a-f]+_DO_NOT_DELETE$/;

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Report IAM SAML providers that no role in their account trusts.',
      recommended: false,
    },
    severity: 'low',
    requires: ['iam.samlProviders', 'iam.authorizationDetails'],
    messages: {
      unused:
        'SAML provider {{provider}} in account {{accountId}} is trusted by no role, so nobody signs in through it; delete it, or a role that trusts it later opens a way in that nobody reviews.',
    },
    schema: [],
  },
  create(context) {
    const { model } = context;
    const trustedByAccount = new Map<string, Set<string>>();
    const trustedIn = (accountId: string): Set<string> => {
      let trusted = trustedByAccount.get(accountId);
      if (trusted) return trusted;
      trusted = new Set();
      for (const role of model.inAccount('Role', accountId)) {
        for (const statement of normalizePolicy(role.trustPolicy).statements) {
          if (statement.effect !== 'Allow') continue;
          for (const provider of statement.principal?.byType.get('Federated') ?? []) trusted.add(provider);
        }
      }
      trustedByAccount.set(accountId, trusted);
      return trusted;
    };

    return {
      SamlProvider(provider) {
        if (IDENTITY_CENTER_PROVIDER_NAME.test(provider.name)) return;
        if (trustedIn(provider.accountId).has(provider.arn)) return;
        context.report({ node: provider, messageId: 'unused', data: { provider: provider.name, accountId: provider.accountId } });
      },
    };
  },
});
