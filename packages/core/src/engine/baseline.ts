import { Type, type Static } from '@sinclair/typebox';
import { ConfigError, IamlintError } from '../errors.js';
import { createAjv, describeError, pickError } from '../json/ajv.js';
import { parseJsonFile } from '../json/parse.js';
import { PositionIndex } from '../json/positions.js';
import type { Finding, LintResult } from './runner.js';
import { compare } from '../util/compare.js';
import { isPlainObject } from '../util/collections.js';

export const BASELINE_VERSION = 1;
export const DEFAULT_BASELINE_FILE = 'iamlint-baseline.json';

const BaselineEntrySchema = Type.Object(
  {
    fingerprint: Type.String({ pattern: '^[0-9a-f]{32}$' }),
    ruleId: Type.String({ minLength: 1 }),
    resource: Type.String(),
    message: Type.String(),
  },
  { additionalProperties: false },
);

const BaselineSchema = Type.Object(
  {
    version: Type.Literal(BASELINE_VERSION),
    counts: Type.Record(Type.String(), Type.Integer({ minimum: 1 })),
    findings: Type.Array(BaselineEntrySchema),
  },
  { additionalProperties: false },
);

export type BaselineEntry = Static<typeof BaselineEntrySchema>;
/** The findings a team has accepted, keyed by fingerprint; written to be reviewed in a pull request. */
export type Baseline = Static<typeof BaselineSchema>;

/** Findings already known: from a baseline file, from the same snapshot at an earlier git commit, or both. */
export interface KnownFindings {
  baseline?: { file: string; content: Baseline };
  since?: { ref: string; fingerprints: ReadonlySet<string> };
}

export interface BaselineComparison {
  /** The baseline file, when one was used. */
  baselineFile?: string;
  /** The git ref compared with (`--new-since`), when one was used. */
  sinceRef?: string;
  /** Current findings that were already known; left out of the report, kept in SARIF as `unchanged`. */
  unchanged: Finding[];
  /** Entries of the baseline file that no longer occur: fixed, or their resource is gone. */
  absent: BaselineEntry[];
}

export interface BaselinedResult {
  /** Only the new findings, with error and warning counts to match: the exit code counts these. */
  result: LintResult;
  comparison: BaselineComparison;
}

/** Splits a result into new findings and known ones. Pure; findings keep their order. */
export function compareWithKnown(result: LintResult, known: KnownFindings): BaselinedResult {
  const inBaseline = new Set(known.baseline?.content.findings.map((entry) => entry.fingerprint) ?? []);
  const atRef = known.since?.fingerprints ?? new Set<string>();
  const fresh: Finding[] = [];
  const unchanged: Finding[] = [];
  for (const finding of result.findings) {
    (inBaseline.has(finding.fingerprint) || atRef.has(finding.fingerprint) ? unchanged : fresh).push(finding);
  }
  const current = new Set(result.findings.map((finding) => finding.fingerprint));
  const absent = (known.baseline?.content.findings ?? []).filter((entry) => !current.has(entry.fingerprint));
  return {
    result: {
      ...result,
      findings: fresh,
      errorCount: fresh.filter((finding) => finding.level === 'error').length,
      warningCount: fresh.filter((finding) => finding.level === 'warn').length,
    },
    comparison: {
      ...(known.baseline ? { baselineFile: known.baseline.file } : {}),
      ...(known.since ? { sinceRef: known.since.ref } : {}),
      unchanged,
      absent,
    },
  };
}

/** A baseline of these findings: one entry per fingerprint, sorted by rule, resource and fingerprint. */
export function createBaseline(findings: readonly Finding[]): Baseline {
  const byFingerprint = new Map<string, BaselineEntry>();
  for (const finding of findings) {
    if (byFingerprint.has(finding.fingerprint)) continue;
    byFingerprint.set(finding.fingerprint, {
      fingerprint: finding.fingerprint,
      ruleId: finding.ruleId,
      resource: finding.resource.id,
      message: finding.message,
    });
  }
  const entries = [...byFingerprint.values()].sort(
    (a, b) => compare(a.ruleId, b.ruleId) || compare(a.resource, b.resource) || compare(a.fingerprint, b.fingerprint),
  );
  const counts: Record<string, number> = {};
  for (const entry of entries) counts[entry.ruleId] = (counts[entry.ruleId] ?? 0) + 1;
  return { version: BASELINE_VERSION, counts, findings: entries };
}

/** Stable text: fixed key order, 2-space indent, trailing newline, so an unchanged baseline is byte-identical. */
export function serializeBaseline(baseline: Baseline): string {
  const counts = Object.fromEntries(Object.keys(baseline.counts).sort(compare).map((ruleId) => [ruleId, baseline.counts[ruleId]]));
  const findings = baseline.findings.map((entry) => ({ fingerprint: entry.fingerprint, ruleId: entry.ruleId, resource: entry.resource, message: entry.message }));
  return `${JSON.stringify({ version: baseline.version, counts, findings }, null, 2)}\n`;
}

let validateBaseline: ReturnType<ReturnType<typeof createAjv>['compile']> | undefined;

/** Reads a baseline file's text; anything else is a ConfigError naming the file, line and problem. */
export function parseBaseline(text: string, file: string): Baseline {
  const hint = `regenerate it with \`iamlint audit --update-baseline --baseline ${file}\``;
  let data: unknown;
  try {
    data = parseJsonFile(file, text);
  } catch (error) {
    if (!(error instanceof IamlintError)) throw error;
    throw new ConfigError('CONFIG_INVALID', `not an iamlint baseline: ${error.message}`, { ...(error.location ? { location: error.location } : {}), hint });
  }
  const version = isPlainObject(data) ? data.version : undefined;
  if (version !== undefined && version !== BASELINE_VERSION) {
    throw new ConfigError('CONFIG_INVALID', `baseline version ${JSON.stringify(version)} is not supported (this iamlint reads version ${BASELINE_VERSION})`, {
      location: { file, ...new PositionIndex(text).positionOfPointer('/version') },
      hint: `upgrade iamlint, or ${hint}`,
    });
  }
  validateBaseline ??= createAjv().compile(BaselineSchema);
  if (!validateBaseline(data)) {
    const problem = pickError(validateBaseline.errors);
    const { pointer, message } = problem ? describeError(problem) : { pointer: '', message: 'does not match the baseline format' };
    throw new ConfigError('CONFIG_INVALID', `not an iamlint baseline: ${pointer || '(root)'} ${message}`, {
      location: { file, ...new PositionIndex(text).positionOfPointer(pointer) },
      hint,
    });
  }
  return data as Baseline;
}
