import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * A finding's identity across runs: the rule, the resource's stable id and a discriminator,
 * never a line number, so reformatting or unrelated edits do not churn alerts or baselines.
 */
export function fingerprint(ruleId: string, resourceId: string, discriminator = ''): string {
  return bytesToHex(sha256(utf8ToBytes(`${ruleId}\u0000${resourceId}\u0000${discriminator}`))).slice(0, 32);
}
