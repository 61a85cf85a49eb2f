import type { CollectOptions, CollectProgressEvent, CollectResult } from '@iamlint/collect';
import { DEFAULT_CONCURRENCY, DEFAULT_ROLE_NAME } from '@iamlint/collect/defaults';
import { plural, terminalLine } from '@iamlint/core';
import { InvalidArgumentError, type Command } from 'commander';
import type { CliIo } from './io.js';
import { toolVersion } from './version.js';

/** The flags `iamlint collect` and `iamlint audit --live` share. */
export interface CollectFlags {
  org?: boolean;
  roleName?: string;
  accounts?: string[];
  excludeAccounts?: string[];
  ou?: string[];
  concurrency?: number;
  lastAccessed?: boolean;
  hashEmails?: boolean;
  profile?: string;
  region?: string;
}

/** How a live audit names its snapshot in reports: there is no folder. */
export const LIVE_SNAPSHOT_PATH = 'live';

export function addCollectOptions(command: Command): Command {
  return command
    .option('--org', 'read Organizations and Identity Center, and every account of the organization (run in the management or a delegated administrator account)')
    .option('--role-name <name>', `role to assume in the other accounts (default: ${DEFAULT_ROLE_NAME})`)
    .option('--accounts <ids>', 'only these accounts (comma-separated 12-digit ids)', parseAccountIds)
    .option('--exclude-accounts <ids>', 'skip these accounts (comma-separated 12-digit ids)', parseAccountIds)
    .option('--ou <ids-or-names>', 'with --org: only the accounts anywhere below these OUs (comma-separated ids or names)', parseList)
    .option('--concurrency <n>', `accounts collected at once (default: ${DEFAULT_CONCURRENCY})`, parsePositive)
    .option('--last-accessed', 'also read which services each user and role last used (one IAM job per principal)')
    .option('--hash-emails', "store Identity Store users' emails as SHA-256 hashes")
    .option('--profile <name>', 'AWS profile (default: the SDK credential chain)')
    .option('--region <region>', 'region for Identity Center and STS (default: the profile or AWS_REGION, else us-east-1)');
}

/** For `iamlint audit --live`: the snapshot in memory, with the same progress and gap summary on stderr. */
export async function collectLiveSnapshot(options: CollectFlags, io: CliIo): Promise<Map<string, string>> {
  const result = await collectFromAws(options, io);
  const { describeGaps } = await import('@iamlint/collect');
  if (result.gaps.length > 0) {
    io.stderr(`iamlint: ${terminalLine(`collected with ${describeGaps(result.gaps)}; rules that need that data report "not evaluated"`)}\n`);
  }
  return result.files;
}

/** What only `iamlint collect` does, in parts: the --org-only step and the shards. */
export type ShardedCollect = Pick<CollectOptions, 'orgOnly' | 'shard' | 'plan'>;

export async function collectFromAws(options: CollectFlags, io: CliIo, sharded: ShardedCollect = {}): Promise<CollectResult> {
  const progress = new Progress(io);
  const collectOptions: CollectOptions = {
    toolVersion: toolVersion(),
    onProgress: (event) => progress.update(event),
    ...(options.org ? { org: true } : {}),
    ...(options.roleName ? { roleName: options.roleName } : {}),
    ...(options.accounts ? { accounts: options.accounts } : {}),
    ...(options.excludeAccounts ? { excludeAccounts: options.excludeAccounts } : {}),
    ...(options.ou ? { ous: options.ou } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.lastAccessed ? { lastAccessed: true } : {}),
    ...(options.hashEmails ? { hashEmails: true } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...sharded,
  };
  // The AWS SDK is loaded only by the commands that call AWS: it is most of a cold start.
  const { collectSnapshot } = await import('@iamlint/collect');
  try {
    return await collectSnapshot(collectOptions);
  } finally {
    progress.finish();
  }
}

/** Progress on stderr: one updating line on a terminal, one plain line per finished account otherwise. */
class Progress {
  private total = 0;
  private done = 0;
  private errors = 0;
  private lastCall = '';
  private drawn = false;

  constructor(private readonly io: CliIo) {}

  update(event: CollectProgressEvent): void {
    switch (event.type) {
      case 'plan':
        this.total = event.accounts.length;
        break;
      case 'call':
        this.lastCall = event.accountId ? `${event.call} (${event.accountId})` : event.call;
        break;
      case 'gap':
        this.errors += 1;
        break;
      case 'warning':
        this.clear();
        this.io.stderr(`iamlint: warning: ${terminalLine(event.message)}\n`);
        break;
      case 'account-done':
        this.done = event.done;
        if (!this.io.stderrIsTty) {
          const gaps = event.gaps === 0 ? 'complete' : plural(event.gaps, 'gap');
          this.io.stderr(`iamlint: ${terminalLine(`account ${event.accountId} done (${event.done}/${event.total}): ${gaps}`)}\n`);
        }
        break;
    }
    if (this.io.stderrIsTty) this.draw();
  }

  finish(): void {
    this.clear();
  }

  private draw(): void {
    const errors = this.errors === 0 ? '' : ` · ${plural(this.errors, 'error')}`;
    this.io.stderr(`\r\u001b[2K${terminalLine(`collecting: ${this.done}/${this.total || '?'} accounts${errors} · ${this.lastCall}`, 120)}`);
    this.drawn = true;
  }

  private clear(): void {
    if (!this.drawn) return;
    this.io.stderr('\r\u001b[2K');
    this.drawn = false;
  }
}

function parseList(value: string): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) throw new InvalidArgumentError('must name at least one');
  return items;
}

function parseAccountIds(value: string): string[] {
  const ids = parseList(value);
  const bad = ids.find((id) => !/^[0-9]{12}$/.test(id));
  if (bad !== undefined) throw new InvalidArgumentError(`"${bad}" is not a 12-digit AWS account id`);
  return ids;
}

function parsePositive(value: string): number {
  if (!/^[1-9][0-9]*$/.test(value)) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return Number(value);
}

