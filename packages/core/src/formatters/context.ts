import type { BaselineComparison } from '../engine/baseline.js';
import type { AnyRule, ComplianceFramework } from '../engine/rule.js';
import type { LintResult } from '../engine/runner.js';
import type { Model } from '../model/model.js';

export interface Colors {
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  underline(text: string): string;
}

const identity = (text: string): string => text;

export const noColors: Colors = Object.freeze({
  red: identity,
  yellow: identity,
  green: identity,
  dim: identity,
  bold: identity,
  underline: identity,
});

export interface FormatContext {
  result: LintResult;
  model: Model;
  /** Rule id → rule; `meta.docs.url` is set by the registry and may be undefined. */
  rules: ReadonlyMap<string, AnyRule>;
  /** The snapshot folder relative to the repository root, POSIX, e.g. `snapshots/acme`. */
  snapshotPath: string;
  toolName?: string;
  toolVersion: string;
  /** SARIF `automationDetails.id` prefix; defaults to `iamlint/<snapshotPath>/`. */
  category?: string;
  /** Appended to the category in SARIF `automationDetails.id`, e.g. a CI run number. */
  runId?: string;
  colors?: Colors;
  /** `--quiet`: the not-evaluated checks are counted in one line rather than listed. */
  quiet?: boolean;
  /** Control catalogues for the compliance format. */
  frameworks?: readonly ComplianceFramework[];
  /** With a baseline or `--new-since`: the known findings left out of `result`. */
  baseline?: BaselineComparison;
}

/** @deprecated `FormatContext` has the `baseline` field itself. */
export type BaselineFormatContext = Pick<FormatContext, 'baseline'>;
