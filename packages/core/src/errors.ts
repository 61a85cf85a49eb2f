export type ErrorCode =
  | 'SNAPSHOT_NOT_FOUND'
  | 'SNAPSHOT_EMPTY'
  | 'SNAPSHOT_JSON'
  | 'SNAPSHOT_SCHEMA'
  | 'SNAPSHOT_VERSION'
  | 'SNAPSHOT_INCONSISTENT'
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_LOAD'
  | 'CONFIG_INVALID'
  | 'CONFIG_UNKNOWN_RULE'
  | 'CONFIG_RULE_OPTIONS'
  | 'RULE_DEFINITION'
  | 'USAGE'
  | 'OUTPUT'
  | 'WORKER';

export interface ErrorLocation {
  file: string;
  line?: number;
  column?: number;
  pointer?: string;
}

/**
 * A user-facing error: one line saying what went wrong, where, and how to fix it.
 * The CLI prints `format()` and exits 2; the stack is only shown with --debug.
 */
export class IamlintError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation | undefined;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { location?: ErrorLocation; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.location = options.location;
    this.hint = options.hint;
  }

  format(): string {
    const where = this.location ? `${formatLocation(this.location)}: ` : '';
    const hint = this.hint ? ` (${this.hint})` : '';
    return `${where}${this.message}${hint}`;
  }
}

export class SnapshotError extends IamlintError {}
export class SnapshotSchemaError extends SnapshotError {}
export class ConfigError extends IamlintError {}
export class UsageError extends IamlintError {}

export function formatLocation(location: ErrorLocation): string {
  let text = location.file;
  if (location.line !== undefined) {
    text += `:${location.line}`;
    if (location.column !== undefined) text += `:${location.column}`;
  }
  if (location.pointer !== undefined && location.pointer !== '') text += ` ${location.pointer}`;
  return text;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export interface ExitSummary {
  errorCount: number;
  warningCount: number;
  ruleFailureCount: number;
}

export function getExitCode(outcome: ExitSummary | unknown, maxWarnings = -1): number {
  if (!isExitSummary(outcome)) return EXIT_ERROR;
  if (outcome.ruleFailureCount > 0) return EXIT_ERROR;
  if (outcome.errorCount > 0) return EXIT_FINDINGS;
  if (maxWarnings >= 0 && outcome.warningCount > maxWarnings) return EXIT_FINDINGS;
  return EXIT_OK;
}

function isExitSummary(value: unknown): value is ExitSummary {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ExitSummary).errorCount === 'number' &&
    typeof (value as ExitSummary).warningCount === 'number' &&
    typeof (value as ExitSummary).ruleFailureCount === 'number'
  );
}
