import type { AnyRule, ConfigObject, RuleEntry } from '@iamlint/core';

/** Presets are derived from rule meta, so a rule's docs and the preset lists cannot disagree. */
export function buildPresets(rules: ReadonlyMap<string, AnyRule>): Record<'recommended' | 'all', ConfigObject> {
  const entries = (select: (rule: AnyRule) => boolean, level: (rule: AnyRule) => RuleEntry) =>
    Object.fromEntries([...rules].filter(([, rule]) => select(rule)).map(([id, rule]) => [id, level(rule)]));
  return {
    recommended: {
      name: 'iamlint:recommended',
      rules: entries(
        (rule) => rule.meta.docs.recommended,
        (rule) => (rule.meta.type === 'problem' ? 'error' : 'warn'),
      ),
    },
    all: {
      name: 'iamlint:all',
      rules: entries(
        () => true,
        (rule) => (rule.meta.type === 'problem' ? 'error' : 'warn'),
      ),
    },
  };
}
