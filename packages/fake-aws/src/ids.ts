import { createHash } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function digest(label: string): Buffer {
  return createHash('sha256').update(`fake-aws:${label}`).digest();
}

export const digestBytes = (label: string): Uint8Array => digest(label);

/** An AWS-style identifier (AKIA…, ASIA…, AIPA…): the prefix plus upper-case base32 derived from the label. */
export function stableId(prefix: string, label: string, length = 16): string {
  const bytes = digest(label);
  let id = prefix;
  for (let index = 0; id.length < prefix.length + length; index += 1) id += BASE32[(bytes[index % bytes.length] as number) % 32];
  return id;
}

export function stableUuid(label: string): string {
  const hex = digest(label).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function stableSecret(label: string, length = 40): string {
  return digest(label).toString('base64').replace(/[^A-Za-z0-9]/g, '').padEnd(length, 'x').slice(0, length);
}

/**
 * The snapshot keeps last-used times to the day; AWS answers with a full timestamp. A stable early-morning time
 * keeps the answer realistic without ever passing the demo's collectedAt (06:00 UTC).
 */
export function timeOnDay(day: string, label: string): string {
  const bytes = digest(`${label}@${day}`);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${day}T${pad((bytes[0] as number) % 6)}:${pad((bytes[1] as number) % 60)}:${pad((bytes[2] as number) % 60)}Z`;
}
