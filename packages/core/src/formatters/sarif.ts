import type { AnyRule, Severity } from '../engine/rule.js';
import type { BaselineComparison } from '../engine/baseline.js';
import type { Finding, FindingResource, LintResult } from '../engine/runner.js';
import type { Model } from '../model/model.js';
import type { SourceRef } from '../model/nodes.js';
import type { FormatContext } from './context.js';
import {
  accountLabel,
  compareSeverity,
  describeMissingSections,
  escapeMarkdown,
  normalizeSnapshotPath,
  notEvaluatedScopeLabel,
  plural,
  locatedPath,
} from './shared.js';
import { compare } from '../util/compare.js';
import { markdownToText } from './markdown-text.js';

const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const IAMLINT_INFORMATION_URI = 'https://github.com/iamlint/iamlint';
/** GitHub code scanning limits (docs: "SARIF support for code scanning"). */
export const SARIF_MAX_RESULTS = 25_000;
const SARIF_MAX_TAGS = 20;
const SARIF_MAX_RELATED_LOCATIONS = 1_000;
/**
 * GitHub documents no limit for a rule's help, only 10 MB (gzipped) per upload; this cap keeps a run with every
 * built-in rule and some plugins well inside it (no built-in page reaches it). Longer help is cut between blocks
 * and links to the full page.
 */
export const SARIF_MAX_HELP_CHARS = 10_000;

/** GitHub maps security-severity > 9.0 to critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string | undefined>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: undefined,
};

type SarifLevel = 'error' | 'warning' | 'note';

interface SarifMessage {
  text: string;
  markdown?: string;
}

interface SarifPhysicalLocation {
  artifactLocation: { uri: string };
  region: { startLine: number; startColumn: number };
}

interface SarifReportingDescriptor {
  id: string;
  name?: string;
  shortDescription: SarifMessage;
  fullDescription?: SarifMessage;
  help?: SarifMessage;
  helpUri?: string;
  defaultConfiguration?: { level: SarifLevel };
  properties?: { tags: string[]; 'security-severity'?: string; severity: Severity };
}

interface SarifNotification {
  level: SarifLevel;
  message: SarifMessage;
  descriptor: { id: string };
  associatedRule?: { id: string; index: number };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: Array<{ physicalLocation: SarifPhysicalLocation }>;
  relatedLocations?: Array<{ id: number; physicalLocation: SarifPhysicalLocation; message: SarifMessage }>;
  partialFingerprints: { primaryLocationLineHash: string };
  fingerprints: { 'iamlint/v1': string };
  /** Only with a baseline or --new-since; code scanning keeps `unchanged` alerts open. */
  baselineState?: 'new' | 'unchanged';
  properties: { severity: Severity; resource: FindingResource };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [
    {
      tool: {
        driver: {
          name: string;
          version: string;
          semanticVersion?: string;
          informationUri: string;
          rules: SarifReportingDescriptor[];
          notifications: SarifReportingDescriptor[];
        };
      };
      automationDetails: { id: string };
      columnKind: 'utf16CodeUnits';
      invocations: [
        {
          executionSuccessful: boolean;
          toolExecutionNotifications: SarifNotification[];
          toolConfigurationNotifications: SarifNotification[];
        },
      ];
      results: SarifResult[];
      properties: {
        snapshot: { path: string; collectedAt: string; schemaVersion: string };
        suppressedCount: number;
        droppedResultCount: number;
        baseline?: { file?: string; sinceRef?: string; newCount: number; unchangedCount: number; absentCount: number };
      };
    },
  ];
}

const NOTIFICATION_DESCRIPTORS: SarifReportingDescriptor[] = [
  { id: 'rule-failure', shortDescription: { text: 'A rule threw an error; its results are incomplete.' } },
  { id: 'not-evaluated', shortDescription: { text: 'A rule could not run where snapshot data was missing; this is not a pass.' } },
  { id: 'results-dropped', shortDescription: { text: 'Results beyond the code scanning limit were left out.' } },
  { id: 'config-warning', shortDescription: { text: 'The configuration has a problem that did not stop the run.' } },
];

