import { renderMessage, type ReportData, type Severity } from '../../engine/rule.js';
import type { Finding } from '../../engine/runner.js';
import type { Model } from '../../model/model.js';
import type { UserNode, RoleNode } from '../../model/nodes.js';
import { createEscalationSearch, type EscalationSearch } from '../../policy/escalation/index.js';
import { createPolicyQuestions } from '../../policy/questions/index.js';
import { buildComplianceReport, type FrameworkReport } from '../compliance.js';
import type { FormatContext } from '../context.js';
import { accountLabel, compareSeverity, describeMissingSections, locatedPath, SEVERITY_ORDER } from '../shared.js';

/**
 * One finding as the page needs it. Large organizations have hundreds of thousands, so the page gets them as rows of
 * numbers into one string table (`HtmlReportData.strings`), messages as their rule's template and data, and decodes
 * them in the browser.
 */
export interface HtmlFinding {
  ruleId: string;
  severity: Severity;
  level: 'warn' | 'error';
  message: string;
  kind: string;
  name: string;
  id: string;
  /** '' for organization-wide findings */
  accountId: string;
  /** repository-relative */
  file: string;
  line: number;
  column: number;
  pointer: string;
  fingerprint: string;
  path?: HtmlPath;
}

/** The columns of an encoded finding row; string columns hold string-table indexes. */
export const FINDING_COLUMNS = ['rule', 'severity', 'level', 'kind', 'name', 'id', 'account', 'file', 'line', 'column', 'pointer', 'fingerprint', 'message'] as const;

/**
 * `message` is a string index, or `[template index, key, value, …]` with keys as string indexes and values as
 * string indexes or `[number]`/`[boolean]`, rendered as the engine renders messages.
 */
export type EncodedMessage = number | Array<number | [number | boolean]>;
export type EncodedFinding = [number, number, 0 | 1, number, number, number, number, number, number, number, number, string, EncodedMessage];

export interface HtmlPath {
  /** the principal, each principal reached; the last is the administrator (the principal itself when it makes itself one) */
  nodes: Array<{ kind: string; name: string }>;
  /** per step: the method id and its explanation */
  steps: Array<{ method: string; text: string; conditional: boolean }>;
}

export interface HtmlRule {
  description: string;
  severity: Severity;
  url?: string;
  why: readonly string[];
  howToFix: readonly string[];
}

export interface HtmlTreeNode {
  /** OU id, or account id for accounts */
  id: string;
  name: string;
  kind: 'root' | 'ou' | 'account';
  children: HtmlTreeNode[];
}

export interface HtmlReportData {
  tool: string;
  snapshot: { path: string; collectedAt: string };
  severities: readonly Severity[];
  rules: Record<string, HtmlRule>;
  /** account id → label */
  accounts: Record<string, string>;
  strings: string[];
  findings: EncodedFinding[];
  /** index into `findings` → escalation path */
  paths: Record<number, HtmlPath>;
  notEvaluated: Array<{ rule: string; scope: string; reasons: string[] }>;
  suppressedCount: number;
  tree: HtmlTreeNode | null;
  compliance: FrameworkReport[];
}

export function buildHtmlData(context: FormatContext): HtmlReportData {
  const { result, model } = context;
  const findings = [...result.findings].sort(compareSeverity);
  const rules: Record<string, HtmlRule> = {};
  const accounts: Record<string, string> = {};
  const noteRule = (ruleId: string) => {
    if (rules[ruleId]) return;
    const meta = context.rules.get(ruleId)?.meta;
    rules[ruleId] = {
      description: meta?.docs.description ?? '',
      severity: meta?.severity ?? 'info',
      ...(meta?.docs.url ? { url: meta.docs.url } : {}),
      why: meta?.docs.why ?? [],
      howToFix: meta?.docs.howToFix ?? [],
    };
  };
  for (const account of model.accounts) accounts[account.accountId] = accountLabel(model, account.accountId);
  const table = new StringTable();
  const escalation = escalationPaths(model);
  const paths: Record<number, HtmlPath> = {};
  const encoded = findings.map((finding, index): EncodedFinding => {
    noteRule(finding.ruleId);
    const located = model.locate(finding.location);
    const path = finding.ruleId === 'privilege-escalation' ? escalation(finding) : undefined;
    if (path) paths[index] = path;
    const template = context.rules.get(finding.ruleId)?.meta.messages[finding.messageId];
    return [
      table.add(finding.ruleId),
      SEVERITY_ORDER.indexOf(finding.severity),
      finding.level === 'error' ? 1 : 0,
      table.add(finding.resource.kind),
      table.add(finding.resource.name),
      table.add(finding.resource.id),
      table.add(finding.resource.accountId ?? ''),
      table.add(locatedPath(context.snapshotPath, located)),
      located.line,
      located.column,
      table.add(located.pointer),
      finding.fingerprint,
      encodeMessage(table, finding.message, template, finding.data),
    ];
  });
  for (const entry of result.notEvaluated) noteRule(entry.ruleId);
  return {
    tool: `${context.toolName ?? 'iamlint'} ${context.toolVersion}`,
    snapshot: { path: context.snapshotPath, collectedAt: model.manifest.collectedAt },
    severities: SEVERITY_ORDER,
    rules,
    accounts,
    strings: table.strings,
    findings: encoded,
    paths,
    notEvaluated: result.notEvaluated.map((entry) => ({
      rule: entry.ruleId,
      scope: entry.accountId ?? '',
      reasons: describeMissingSections(model, entry),
    })),
    suppressedCount: result.suppressed.length,
    tree: organizationTree(model),
    compliance: presetFrameworks(context),
  };
}

