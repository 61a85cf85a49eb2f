export { audit, type AuditOptions, type AuditOutcome } from './audit.js';
export { main } from './main.js';
export type { CliIo } from './io.js';
export { loadConfig, findConfigFile, CONFIG_FILE_NAMES } from './config-file.js';
export { readSnapshotFolder } from './read-snapshot.js';
import type { ConfigObject, FlatConfig } from '@iamlint/core';

export { defineRule, type ConfigObject, type FlatConfig, type Rule, type RuleContext } from '@iamlint/core';
export { recommended, presets, builtinRules } from '@iamlint/rules';

/** Identity function that gives a config file type checking: `export default defineConfig([...])`. */
export function defineConfig<T extends FlatConfig | ConfigObject>(config: T): T {
  return config;
}
