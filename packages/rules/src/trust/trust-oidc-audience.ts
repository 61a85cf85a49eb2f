import { defineRule, type NormalizedCondition } from '@iamlint/core';
import { isRequired, namesStringValues, trustStatementsAllowing } from '../util/trust.js';

/**
 * The built-in web identity providers, each with the keys that carry its audience: Cognito identity pools put
 * the pool id in `aud`; Google's `aud` key reads the token's `azp` when present (`oaud` the original `aud`);
 * Login with Amazon and Facebook name the application `app_id`.
 */
const PUBLIC_PROVIDERS: ReadonlyMap<string, readonly string[]> = new Map([
  ['cognito-identity.amazonaws.com', ['aud']],
  ['accounts.google.com', ['aud', 'azp', 'oaud']],
  ['graph.facebook.com', ['app_id']],
  ['www.amazon.com', ['app_id']],
]);
/** An IAM OIDC provider's keys are named after its URL; `azp` stands in where the IdP puts the client there. */
const IAM_PROVIDER_KEYS = ['aud', 'azp'];
const IAM_OIDC_PROVIDER = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/(.+)$/;

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an audience condition (`aud`, or the provider\'s equivalent) on role trust in an OIDC identity provider.',
      recommended: true,
    },
    severity: 'high',
    requires: ['iam.authorizationDetails'],
    messages: {
      publicProvider:
        'Role {{role}} trusts {{provider}} (statement {{statement}} of its trust policy) without a condition on {{audienceKey}}, so tokens issued to any application of any customer of that provider can assume it.',
      iamProvider:
        'Role {{role}} trusts the OIDC provider {{provider}} (statement {{statement}} of its trust policy) without a condition on {{audienceKey}}, so a token for any client ID the provider lists ({{clientIds}}), now or added later, can assume it.',
    },
    schema: [],
  },
  create(context) {
    const { model } = context;
    return {
      Role(role) {
        for (const entry of trustStatementsAllowing(role, 'sts:assumerolewithwebidentity')) {
          const { statement } = entry;
          for (const provider of statement.principal?.byType.get('Federated') ?? []) {
            const iamProvider = IAM_OIDC_PROVIDER.exec(provider);
            const prefix = iamProvider ? (iamProvider[1] as string) : provider.toLowerCase();
            const keys = iamProvider ? IAM_PROVIDER_KEYS : PUBLIC_PROVIDERS.get(prefix);
            if (keys === undefined) continue;
            const audienceKeys = keys.map((key) => `${prefix}:${key}`.toLowerCase());
            if (statement.conditions.some((condition) => audienceKeys.includes(condition.keyLower) && restrictsAudience(condition))) continue;
            const base = { role: role.roleName, provider: prefix, statement: entry.label, audienceKey: `${prefix}:${keys[0] as string}` };
            const node = iamProvider ? model.byId(provider) : undefined;
            const clientIds = node?.kind === 'OidcProvider' ? node.clientIds.join(', ') || 'none' : 'not in the snapshot';
            context.report({
              node: role,
              messageId: iamProvider ? 'iamProvider' : 'publicProvider',
              data: iamProvider ? { ...base, clientIds } : base,
              pointer: entry.pointerTo('Principal'),
              discriminator: `${entry.key}|${provider}`,
            });
          }
        }
      },
    };
  },
});

/**
 * Every token carries its audience, so `…IfExists` changes nothing here; negated operators, `ForAllValues:` and
 * values that are only wildcards admit any audience.
 */
function restrictsAudience(condition: NormalizedCondition): boolean {
  return isRequired(condition, true) && namesStringValues(condition);
}
