import type { Static, TSchema } from '@sinclair/typebox';
import type { JSONSchemaType } from 'ajv';
import type { Model } from '../model/model.js';
import type { PolicyQuestions } from '../policy/questions/types.js';
import type { AnyNode, NodeKind, NodeKindMap } from '../model/nodes.js';
import { SECTION_IDS, type SectionId } from '../snapshot/schema.js';

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

/** A JSON Schema for one positional option, as ajv accepts it: written with TypeBox, so its type can be derived. */
export type OptionSchema = TSchema | Record<string, unknown> | JSONSchemaType<unknown>;

/** The options a rule reads, one per TypeBox schema, as Static<> derives them. */
export type OptionsOf<Schemas extends readonly TSchema[]> = { readonly [I in keyof Schemas]: Static<Schemas[I]> };

/** A rule's doc page, section by section, as Markdown with absolute links. */
export interface RuleDocPage {
  readonly why: string;
  readonly howToFix: string;
  readonly whenNotToUse?: string;
}

export interface RuleMeta<MessageIds extends string = string, Options extends readonly unknown[] = readonly unknown[]> {
  type: 'problem' | 'suggestion';
  docs: {
    description: string;
    recommended: boolean;
    url?: string;
    /** Why the rule matters and how to fix a finding: paragraphs, `- ` list items, `### ` headings (the HTML report shows them). */
    why?: readonly string[];
    howToFix?: readonly string[];
    /** The doc page's sections as Markdown, code blocks and all (SARIF help, `iamlint rules <id>`). */
    page?: RuleDocPage;
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
  /** The finding's severity when it differs from the rule's: a lesser (or graver) kind of finding of the same rule. */
  severity?: Severity;
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

export interface Rule<MessageIds extends string = string, Options extends readonly unknown[] = readonly unknown[]> {
  meta: RuleMeta<MessageIds, Options>;
  /**
   * What the schemas cannot say (an action name the catalogue does not know…): a problem with the options,
   * after the defaults, as one line. The config is then rejected, naming its file and the rule.
   */
  validateOptions?(options: Options): string | undefined;
  create(context: RuleContext<MessageIds, Options>): RuleVisitors;
}

/** Any rule, whatever its messages and options; what registries and plugins hold. */
export type AnyRule = Rule;

/** A rule whose option schemas are TypeBox schemas: its options' type is derived from them. */
export interface TypedRule<MessageIds extends string, Schemas extends readonly TSchema[]> extends Rule<MessageIds, OptionsOf<Schemas>> {
  meta: RuleMeta<MessageIds, OptionsOf<Schemas>> & { schema: Schemas; defaultOptions: OptionsOf<Schemas> };
}

/**
 * Types a rule. With TypeBox option schemas the options are typed from them (`Static<>`) and the defaults must
 * give every property; with plain JSON Schema they are typed from `defaultOptions`.
 */
export function defineRule<const MessageIds extends string, const Schemas extends readonly TSchema[]>(
  rule: TypedRule<MessageIds, Schemas>,
): Rule<MessageIds, OptionsOf<Schemas>>;
export function defineRule<const MessageIds extends string, Options extends readonly unknown[] | [] = []>(
  rule: Rule<MessageIds, Options>,
): Rule<MessageIds, Options>;
export function defineRule(rule: AnyRule): AnyRule {
  const problem = requiresProblem(rule);
  if (problem) throw new TypeError(problem);
  return rule;
}

/** A `requires` id that names no snapshot section would turn "not evaluated" into a silent pass. */
export function requiresProblem(rule: AnyRule): string | undefined {
  const unknown = (rule.meta?.requires ?? []).filter((section) => !(SECTION_IDS as readonly string[]).includes(section));
  if (unknown.length === 0) return undefined;
  return `rule "${rule.meta.docs?.description ?? '?'}" requires unknown snapshot section(s) ${unknown.map((id) => `"${id}"`).join(', ')}; known: ${SECTION_IDS.join(', ')}`;
}

export interface Plugin {
  meta?: { name?: string; version?: string };
  rules?: Readonly<Record<string, AnyRule>>;
}

export const RULE_ID_PATTERN = /^(?:[a-z0-9][a-z0-9-]*\/)?[a-z0-9][a-z0-9-]*$/;

/** A template cut at its placeholders: text, then each placeholder (its key, and as written) and the text after it. */
interface CompiledTemplate {
  readonly head: string;
  readonly holes: ReadonlyArray<{ readonly key: string; readonly whole: string; readonly tail: string }>;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
/** Rules have a few templates each and report thousands of findings with them: each is cut once. */
const compiledTemplates = new Map<string, CompiledTemplate>();

function compileTemplate(template: string): CompiledTemplate {
  let compiled = compiledTemplates.get(template);
  if (compiled === undefined) {
    const holes: Array<{ key: string; whole: string; tail: string }> = [];
    let head = '';
    let last = 0;
    for (const match of template.matchAll(PLACEHOLDER)) {
      const text = template.slice(last, match.index);
      if (holes.length === 0) head = text;
      else (holes[holes.length - 1] as { tail: string }).tail = text;
      holes.push({ key: match[1] as string, whole: match[0], tail: '' });
      last = match.index + match[0].length;
    }
    if (holes.length === 0) head = template;
    else (holes[holes.length - 1] as { tail: string }).tail = template.slice(last);
    compiled = { head, holes };
    compiledTemplates.set(template, compiled);
  }
  return compiled;
}

/** Each `{{key}}` replaced by the data's value, or left as written when the data has no such key. */
export function renderMessage(template: string, data: ReportData | undefined): string {
  const { head, holes } = compileTemplate(template);
  let out = head;
  for (const { key, whole, tail } of holes) out += (data && Object.hasOwn(data, key) ? String(data[key]) : whole) + tail;
  return out;
}