export function buildSarif(context: FormatContext): SarifLog {
  const { result, model, baseline } = context;
  const unchanged = new Set(baseline?.unchanged ?? []);
  const reported = [...result.findings, ...unchanged];
  const ruleIds = [
    ...new Set([
      ...result.rulesRun,
      ...reported.map((finding) => finding.ruleId),
      ...result.notEvaluated.map((entry) => entry.ruleId),
      ...result.ruleFailures.map((failure) => failure.ruleId),
    ]),
  ].sort(compare);
  const ruleIndex = new Map(ruleIds.map((id, index) => [id, index]));
  const kept = mostSevere(reported, SARIF_MAX_RESULTS);
  const dropped = reported.length - kept.length;
  const snapshotPath = normalizeSnapshotPath(context.snapshotPath);
  const category = context.category ?? `iamlint/${snapshotPath === '' ? '' : `${snapshotPath}/`}`;
  const version = context.toolVersion;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: context.toolName ?? 'iamlint',
            version,
            ...(/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?$/.test(version) ? { semanticVersion: version } : {}),
            informationUri: IAMLINT_INFORMATION_URI,
            rules: ruleIds.map((id) => ruleDescriptor(id, context.rules.get(id), reported)),
            notifications: NOTIFICATION_DESCRIPTORS.map((descriptor) => ({ ...descriptor })),
          },
        },
        automationDetails: { id: `${category.endsWith('/') ? category : `${category}/`}${context.runId ?? ''}` },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: result.ruleFailures.length === 0,
            toolExecutionNotifications: executionNotifications(result, model, ruleIndex, dropped, reported.length),
            toolConfigurationNotifications: result.diagnostics.map((diagnostic): SarifNotification => ({
              level: 'warning',
              message: { text: diagnostic.message },
              descriptor: { id: 'config-warning' },
            })),
          },
        ],
        results: kept.map((finding) => sarifResult(finding, context, ruleIndex, unchanged)),
        properties: {
          snapshot: { path: snapshotPath, collectedAt: model.manifest.collectedAt, schemaVersion: model.manifest.schemaVersion },
          suppressedCount: result.suppressed.length,
          droppedResultCount: dropped,
          ...(baseline ? { baseline: baselineProperties(baseline, result.findings.length) } : {}),
        },
      },
    ],
  };
}

function sarifResult(finding: Finding, context: FormatContext, ruleIndex: ReadonlyMap<string, number>, unchanged: ReadonlySet<Finding>): SarifResult {
  const { model } = context;
  const physicalLocation = (source: SourceRef): SarifPhysicalLocation => {
    const located = model.locate(source);
    return { artifactLocation: { uri: artifactUri(locatedPath(context.snapshotPath, located)) }, region: { startLine: located.line, startColumn: located.column } };
  };
  const related = finding.related.slice(0, SARIF_MAX_RELATED_LOCATIONS);
  return {
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId) as number,
    level: finding.level === 'error' ? 'error' : 'warning',
    message: { text: finding.message },
    locations: [{ physicalLocation: physicalLocation(finding.location) }],
    ...(related.length > 0
      ? {
          relatedLocations: related.map((entry, index) => ({
            id: index + 1,
            physicalLocation: physicalLocation(entry.location),
            message: { text: describeResource(model, entry.resource) },
          })),
        }
      : {}),
    partialFingerprints: { primaryLocationLineHash: finding.fingerprint },
    fingerprints: { 'iamlint/v1': finding.fingerprint },
    ...(context.baseline ? { baselineState: unchanged.has(finding) ? ('unchanged' as const) : ('new' as const) } : {}),
    properties: { severity: finding.severity, resource: { ...finding.resource } },
  };
}

/** Rule failures, checks not evaluated, and results left out for code scanning's limit. */
function executionNotifications(
  result: LintResult,
  model: Model,
  ruleIndex: ReadonlyMap<string, number>,
  dropped: number,
  reportedCount: number,
): SarifNotification[] {
  const associated = (ruleId: string) => ({ id: ruleId, index: ruleIndex.get(ruleId) as number });
  return [
    ...result.ruleFailures.map((failure): SarifNotification => ({
      level: 'error',
      message: {
        text: `Rule ${failure.ruleId} failed${failure.resourceId === null ? '' : ` while visiting ${failure.resourceId}`}: ${failure.message}. Its results are incomplete.`,
      },
      descriptor: { id: 'rule-failure' },
      associatedRule: associated(failure.ruleId),
    })),
    ...result.notEvaluated.map((entry): SarifNotification => ({
      level: 'warning',
      message: {
        text: `Rule ${entry.ruleId} was not evaluated (${notEvaluatedScopeLabel(model, entry)}): missing ${describeMissingSections(model, entry).join(', ')}. This is not a pass.`,
      },
      descriptor: { id: 'not-evaluated' },
      associatedRule: associated(entry.ruleId),
    })),
    ...(dropped > 0
      ? [
          {
            level: 'warning' as const,
            message: {
              text: `${plural(dropped, 'result')} dropped: GitHub code scanning accepts at most ${SARIF_MAX_RESULTS} results per run, so the ${SARIF_MAX_RESULTS} most severe of ${reportedCount} are kept. The json format lists them all.`,
            },
            descriptor: { id: 'results-dropped' },
          },
        ]
      : []),
  ];
}

function baselineProperties(baseline: BaselineComparison, newCount: number): NonNullable<SarifLog['runs'][0]['properties']['baseline']> {
  return {
    ...(baseline.baselineFile !== undefined ? { file: baseline.baselineFile } : {}),
    ...(baseline.sinceRef !== undefined ? { sinceRef: baseline.sinceRef } : {}),
    newCount,
    unchangedCount: baseline.unchanged.length,
    absentCount: baseline.absent.length,
  };
}

export function formatSarif(context: FormatContext): string {
  return `${JSON.stringify(buildSarif(context), null, 2)}\n`;
}

