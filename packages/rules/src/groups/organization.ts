import type { AnyRule } from '@iamlint/core';

/** Rules added with the catalogue (organization group); the registry merges every group. */
export const organizationRules: Record<string, AnyRule> = {};
