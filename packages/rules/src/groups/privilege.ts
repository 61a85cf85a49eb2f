import type { AnyRule } from '@iamlint/core';

/** Rules added with the catalogue (privilege group); the registry merges every group. */
export const privilegeRules: Record<string, AnyRule> = {};
