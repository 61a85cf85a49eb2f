import { defineRule, type NormalizedCondition } from '@iamlint/core';
import { isRequired, namesStringValues, trustStatementsAllowing } from '../util/trust.js';

const SAML_PROVIDER = /^arn:aws[a-z-]*:iam::\d{12}:saml-provider\/(.+)$/;

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require a `SAML:aud` condition (the sign-in endpoint the assertion is for) on role trust in a SAML provider.',
      recommended: false,
    },
    severity: 'low',
    requires: ['iam.authorizationDetails'],
    messages: {
      noAudience:
        'Role {{role}} trusts the SAML provider {{provider}} (statement {{statement}} of its trust policy) without a SAML:aud condition, so an assertion from that IdP is accepted whatever endpoint it was issued for; require SAML:aud to be https://signin.aws.amazon.com/saml (or your regional sign-in endpoint).',
    },
    schema: [],
  },
  create(context) {
    return {
      Role(role) {
        for (const entry of trustStatementsAllowing(role, 'sts:assumerolewithsaml')) {
          const { statement } = entry;
          if (statement.conditions.some(restrictsAudience)) continue;
          for (const provider of statement.principal?.byType.get('Federated') ?? []) {
            const match = SAML_PROVIDER.exec(provider);
            if (!match) continue;
            context.report({
              node: role,
              messageId: 'noAudience',
              data: { role: role.roleName, provider: match[1] as string, statement: entry.label },
              pointer: entry.pointerTo('Principal'),
              discriminator: `${entry.key}|${provider}`,
            });
          }
        }
      },
    };
  },
});

/** A positive test of SAML:aud against named endpoints; `*` or a negated operator names none. */
function restrictsAudience(condition: NormalizedCondition): boolean {
  return condition.keyLower === 'saml:aud' && isRequired(condition, true) && namesStringValues(condition, (value) => value.replace(/^https?:\/\//, ''));
}
