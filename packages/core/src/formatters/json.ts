import type { BaselineEntry } from '../engine/baseline.js';
import type { ConfigDiagnostic } from '../engine/config.js';
import type { ReportData, Severity } from '../engine/rule.js';
import type { Finding, FindingResource } from '../engine/runner.js';
import type { SectionId } from '../snapshot/schema.js';
import type { FormatContext } from './context.js';
import { countBySeverity, describeMissingSections, normalizeSnapshotPath, resolveLocation, type ResolvedLocation } from './shared.js';

export const JSON_REPORT_VERSION = 1;

export interface JsonFinding {
  ruleId: string;
  messageId: string;
  message: string;
  data: ReportData;
  severity: Severity;
  level: 'warn' | 'error';
  resource: FindingResource;
  location: ResolvedLocation;
  related: Array<{ resource: FindingResource; location: ResolvedLocation }>;
  fingerprint: string;
  /** An iamlint:ignore tag named this finding, and the config did not let it suppress. */
  ignoredTag?: string;
}

export interface JsonSuppressedFinding extends JsonFinding {
  suppression: { kind: 'exception' | 'tag'; reason: string };
}

export interface JsonReport {
  version: typeof JSON_REPORT_VERSION;
  tool: { name: string; version: string };
  snapshot: { path: string; collectedAt: string; schemaVersion: string };
  summary: {
    errorCount: number;
    warningCount: number;
    suppressedCount: number;
    notEvaluatedCount: number;
    ruleFailureCount: number;
    bySeverity: Record<Severity, number>;
  };
  rulesRun: string[];
  findings: JsonFinding[];
  suppressed: JsonSuppressedFinding[];
  notEvaluated: Array<{ ruleId: string; accountId: string | null; sections: SectionId[]; reasons: string[] }>;
  ruleFailures: Array<{ ruleId: string; message: string; resourceId: string | null }>;
  diagnostics: ConfigDiagnostic[];
  /** With a baseline or --new-since: `findings` holds only the new ones; these are left out. */
  baseline?: { file?: string; sinceRef?: string; unchangedCount: number; absent: BaselineEntry[] };
}

export function buildJsonReport(context: FormatContext): JsonReport {
  const { result, model, baseline } = context;
  const toJson = (finding: Finding): JsonFinding => ({
    ruleId: finding.ruleId,
    messageId: finding.messageId,
    message: finding.message,
    data: sortKeys(finding.data),
    severity: finding.severity,
    level: finding.level,
    resource: resourceJson(finding.resource),
    location: resolveLocation(model, finding.location),
    related: finding.related.map((entry) => ({ resource: resourceJson(entry.resource), location: resolveLocation(model, entry.location) })),
    fingerprint: finding.fingerprint,
    ...(finding.ignoredTag ? { ignoredTag: finding.ignoredTag } : {}),
  });
  return {
    version: JSON_REPORT_VERSION,
    tool: { name: context.toolName ?? 'iamlint', version: context.toolVersion },
    snapshot: {
      path: normalizeSnapshotPath(context.snapshotPath),
      collectedAt: model.manifest.collectedAt,
      schemaVersion: model.manifest.schemaVersion,
    },
    summary: {
      errorCount: result.errorCount,
      warningCount: result.warningCount,
      suppressedCount: result.suppressed.length,
      notEvaluatedCount: result.notEvaluated.length,
      ruleFailureCount: result.ruleFailures.length,
      bySeverity: countBySeverity(result.findings),
    },
    rulesRun: [...result.rulesRun],
    findings: result.findings.map(toJson),
    suppressed: result.suppressed.map((finding) => ({
      ...toJson(finding),
      suppression: { kind: finding.suppression?.kind ?? 'exception', reason: finding.suppression?.reason ?? '' },
    })),
    notEvaluated: result.notEvaluated.map((entry) => ({
      ruleId: entry.ruleId,
      accountId: entry.accountId,
      sections: [...entry.sections],
      reasons: describeMissingSections(model, entry),
    })),
    ruleFailures: result.ruleFailures.map((failure) => ({ ruleId: failure.ruleId, message: failure.message, resourceId: failure.resourceId })),
    diagnostics: result.diagnostics.map((diagnostic) => ({ level: diagnostic.level, message: diagnostic.message })),
    ...(baseline
      ? {
          baseline: {
            ...(baseline.baselineFile !== undefined ? { file: baseline.baselineFile } : {}),
            ...(baseline.sinceRef !== undefined ? { sinceRef: baseline.sinceRef } : {}),
            unchangedCount: baseline.unchanged.length,
            absent: baseline.absent.map((entry) => ({ ...entry })),
          },
        }
      : {}),
  };
}

export function formatJson(context: FormatContext): string {
  return `${JSON.stringify(buildJsonReport(context), null, 2)}\n`;
}

function resourceJson(resource: FindingResource): FindingResource {
  return { kind: resource.kind, id: resource.id, name: resource.name, accountId: resource.accountId };
}

function sortKeys(data: ReportData): ReportData {
  return Object.fromEntries(Object.keys(data).sort().map((key) => [key, data[key] as string | number | boolean]));
}
