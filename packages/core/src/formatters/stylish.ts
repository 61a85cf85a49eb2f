import { describeBaseline } from './baseline.js';
import type { Severity } from '../engine/rule.js';
import { IGNORE_TAG, type Finding } from '../engine/runner.js';
import { noColors, type Colors, type FormatContext } from './context.js';
import {
  countBySeverity,
  describeMissingSections,
  notEvaluatedScopeLabel,
  plural,
  locatedPath,
  sanitizeForTerminal,
  terminalLine,
  scopeOfFinding,
  SEVERITY_ORDER,
  type FindingScope,
} from './shared.js';
import { compare } from '../util/compare.js';

interface Row {
  location: string;
  level: 'error' | 'warning';
  severity: Severity;
  message: string;
  ruleId: string;
}

interface ResourceGroup {
  heading: string;
  rows: Row[];
}

interface ScopeGroup {
  scope: FindingScope;
  resources: Map<string, ResourceGroup>;
}

export function formatStylish(context: FormatContext): string {
  const { result, model } = context;
  const colors = context.colors ?? noColors;
  const lines: string[] = [];

  const groups = new Map<string, ScopeGroup>();
  for (const finding of result.findings) {
    const scope = scopeOfFinding(model, finding);
    let group = groups.get(scope.sortKey);
    if (!group) {
      group = { scope, resources: new Map() };
      groups.set(scope.sortKey, group);
    }
    let resource = group.resources.get(finding.resource.id);
    if (!resource) {
      resource = { heading: resourceHeading(finding, colors), rows: [] };
      group.resources.set(finding.resource.id, resource);
    }
    resource.rows.push(rowOf(context, finding));
  }

  for (const group of [...groups.values()].sort((a, b) => compare(a.scope.sortKey, b.scope.sortKey))) {
    const rows = [...group.resources.values()].flatMap((resource) => resource.rows);
    const widths = {
      location: Math.max(...rows.map((row) => row.location.length)),
      level: Math.max(...rows.map((row) => row.level.length)),
      severity: Math.max(...rows.map((row) => row.severity.length)),
      ruleId: Math.max(...rows.map((row) => row.ruleId.length)),
    };
    lines.push('', colors.underline(colors.bold(sanitizeForTerminal(group.scope.label))));
    for (const resource of group.resources.values()) {
      lines.push(`  ${resource.heading}`);
      for (const row of resource.rows) {
        lines.push(
          [
            `    ${colors.dim(row.location)}${pad(row.location, widths.location)}`,
            `${colorLevel(colors, row.level)}${pad(row.level, widths.level)}`,
            `${colorSeverity(colors, row.severity)}${pad(row.severity, widths.severity)}`,
            `${colors.dim(row.ruleId)}${pad(row.ruleId, widths.ruleId)}`,
            row.message,
          ].join('  '),
        );
      }
    }
  }

  if (result.notEvaluated.length > 0 && context.quiet) {
    lines.push('', colors.yellow(colors.bold(`⚠ ${plural(result.notEvaluated.length, 'check')} not evaluated: data was missing (not a pass; run without --quiet to list them)`)));
  } else if (result.notEvaluated.length > 0) {
    lines.push('', colors.yellow(colors.bold(`⚠ ${plural(result.notEvaluated.length, 'check')} not evaluated: data was missing, so these rules did not run there (not a pass)`)));
    const rows = result.notEvaluated.map((entry) => [
      entry.ruleId,
      sanitizeForTerminal(notEvaluatedScopeLabel(model, entry)),
      sanitizeForTerminal(`missing ${describeMissingSections(model, entry).join(', ')}`),
    ]);
    lines.push(...alignColumns(rows).map((line) => `  ${line}`));
  }

  if (result.ruleFailures.length > 0) {
    lines.push('', colors.red(colors.bold(`✖ ${plural(result.ruleFailures.length, 'rule')} failed while running; ${result.ruleFailures.length === 1 ? 'its' : 'their'} results are incomplete`)));
    for (const failure of result.ruleFailures) {
      const where = failure.resourceId === null ? '' : colors.dim(` (while visiting ${sanitizeForTerminal(failure.resourceId)})`);
      lines.push(`  ${failure.ruleId}  ${sanitizeForTerminal(failure.message)}${where}`);
    }
  }

  if (result.diagnostics.length > 0) {
    lines.push('', colors.yellow(colors.bold(`⚠ ${plural(result.diagnostics.length, 'configuration warning')}`)));
    for (const diagnostic of result.diagnostics) lines.push(`  ${sanitizeForTerminal(diagnostic.message)}`);
  }

  lines.push('', ...summaryLines(context, colors));
  return `${lines.join('\n').replace(/^\n/, '')}\n`;
}

