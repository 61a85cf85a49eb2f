import type { AnyRule } from '@iamlint/core';
import { buildPresets } from './presets.js';
import { withDocsUrls } from './registry.js';

export { ruleDocsUrl } from './registry.js';

export const builtinRules: ReadonlyMap<string, AnyRule> = withDocsUrls({});

export const presets = buildPresets(builtinRules);
export const recommended = presets.recommended;
export { renderRuleTable, replaceGeneratedSection, GENERATED_DOCS, GENERATED_NOTICE } from './catalog.js';
