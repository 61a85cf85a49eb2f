import type { Command } from 'commander';
import { EXIT_FINDINGS, EXIT_OK, parseContextPairs, resolveAction, resolvePrincipal, UsageError, type AnswerReason, type CanAnswer } from '@iamlint/core';
import type { CliIo } from '../main.js';
import { addQuestionOptions, loadForQuestions, type QuestionFlags } from './question-input.js';

interface CanFlags extends QuestionFlags {
  resource?: string;
  account?: string;
  context: string[];
}

export function registerCanCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  addQuestionOptions(
    program
      .command('can')
      .description('can this principal perform this action? allowed, allowed only if (open conditions), or denied, and why (exit 0 when allowed, 1 otherwise)')
      .argument('<principal>', 'a user, role, group or permission set: ARN, account/name, or a unique name')
      .argument('<action>', 'service:Action, e.g. s3:GetObject')
      .option('-r, --resource <arn>', 'the resource acted on (default: some resource)')
      .option('--account <id>', 'for a permission set: the account it is provisioned into (its SCPs apply)')
      .option('--context <key=value>', 'a condition key known about the request, repeatable (e.g. aws:MultiFactorAuthPresent=true)', (value: string, previous: string[]) => [...previous, value], []),
  ).action(async (principalText: string, actionText: string, flags: CanFlags) => {
    const action = resolveAction(actionText);
    const context = parseContextPairs(flags.context);
    const { model, answerer } = await loadForQuestions(flags, io, { context });
    const principal = resolvePrincipal(model, principalText);
    if (flags.account !== undefined && (principal.kind !== 'PermissionSet' || !model.account(flags.account))) {
      throw new UsageError('USAGE', principal.kind === 'PermissionSet' ? `no account ${flags.account} in the snapshot` : '--account is for permission sets', {
        hint: principal.kind === 'PermissionSet' ? 'give the 12-digit id of an account it is assigned in' : 'a user or role answers in its own account',
      });
    }
    const answer = answerer.can(principal, action, flags.resource, flags.account);
    io.stdout(flags.format === 'json' ? `${JSON.stringify(answer, null, 2)}\n` : formatCan(answer));
    setExitCode(answer.verdict === 'allowed' ? EXIT_OK : EXIT_FINDINGS);
  });
}

const VERDICT_TEXT = { allowed: 'ALLOWED', conditional: 'ALLOWED ONLY IF', denied: 'DENIED' } as const;

export function formatCan(answer: CanAnswer): string {
  const who = principalLabel(answer.principal);
  const lines = [`${who} → ${answer.action}${answer.resource ? ` on ${answer.resource}` : ''}`, `${VERDICT_TEXT[answer.verdict]}: ${answer.because}`];
  if (answer.reasons.length > 0) lines.push(...formatReasons(answer.reasons, '  '));
  if (answer.notInSnapshot.length > 0) lines.push(`  not in the snapshot (treated as absent): ${answer.notInSnapshot.join(', ')}`);
  if (answer.principal.kind === 'PermissionSet' && answer.principal.accountId === null) {
    lines.push('  asked without an account: no SCP applied (give --account for the account it is provisioned into)');
  }
  return `${lines.join('\n')}\n`;
}

export function principalLabel(principal: CanAnswer['principal']): string {
  const kind = principal.kind === 'PermissionSet' ? 'permission set' : principal.kind.toLowerCase();
  return `${kind} ${principal.name}${principal.accountId ? ` (${principal.accountId})` : ''}`;
}

export function formatReasons(reasons: readonly AnswerReason[], indent: string): string[] {
  return reasons.map((reason) => {
    const statement = reason.sid ? `statement ${reason.statementIndex} (${reason.sid})` : `statement ${reason.statementIndex}`;
    const where = reason.level ? ` at ${reason.level}` : '';
    const open =
      reason.openConditions.length > 0 ? `; open: ${reason.openConditions.join(', ')}`
      : reason.scopedTo ? `; only on ${reason.scopedTo.join(', ')}`
      : reason.conditional ? '; under conditions'
      : '';
    return `${indent}${reason.effect.toLowerCase().padEnd(5)}  ${reason.policy}${where}, ${statement}${open}`;
  });
}
