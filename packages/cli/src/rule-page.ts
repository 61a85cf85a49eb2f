import { markdownToText, noColors, type AnyRule, type Colors, type ConfigObject, type RuleEntry } from '@iamlint/core';
import { presets } from '@iamlint/rules';
import type { ConfigInUse } from './config-file.js';

/**
 * One rule's page for the terminal: what it checks, where it is on (presets, the config in use), its doc page's
 * Why, its options with defaults and the values the config gives them, How to fix, and when not to use it.
 */
export function formatRulePage(id: string, rule: AnyRule, inUse: ConfigInUse, colors: Colors = noColors): string {
  const { meta } = rule;
  const heading = (text: string) => colors.bold(colors.underline(text));
  const facts: Array<[string, string]> = [
    ['Severity', `${meta.severity} (${meta.type})`],
    ['Presets', presetsEnabling(id).join(', ') || 'none'],
    ['Config', levelsInConfig(id, inUse)],
  ];
  if (id.includes('/')) facts.push(['Plugin', id.split('/')[0] as string]);
  if ((meta.requires ?? []).length > 0) facts.push(['Needs', (meta.requires ?? []).join(', ')]);
  if ((meta.compliance ?? []).length > 0) facts.push(['Compliance', (meta.compliance ?? []).map((entry) => `${entry.framework} ${entry.version} ${entry.control}`).join(', ')]);
  const width = Math.max(...facts.map(([label]) => label.length));
  const sections = [
    `${colors.bold(id)}\n${meta.docs.description}`,
    facts.map(([label, value]) => `  ${colors.dim(label.padEnd(width))}  ${value}`).join('\n'),
  ];
  const page = meta.docs.page;
  const why = page?.why ?? (meta.docs.why ?? []).join('\n\n');
  const howToFix = page?.howToFix ?? (meta.docs.howToFix ?? []).join('\n\n');
  if (why) sections.push(`${heading('Why')}\n\n${markdownToText(why, colors)}`);
  sections.push(`${heading('Options')}\n\n${describeOptions(id, rule, inUse, colors)}`);
  if (howToFix) sections.push(`${heading('How to fix')}\n\n${markdownToText(howToFix, colors)}`);
  if (page?.whenNotToUse) sections.push(`${heading('When not to use it')}\n\n${markdownToText(page.whenNotToUse, colors)}`);
  if (meta.docs.url) sections.push(`Documentation: ${meta.docs.url}`);
  return `${sections.join('\n\n')}\n`;
}

function presetsEnabling(id: string): string[] {
  return Object.values(presets).flatMap((preset) => {
    const entry = preset.rules?.[id];
    return entry === undefined ? [] : [`${preset.name ?? '?'} (${describeEntry(entry)})`];
  });
}

/** The level where no scope applies, then each scoped config object that sets the rule, as written. */
function levelsInConfig(id: string, { config, source }: ConfigInUse): string {
  const unscoped = config.settingsFor(null).get(id);
  const scoped = config.objects.flatMap((object, index) =>
    (object.accounts || object.ous) && object.rules?.[id] !== undefined ? [`${describeScope(object, index)}: ${describeEntry(object.rules[id] as RuleEntry)}`] : [],
  );
  return [`${unscoped?.level ?? 'off'} in ${source}`, ...scoped].join('; ');
}

function describeScope(object: ConfigObject, index: number): string {
  const name = object.name ? ` "${object.name}"` : '';
  const scope = [object.accounts ? `accounts ${object.accounts.join(', ')}` : '', object.ous ? `OUs ${object.ous.join(', ')}` : ''].filter(Boolean).join(', ');
  return `config object #${index + 1}${name} (${scope})`;
}

function describeEntry(entry: RuleEntry): string {
  if (!Array.isArray(entry)) return String(entry);
  const [level, ...options] = entry as readonly unknown[];
  return [String(level), ...options.map(describeValue)].join(', ');
}

function describeValue(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).map(([key, inner]) => `${key}: ${JSON.stringify(inner)}`).join(', ');
  }
  return JSON.stringify(value);
}

type Schema = Record<string, unknown>;

/** Each option: its type, its default, and the value the config in use gives it where no scope applies. */
function describeOptions(id: string, rule: AnyRule, { config }: ConfigInUse, colors: Colors): string {
  const schemas = (rule.meta.schema ?? []) as readonly Schema[];
  if (schemas.length === 0) return '  none';
  const setting = config.settingsFor(null).get(id);
  const defaults = (rule.meta.defaultOptions ?? []) as readonly unknown[];
  const lines: string[] = [];
  const option = (name: string, schema: Schema, fallback: unknown, effective: unknown) => {
    const value = setting ? `in config: ${JSON.stringify(effective)}` : 'in config: rule off';
    const changed = setting && JSON.stringify(effective) !== JSON.stringify(fallback);
    lines.push(`  ${colors.bold(name)}  ${describeType(schema)}`);
    lines.push(`    default: ${JSON.stringify(fallback)}    ${changed ? colors.yellow(value) : value}`);
    if (typeof schema.description === 'string') lines.push(`    ${markdownToText(schema.description, colors)}`);
  };
  schemas.forEach((schema, position) => {
    const properties = schema.properties as Record<string, Schema> | undefined;
    if (!properties) {
      option(`option ${position + 1}`, schema, defaults[position], setting?.options[position]);
      return;
    }
    const fallback = (defaults[position] ?? {}) as Record<string, unknown>;
    const effective = (setting?.options[position] ?? {}) as Record<string, unknown>;
    for (const [name, property] of Object.entries(properties)) option(name, property, fallback[name], effective[name]);
  });
  return lines.join('\n');
}

function describeType(schema: Schema): string {
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((value) => JSON.stringify(value)).join(', ')}`;
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : typeof schema.type === 'string' ? schema.type : 'value';
  const bounds = [
    typeof schema.minimum === 'number' ? `≥ ${schema.minimum}` : '',
    typeof schema.maximum === 'number' ? `≤ ${schema.maximum}` : '',
  ].filter(Boolean);
  const items = schema.items as Schema | undefined;
  const base = type === 'array' && items ? `array of ${describeType(items)}` : type;
  return bounds.length > 0 ? `${base} (${bounds.join(', ')})` : base;
}
