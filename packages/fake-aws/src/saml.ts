import type { SamlProvider } from '@iamlint/core';
import { escapeXml } from './protocol.js';

/** Where the IdP takes sign-in requests: its https entity id when it has one (JumpCloud, IAM Identity Center). */
function signOnUrl(provider: SamlProvider): string {
  if (provider.entityId?.startsWith('https://')) return provider.entityId;
  return `https://${provider.name.toLowerCase().replace(/[^a-z0-9-]/g, '-')}.idp.example/sso/saml`;
}

/**
 * The SAML 2.0 metadata document IAM stores for a provider. Certificates are looked up by fingerprint in
 * `certificates` (SHA-256 → base64 DER); a fingerprint without a known certificate cannot be served and is left out.
 */
export function samlMetadataDocument(provider: SamlProvider, certificates: ReadonlyMap<string, string>): string {
  const keys = provider.signingCertificates
    .map(({ sha256 }) => certificates.get(sha256))
    .filter((der): der is string => der !== undefined)
    .map(
      (der) =>
        `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>` +
        `<ds:X509Certificate>${der}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`,
    );
  const entityId = provider.entityId === null ? '' : ` entityID="${escapeXml(provider.entityId)}"`;
  const validUntil = provider.validUntil === null ? '' : ` validUntil="${provider.validUntil}"`;
  const url = escapeXml(signOnUrl(provider));
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"${entityId}${validUntil}>` +
    '<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">' +
    keys.join('') +
    '<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>' +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${url}"/>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${url}"/>` +
    '</md:IDPSSODescriptor></md:EntityDescriptor>'
  );
}
