import { daysSince, type ComplianceMapping } from '@iamlint/core';
import { BREAK_GLASS_OPTION_SCHEMA, defaultBreakGlass, type BreakGlassDeclaration } from './break-glass.js';

export type UnusedCredentialOptions = readonly [{ maxUnusedDays: number; breakGlass: BreakGlassDeclaration | null }];

export function unusedCredentialDefaults(): UnusedCredentialOptions {
  return [{ maxUnusedDays: 45, breakGlass: defaultBreakGlass() }];
}

/** The option schema of UnusedCredentialOptions; `maxUnusedDays` says which credential the rule checks. */
export function unusedCredentialSchema(maxUnusedDays: string) {
  return [
    {
      type: 'object',
      properties: {
        maxUnusedDays: { type: 'integer', minimum: 1, description: maxUnusedDays },
        breakGlass: BREAK_GLASS_OPTION_SCHEMA,
      },
      additionalProperties: false,
    },
  ] as const;
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
