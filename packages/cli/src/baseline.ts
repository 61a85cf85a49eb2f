import { readFile, stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import {
  compareWithKnown,
  createBaseline,
  DEFAULT_BASELINE_FILE,
  loadSnapshot,
  parseBaseline,
  plural,
  runRules,
  serializeBaseline,
  UsageError,
  type Baseline,
  type BaselineComparison,
  type KnownFindings,
  type LintResult,
  type Model,
  type ResolvedConfig,
} from '@iamlint/core';
import { readSnapshotAtRef } from './git.js';
import { writeOutputFile, type ProtectedPaths } from './output.js';
import { toPosix } from './paths.js';

export interface BaselineOptions {
  /** Baseline file (relative to cwd): its findings are not reported. */
  baseline?: string;
  /** Write the baseline from the current findings (to `baseline`, default iamlint-baseline.json), then report against it. */
  updateBaseline?: boolean;
  /** Report only findings that the same snapshot path did not have at this git ref. */
  newSince?: string;
}

export interface BaselineWrite {
  file: string;
  /** `unchanged`: the file already held exactly these findings and was left alone. */
  status: 'written' | 'unchanged';
  count: number;
}

export interface BaselineOutcome {
  /** The new findings only, when a baseline or ref was used; otherwise the result as given. */
  result: LintResult;
  comparison?: BaselineComparison;
  /** `--new-since`: the snapshot at that ref, or null when the path held no snapshot there. */
  since?: { ref: string; model: Model | null };
  written?: BaselineWrite;
}

export interface BaselineInput {
  options: BaselineOptions;
  /** Every current finding, before --quiet. */
  result: LintResult;
  cwd: string;
  /** The audited paths as given; `--new-since` needs them to be one snapshot folder. */
  paths: readonly string[];
  /** Whether the snapshot came from somewhere other than the paths (`--live`). */
  inMemory: boolean;
  displayPath: string;
  config: ResolvedConfig;
  now?: Date;
  today: Date;
  /** What `--update-baseline` must never overwrite: the snapshot or exports audited, the config in use. */
  protect?: ProtectedPaths;
}

/** Applies `--baseline`, `--update-baseline` and `--new-since` to a lint result. */
export async function applyBaselineOptions(input: BaselineInput): Promise<BaselineOutcome> {
  const { options, result } = input;
  if (options.baseline === undefined && !options.updateBaseline && options.newSince === undefined) return { result };
  if (options.updateBaseline && options.newSince !== undefined) {
    throw new UsageError('USAGE', '--update-baseline and --new-since do not go together', {
      hint: 'a baseline records every current finding; run --update-baseline without --new-since',
    });
  }
  const known: KnownFindings = {};
  let written: BaselineWrite | undefined;
  if (options.baseline !== undefined || options.updateBaseline) {
    const path = resolve(input.cwd, options.baseline ?? DEFAULT_BASELINE_FILE);
    const file = toPosix(relative(input.cwd, path)) || path;
    if (options.updateBaseline) {
      const content = createBaseline(result.findings);
      written = { file, status: await writeBaselineFile(path, content, input.protect, file), count: content.findings.length };
      known.baseline = { file, content };
    } else {
      known.baseline = { file, content: await readBaselineFile(path, file) };
    }
  }
  let since: BaselineOutcome['since'];
  if (options.newSince !== undefined) {
    const folder = await snapshotFolderOf(input);
    const files = await readSnapshotAtRef(options.newSince, folder, input.displayPath, { flag: '--new-since' });
    const model = files === null ? null : loadSnapshot(files, `${input.displayPath}@${options.newSince}`);
    const earlier = model === null ? undefined : runRules({ model, config: input.config, ...(input.now ? { now: input.now } : {}), exceptionsAsOf: input.today });
    known.since = { ref: options.newSince, fingerprints: new Set(earlier?.findings.map((finding) => finding.fingerprint) ?? []) };
    since = { ref: options.newSince, model };
  }
  const compared = compareWithKnown(result, known);
  return { ...compared, ...(since ? { since } : {}), ...(written ? { written } : {}) };
}

export async function readBaselineFile(path: string, displayPath: string): Promise<Baseline> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      throw new UsageError('USAGE', `baseline file not found: ${displayPath}`, {
        hint: `create it with \`iamlint audit --update-baseline --baseline ${displayPath}\``,
      });
    }
    throw new UsageError('USAGE', `cannot read baseline file ${displayPath}: ${error.code ?? error.message}`, { hint: 'check the --baseline path' });
  });
  return parseBaseline(text, displayPath);
}

/** Writes the baseline atomically, and only when its bytes change, so an unchanged baseline never shows in git. */
export async function writeBaselineFile(path: string, baseline: Baseline, protect?: ProtectedPaths, display?: string): Promise<BaselineWrite['status']> {
  const text = serializeBaseline(baseline);
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing === text) return 'unchanged';
  await writeOutputFile(path, text, { flag: '--baseline', ...(protect ? { protect } : {}), ...(display ? { display } : {}) });
  return 'written';
}

async function snapshotFolderOf(input: BaselineInput): Promise<string> {
  const single = input.paths.length === 1 ? resolve(input.cwd, input.paths[0] as string) : undefined;
  const isFolder = single !== undefined && !input.inMemory && (await stat(single).catch(() => undefined))?.isDirectory() === true;
  if (!isFolder || single === undefined) {
    throw new UsageError('USAGE', '--new-since compares with a snapshot folder committed to git, not with raw exports or --live', {
      hint: 'audit one snapshot folder, e.g. `iamlint audit snapshots/acme --new-since HEAD~1`',
    });
  }
  return single;
}

export function describeBaselineWrite(write: BaselineWrite): string {
  const findings = plural(write.count, 'finding');
  return write.status === 'written' ? `wrote ${write.file} (${findings})` : `${write.file} is up to date (${findings}); not rewritten`;
}
