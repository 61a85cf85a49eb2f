import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  createRulePartRunner,
  IamlintError,
  mergeRuleParts,
  type AnyRule,
  type LintResult,
  type Model,
  type ResolvedConfig,
  type RuleEvent,
  type RunOptions,
} from '@iamlint/core';
import { builtinRules } from '@iamlint/rules';

/**
 * Below this many accounts per thread, a worker's start costs more than it saves: it loads the modules, the config and
 * the whole snapshot, and compiles the policy documents again before its first account is done. On a quiet 2-core
 * machine, 1,000 realistic accounts took 12–14 s on one thread and 22 s on two, with 1.0–1.3 GB against 1.5 GB peak:
 * each thread holds a whole model and loads it again, so more threads are a choice (`--jobs`), not the default.
 */
export const MIN_ACCOUNTS_PER_JOB = 250;
/** `auto` starts threads only on more cores than this: the measurement above is of two threads on 2 cores. */
export const MAX_CORES_FOR_ONE_THREAD = 2;
/** Accounts per piece of work handed to a thread, at most: pieces shrink towards the end so that the threads finish together. */
const MAX_ACCOUNTS_PER_CHUNK = 10;
const CHUNKS_PER_JOB = 4;

/** What a worker reads to build the same model and config as the main thread. */
export type WorkerInput =
  | { kind: 'paths'; paths: readonly string[]; cwd: string }
  | { kind: 'files'; files: ReadonlyArray<readonly [string, string]>; displayPath: string };

export interface WorkerSetup {
  input: WorkerInput;
  cwd: string;
  configPath?: string;
  /** `--rule`: the rules to run. */
  rules?: readonly string[];
  /** ISO-8601. */
  now?: string;
  exceptionsAsOf: string;
  /** The main thread's `configDigest`: a worker whose config resolved differently refuses to run. */
  configDigest: string;
}

export interface ToWorker {
  type: 'run';
  chunk: number;
  accounts: readonly string[];
}
export type FromWorker = { type: 'ready' } | { type: 'done'; chunk: number; events: RuleEvent[] } | { type: 'failed'; message: string };

/** The built-in rules look at one node at a time or gather in `Snapshot:exit`; a plugin's rule may keep state between nodes, so it runs in one part. */
export function builtinNodeLocal(ruleId: string, rule: AnyRule): boolean {
  return builtinRules.get(ruleId) === rule;
}

/** Which rule instances run where, with which options, and which exceptions apply: equal digests mean equal runs. */
export function configDigest(model: Model, config: ResolvedConfig): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([...config.rules.keys()]));
  for (const scope of [null, ...model.accounts]) {
    hash.update(`\n${scope?.accountId ?? ''}`);
    for (const [ruleId, setting] of config.settingsFor(scope)) hash.update(`|${ruleId}:${setting.level}:${setting.optionsKey}`);
  }
  hash.update(JSON.stringify(config.exceptions));
  hash.update(JSON.stringify(config.ignoreTags ?? null));
  return hash.digest('hex');
}

const WORKER_ENTRY = new URL('./audit-worker.js', import.meta.url);

/** What `auto` means: one thread per core, as far as the snapshot has accounts for them; one on a machine of 2 cores or fewer. */
export function autoJobs(accountCount: number, cores: number): number {
  if (cores <= MAX_CORES_FOR_ONE_THREAD) return 1;
  return Math.max(1, Math.min(cores, Math.floor(accountCount / MIN_ACCOUNTS_PER_JOB)));
}

/** How many threads run the rules: as asked, or `autoJobs`; one where the worker script is not at hand (a single-file bundle). */
export function resolveJobs(requested: number | 'auto', accountCount: number): number {
  const jobs = requested === 'auto' ? autoJobs(accountCount, availableParallelism()) : Math.min(requested, accountCount);
  if (jobs <= 1) return 1;
  if (existsSync(fileURLToPath(WORKER_ENTRY))) return jobs;
  if (requested === 'auto') return 1;
  throw new IamlintError('WORKER', `--jobs ${requested} needs the worker script ${fileURLToPath(WORKER_ENTRY)}, which is missing`, { hint: 'reinstall iamlint, or audit on one thread with --jobs 1' });
}

