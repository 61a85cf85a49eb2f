import type { JSONSchemaType } from 'ajv';
import type { Model } from '../model/model.js';
import type { PolicyQuestions } from '../policy/questions-types.js';
import type { AnyNode, NodeKind, NodeKindMap } from '../model/nodes.js';
import type { SectionId } from '../snapshot/schema.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export interface ComplianceMapping {
  framework: string;
  version: string;
  control: string;
  /** The rule options that make the rule check exactly this control (used by the framework's preset). */
  options?: readonly unknown[];
  /** When only some of the rule's messages break this control (e.g. root-mfa's `virtualMfa` is not CIS 1.4). */
  messageIds?: readonly string[];
}

export interface ComplianceControl {
  id: string;
  title: string;
  /** False for controls that need a human (or data iamlint does not collect) to assess. */
  automated: boolean;
}

/** A framework's controls, so a compliance report can list what no rule covers as well as what passes. */
export interface ComplianceFramework {
  framework: string;
  version: string;
  title: string;
  controls: readonly ComplianceControl[];
}

/** A JSON Schema for one positional option, as ajv accepts it. */
export type OptionSchema = Record<string, unknown> | JSONSchemaType<unknown>;

export interface RuleMeta<MessageIds extends string = string, Options extends readonly unknown[] = readonly unknown[]> {
  type: 'problem' | 'suggestion';
  docs: {
    description: string;
    recommended: boolean;
    url?: string;
    /** Why the rule matters and how to fix a finding: paragraphs, `- ` list items, `### ` headings (the HTML report shows them). */
    why?: readonly string[];
    howToFix?: readonly string[];
  };
  /** Security severity of a finding (SARIF `security-severity`); the config decides warn or error. */
  severity: Severity;
  compliance?: readonly ComplianceMapping[];
  /** Snapshot sections the rule needs; where one is missing the rule reports "not evaluated" instead of passing. */
  requires?: readonly SectionId[];
  messages: Readonly<Record<MessageIds, string>>;
  schema?: readonly OptionSchema[];
  defaultOptions?: Options;
}

export type ReportData = Readonly<Record<string, string | number | boolean>>;

export interface ReportDescriptor<MessageIds extends string> {
  node: AnyNode;
  messageId: MessageIds;
  data?: ReportData;
  /** Distinguishes several findings of one rule on one resource (a key id, a statement index…). */
  discriminator?: string;
  /** A JSON pointer below the node's own, to place the finding on the exact line. */
  pointer?: string;
  /** Other resources that take part in the finding (the other accounts of a duplicated IdP…). */
  related?: readonly AnyNode[];
}

export interface RuleContext<MessageIds extends string = string, Options extends readonly unknown[] = readonly unknown[]> {
  readonly id: string;
  readonly options: Options;
  readonly model: Model;
  /** The snapshot's collectedAt unless the user overrides it: rules never read the clock. */
  readonly now: Date;
  /** Effective-permission questions, shared by all rules of a run so each answer is computed once. */
  readonly policy: PolicyQuestions;
  report(descriptor: ReportDescriptor<MessageIds>): void;
}

export type RuleVisitors = {
  [K in NodeKind]?: (node: NodeKindMap[K]) => void;
} & {
  Snapshot?: () => void;
  'Snapshot:exit'?: () => void;
};

/**
 * defineRule infers options from `defaultOptions` as literals (to keep tuples); rules read them widened,
 * so `maxAgeDays: 90` is seen as a number and `namePatterns: ['a']` as string[].
 */
export type Widen<T> = T extends string
  ? string
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : T extends readonly [unknown, ...unknown[]]
        ? { -readonly [K in keyof T]: Widen<T[K]> }
        : T extends readonly (infer U)[]
          ? Widen<U>[]
          : T extends object
            ? { -readonly [K in keyof T]: Widen<T[K]> }
            : T;

export interface Rule<MessageIds extends string = string, Options extends readonly unknown[] = readonly unknown[]> {
  meta: RuleMeta<MessageIds, Options>;
  create(context: RuleContext<MessageIds, Widen<Options>>): RuleVisitors;
}

/** Any rule, whatever its messages and options; what registries and plugins hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = Rule<string, any>;

export function defineRule<const MessageIds extends string, const Options extends readonly unknown[] = readonly []>(
  rule: Rule<MessageIds, Options>,
): Rule<MessageIds, Options> {
  return rule;
}

export interface Plugin {
  meta?: { name?: string; version?: string };
  rules?: Readonly<Record<string, AnyRule>>;
}

export const RULE_ID_PATTERN = /^(?:[a-z0-9][a-z0-9-]*\/)?[a-z0-9][a-z0-9-]*$/;

export function renderMessage(template: string, data: ReportData | undefined): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, key: string) =>
    data && Object.hasOwn(data, key) ? String(data[key]) : whole,
  );
}