function summaryLines(context: FormatContext, colors: Colors): string[] {
  const { result } = context;
  const problem = context.baseline ? 'new problem' : 'problem';
  const lines: string[] = [];
  const problems = result.findings.length;
  if (problems === 0) {
    const scopeNote = result.notEvaluated.length > 0 ? ' in what was evaluated' : '';
    lines.push(colors.green(colors.bold(`✔ no ${problem}s${scopeNote} (${plural(result.rulesRun.length, 'rule')} run)`)));
  } else {
    const text = `✖ ${plural(problems, problem)} (${plural(result.errorCount, 'error')}, ${plural(result.warningCount, 'warning')})`;
    lines.push((result.errorCount > 0 ? colors.red : colors.yellow)(colors.bold(text)));
    const bySeverity = countBySeverity(result.findings);
    lines.push(`  ${SEVERITY_ORDER.filter((severity) => bySeverity[severity] > 0).map((severity) => `${bySeverity[severity]} ${severity}`).join(', ')}`);
  }
  if (result.suppressed.length > 0) {
    const byException = result.suppressed.filter((finding) => finding.suppression?.kind !== 'tag').length;
    const byTag = result.suppressed.length - byException;
    const parts = [byException > 0 ? `${byException} by exception` : '', byTag > 0 ? `${byTag} by iamlint:ignore tag` : ''].filter(Boolean);
    lines.push(colors.dim(`  ${plural(result.suppressed.length, 'finding')} suppressed (${parts.join(', ')})`));
  }
  const baselineLine = context.baseline ? describeBaseline(context.baseline) : null;
  if (baselineLine !== null) lines.push(colors.dim(`  ${sanitizeForTerminal(baselineLine)}`));
  if (result.notEvaluated.length > 0 && !context.quiet) lines.push(colors.yellow(`  ⚠ ${plural(result.notEvaluated.length, 'check')} not evaluated (listed above)`));
  if (result.ruleFailures.length > 0) lines.push(colors.red(`  ✖ ${plural(result.ruleFailures.length, 'rule failure')} (listed above)`));
  if (result.diagnostics.length > 0) lines.push(colors.yellow(`  ⚠ ${plural(result.diagnostics.length, 'configuration warning')} (listed above)`));
  return lines;
}

function rowOf(context: FormatContext, finding: Finding): Row {
  const located = context.model.locate(finding.location);
  return {
    location: `${sanitizeForTerminal(locatedPath(context.snapshotPath, located))}:${located.line}:${located.column}`,
    level: finding.level === 'error' ? 'error' : 'warning',
    severity: finding.severity,
    message: terminalLine(finding.message) + (finding.ignoredTag ? ` (${IGNORE_TAG} tag ignored: ignoreTags is not set)` : ''),
    ruleId: finding.ruleId,
  };
}

function resourceHeading(finding: Finding, colors: Colors): string {
  const { kind, name, id } = finding.resource;
  const label = `${kind} ${colors.bold(sanitizeForTerminal(name))}`;
  return id === name ? label : `${label}  ${colors.dim(sanitizeForTerminal(id))}`;
}

function colorLevel(colors: Colors, level: Row['level']): string {
  return level === 'error' ? colors.red(level) : colors.yellow(level);
}

function colorSeverity(colors: Colors, severity: Severity): string {
  if (severity === 'critical' || severity === 'high') return colors.red(severity);
  if (severity === 'medium') return colors.yellow(severity);
  return colors.dim(severity);
}

function pad(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - text.length));
}

function alignColumns(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, index) => (index === row.length - 1 ? cell : cell + pad(cell, widths[index] ?? 0))).join('  '));
}
