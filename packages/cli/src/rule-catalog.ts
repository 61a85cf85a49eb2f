import { editDistance, UsageError, type AnyRule, type ResolvedConfig } from '@iamlint/core';

/** The rules a config knows (built-in, and its plugins' under their prefix), with the level each has where no scope applies. */
export function formatRuleCatalog(rules: ReadonlyMap<string, AnyRule>, format: 'text' | 'json', config?: ResolvedConfig): string {
  const unscoped = config?.settingsFor(null);
  const entries = [...rules].map(([id, rule]) => ({
    id,
    plugin: id.includes('/') ? (id.split('/')[0] as string) : null,
    type: rule.meta.type,
    severity: rule.meta.severity,
    recommended: rule.meta.docs.recommended,
    description: rule.meta.docs.description,
    url: rule.meta.docs.url ?? null,
    requires: rule.meta.requires ?? [],
    compliance: rule.meta.compliance ?? [],
    options: rule.meta.schema ?? [],
    defaultOptions: rule.meta.defaultOptions ?? [],
    ...(unscoped ? { level: unscoped.get(id)?.level ?? 'off' } : {}),
  }));
  if (format === 'json') return `${JSON.stringify(entries, null, 2)}\n`;
  const idWidth = Math.max(4, ...entries.map((entry) => entry.id.length));
  const lines = entries.map(
    (entry) => `${entry.id.padEnd(idWidth)}  ${entry.severity.padEnd(8)}  ${entry.recommended ? '✓' : ' '}    ${entry.description}`,
  );
  const plugins = entries.filter((entry) => entry.plugin !== null).length;
  const counts = plugins > 0 ? `${entries.length} rules (${plugins} from plugins)` : `${entries.length} rules`;
  return `${'rule'.padEnd(idWidth)}  severity  rec  description\n${lines.join('\n')}\n\n${counts}; ✓ = in iamlint:recommended; \`iamlint rules <id>\` shows one rule's page\n`;
}

/** Up to three known ids nearest to a mistyped one: by edit distance, or sharing its words. */
export function nearestRuleIds(input: string, ids: Iterable<string>): string[] {
  const limit = Math.max(3, Math.floor(input.length / 3));
  const scored: Array<{ id: string; score: number }> = [];
  for (const id of ids) {
    const distance = editDistance(input, id, limit);
    if (distance <= limit) scored.push({ id, score: distance });
    else if (input.length >= 4 && id.includes(input)) scored.push({ id, score: limit + 1 });
  }
  return scored.sort((a, b) => a.score - b.score || (a.id < b.id ? -1 : 1)).slice(0, 3).map((entry) => entry.id);
}

/** An unknown rule id as one line: what was given, where (a flag), and the nearest ids. */
export function unknownRuleError(id: string, ids: Iterable<string>, where?: string): UsageError {
  const nearest = nearestRuleIds(id, ids);
  return new UsageError('USAGE', `${where ? `${where}: ` : ''}unknown rule "${id}"`, {
    hint: nearest.length > 0 ? `did you mean ${nearest.join(', ')}?` : 'run `iamlint rules` for the list',
  });
}
