// The public API of @iamlint/core: what rule and plugin authors, the CLI, the collectors and the action use.
// Everything else in src/ is internal and may change; import it by path only from core's own tests.
// Test helpers (buildModel, RuleTester, …) are the separate entry @iamlint/core/testing.

// Rules and plugins: defineRule, the rule context and visitors, severities, compliance mappings.
export * from './engine/rule.js';

// The snapshot format: file types, their JSON Schemas, section ids, the schema version.
export * from './snapshot/schema.js';

// Loading a snapshot folder (its files as text) into the Model rules visit.
export {
  ACCOUNT_FILE_PATTERN,
  IDENTITY_CENTER_FILE,
  isSnapshotFile,
  loadSnapshot,
  MANIFEST_FILE,
  ORGANIZATION_FILE,
  snapshotFileProblem,
  type SnapshotFileKind,
  type SnapshotFileProblem,
} from './model/loader.js';
export { ACCOUNT_SECTIONS, isAwsManagedPolicyArn, Model, type Location, type OrganizationPolicyLevel, type PrincipalPolicy, type SnapshotTexts } from './model/model.js';
export * from './model/nodes.js';
export { originOf, type Origin, type SnapshotOrigins } from './model/origins.js';
export { DocumentInterner } from './snapshot/intern.js';
// The node and section reference of docs/plugins.md (scripts/generate-docs.mjs).
export { renderNodeReference, renderSectionReference } from './model/node-reference.js';
export { jsonNestingTooDeep, MAX_JSON_DEPTH, parseJsonFile, valueNestsDeeper } from './json/parse.js';
export { PositionIndex, type Position } from './json/positions.js';
export { pathToPointer, pointerToPath } from './json/pointer.js';
export { createAjv } from './json/ajv.js';

// Errors and exit codes.
export {
  ConfigError,
  EXIT_ERROR,
  EXIT_FINDINGS,
  EXIT_OK,
  getExitCode,
  IamlintError,
  SnapshotError,
  SnapshotSchemaError,
  UsageError,
  type ErrorCode,
  type ErrorLocation,
  type ExitSummary,
} from './errors.js';

// Policy documents and the evaluator.
export { normalizePolicy, statementCoversAction } from './policy/statements.js';
export type {
  Effect,
  NormalizedCondition,
  NormalizedPolicy,
  NormalizedPrincipal,
  NormalizedStatement,
  PolicyProblem,
  PolicyProblemCode,
} from './policy/statements.js';
export { evaluateRequest } from './policy/evaluate.js';
export type {
  DecidingStatement,
  Decision,
  EvaluationContext,
  EvaluationRequest,
  EvaluationResult,
  PolicyInput,
  PolicySource,
  RequestPrincipal,
} from './policy/evaluate.js';
export type { ConditionFamily } from './policy/conditions.js';
export { actionCatalog } from './policy/catalog.js';
export type {
  AccessLevel,
  ActionCatalog,
  ActionInfo,
  ActionResourceType,
  ConditionKeyInfo,
  ConditionKeyType,
  IamDataInfo,
  ResourceTypeInfo,
} from './policy/catalog.js';

// Questions rules ask about effective permissions (context.policy), and privilege escalation paths.
export { ADMINISTRATOR_ACCESS, ADMINISTRATOR_DOCUMENT, createPolicyQuestions, type PolicyQuestionsOptions } from './policy/questions/index.js';
export type * from './policy/questions/types.js';
export { createEscalationSearch, ESCALATION_METHODS, escalationPathFrom, findEscalationPaths } from './policy/escalation/index.js';
export type * from './policy/escalation/types.js';

// Configuration and the run: flat config → resolved config → findings.
export {
  CONFIG_DOES_NOTHING,
  mergeOptions,
  resolveConfig,
  ResolvedConfig,
  scopeMatches,
  type ConfigDiagnostic,
  type ConfigObject,
  type ExceptionEntry,
  type FlatConfig,
  type IgnoreTagPolicy,
  type Level,
  type LevelInput,
  type ResolvedException,
  type ResolveOptions,
  type RuleEntry,
  type RuleSetting,
} from './engine/config.js';
export { createRulePartRunner, IGNORE_TAG, IGNORE_TAG_RULE_ID, mergeRuleParts, runRules, type Finding, type FindingResource, type LintResult, type NotEvaluated, type RuleEvent, type RuleFailure, type RulePart, type RulePartRunner, type RunOptions, type RunPosition } from './engine/runner.js';
export type { Suppression } from './engine/suppression.js';

// Questions over a snapshot: can a principal do an action, who can, and why a finding was reported.
export * from './answers/index.js';

// Baselines and findings already known at a git ref.
export {
  BASELINE_VERSION,
  compareWithKnown,
  createBaseline,
  DEFAULT_BASELINE_FILE,
  parseBaseline,
  serializeBaseline,
  type Baseline,
  type BaselineComparison,
  type BaselinedResult,
  type BaselineEntry,
  type KnownFindings,
} from './engine/baseline.js';

// Reports: one entry point per format, the JSON and SARIF shapes, and the wording helpers the action's summary shares.
export {
  buildComplianceReport,
  buildJsonReport,
  compareSeverity,
  countBySeverity,
  describeBaseline,
  escapeMarkdown,
  FORMATTERS,
  formatResult,
  isSafeMarkdownUrl,
  JSON_REPORT_VERSION,
  markdownTable,
  plural,
  locatedPath,
  repositoryPath,
  SEVERITY_ICON,
  SEVERITY_ORDER,
  terminalLine,
  markdownToText,
  noColors,
  SARIF_MAX_HELP_CHARS,
  type BaselineFormatContext,
  type Colors,
  type ControlReport,
  type ControlStatus,
  type FormatContext,
  type FormatterName,
  type FrameworkReport,
  type JsonFinding,
  type JsonReport,
  type JsonSuppressedFinding,
  type SarifLog,
} from './formatters/index.js';

// Snapshot A vs B: who-can-do-what changes.
export {
  DIFF_FORMATS,
  describeAccess,
  diffAccountLabel,
  diffSnapshots,
  formatDiff,
  isEmptyDiff,
  type DiffFormatName,
  type DiffFormatOptions,
  type DiffOptions,
} from './diff/index.js';
export { DIFF_JSON_VERSION } from './diff/types.js';
export type * from './diff/types.js';

// Small helpers for rules: wildcards as IAM matches them, ages in days, stable ordering.
export { wildcardMatch } from './util/glob.js';
export { daysSince, durationMinutes } from './util/time.js';
export { compare } from './util/compare.js';
export { isPlainObject } from './util/collections.js';
export { editDistance } from './util/strings.js';

// Rule options: schemas written with TypeBox (one copy, the engine's), types derived with Static<>.
export * from './engine/rule-options.js';
export { Type, type Static, type TSchema } from '@sinclair/typebox';
