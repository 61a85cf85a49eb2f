import { daysSince, defineRule, OptionObject, Type } from '@iamlint/core';

/** Identity Center keeps its own providers' certificates; it warns about and rotates them itself. */
const IDENTITY_CENTER_PROVIDER_NAME = /^AWSSSO_[0-9a-f]+_DO_NOT_DELETE$/;

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Report SAML providers whose signing certificates, or whose metadata, expire soon or have expired.',
      recommended: true,
    },
    severity: 'medium',
    requires: ['iam.samlProviders'],
    messages: {
      certificateExpired:
        'Every signing certificate of SAML provider {{provider}} in account {{accountId}} has expired, the newest on {{notAfter}}: upload the IdP\'s current metadata before federated sign-in fails.',
      certificateExpiring:
        'The newest signing certificate of SAML provider {{provider}} in account {{accountId}} expires on {{notAfter}}, in {{days}} days (warning at {{warnDays}}): rotate it at the IdP and upload the new metadata.',
      metadataExpired: 'The metadata of SAML provider {{provider}} in account {{accountId}} expired on {{validUntil}}: upload the IdP\'s current metadata.',
      metadataExpiring:
        'The metadata of SAML provider {{provider}} in account {{accountId}} is valid until {{validUntil}}, {{days}} days from now (warning at {{warnDays}}): upload fresh metadata from the IdP.',
    },
    schema: [
      OptionObject({
        warnDays: Type.Integer({ minimum: 1, description: 'How many days before expiry to report a certificate or metadata document.' }),
      }),
    ],
    defaultOptions: [{ warnDays: 30 }],
  },
  create(context) {
    const [{ warnDays }] = context.options;
    const { now } = context;
    return {
      SamlProvider(provider) {
        if (IDENTITY_CENTER_PROVIDER_NAME.test(provider.name)) return;
        const base = { provider: provider.name, accountId: provider.accountId, warnDays };
        // During a rollover the IdP holds two certificates; sign-in keeps working as long as the newest is valid.
        const newest = provider.signingCertificates
          .map((certificate, index) => ({ notAfter: certificate.notAfter, index }))
          .filter((entry): entry is { notAfter: string; index: number } => entry.notAfter !== null)
          .reduce<{ notAfter: string; index: number } | undefined>((a, b) => (a === undefined || Date.parse(b.notAfter) > Date.parse(a.notAfter) ? b : a), undefined);
        if (newest !== undefined) {
          const days = -daysSince(newest.notAfter, now);
          const data = { ...base, notAfter: newest.notAfter.slice(0, 10), days };
          const pointer = `/signingCertificates/${newest.index}/notAfter`;
          if (Date.parse(newest.notAfter) <= now.getTime()) {
            context.report({ node: provider, messageId: 'certificateExpired', data, pointer, discriminator: 'certificate' });
          } else if (days <= warnDays) {
            context.report({ node: provider, messageId: 'certificateExpiring', data, pointer, discriminator: 'certificate' });
          }
        }
        if (provider.validUntil !== null) {
          const days = -daysSince(provider.validUntil, now);
          const data = { ...base, validUntil: provider.validUntil.slice(0, 10), days };
          if (Date.parse(provider.validUntil) <= now.getTime()) {
            context.report({ node: provider, messageId: 'metadataExpired', data, pointer: '/validUntil', discriminator: 'validUntil' });
          } else if (days <= warnDays) {
            context.report({ node: provider, messageId: 'metadataExpiring', data, pointer: '/validUntil', discriminator: 'validUntil' });
          }
        }
      },
    };
  },
});
