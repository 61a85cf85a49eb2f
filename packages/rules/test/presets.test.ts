import { resolveConfig } from '@iamlint/core';
import { describe, expect, it } from 'vitest';
import { AWS_FSBP, builtinRules, CIS_AWS_5_0, complianceFrameworks, mergeOptions, presets } from '../src/index.js';

describe('presets', () => {
  it.each(Object.entries(presets))('%s resolves against the built-in rules (every option a mapping sets is valid)', (_name, preset) => {
    expect(() => resolveConfig([preset], { source: 'preset', builtinRules })).not.toThrow();
  });

  it('strict enables every rule as an error; all keeps suggestions as warnings', () => {
    expect(Object.keys(presets.strict.rules ?? {}).sort()).toEqual([...builtinRules.keys()].sort());
    for (const entry of Object.values(presets.strict.rules ?? {})) expect(Array.isArray(entry) ? entry[0] : entry).toBe('error');
    const suggestions = [...builtinRules].filter(([, rule]) => rule.meta.type === 'suggestion').map(([id]) => id);
    for (const id of suggestions) expect(presets.all.rules?.[id]).toBe('warn');
  });

  it.each([
    ['cis-aws-5.0', CIS_AWS_5_0],
    ['aws-fsbp', AWS_FSBP],
  ] as const)('%s holds exactly the rules mapped to the framework, with the options of their mappings', (name, framework) => {
    const mapped = [...builtinRules].filter(([, rule]) =>
      (rule.meta.compliance ?? []).some((mapping) => mapping.framework === framework.framework && mapping.version === framework.version),
    );
    expect(Object.keys(presets[name].rules ?? {}).sort()).toEqual(mapped.map(([id]) => id).sort());
    for (const [id, rule] of mapped) {
      const options = mergeOptions(
        (rule.meta.compliance ?? []).filter((mapping) => mapping.framework === framework.framework && mapping.version === framework.version).map((mapping) => mapping.options ?? []),
      );
      expect(presets[name].rules?.[id]).toEqual(options.length > 0 ? ['error', ...options] : 'error');
    }
  });

  it('maps rules only to controls the framework catalogue lists', () => {
    const known = new Map(complianceFrameworks.map((framework) => [`${framework.framework}@${framework.version}`, new Set(framework.controls.map((control) => control.id))]));
    for (const [id, rule] of builtinRules) {
      for (const mapping of rule.meta.compliance ?? []) {
        const controls = known.get(`${mapping.framework}@${mapping.version}`);
        expect(controls, `${id}: unknown framework ${mapping.framework} ${mapping.version}`).toBeDefined();
        expect(controls?.has(mapping.control), `${id}: ${mapping.framework} ${mapping.version} has no control ${mapping.control}`).toBe(true);
        for (const messageId of mapping.messageIds ?? []) expect(Object.keys(rule.meta.messages)).toContain(messageId);
      }
    }
  });

  it('merges positional options object by object, later mappings winning', () => {
    expect(mergeOptions([[{ maxDays: 90, breakGlass: true }], [{ maxDays: 45 }]])).toEqual([{ maxDays: 90, breakGlass: true }].map((o) => ({ ...o, maxDays: 45 })));
    expect(mergeOptions([['a'], ['b', 2]])).toEqual(['b', 2]);
    expect(mergeOptions([])).toEqual([]);
  });
});
