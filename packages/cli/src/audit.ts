import { relative, resolve, sep } from 'node:path';
import {
  formatResult,
  loadSnapshot,
  resolveConfig,
  runRules,
  type Colors,
  type FormatterName,
  type LintResult,
  type Model,
  type ResolvedConfig,
} from '@iamlint/core';
import { builtinRules, complianceFrameworks } from '@iamlint/rules';
import { loadConfig } from './config-file.js';
import { readSnapshotFolder } from './read-snapshot.js';
import { toolVersion } from './version.js';

export interface AuditOptions {
  /** The snapshot folder. */
  path: string;
  cwd?: string;
  configPath?: string;
  format?: FormatterName;
  /** Overrides the snapshot's collectedAt as "now" for age-based rules. */
  now?: Date;
  /** The day exceptions expire against: today, unless a test pins it. */
  today?: Date;
  /** Report errors only, as ESLint's --quiet. */
  quiet?: boolean;
  colors?: Colors;
  /** SARIF automationDetails category. */
  category?: string;
}

export interface AuditOutcome {
  result: LintResult;
  model: Model;
  config: ResolvedConfig;
  configFile: string | null;
  output: string;
}

/** The audit as a library call: read the snapshot and config, run the rules, format. No process exit, no printing. */
export async function audit(options: AuditOptions): Promise<AuditOutcome> {
  const cwd = options.cwd ?? process.cwd();
  const folder = resolve(cwd, options.path);
  const displayPath = toPosix(relative(cwd, folder)) || '.';
  const files = await readSnapshotFolder(folder, displayPath);
  const model = loadSnapshot(files, displayPath);
  const loaded = await loadConfig({ cwd, configPath: options.configPath });
  const config = resolveConfig(loaded.objects, {
    source: loaded.file ? toPosix(relative(cwd, loaded.file)) : 'built-in default config (iamlint:recommended)',
    builtinRules,
  });
  const full = runRules({
    model,
    config,
    ...(options.now ? { now: options.now } : {}),
    exceptionsAsOf: options.today ?? new Date(),
  });
  const result = options.quiet ? onlyErrors(full) : full;
  const output = formatResult(options.format ?? 'stylish', {
    result,
    model,
    rules: config.rules,
    snapshotPath: displayPath,
    toolVersion: toolVersion(),
    frameworks: complianceFrameworks,
    ...(options.category ? { category: options.category } : {}),
    ...(options.colors ? { colors: options.colors } : {}),
  });
  return { result, model, config, configFile: loaded.file, output };
}

function onlyErrors(result: LintResult): LintResult {
  return { ...result, findings: result.findings.filter((finding) => finding.level === 'error'), warningCount: 0 };
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
