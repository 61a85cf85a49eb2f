import { mergeOptions, type AnyRule, type ComplianceFramework, type ConfigObject, type RuleEntry } from '@iamlint/core';
import { AWS_FSBP, CIS_AWS_5_0 } from './compliance/frameworks.js';

export type PresetName = 'recommended' | 'strict' | 'all' | 'cis-aws-5.0' | 'aws-fsbp';

const defaultLevel = (rule: AnyRule): RuleEntry => (rule.meta.type === 'problem' ? 'error' : 'warn');

/** The rules mapped to a framework, each with the options its mappings ask for (in mapping order, so the last, strictest, wins). */
function frameworkRules(rules: ReadonlyMap<string, AnyRule>, framework: ComplianceFramework): Record<string, RuleEntry> {
  const entries: Array<[string, RuleEntry]> = [];
  for (const [id, rule] of rules) {
    const mappings = (rule.meta.compliance ?? []).filter(
      (mapping) => mapping.framework === framework.framework && mapping.version === framework.version,
    );
    if (mappings.length === 0) continue;
    const options = mergeOptions(mappings.map((mapping) => mapping.options ?? []));
    entries.push([id, options.length > 0 ? ['error', ...options] : 'error']);
  }
  return Object.fromEntries(entries);
}

/** Presets are derived from rule meta, so a rule's docs and the preset lists cannot disagree. */
export function buildPresets(rules: ReadonlyMap<string, AnyRule>): Record<PresetName, ConfigObject> {
  const entries = (select: (rule: AnyRule) => boolean, level: (rule: AnyRule) => RuleEntry) =>
    Object.fromEntries([...rules].filter(([, rule]) => select(rule)).map(([id, rule]) => [id, level(rule)]));
  return {
    recommended: {
      name: 'iamlint:recommended',
      rules: entries((rule) => rule.meta.docs.recommended, defaultLevel),
    },
    strict: {
      name: 'iamlint:strict',
      rules: entries(
        () => true,
        (rule) => {
          const options = mergeOptions((rule.meta.compliance ?? []).map((mapping) => mapping.options ?? []));
          return options.length > 0 ? ['error', ...options] : 'error';
        },
      ),
    },
    all: {
      name: 'iamlint:all',
      rules: entries(() => true, defaultLevel),
    },
    'cis-aws-5.0': { name: 'iamlint:cis-aws-5.0', rules: frameworkRules(rules, CIS_AWS_5_0) },
    'aws-fsbp': { name: 'iamlint:aws-fsbp', rules: frameworkRules(rules, AWS_FSBP) },
  };
}
