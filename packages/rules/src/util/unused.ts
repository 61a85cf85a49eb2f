import { daysSince, OptionObject, Type, type ComplianceMapping, type OptionsOf } from '@iamlint/core';
import { breakGlassOption, defaultBreakGlass } from './break-glass.js';

/** The option schema of the unused-credential rules; `maxUnusedDays` says which credential the rule checks. */
export function unusedCredentialSchema(maxUnusedDays: string) {
  return [OptionObject({ maxUnusedDays: Type.Integer({ minimum: 1, description: maxUnusedDays }), breakGlass: breakGlassOption() })] as const;
}

export function unusedCredentialDefaults(): OptionsOf<ReturnType<typeof unusedCredentialSchema>> {
  return [{ maxUnusedDays: 45, breakGlass: defaultBreakGlass() }];
}

/** The controls on unused credentials: access-key-unused checks their access keys, user-password-unused their console passwords. */
export const UNUSED_CREDENTIAL_CONTROLS: readonly ComplianceMapping[] = [
  { framework: 'cis-aws', version: '5.0', control: '1.11', options: [{ maxUnusedDays: 45, breakGlass: null }] },
  // The presets merge mappings in order, so the stricter IAM.22 comes last and wins.
  { framework: 'aws-fsbp', version: '1.0', control: 'IAM.8', options: [{ maxUnusedDays: 90, breakGlass: null }] },
  { framework: 'aws-fsbp', version: '1.0', control: 'IAM.22', options: [{ maxUnusedDays: 45, breakGlass: null }] },
];

/**
 * Days since a credential or role was last used or, never used, since it was created; undefined while that is
 * within the limit. `lastUsed` is echoed back so the caller can tell the two findings apart.
 */
export function unusedPastLimit(lastUsed: string | null, created: string, now: Date, maxUnusedDays: number): { lastUsed: string | null; days: number } | undefined {
  const days = daysSince(lastUsed ?? created, now);
  return days > maxUnusedDays ? { lastUsed, days } : undefined;
}
