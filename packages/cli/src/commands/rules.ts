import { builtinRules } from '@iamlint/rules';
import { Option, type Command } from 'commander';
import type { CommandContext } from '../io.js';
import { formatRuleCatalog } from '../rule-catalog.js';

export function registerRulesCommand(program: Command, { io }: CommandContext): void {
  program
    .command('rules')
    .description('list the built-in rules')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((options: { format: 'text' | 'json' }) => {
      io.stdout(formatRuleCatalog(builtinRules, options.format));
    });
}
