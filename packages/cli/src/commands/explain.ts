import type { Command } from 'commander';
import { EXIT_OK, explainFinding, findFinding, type Explanation } from '@iamlint/core';
import type { CommandContext } from '../io.js';
import { addQuestionOptions, formatReasons, loadForQuestions, type QuestionFlags } from '../questions.js';

export function registerExplainCommand(program: Command, { io, setExitCode }: CommandContext): void {
  addQuestionOptions(
    program
      .command('explain')
      .description("the whole reasoning of one finding: each hop of an escalation with the statements that allow it, who exactly can assume a role")
      .argument('<finding...>', 'a fingerprint (or a unique prefix), or a rule id and a resource (ARN, id, account/name or name)'),
  ).action(async (query: string[], flags: QuestionFlags) => {
    const { answerer, outcome, displayPath } = await loadForQuestions(flags, io, { lint: true });
    const result = outcome?.result;
    if (!result || !outcome) return;
    const finding = findFinding(outcome.model, result, query);
    const explanation = explainFinding(answerer, outcome.config.rules, finding);
    io.stdout(flags.format === 'json' ? `${JSON.stringify(explanation, null, 2)}\n` : formatExplanation(explanation, displayPath.includes(' + ') ? '' : displayPath));
    setExitCode(EXIT_OK);
  });
}

export function formatExplanation(explanation: Explanation, snapshotPath: string): string {
  const { finding, rule } = explanation;
  const file = snapshotPath && !finding.location.input ? `${snapshotPath}/${finding.location.file}` : finding.location.file;
  const lines = [
    `${finding.ruleId} (${finding.severity}, ${finding.level === 'error' ? 'error' : 'warning'}) on ${finding.resource.kind} ${finding.resource.name}`,
    `  ${finding.message}`,
    `  at ${file}:${finding.location.line}:${finding.location.column} (${finding.location.pointer || '/'}), fingerprint ${finding.fingerprint}`,
  ];
  if (explanation.escalation) {
    const { escalation } = explanation;
    const by = escalation.administratorBy.length > 0 ? `, an administrator by ${escalation.administratorBy.join(', ')}` : '';
    lines.push('', `path to administrator (${escalation.administrator}${by})${escalation.conditional ? ', only under conditions' : ''}:`);
    escalation.steps.forEach((step, index) => {
      lines.push(`  hop ${index + 1}: ${step.principal} → ${step.to}  [${step.method}: ${step.title}]${step.conditional ? ' (conditional)' : ''}`);
      lines.push(`    ${step.explanation}`);
      for (const permission of step.permissions) {
        lines.push(`    ${permission.action}${permission.resource ? ` on ${permission.resource}` : ''}: ${permission.verdict}, ${permission.because}`);
        lines.push(...formatReasons(permission.reasons, '      '));
      }
    });
  }
  if (explanation.assumers) {
    lines.push('', `who can assume ${finding.resource.name}:`);
    if (explanation.assumers.length === 0) lines.push('  nobody');
    for (const assumer of explanation.assumers) lines.push(`  ${assumer.who}${assumer.conditional ? ' (under conditions)' : ''}`);
  }
  if (explanation.related.length > 0 && !explanation.escalation) {
    lines.push('', 'related:', ...explanation.related.map((resource) => `  ${resource.kind} ${resource.name}  ${resource.id}`));
  }
  if (rule.why) lines.push('', `why: ${rule.why}`);
  if (rule.howToFix.length > 0) lines.push(`how to fix: ${rule.howToFix[0] as string}`, ...rule.howToFix.slice(1).map((item) => `  ${item}`));
  if (rule.url) lines.push(`docs: ${rule.url}`);
  return `${lines.join('\n')}\n`;
}
