import type { AnyRule } from '@iamlint/core';

/** Rules added with the catalogue (credentials group); the registry merges every group. */
export const credentialsRules: Record<string, AnyRule> = {};
