import {
  compareSeverity,
  countBySeverity,
  describeAccess,
  describeBaseline,
  diffAccountLabel,
  escapeMarkdown,
  isSafeMarkdownUrl,
  markdownTable,
  plural,
  locatedPath,
  SEVERITY_ICON,
  SEVERITY_ORDER,
  type AnyRule,
  type BaselineComparison,
  type Finding,
  type LintResult,
  type Model,
  type PermissionChange,
  type SnapshotDiff,
  type SourceRef,
} from '@iamlint/core';

/** Annotations beyond a handful bury the diff; the summary and SARIF hold the rest. */
export const MAX_ANNOTATIONS = 10;
/** A job summary may be at most 1 MiB: rows past these caps are counted, not shown. */
export const MAX_FINDING_ROWS = 200;
export const MAX_PERMISSION_ROWS = 100;

export interface BlobLinks {
  serverUrl: string;
  /** owner/name */
  repository: string;
  sha: string;
}

export interface ReportInput {
  /** The snapshot folder relative to the repository root, POSIX (`.` for the root). */
  snapshotPath: string;
  model: Model;
  /** The new findings. */
  result: LintResult;
  comparison?: BaselineComparison;
  rules: ReadonlyMap<string, AnyRule>;
  /** Who-can-do-what changes since `new-since`, when the snapshot existed there. */
  diff?: SnapshotDiff;
  sinceLabel?: string;
  /** A scheduled run with no new snapshot: the commit of the snapshot, audited when it was pushed. */
  noNewSnapshot?: string;
  links?: BlobLinks;
  sarifFile: string;
}

export interface Annotation {
  level: 'error' | 'warning';
  title: string;
  message: string;
  file: string;
  startLine: number;
  startColumn: number;
}

/** Every current finding, new and already known. */
export function allFindings(input: Pick<ReportInput, 'result' | 'comparison'>): Finding[] {
  return [...input.result.findings, ...(input.comparison?.unchanged ?? [])];
}

/** The most severe new findings as annotations on their snapshot lines. */
export function annotationsFor(input: Pick<ReportInput, 'snapshotPath' | 'model' | 'result'>, limit = MAX_ANNOTATIONS): Annotation[] {
  return [...input.result.findings]
    .sort(compareSeverity)
    .slice(0, limit)
    .map((finding) => {
      const located = input.model.locate(finding.location);
      return {
        level: finding.level === 'error' ? 'error' : 'warning',
        title: `iamlint ${finding.ruleId} (${finding.severity})`,
        message: finding.message,
        file: locatedPath(input.snapshotPath, located),
        startLine: located.line,
        startColumn: located.column,
      };
    });
}

