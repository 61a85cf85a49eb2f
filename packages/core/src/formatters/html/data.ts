import type { Severity } from '../../engine/rule.js';
import type { Finding } from '../../engine/runner.js';
import type { Model } from '../../model/model.js';
import type { UserNode, RoleNode } from '../../model/nodes.js';
import { createEscalationSearch, type EscalationSearch } from '../../policy/escalation.js';
import { createPolicyQuestions } from '../../policy/questions.js';
import { buildComplianceReport, type FrameworkReport } from '../compliance.js';
import type { FormatContext } from '../context.js';
import { accountLabel, compareSeverity, describeMissingSections, repositoryPath, SEVERITY_ORDER } from '../shared.js';

/** One finding as the page needs it; short keys, since a large organization has tens of thousands. */
export interface HtmlFinding {
  /** rule id */
  r: string;
  s: Severity;
  /** level: e(rror) or w(arning) */
  l: 'e' | 'w';
  m: string;
  /** resource kind, name and id */
  k: string;
  n: string;
  i: string;
  /** account id, or '' for organization-wide */
  a: string;
  /** file (repository-relative), line, column, JSON pointer */
  f: string;
  ln: number;
  c: number;
  p: string;
  fp: string;
  /** escalation path, when the finding has one */
  x?: HtmlPath;
}

export interface HtmlPath {
  /** node labels: the principal, each principal reached, then the administrator */
  nodes: string[];
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
  findings: HtmlFinding[];
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
  const paths = escalationPaths(model);
  const htmlFindings = findings.map((finding): HtmlFinding => {
    noteRule(finding.ruleId);
    const { line, column } = model.locate(finding.location);
    const path = finding.ruleId === 'privilege-escalation' ? paths(finding) : undefined;
    return {
      r: finding.ruleId,
      s: finding.severity,
      l: finding.level === 'error' ? 'e' : 'w',
      m: finding.message,
      k: finding.resource.kind,
      n: finding.resource.name,
      i: finding.resource.id,
      a: finding.resource.accountId ?? '',
      f: repositoryPath(context.snapshotPath, finding.location.file),
      ln: line,
      c: column,
      p: finding.location.pointer,
      fp: finding.fingerprint,
      ...(path ? { x: path } : {}),
    };
  });
  for (const entry of result.notEvaluated) noteRule(entry.ruleId);
  return {
    tool: `${context.toolName ?? 'iamlint'} ${context.toolVersion}`,
    snapshot: { path: context.snapshotPath, collectedAt: model.manifest.collectedAt },
    severities: SEVERITY_ORDER,
    rules,
    accounts,
    findings: htmlFindings,
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
    const label = (id: string) => {
      const node = model.byId(id);
      return node ? `${node.kind === 'User' ? 'user' : node.kind === 'Role' ? 'role' : node.kind} ${node.name}` : id;
    };
    const nodes = [label(principal.id), ...path.steps.map((step) => (step.to === 'admin' ? 'administrator' : label(step.to)))];
    if (path.to !== 'admin') nodes[nodes.length - 1] = `${nodes[nodes.length - 1] as string} (administrator)`;
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
