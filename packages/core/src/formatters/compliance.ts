import type { AnyRule, ComplianceFramework } from '../engine/rule.js';
import type { Finding, LintResult } from '../engine/runner.js';
import { noColors, type FormatContext } from './context.js';
import { plural, sanitizeForTerminal } from './shared.js';

export type ControlStatus = 'fail' | 'not-evaluated' | 'pass' | 'rule-off' | 'manual';

export interface ControlReport {
  id: string;
  title: string;
  status: ControlStatus;
  /** Rules mapped to the control that ran. */
  rules: string[];
  /** Mapped rules the config leaves off: the control is not checked. */
  rulesOff: string[];
  findings: number;
  /** Accounts (or "organization") where a mapped rule could not be evaluated. */
  notEvaluatedIn: string[];
}

export interface FrameworkReport {
  framework: string;
  version: string;
  title: string;
  counts: Record<ControlStatus, number>;
  controls: ControlReport[];
}

const frameworkKey = (framework: string, version: string) => `${framework}@${version}`;

/**
 * Control by control: failed when a mapped rule reported (only its messages that break the control), not
 * evaluated when a mapped rule lacked data somewhere, passed when every mapped rule ran clean; controls no rule
 * checks are listed as manual, so the report never suggests more coverage than there is.
 */
export function buildComplianceReport(
  result: LintResult,
  rules: ReadonlyMap<string, AnyRule>,
  frameworks: readonly ComplianceFramework[],
): FrameworkReport[] {
  const ran = new Set(result.rulesRun);
  const findingsByRule = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    const list = findingsByRule.get(finding.ruleId) ?? [];
    list.push(finding);
    findingsByRule.set(finding.ruleId, list);
  }
  const notEvaluatedByRule = new Map<string, Set<string>>();
  for (const entry of result.notEvaluated) {
    const set = notEvaluatedByRule.get(entry.ruleId) ?? new Set<string>();
    set.add(entry.accountId ?? 'organization');
    notEvaluatedByRule.set(entry.ruleId, set);
  }

  return frameworks.map((framework) => {
    const mappings = new Map<string, Array<{ ruleId: string; messageIds: readonly string[] | undefined }>>();
    for (const [ruleId, rule] of rules) {
      for (const mapping of rule.meta.compliance ?? []) {
        if (frameworkKey(mapping.framework, mapping.version) !== frameworkKey(framework.framework, framework.version)) continue;
        const list = mappings.get(mapping.control) ?? [];
        list.push({ ruleId, messageIds: mapping.messageIds });
        mappings.set(mapping.control, list);
      }
    }
    const controls = framework.controls.map((control): ControlReport => {
      const mapped = mappings.get(control.id) ?? [];
      const active = mapped.filter((entry) => ran.has(entry.ruleId));
      const rulesOff = mapped.filter((entry) => !ran.has(entry.ruleId)).map((entry) => entry.ruleId);
      const findings = active.reduce(
        (sum, entry) =>
          sum + (findingsByRule.get(entry.ruleId) ?? []).filter((finding) => !entry.messageIds || entry.messageIds.includes(finding.messageId)).length,
        0,
      );
      const notEvaluatedIn = [...new Set(active.flatMap((entry) => [...(notEvaluatedByRule.get(entry.ruleId) ?? [])]))].sort();
      const status: ControlStatus =
        mapped.length === 0 ? 'manual'
        : findings > 0 ? 'fail'
        : rulesOff.length > 0 ? 'rule-off'
        : notEvaluatedIn.length > 0 ? 'not-evaluated'
        : 'pass';
      return { id: control.id, title: control.title, status, rules: active.map((entry) => entry.ruleId), rulesOff, findings, notEvaluatedIn };
    });
    const counts: Record<ControlStatus, number> = { fail: 0, 'not-evaluated': 0, pass: 0, 'rule-off': 0, manual: 0 };
    for (const control of controls) counts[control.status] += 1;
    return { framework: framework.framework, version: framework.version, title: framework.title, counts, controls };
  });
}

const STATUS_LABEL: Record<ControlStatus, string> = {
  fail: 'FAIL',
  'not-evaluated': 'NOT EVALUATED',
  pass: 'pass',
  'rule-off': 'rule off',
  manual: 'manual',
};

export function formatCompliance(context: FormatContext): string {
  const colors = context.colors ?? noColors;
  const reports = buildComplianceReport(context.result, context.rules, context.frameworks ?? []);
  if (reports.length === 0) return 'No compliance frameworks to report on.\n';
  const paint = (status: ControlStatus, text: string) =>
    status === 'fail' ? colors.red(text) : status === 'not-evaluated' ? colors.yellow(text) : status === 'pass' ? colors.green(text) : colors.dim(text);
  const width = Math.max(...Object.values(STATUS_LABEL).map((label) => label.length));
  const sections = reports.map((report) => {
    const idWidth = Math.max(...report.controls.map((control) => control.id.length));
    const lines = report.controls.map((control) => {
      const detail =
        control.status === 'fail' ? `${plural(control.findings, 'finding')} from ${control.rules.join(', ')}`
        : control.status === 'not-evaluated' ? `no data in ${control.notEvaluatedIn.join(', ')} (${control.rules.join(', ')})`
        : control.status === 'rule-off' ? `enable ${control.rulesOff.join(', ')}`
        : control.status === 'manual' ? 'no rule checks this: assess it by hand'
        : control.rules.join(', ');
      return `  ${control.id.padEnd(idWidth)}  ${paint(control.status, STATUS_LABEL[control.status].padEnd(width))}  ${sanitizeForTerminal(control.title)}\n  ${' '.repeat(idWidth + width + 4)}${colors.dim(detail)}`;
    });
    const { counts } = report;
    const summary = `${counts.pass} passed, ${counts.fail} failed, ${counts['not-evaluated']} not evaluated, ${counts['rule-off']} with rules off, ${counts.manual} manual`;
    return `${colors.bold(`${report.title} ${report.version}`)}\n${lines.join('\n')}\n  ${summary}\n`;
  });
  return `${sections.join('\n')}`;
}
