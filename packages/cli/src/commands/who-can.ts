import type { Command } from 'commander';
import { answerWhoCan, EXIT_OK, resolveAction, UsageError, type WhoCanAnswer } from '@iamlint/core';
import type { CommandContext } from '../io.js';
import { addQuestionOptions, loadForQuestions, principalLabel, type QuestionFlags } from '../questions.js';

interface WhoCanFlags extends QuestionFlags {
  resource?: string;
  account?: string;
}

export function registerWhoCanCommand(program: Command, { io, setExitCode }: CommandContext): void {
  addQuestionOptions(
    program
      .command('who-can')
      .description('every principal that can perform this action (users, roles, permission sets per account, and who can assume those roles), most direct first')
      .argument('<action>', 'service:Action, e.g. iam:CreateUser')
      .option('-r, --resource <arn>', 'the resource acted on (default: some resource)')
      .option('--account <id>', "ask about this account's principals (default: the resource's account, else every account)"),
  ).action(async (actionText: string, flags: WhoCanFlags) => {
    const action = resolveAction(actionText);
    if (flags.account !== undefined && !/^\d{12}$/.test(flags.account)) {
      throw new UsageError('USAGE', `--account ${flags.account} is not an account id`, { hint: 'give the 12-digit account id' });
    }
    const { model, answerer } = await loadForQuestions(flags, io);
    if (flags.account !== undefined && !model.account(flags.account)) {
      throw new UsageError('USAGE', `no account ${flags.account} in the snapshot`, { hint: 'check the account id' });
    }
    const answer = answerWhoCan(answerer, action, { ...(flags.resource ? { resource: flags.resource } : {}), ...(flags.account ? { accountId: flags.account } : {}) });
    io.stdout(flags.format === 'json' ? `${JSON.stringify(answer, null, 2)}\n` : formatWhoCan(answer));
    setExitCode(EXIT_OK);
  });
}

export function formatWhoCan(answer: WhoCanAnswer): string {
  const target = `${answer.action}${answer.resource ? ` on ${answer.resource}` : ''}`;
  if (answer.entries.length === 0) return `nobody can ${target} (asked: ${answer.accounts.length} account(s))\n`;
  const lines = [`who can ${target}: ${answer.entries.length} principal(s)`];
  for (const entry of answer.entries) {
    const verdict = entry.verdict === 'allowed' ? 'allowed    ' : 'conditional';
    const assigned = entry.assignedTo ? ` [assigned to ${entry.assignedTo.join(', ')}]` : '';
    lines.push(`  ${verdict}  ${principalLabel(entry.principal)}${assigned}: ${entry.because}`);
  }
  return `${lines.join('\n')}\n`;
}
