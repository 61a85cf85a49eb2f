import type { Command } from 'commander';
import { EXIT_FINDINGS, EXIT_OK, parseContextPairs, resolveAction, resolvePrincipal, UsageError, type CanAnswer } from '@iamlint/core';
import type { CommandContext } from '../io.js';
import { addQuestionOptions, formatReasons, loadForQuestions, principalLabel, type QuestionFlags } from '../questions.js';

interface CanFlags extends QuestionFlags {
  resource?: string;
  account?: string;
  context: string[];
}

export function registerCanCommand(program: Command, { io, setExitCode }: CommandContext): void {
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