/** The job summary: counts, the new findings and the permissions gained since the base, linked to snapshot lines. */
export function jobSummary(input: ReportInput): string {
  const { result, model } = input;
  const text = escapeMarkdown;
  const all = allFindings(input);
  const newCounts = countBySeverity(result.findings);
  const allCounts = countBySeverity(all);
  const blocks: string[] = [`## iamlint: ${text(input.snapshotPath)}`];

  const status = input.noNewSnapshot
    ? `✅ **No new snapshot**: the snapshot last changed in ${text(input.noNewSnapshot)}, audited then; exit 0`
    : result.findings.length === 0
      ? '✅ **No new findings**'
      : `${result.errorCount > 0 ? '❌' : '⚠️'} **${plural(result.findings.length, 'new finding')}** (${plural(result.errorCount, 'error')}, ${plural(result.warningCount, 'warning')})`;
  const compared = input.sinceLabel && !input.noNewSnapshot ? ` since ${text(input.sinceLabel)}` : '';
  const known = input.comparison ? describeBaseline(input.comparison) : null;
  blocks.push([`${status}${compared}`, ...(known ? [text(known)] : [])].join(' · '));

  blocks.push(
    markdownTable(
      ['Severity', 'New', 'All current'],
      ['---', '---:', '---:'],
      SEVERITY_ORDER.map((severity) => [`${SEVERITY_ICON[severity]} ${severity}`, String(newCounts[severity]), String(allCounts[severity])]),
    ),
  );

  if (result.findings.length > 0) {
    blocks.push('### New findings');
    const ordered = [...result.findings].sort(compareSeverity);
    const rows = ordered.slice(0, MAX_FINDING_ROWS).map((finding) => {
      const url = input.rules.get(finding.ruleId)?.meta.docs.url;
      return [
        `${SEVERITY_ICON[finding.severity]} ${finding.severity} (${finding.level === 'error' ? 'error' : 'warning'})`,
        url !== undefined && isSafeMarkdownUrl(url) ? `[${finding.ruleId}](${url})` : `\`${finding.ruleId}\``,
        `${finding.resource.kind} ${text(finding.resource.name)}`,
        locationCell(input, finding.location),
        text(finding.message),
      ];
    });
    blocks.push(markdownTable(['Severity', 'Rule', 'Resource', 'Location', 'Message'], ['---', '---', '---', '---', '---'], rows));
    if (ordered.length > rows.length) blocks.push(`_${ordered.length - rows.length} less severe new findings are not shown; ${text(input.sarifFile)} has them all._`);
  }

  if (input.diff) blocks.push(...permissionBlocks(input, input.diff));

  const notes = [
    result.notEvaluated.length > 0 ? `⚠️ ${plural(result.notEvaluated.length, 'check')} not evaluated (data missing from the snapshot; not a pass)` : '',
    result.ruleFailures.length > 0 ? `❌ ${plural(result.ruleFailures.length, 'rule')} failed while running; results are incomplete` : '',
    result.suppressed.length > 0 ? `${plural(result.suppressed.length, 'finding')} suppressed by exceptions or ignore tags` : '',
  ].filter(Boolean);
  if (notes.length > 0) blocks.push(notes.map((note) => `- ${note}`).join('\n'));

  blocks.push(`<sub>SARIF: ${text(input.sarifFile)} · snapshot collected ${text(model.manifest.collectedAt)}</sub>`);
  return `${blocks.join('\n\n')}\n`;
}

function permissionBlocks(input: ReportInput, diff: SnapshotDiff): string[] {
  const gained = diff.permissions.filter((change) => change.adminChange === 'gained' || change.gained.length > 0);
  const heading = `### Permissions gained${input.sinceLabel ? ` since ${escapeMarkdown(input.sinceLabel)}` : ''}`;
  if (gained.length === 0) return [heading, 'No principal gained permissions.'];
  const rows = gained.slice(0, MAX_PERMISSION_ROWS).map((change) => [
    change.adminChange === 'gained' ? '🔴 administrator' : '🟠 more access',
    principalCell(input, change),
    escapeMarkdown(diffAccountLabel(diff, change.principal.accountId)),
    change.adminChange === 'gained'
      ? escapeMarkdown(`administrator access${change.grantedBy.length > 0 ? ` through ${change.grantedBy.join(', ')}` : ''}`)
      : change.gained.map((access) => escapeMarkdown(describeAccess(access))).join('<br>'),
  ]);
  const blocks = [heading, markdownTable(['Change', 'Principal', 'Account', 'Gained'], ['---', '---', '---', '---'], rows)];
  if (gained.length > rows.length) blocks.push(`_${gained.length - rows.length} more principals gained permissions; run \`iamlint diff\` for all of them._`);
  return blocks;
}

function principalCell(input: ReportInput, change: PermissionChange): string {
  const label = `${change.principal.kind} ${escapeMarkdown(change.principal.name)}`;
  const node = input.model.byId(change.principal.id);
  return node ? `${label} (${locationCell(input, node.source)})` : label;
}

/** `accounts/123456789012.json:42`, linked to that line of the commit when the repository and commit are known. */
function locationCell(input: ReportInput, source: SourceRef): string {
  const located = input.model.locate(source);
  const { line } = located;
  const path = locatedPath(input.snapshotPath, located);
  const label = escapeMarkdown(`${path}:${line}`);
  if (!input.links) return label;
  return `[${label}](${blobUrl(input.links, path, line)})`;
}

export function blobUrl(links: BlobLinks, path: string, line: number): string {
  // encodeURIComponent leaves ( ) ' ! * alone; parentheses would end a Markdown link early.
  const encode = (segment: string) => encodeURIComponent(segment).replace(/[()'!*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${links.serverUrl}/${links.repository.split('/').map(encode).join('/')}/blob/${encode(links.sha)}/${path.split('/').map(encode).join('/')}#L${line}`;
}