/** The escalation path of a finding, found again by the same search the rule uses (administrator as the rule's default). */
function escalationPaths(model: Model): (finding: Finding) => HtmlPath | undefined {
  let search: EscalationSearch | undefined;
  return (finding) => {
    const principal = model.byId(finding.resource.id);
    if (principal?.kind !== 'User' && principal?.kind !== 'Role') return undefined;
    search ??= createEscalationSearch(model, createPolicyQuestions(model));
    const path = search.escalationPathFrom(principal as UserNode | RoleNode);
    if (!path) return undefined;
    const node = (id: string) => {
      const found = id === 'admin' ? principal : model.byId(id);
      return found ? { kind: found.kind === 'User' ? 'user' : found.kind === 'Role' ? 'role' : found.kind, name: found.name } : { kind: '', name: id };
    };
    const nodes = [node(principal.id), ...path.steps.map((step) => node(step.to))];
    return {
      nodes,
      steps: path.steps.map((step) => ({ method: step.method, text: step.explanation, conditional: step.conditional })),
    };
  };
}

function organizationTree(model: Model): HtmlTreeNode | null {
  if (model.accounts.length === 0) return null;
  const root: HtmlTreeNode = { id: '', name: model.organization ? `organization ${model.organization.id}` : 'accounts', kind: 'root', children: [] };
  const ous = new Map<string, HtmlTreeNode>();
  for (const account of [...model.accounts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    let parent = root;
    for (const ou of account.ouPath) {
      let node = ous.get(ou.id);
      if (!node) {
        node = { id: ou.id, name: ou.name, kind: 'ou', children: [] };
        ous.set(ou.id, node);
        parent.children.push(node);
      }
      parent = node;
    }
    parent.children.push({ id: account.accountId, name: accountLabel(model, account.accountId), kind: 'account', children: [] });
  }
  return root;
}

/** Frameworks whose every mapped rule ran: a framework preset (or strict, or all) is in use, so the summary means something. */
function presetFrameworks(context: FormatContext): FrameworkReport[] {
  const ran = new Set(context.result.rulesRun);
  const used = (context.frameworks ?? []).filter((framework) => {
    const mapped = [...context.rules].filter(([, rule]) =>
      (rule.meta.compliance ?? []).some((entry) => entry.framework === framework.framework && entry.version === framework.version),
    );
    return mapped.length > 0 && mapped.every(([id]) => ran.has(id));
  });
  return buildComplianceReport(context.result, context.rules, used);
}

class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  add(text: string): number {
    let at = this.index.get(text);
    if (at === undefined) {
      at = this.strings.length;
      this.strings.push(text);
      this.index.set(text, at);
    }
    return at;
  }
}

/** The template and its data when they render back to the very message; the message itself otherwise. */
function encodeMessage(table: StringTable, message: string, template: string | undefined, data: ReportData): EncodedMessage {
  if (template === undefined || renderMessage(template, data) !== message) return table.add(message);
  const encoded: Array<number | [number | boolean]> = [table.add(template)];
  for (const [key, value] of Object.entries(data)) {
    if (!template.includes(key)) continue;
    encoded.push(table.add(key), typeof value === 'string' ? table.add(value) : [value]);
  }
  return encoded;
}

/** The page's decoding of an encoded finding, in TypeScript: tests check the encoding round-trips through it. */
export function decodeFinding(data: HtmlReportData, row: EncodedFinding, index = -1): HtmlFinding {
  const text = (at: number) => data.strings[at] as string;
  const path = data.paths[index];
  return {
    ruleId: text(row[0]),
    severity: data.severities[row[1]] as Severity,
    level: row[2] === 1 ? 'error' : 'warn',
    kind: text(row[3]),
    name: text(row[4]),
    id: text(row[5]),
    accountId: text(row[6]),
    file: text(row[7]),
    line: row[8],
    column: row[9],
    pointer: text(row[10]),
    fingerprint: row[11],
    message: decodeMessage(data.strings, row[12]),
    ...(path ? { path } : {}),
  };
}

function decodeMessage(strings: readonly string[], message: EncodedMessage): string {
  if (typeof message === 'number') return strings[message] as string;
  const values: Record<string, string | number | boolean> = {};
  for (let i = 1; i + 1 < message.length; i += 2) {
    const value = message[i + 1] as number | [number | boolean];
    values[strings[message[i] as number] as string] = typeof value === 'number' ? (strings[value] as string) : value[0];
  }
  return renderMessage(strings[message[0] as number] as string, values);
}
