import type { AnyRule } from '@iamlint/core';

export function formatRuleCatalog(rules: ReadonlyMap<string, AnyRule>, format: 'text' | 'json'): string {
  const entries = [...rules].map(([id, rule]) => ({
    id,
    type: rule.meta.type,
    severity: rule.meta.severity,
    recommended: rule.meta.docs.recommended,
    description: rule.meta.docs.description,
    url: rule.meta.docs.url ?? null,
    requires: rule.meta.requires ?? [],
    compliance: rule.meta.compliance ?? [],
    options: rule.meta.schema ?? [],
    defaultOptions: rule.meta.defaultOptions ?? [],
  }));
  if (format === 'json') return `${JSON.stringify(entries, null, 2)}\n`;
  const idWidth = Math.max(4, ...entries.map((entry) => entry.id.length));
  const lines = entries.map(
    (entry) => `${entry.id.padEnd(idWidth)}  ${entry.severity.padEnd(8)}  ${entry.recommended ? '✓' : ' '}    ${entry.description}`,
  );
  return `${'rule'.padEnd(idWidth)}  severity  rec  description\n${lines.join('\n')}\n\n${entries.length} rules; ✓ = in iamlint:recommended\n`;
}
