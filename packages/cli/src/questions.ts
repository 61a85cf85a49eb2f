import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { Option, type Command } from 'commander';
import { createAnswerer, createPolicyQuestions, loadSnapshot, UsageError, type Answerer, type AnswerOptions, type AnswerReason, type CanAnswer, type Model } from '@iamlint/core';
import { audit, type AuditOutcome } from './audit.js';
import { addCollectOptions, collectLiveSnapshot, LIVE_SNAPSHOT_PATH, type CollectFlags } from './live-collect.js';
import type { CliIo } from './io.js';
import { readAuditInput } from './read-snapshot.js';

export type QuestionFormat = 'stylish' | 'json';

export interface QuestionFlags extends CollectFlags {
  snapshot: string[];
  live?: boolean;
  config?: string;
  format: QuestionFormat;
  now?: Date;
}

const DEFAULT_SNAPSHOT_FOLDER = 'snapshots';

/** The options every question takes: where the snapshot is (a folder, raw exports, or --live), and the output format. */
export function addQuestionOptions(command: Command): Command {
  return addCollectOptions(
    command
      .option('-s, --snapshot <path>', `snapshot folder or raw export file, repeatable (default: ./${DEFAULT_SNAPSHOT_FOLDER})`, (value: string, previous: string[]) => [...previous, value], [])
      .addOption(new Option('-f, --format <format>', 'output format').choices(['stylish', 'json']).default('stylish'))
      .option('-c, --config <file>', 'config file, for the rules explain runs (default: nearest iamlint.config.*)')
      .option('--live', 'collect from AWS into memory and ask that (takes the flags of `iamlint collect`)'),
  );
}

/** Reads the snapshot; with `lint`, also runs the rules as `audit` would (explain needs the findings). */
export async function loadForQuestions(
  flags: QuestionFlags,
  io: CliIo,
  options: AnswerOptions & { lint?: boolean } = {},
): Promise<{ model: Model; answerer: Answerer; displayPath: string; outcome?: AuditOutcome }> {
  if (flags.live && flags.snapshot.length > 0) {
    throw new UsageError('USAGE', '--live asks AWS directly, so --snapshot would not be read', { hint: 'drop --snapshot, or drop --live' });
  }
  const files = flags.live ? await collectLiveSnapshot(flags, io) : undefined;
  const paths = files ? [LIVE_SNAPSHOT_PATH] : flags.snapshot.length > 0 ? flags.snapshot : [defaultFolder(io.cwd)];
  let model: Model;
  let outcome: AuditOutcome | undefined;
  if (options.lint) {
    outcome = await audit({ path: paths, cwd: io.cwd, format: 'json', ...(flags.config ? { configPath: flags.config } : {}), ...(files ? { files } : {}) });
    model = outcome.model;
  } else {
    const input = files ? { files, displayPath: LIVE_SNAPSHOT_PATH, origins: undefined } : await readAuditInput(paths, io.cwd);
    model = loadSnapshot(input.files, input.displayPath, input.origins);
  }
  const answerer = createAnswerer(model, createPolicyQuestions(model), options);
  const displayPath = paths.map((path) => relative(io.cwd, resolve(io.cwd, path)).split(sep).join('/') || '.').join(' + ');
  return { model, answerer, displayPath, ...(outcome ? { outcome } : {}) };
}

function defaultFolder(cwd: string): string {
  if (existsSync(resolve(cwd, DEFAULT_SNAPSHOT_FOLDER))) return DEFAULT_SNAPSHOT_FOLDER;
  throw new UsageError('USAGE', `no snapshot given and ./${DEFAULT_SNAPSHOT_FOLDER} does not exist`, {
    hint: 'pass --snapshot <folder>, e.g. --snapshot fixtures/demo-org',
  });
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
