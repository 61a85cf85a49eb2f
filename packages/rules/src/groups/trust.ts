import type { AnyRule } from '@iamlint/core';

/** Rules added with the catalogue (trust group); the registry merges every group. */
export const trustRules: Record<string, AnyRule> = {};
