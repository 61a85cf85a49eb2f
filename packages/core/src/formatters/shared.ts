import { SEVERITIES, type Severity } from '../engine/rule.js';
import type { Finding, NotEvaluated } from '../engine/runner.js';
import type { Location, Model } from '../model/model.js';
import type { SourceRef } from '../model/nodes.js';
import type { SectionId } from '../snapshot/schema.js';

export const SEVERITY_ORDER: readonly Severity[] = SEVERITIES;
const SEVERITY_RANK = new Map(SEVERITY_ORDER.map((severity, index) => [severity, index]));

/** Most severe first: by security severity, then error before warning. */
export function compareSeverity(a: Finding, b: Finding): number {
  return (SEVERITY_RANK.get(a.severity) ?? 0) - (SEVERITY_RANK.get(b.severity) ?? 0) || levelRank(a) - levelRank(b);
}

function levelRank(finding: Finding): number {
  return finding.level === 'error' ? 0 : 1;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** The snapshot folder as a clean POSIX path relative to the repository root ('' for the root itself). */
export function normalizeSnapshotPath(snapshotPath: string): string {
  let path = snapshotPath.replace(/\\/g, '/').replace(/\/{2,}/g, '/');
  while (path.startsWith('./')) path = path.slice(2);
  path = path.replace(/\/+$/, '');
  return path === '.' ? '' : path;
}

export function repositoryPath(snapshotPath: string, file: string): string {
  const folder = normalizeSnapshotPath(snapshotPath);
  return folder === '' ? file : `${folder}/${file}`;
}

/** The path a reader opens: a snapshot file below the snapshot folder, or the raw export a value was imported from. */
export function locatedPath(snapshotPath: string, located: Location): string {
  return located.input ? located.file : repositoryPath(snapshotPath, located.file);
}

export interface ResolvedLocation {
  file: string;
  pointer: string;
  line: number;
  column: number;
  /** The file is the raw export the value was imported from, named as given, not a snapshot file. */
  input?: true;
}

export function resolveLocation(model: Model, source: SourceRef): ResolvedLocation {
  const { file, pointer, line, column, input } = model.locate(source);
  return { file, pointer, line, column, ...(input ? { input } : {}) };
}

export interface FindingScope {
  /** Sorts organization first, then accounts by id, then Identity Center. */
  sortKey: string;
  label: string;
  accountId: string | null;
}

const IDENTITY_CENTER_FILE = 'identity-center.json';

/** Where a finding belongs for grouping: its account, or the organization / Identity Center as a whole. */
export function scopeOfFinding(model: Model, finding: Finding): FindingScope {
  const { accountId } = finding.resource;
  if (accountId !== null) return { sortKey: `1|${accountId}`, label: accountLabel(model, accountId), accountId };
  if (finding.location.file === IDENTITY_CENTER_FILE) return { sortKey: '2|', label: 'identity center', accountId: null };
  return { sortKey: '0|', label: 'organization', accountId: null };
}

/** `111111111111 (production)`, or the bare id when the snapshot knows no other name. */
export function accountLabel(model: Model, accountId: string): string {
  const name = model.account(accountId)?.name;
  return name !== undefined && name !== accountId ? `${accountId} (${name})` : accountId;
}

const GLOBAL_SECTION_FILES: Partial<Record<SectionId, string>> = {
  organization: 'organization.json',
  'organization.policies': 'organization.json',
  identityCenter: IDENTITY_CENTER_FILE,
};

/** Each missing section with why it is missing, e.g. `iam.credentialReport (AccessDenied on iam:GenerateCredentialReport)`. */
export function describeMissingSections(model: Model, entry: NotEvaluated): string[] {
  return entry.sections.map((section) => {
    const reasons = [
      ...new Set(model.gapsFor(section, entry.accountId).map((gap) => (gap.call ? `${gap.error} on ${gap.call}` : gap.error))),
    ];
    if (reasons.length > 0) return `${section} (${reasons.join('; ')})`;
    const globalFile = GLOBAL_SECTION_FILES[section];
    if (globalFile !== undefined) return `${section} (${globalFile} not in snapshot)`;
    if (entry.accountId !== null && model.account(entry.accountId)?.hasAccountFile === false) {
      return `${section} (accounts/${entry.accountId}.json not in snapshot)`;
    }
    return `${section} (not collected)`;
  });
}

export function notEvaluatedScopeLabel(model: Model, entry: NotEvaluated): string {
  return entry.accountId === null ? 'organization-wide' : accountLabel(model, entry.accountId);
}

/** Snapshot text shown in a terminal: control and bidi characters made visible so they cannot move the cursor or reorder the line. */
export function sanitizeForTerminal(text: string): string {
  return text.replace(/[\p{Cc}\p{Bidi_Control}]/gu, (char) => {
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    if (char === '\t') return '\\t';
    return `\\u${(char.codePointAt(0) as number).toString(16).padStart(4, '0')}`;
  });
}

/** Text that reaches a terminal as one inert line: control characters escaped, cut to `max` characters with an ellipsis. */
export function terminalLine(text: string, max = 1000): string {
  const safe = sanitizeForTerminal(text);
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}

const MARKDOWN_SPECIAL = /[\\`*_{}[\]<>&|~!#$]/g;

/**
 * Text from the snapshot or a message, made inert in Markdown: line breaks become spaces (so a table row
 * stays one row), and every character Markdown or HTML could interpret becomes a numeric character
 * reference, which CommonMark and GFM always render as the literal character and never split a table on.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|[\n\r\t\v\f\u2028\u2029\u0085]/g, ' ')
    .replace(/[\p{Cc}\p{Bidi_Control}]/gu, '\uFFFD')
    .replace(MARKDOWN_SPECIAL, (char) => `&#${char.charCodeAt(0)};`);
}
