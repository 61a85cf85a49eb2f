import type { AnyRule } from '@iamlint/core';
import { buildPresets } from './presets.js';
import { rules, withDocsUrls } from './registry.js';

export { ruleDocsUrl } from './registry.js';
export { AWS_FSBP, CIS_AWS_5_0, complianceFrameworks } from './compliance/frameworks.js';
export { type PresetName } from './presets.js';
export { mergeOptions } from '@iamlint/core';
export { renderRuleTable, replaceGeneratedSection, GENERATED_DOCS, GENERATED_NOTICE } from './catalog.js';
export { extractDocPage, extractGuidance, renderGuidanceModule, type DocPageSections, type RuleGuidance } from './guidance.js';
export { RULE_GUIDANCE, RULE_PAGES } from './guidance.generated.js';

export const builtinRules: ReadonlyMap<string, AnyRule> = withDocsUrls(rules);

export const presets = buildPresets(builtinRules);
export const recommended = presets.recommended;
