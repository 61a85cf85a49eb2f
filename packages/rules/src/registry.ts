import type { AnyRule } from '@iamlint/core';
import { RULE_GUIDANCE } from './guidance.generated.js';

const DOCS_BASE = 'https://github.com/iamlint/iamlint/blob/main/packages/rules/docs/rules';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE}/${ruleId}.md`;
}

/** Gives each rule its documentation URL, derived from its id so it cannot drift, and the guidance of its doc page. */
export function withDocsUrls(rules: Record<string, AnyRule>): ReadonlyMap<string, AnyRule> {
  return new Map(
    Object.entries(rules)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([id, rule]) => [id, { ...rule, meta: { ...rule.meta, docs: { ...rule.meta.docs, url: ruleDocsUrl(id), ...RULE_GUIDANCE[id] } } }]),
  );
}
