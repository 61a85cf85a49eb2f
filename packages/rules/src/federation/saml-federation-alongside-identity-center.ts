import { defineRule, OptionObject, Type, type IdentityCenterInstanceData, type SamlProviderNode } from '@iamlint/core';
import { accountLabel } from '../util/accounts.js';

/** The provider Identity Center creates in each account it provisions: its own way in, never a finding. */
const IDENTITY_CENTER_PROVIDER_NAME = /^AWSSSO_[0-9a-f]+_DO_NOT_DELETE$/;

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description:
        'Report accounts that get IAM Identity Center assignments and also federate the same IdP through their own IAM SAML provider.',
      recommended: false,
    },
    severity: 'medium',
    requires: ['identityCenter', 'iam.samlProviders'],
    messages: {
      sameIdp:
        'Account {{account}} gets IAM Identity Center assignments and also federates Identity Center\'s own IdP ({{idp}}, same {{matchedBy}}) through its IAM SAML provider {{provider}}: two ways in from one IdP; move its roles to permission sets and remove the provider.',
      identitySourceUnknown:
        'Account {{account}} gets IAM Identity Center assignments and also has its own IAM SAML provider {{provider}} ({{idp}}); the snapshot does not say which IdP Identity Center uses, so check whether it is the same one and, if so, remove the per-account federation.',
    },
    schema: [
      OptionObject({
        reportUnknownIdentitySource: Type.Boolean({ description: 'Report SAML providers in accounts with assignments when the snapshot does not record Identity Center\'s external IdP (identity source UNKNOWN, as collected through the API).' }),
      }),
    ],
    defaultOptions: [{ reportUnknownIdentitySource: true }],
  },
  create(context) {
    const [{ reportUnknownIdentitySource }] = context.options;
    const { model } = context;
    const instancesByAccount = new Map<string, IdentityCenterInstanceData[]>();
    for (const instance of model.identityCenter) {
      for (const accountId of new Set(instance.assignments.map((assignment) => assignment.accountId))) {
        const list = instancesByAccount.get(accountId);
        if (list) list.push(instance);
        else instancesByAccount.set(accountId, [instance]);
      }
    }

    return {
      SamlProvider(provider) {
        if (IDENTITY_CENTER_PROVIDER_NAME.test(provider.name)) return;
        const instances = instancesByAccount.get(provider.accountId) ?? [];
        const base = { account: accountLabel(model, provider.accountId), provider: provider.name, idp: idpName(provider) };
        let unknown = false;
        for (const instance of instances) {
          const { externalIdp } = instance;
          const known = externalIdp !== undefined && (externalIdp.entityId !== undefined || (externalIdp.signingCertificates?.length ?? 0) > 0);
          if (!known) {
            unknown ||= instance.identitySource === 'UNKNOWN' || instance.identitySource === 'EXTERNAL_IDP';
            continue;
          }
          const matchedBy = matchOf(provider, externalIdp);
          if (matchedBy !== undefined) {
            context.report({ node: provider, messageId: 'sameIdp', data: { ...base, matchedBy } });
            return;
          }
        }
        if (unknown && reportUnknownIdentitySource) context.report({ node: provider, messageId: 'identitySourceUnknown', data: base });
      },
    };
  },
});

function matchOf(provider: SamlProviderNode, idp: NonNullable<IdentityCenterInstanceData['externalIdp']>): string | undefined {
  if (idp.entityId !== undefined && provider.entityId !== null && sameEntityId(idp.entityId, provider.entityId)) return 'entity id';
  const certificates = new Set(idp.signingCertificates ?? []);
  if (provider.signingCertificates.some((certificate) => certificates.has(certificate.sha256))) return 'signing certificate';
  return undefined;
}

/** Entity ids are URIs compared as strings; IdPs are inconsistent only about a trailing slash. */
function sameEntityId(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

function idpName(provider: SamlProviderNode): string {
  return provider.entityId ?? (provider.signingCertificates[0] ? `sha256:${provider.signingCertificates[0].sha256.slice(0, 16)}` : 'entity id unknown');
}
