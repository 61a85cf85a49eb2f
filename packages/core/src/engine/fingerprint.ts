import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

type Sha256Hex = (text: string) => string;

interface NodeCrypto {
  hash?: (algorithm: string, data: string, outputEncoding: 'hex') => string;
}

/** SHA-256 of the text's UTF-8 bytes, in hex, written out in JS; the same digest Node's crypto gives. */
export function sha256HexPortable(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** Node's native SHA-256 (crypto.hash, Node >= 20.12), when the platform offers it: a report hashes every finding. */
function nativeSha256Hex(): Sha256Hex | undefined {
  const platform = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof platform?.getBuiltinModule !== 'function') return undefined;
  const crypto = platform.getBuiltinModule('node:crypto') as NodeCrypto | undefined;
  const hash = crypto?.hash;
  return typeof hash === 'function' ? (text) => hash('sha256', text, 'hex') : undefined;
}

const sha256Hex: Sha256Hex = nativeSha256Hex() ?? sha256HexPortable;

/**
 * A finding's identity across runs: the rule, the resource's stable id and a discriminator,
 * never a line number, so reformatting or unrelated edits do not churn alerts or baselines.
 */
export function fingerprint(ruleId: string, resourceId: string, discriminator = ''): string {
  return sha256Hex(`${ruleId}\u0000${resourceId}\u0000${discriminator}`).slice(0, 32);
}
