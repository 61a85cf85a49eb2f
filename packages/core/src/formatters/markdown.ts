import { describeBaseline } from './baseline.js';
import type { Severity } from '../engine/rule.js';
import type { Finding } from '../engine/runner.js';
import type { FormatContext } from './context.js';
import {
  compareSeverity,
  countBySeverity,
  describeMissingSections,
  escapeMarkdown,
  normalizeSnapshotPath,
  notEvaluatedScopeLabel,
  plural,
  locatedPath,
  scopeOfFinding,
  SEVERITY_ORDER,
} from './shared.js';

/** Tables longer than this are folded into a <details> block. */
export const MARKDOWN_FOLD_ROWS = 50;
/** GitHub caps a job summary at 1 MiB and a comment at 65,536 characters: past this many rows the table is cut. */
export const MARKDOWN_MAX_ROWS = 500;

export const SEVERITY_ICON: Record<Severity, string> = { critical: '🔴', high: '🟠', medium: '🟡', low: '🔵', info: '⚪' };

export function formatMarkdown(context: FormatContext): string {
  const { result, model } = context;
  const text = escapeMarkdown;
  const blocks: string[] = [];
  const snapshotPath = normalizeSnapshotPath(context.snapshotPath) || '.';

  blocks.push(`## iamlint: ${text(snapshotPath)}`);
  blocks.push(statusLine(context));

  if (result.findings.length > 0) {
    const bySeverity = countBySeverity(result.findings);
    const errors = countBySeverity(result.findings.filter((finding) => finding.level === 'error'));
    blocks.push(
      table(
        ['Severity', 'Errors', 'Warnings', 'Total'],
        ['---', '---:', '---:', '---:'],
        SEVERITY_ORDER.map((severity) => [
          `${SEVERITY_ICON[severity]} ${severity}`,
          String(errors[severity]),
          String(bySeverity[severity] - errors[severity]),
          String(bySeverity[severity]),
        ]),
      ),
    );
    const ordered = [...result.findings].sort(compareSeverity);
    const rows = ordered.slice(0, MARKDOWN_MAX_ROWS).map((finding) => findingRow(context, finding));
    const findingsTable = table(['Severity', 'Rule', 'Resource', 'Account', 'Location', 'Message'], ['---', '---', '---', '---', '---', '---'], rows);
    blocks.push('### Findings');
    blocks.push(fold(findingsTable, rows.length, plural(result.findings.length, 'finding')));
    if (ordered.length > MARKDOWN_MAX_ROWS) {
      blocks.push(`_${ordered.length - MARKDOWN_MAX_ROWS} less severe findings are not shown; the JSON and SARIF outputs have them all._`);
    }
  }

  if (result.notEvaluated.length > 0) {
    blocks.push('### ⚠️ Not evaluated');
    blocks.push('Data was missing, so these rules did not run there. **This is not a pass.**');
    const rows = result.notEvaluated.map((entry) => [
      `\`${entry.ruleId}\``,
      text(notEvaluatedScopeLabel(model, entry)),
      text(describeMissingSections(model, entry).join(', ')),
    ]);
    blocks.push(fold(table(['Rule', 'Scope', 'Missing data'], ['---', '---', '---'], rows), rows.length, plural(rows.length, 'check')));
  }

  if (result.ruleFailures.length > 0) {
    blocks.push('### ❌ Rule failures');
    blocks.push('These rules threw an error; their results are incomplete.');
    const rows = result.ruleFailures.map((failure) => [`\`${failure.ruleId}\``, failure.resourceId === null ? '' : text(failure.resourceId), text(failure.message)]);
    blocks.push(fold(table(['Rule', 'Resource', 'Error'], ['---', '---', '---'], rows), rows.length, plural(rows.length, 'failure')));
  }

  if (result.diagnostics.length > 0) {
    blocks.push('### Configuration warnings');
    blocks.push(result.diagnostics.map((diagnostic) => `- ${text(diagnostic.message)}`).join('\n'));
  }

  blocks.push(`<sub>${text(context.toolName ?? 'iamlint')} ${text(context.toolVersion)} · snapshot collected ${text(model.manifest.collectedAt)}</sub>`);
  return `${blocks.join('\n\n')}\n`;
}

function statusLine(context: FormatContext): string {
  const { result } = context;
  const problem = context.baseline ? 'new problem' : 'problem';
  const baselineLine = context.baseline ? describeBaseline(context.baseline) : null;
  const parts: string[] = [];
  if (result.findings.length === 0) {
    parts.push(`✅ **No ${problem}s${result.notEvaluated.length > 0 ? ' in what was evaluated' : ''}**`);
    parts.push(`(${plural(result.rulesRun.length, 'rule')} run)`);
  } else {
    parts.push(`${result.errorCount > 0 ? '❌' : '⚠️'} **${plural(result.findings.length, problem)}**`);
    parts.push(`(${plural(result.errorCount, 'error')}, ${plural(result.warningCount, 'warning')}; ${plural(result.rulesRun.length, 'rule')} run)`);
  }
  const extras: string[] = [];
  if (baselineLine !== null) extras.push(escapeMarkdown(baselineLine));
  if (result.suppressed.length > 0) extras.push(`${plural(result.suppressed.length, 'finding')} suppressed by exceptions or ignore tags`);
  if (result.notEvaluated.length > 0) extras.push(`⚠️ ${plural(result.notEvaluated.length, 'check')} not evaluated`);
  if (result.ruleFailures.length > 0) extras.push(`❌ ${plural(result.ruleFailures.length, 'rule failure')}`);
  if (result.diagnostics.length > 0) extras.push(plural(result.diagnostics.length, 'configuration warning'));
  return [parts.join(' '), ...extras].join(' · ');
}

function findingRow(context: FormatContext, finding: Finding): string[] {
  const { model } = context;
  const located = model.locate(finding.location);
  const url = context.rules.get(finding.ruleId)?.meta.docs.url;
  const rule = url !== undefined && isSafeUrl(url) ? `[${finding.ruleId}](${url})` : `\`${finding.ruleId}\``;
  const scope = scopeOfFinding(model, finding);
  return [
    `${SEVERITY_ICON[finding.severity]} ${finding.severity} (${finding.level === 'error' ? 'error' : 'warning'})`,
    rule,
    `${finding.resource.kind} ${escapeMarkdown(finding.resource.name)}`,
    escapeMarkdown(scope.label),
    escapeMarkdown(`${locatedPath(context.snapshotPath, located)}:${located.line}`),
    escapeMarkdown(finding.message),
  ];
}

/** Whether a rule's docs URL can stand in a Markdown link as it is. */
export function isSafeUrl(url: string): boolean {
  return /^https?:\/\/[^\s<>()[\]`"'|\\]+$/.test(url);
}

export function table(header: string[], alignment: string[], rows: string[][]): string {
  return [header, alignment, ...rows].map((cells) => `| ${cells.map((cell) => cell || ' ').join(' | ')} |`).join('\n');
}

export function fold(content: string, rowCount: number, summary: string): string {
  if (rowCount <= MARKDOWN_FOLD_ROWS) return content;
  return `<details>\n<summary>${summary}</summary>\n\n${content}\n\n</details>`;
}
