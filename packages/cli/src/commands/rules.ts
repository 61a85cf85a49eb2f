import { Option, type Command } from 'commander';
import { loadResolvedConfig } from '../config-file.js';
import { addColorOptions, colorsFor, type CommandContext } from '../io.js';
import { formatRuleCatalog, unknownRuleError } from '../rule-catalog.js';
import { formatRulePage } from '../rule-page.js';

export function registerRulesCommand(program: Command, { io }: CommandContext): void {
  const command = program
    .command('rules')
    .description("list the rules (built-in, and the plugins' of the config in use), or show one rule's page")
    .argument('[id]', 'a rule id, e.g. access-key-max-age or acme/no-shared-keys: its why, options (defaults and values under the config), how to fix')
    .option('-c, --config <file>', 'config file whose plugins and settings to show (default: nearest iamlint.config.*, as audit finds it)')
    .addOption(new Option('-f, --format <format>', 'output format of the list').choices(['text', 'json']).default('text'));
  addColorOptions(command).action(async (id: string | undefined, options: { format: 'text' | 'json'; config?: string; color?: boolean }) => {
    const inUse = await loadResolvedConfig({ cwd: io.cwd, configPath: options.config });
    const { rules } = inUse.config;
    if (id === undefined) {
      io.stdout(formatRuleCatalog(rules, options.format, inUse.config));
      return;
    }
    const rule = rules.get(id);
    if (!rule) throw unknownRuleError(id, rules.keys());
    io.stdout(formatRulePage(id, rule, inUse, colorsFor(io, options.color)));
  });
}