/** The process's Node flags, less those that apply only to a main script given as text (`node --input-type=module -e …`). */
function workerExecArgv(): string[] {
  return process.execArgv.filter((flag) => !flag.startsWith('--input-type'));
}

/**
 * The rules over `jobs` threads: this one runs the organization part and takes pieces of accounts as the workers do;
 * each worker loads the same snapshot and config. The parts' events merge into what `runRules` gives, byte for byte.
 */
export async function runRulesOnThreads(options: RunOptions, setup: Omit<WorkerSetup, 'configDigest'>, jobs: number): Promise<LintResult> {
  const runOptions: RunOptions = { ...options, nodeLocal: builtinNodeLocal };
  const accountIds = options.model.accounts.map((account) => account.accountId);
  const chunks: string[][] = [];
  for (let start = 0; start < accountIds.length; ) {
    const size = Math.min(MAX_ACCOUNTS_PER_CHUNK, Math.max(1, Math.ceil((accountIds.length - start) / (jobs * CHUNKS_PER_JOB))));
    chunks.push(accountIds.slice(start, start + size));
    start += size;
  }
  const results: RuleEvent[][] = new Array<RuleEvent[]>(chunks.length);
  let next = 0;
  let finished = 0;
  let failure: IamlintError | undefined;
  let settle: (() => void) | undefined;
  const allDone = new Promise<void>((resolve) => {
    settle = resolve;
  });
  const fail = (reason: string): void => {
    failure ??= new IamlintError('WORKER', `a worker thread of the audit failed: ${reason}`, { hint: 'audit on one thread with --jobs 1, and report it if that works' });
    settle?.();
  };
  const complete = (chunk: number, events: RuleEvent[]): void => {
    results[chunk] = events;
    finished += 1;
    if (finished === chunks.length) settle?.();
  };

  const workerData: WorkerSetup = { ...setup, configDigest: configDigest(options.model, options.config) };
  // Loaded here, not with the module: every audit loads this module, few start threads.
  const { Worker } = await import('node:worker_threads');
  // Every worker must start, even one whose pieces this thread ended up doing: a failure is then not a matter of timing.
  const starts: Array<Promise<void>> = [];
  const workers = Array.from({ length: jobs - 1 }, () => {
    const worker = new Worker(WORKER_ENTRY, { workerData, execArgv: workerExecArgv() });
    let started: (() => void) | undefined;
    starts.push(
      new Promise<void>((resolve) => {
        started = resolve;
      }),
    );
    const inFlight = new Set<number>();
    const give = (): void => {
      if (next >= chunks.length || failure) return;
      const chunk = next++;
      inFlight.add(chunk);
      worker.postMessage({ type: 'run', chunk, accounts: chunks[chunk] as string[] } satisfies ToWorker);
    };
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'failed') {
        fail(message.message);
        return started?.();
      }
      if (message.type === 'ready') {
        started?.();
        // Two pieces at a time: the next is queued while this thread is busy with one of its own.
        give();
        give();
        return;
      }
      inFlight.delete(message.chunk);
      complete(message.chunk, message.events);
      give();
    });
    worker.on('error', (error) => {
      fail(error.message);
      started?.();
    });
    worker.on('exit', (code) => {
      if (inFlight.size > 0 || (code !== 0 && finished < chunks.length)) fail(`it stopped (exit code ${code}) before finishing its accounts`);
      started?.();
    });
    return worker;
  });

  try {
    const runner = createRulePartRunner(runOptions);
    const organization = runner.run({ organization: true, accounts: [] });
    while (next < chunks.length && !failure) {
      const chunk = next++;
      complete(chunk, runner.run({ organization: false, accounts: chunks[chunk] as string[] }));
      // Lets the workers' messages in: a finished worker gets its next piece while this thread works on one.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (chunks.length > 0) await allDone;
    if (!failure) await Promise.all(starts);
    if (failure) throw failure;
    return mergeRuleParts(runOptions, [organization, ...results]);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