/** The `limit` most severe findings, in their original order. */
function mostSevere(findings: readonly Finding[], limit: number): Finding[] {
  if (findings.length <= limit) return [...findings];
  const keep = new Set(
    findings
      .map((finding, index) => ({ finding, index }))
      .sort((a, b) => compareSeverity(a.finding, b.finding) || a.index - b.index)
      .slice(0, limit)
      .map(({ index }) => index),
  );
  return findings.filter((_, index) => keep.has(index));
}

function ruleDescriptor(id: string, rule: AnyRule | undefined, findings: readonly Finding[]): SarifReportingDescriptor {
  if (!rule) return { id, name: pascalCase(id), shortDescription: { text: id } };
  const { meta } = rule;
  const description = meta.docs.description;
  const compliance = (meta.compliance ?? []).map((entry) => ({
    tag: `${entry.framework}-${entry.version}/${entry.control}`,
    label: `${entry.framework} ${entry.version}: ${entry.control}`,
  }));
  const requires = meta.requires ?? [];
  const url = meta.docs.url;

  const textParts = [description, `Severity: ${meta.severity}.`];
  if (compliance.length > 0) textParts.push(`Compliance: ${compliance.map((entry) => entry.label).join('; ')}.`);
  if (requires.length > 0) textParts.push(`Needs snapshot data: ${requires.join(', ')}.`);

  const markdownParts = [description, `**Severity:** ${meta.severity}`];
  if (compliance.length > 0) markdownParts.push(`**Compliance:**\n\n${compliance.map((entry) => `- ${escapeMarkdown(entry.label)}`).join('\n')}`);
  if (requires.length > 0) markdownParts.push(`**Needs snapshot data:** ${requires.map((section) => `\`${section}\``).join(', ')}`);

  const page = meta.docs.page;
  const pageBlocks = page ? [`## Why\n\n${page.why}`, `## How to fix\n\n${page.howToFix}`].filter((block) => !/^## [^\n]+\n\n$/.test(block)) : [];
  const markdown = withinLimit(markdownParts, pageBlocks.flatMap(markdownBlocks), url, (link) => `[Rule documentation](${link})`, '…\n\n[Read the rest of this page](%s)');
  const text = withinLimit(textParts, pageBlocks.flatMap(markdownBlocks).map((block) => markdownToText(block)), url, (link) => `Documentation: ${link}`, '…\n\nRead the rest of this page: %s');

  const fullDescription = [description, ...(compliance.length > 0 ? [`Compliance: ${compliance.map((entry) => entry.label).join('; ')}.`] : [])].join(' ');
  const tags = [...new Set(['security', ...compliance.map((entry) => entry.tag)])].slice(0, SARIF_MAX_TAGS);
  const securitySeverity = SECURITY_SEVERITY[meta.severity];
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: description },
    fullDescription: { text: fullDescription },
    help: { text, markdown },
    ...(url !== undefined ? { helpUri: url } : {}),
    defaultConfiguration: { level: defaultLevel(id, meta.severity, findings) },
    properties: { tags, ...(securitySeverity !== undefined ? { 'security-severity': securitySeverity } : {}), severity: meta.severity },
  };
}

/**
 * The head, then as many of the page's blocks as fit in SARIF_MAX_HELP_CHARS, then the link. Cut between blocks, never
 * inside a code block, and say so with a link to the whole page.
 */
function withinLimit(head: readonly string[], blocks: readonly string[], url: string | undefined, link: (url: string) => string, cutNote: string): string {
  const footer = url !== undefined ? [link(url)] : [];
  const note = url !== undefined ? cutNote.replace('%s', url) : '…';
  let length = [...head, note].join('\n\n').length;
  const kept: string[] = [];
  for (const block of blocks) {
    length += block.length + 2;
    if (length > SARIF_MAX_HELP_CHARS) return [...head, ...kept, note].join('\n\n');
    kept.push(block);
  }
  return [...head, ...kept, ...footer].join('\n\n');
}

/** Markdown split into blocks at blank lines, a fenced code block staying whole. */
function markdownBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    if (!fenced && line.trim() === '') {
      if (current.length > 0) blocks.push(current.join('\n'));
      current = [];
    } else current.push(line);
  }
  if (current.length > 0) blocks.push(current.join('\n'));
  return blocks;
}

/** The level the rule ran at where it found something; otherwise what its severity suggests. */
function defaultLevel(ruleId: string, severity: Severity, findings: readonly Finding[]): SarifLevel {
  let sawWarning = false;
  for (const finding of findings) {
    if (finding.ruleId !== ruleId) continue;
    if (finding.level === 'error') return 'error';
    sawWarning = true;
  }
  if (sawWarning) return 'warning';
  if (severity === 'critical' || severity === 'high') return 'error';
  return severity === 'info' ? 'note' : 'warning';
}

function pascalCase(ruleId: string): string {
  return ruleId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** A repository-relative URI reference: POSIX segments, each percent-encoded, never a leading './'. */
function artifactUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function describeResource(model: Model, resource: FindingResource): string {
  const where = resource.accountId === null ? '' : ` in account ${accountLabel(model, resource.accountId)}`;
  const name = resource.name === resource.id ? resource.name : `${resource.name} (${resource.id})`;
  return `${resource.kind} ${name}${where}`;
}
