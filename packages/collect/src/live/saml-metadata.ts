import { createHash, X509Certificate } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { toTimestamp } from '../format.js';

export interface SamlMetadata {
  entityId: string | null;
  signingCertificates: Array<{ sha256: string; notAfter: string | null }>;
  validUntil: string | null;
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  // Entities are never expanded: the document comes from outside and is only read for ids and certificates.
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => ['EntityDescriptor', 'IDPSSODescriptor', 'KeyDescriptor', 'X509Certificate'].includes(name),
});

/**
 * Reads what the rules need from an IdP's SAML metadata document: its entity id, the SHA-256 fingerprints
 * (of the DER) and expiry of its signing certificates, and the document's validUntil.
 * A document that cannot be read gives nulls and no certificates rather than an error: the provider still exists.
 */
export function parseSamlMetadata(xml: string): SamlMetadata {
  let document: Node;
  try {
    document = parser.parse(xml) as Node;
  } catch {
    return { entityId: null, signingCertificates: [], validUntil: null };
  }
  const descriptors = [
    ...asArray(document.EntityDescriptor),
    ...asArray(asNode(document.EntitiesDescriptor)?.EntityDescriptor),
  ];
  const descriptor = descriptors[0];
  if (!descriptor) return { entityId: null, signingCertificates: [], validUntil: null };

  const certificates = new Map<string, { sha256: string; notAfter: string | null }>();
  for (const idp of asArray(descriptor.IDPSSODescriptor)) {
    for (const key of asArray(idp.KeyDescriptor)) {
      if (key['@use'] !== undefined && key['@use'] !== 'signing') continue;
      const x509Data = asNode(asNode(key.KeyInfo)?.X509Data);
      for (const value of asList(x509Data?.X509Certificate)) {
        const text = typeof value === 'string' ? value : asNode(value)?.['#text'];
        const certificate = typeof text === 'string' ? readCertificate(text) : null;
        if (certificate) certificates.set(certificate.sha256, certificate);
      }
    }
  }
  const entityId = descriptor['@entityID'];
  return {
    entityId: typeof entityId === 'string' && entityId !== '' ? entityId : null,
    signingCertificates: [...certificates.values()],
    validUntil: readDate(descriptor['@validUntil']),
  };
}

function readCertificate(base64: string): { sha256: string; notAfter: string | null } | null {
  const der = Buffer.from(base64.replace(/\s+/g, ''), 'base64');
  if (der.length === 0) return null;
  let notAfter: string | null = null;
  try {
    notAfter = toTimestamp(new Date(new X509Certificate(der).validTo));
  } catch {
    // Not a certificate node can parse; its fingerprint still identifies it.
  }
  return { sha256: createHash('sha256').update(der).digest('hex'), notAfter };
}

function readDate(value: unknown): string | null {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) return null;
  return toTimestamp(value);
}

function asNode(value: unknown): Node | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Node) : undefined;
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function asArray(value: unknown): Node[] {
  return asList(value).flatMap((item) => {
    const node = asNode(item);
    return node ? [node] : [];
  });
}
