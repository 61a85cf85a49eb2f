import { readFile } from 'node:fs/promises';
import { commitsTouching, headCommit, isShallowRepository } from './git.js';

export const FAIL_ON = ['error', 'warning', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** The same defaults as action.yml, for runs that do not go through it (tests, other CI). */
export const INPUT_DEFAULTS = {
  path: 'snapshots',
  'sarif-file': 'iamlint.sarif',
  'fail-on': 'error',
} as const;

/** `new-since: none` turns the comparison off: every finding counts as new. */
export const NEW_SINCE_NONE = 'none';

export interface ActionInputs {
  path: string;
  config?: string;
  sarifFile: string;
  failOn: FailOn;
  baseline?: string;
  /** Given by the user, or empty to work it out from the event. */
  newSince?: string;
  category?: string;
}

export class InputError extends Error {}

/** Reads inputs as GitHub passes them: `INPUT_` + the name upper-cased, spaces as `_`, hyphens kept. */
export function readInputs(env: Readonly<Record<string, string | undefined>>): ActionInputs {
  const input = (name: string): string | undefined => {
    const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const failOn = input('fail-on') ?? INPUT_DEFAULTS['fail-on'];
  if (!(FAIL_ON as readonly string[]).includes(failOn)) {
    throw new InputError(`input fail-on is "${failOn}"; use one of ${FAIL_ON.join(', ')}`);
  }
  const optional = (name: string, key: keyof ActionInputs) => {
    const value = input(name);
    return value === undefined ? {} : { [key]: value };
  };
  return {
    path: input('path') ?? INPUT_DEFAULTS.path,
    sarifFile: input('sarif-file') ?? INPUT_DEFAULTS['sarif-file'],
    failOn: failOn as FailOn,
    ...optional('config', 'config'),
    ...optional('baseline', 'baseline'),
    ...optional('new-since', 'newSince'),
    ...optional('category', 'category'),
  };
}

export interface GithubContext {
  workspace: string;
  eventName: string;
  eventPath?: string;
  sha?: string;
  baseRef?: string;
  repository?: string;
  serverUrl: string;
}

export function githubContext(env: Readonly<Record<string, string | undefined>>, cwd: string): GithubContext {
  const value = (name: string): string | undefined => (env[name] ? env[name] : undefined);
  const eventPath = value('GITHUB_EVENT_PATH');
  const sha = value('GITHUB_SHA');
  const baseRef = value('GITHUB_BASE_REF');
  const repository = value('GITHUB_REPOSITORY');
  return {
    workspace: value('GITHUB_WORKSPACE') ?? cwd,
    eventName: value('GITHUB_EVENT_NAME') ?? '',
    ...(eventPath ? { eventPath } : {}),
    ...(sha ? { sha } : {}),
    ...(baseRef ? { baseRef } : {}),
    ...(repository ? { repository } : {}),
    serverUrl: (value('GITHUB_SERVER_URL') ?? 'https://github.com').replace(/\/+$/, ''),
  };
}

export interface NewSinceChoice {
  ref?: string;
  /** A scheduled run whose job committed no new snapshot: the last snapshot commit was audited when it was pushed. */
  noNewSnapshot?: boolean;
  /** Why this ref (or none), for the log. */
  reason: string;
}

export const FETCH_DEPTH_HINT = 'check out with `fetch-depth: 0` (actions/checkout), or set `new-since: none` to report every finding';

/**
 * What to compare with when `new-since` is not given: on a pull request its base commit; otherwise
 * (push, schedule) the commit before the last one that changed the snapshot path, counted from HEAD
 * because a job that collects and commits has moved past GITHUB_SHA.
 */
export async function defaultNewSince(github: GithubContext, snapshotPath: string): Promise<NewSinceChoice> {
  if (github.eventName === 'pull_request' || github.eventName === 'pull_request_target') {
    const baseSha = await pullRequestBaseSha(github.eventPath);
    if (baseSha) return { ref: baseSha, reason: `the pull request's base commit ${baseSha.slice(0, 12)}` };
    if (github.baseRef) return { ref: `origin/${github.baseRef}`, reason: `the pull request's base branch origin/${github.baseRef}` };
    return { reason: 'the event names no base commit, so every finding counts as new' };
  }
  const commits = await commitsTouching(snapshotPath, github.workspace, 2, 'HEAD').catch((error: unknown) => {
    const detail = (error as { stderr?: string }).stderr?.trim().split('\n')[0] ?? String(error);
    throw new InputError(`cannot read the git history of ${github.workspace} (${detail}): check out the repository with actions/checkout first, or set new-since`);
  });
  const latest = commits[0];
  if (github.eventName === 'schedule' && latest !== undefined && github.sha !== undefined && (await headCommit(github.workspace)) === github.sha) {
    // The job committed nothing: the snapshot is the one already audited, so its findings are not new again.
    return { ref: latest, noNewSnapshot: true, reason: `no new snapshot: ${snapshotPath} last changed in ${latest.slice(0, 12)}, which was audited then` };
  }
  if (commits.length === 2) {
    const previous = commits[1] as string;
    return { ref: previous, reason: `the previous commit that changed ${snapshotPath}, ${previous.slice(0, 12)}` };
  }
  if (await isShallowRepository(github.workspace)) {
    throw new InputError(`the checkout is shallow, so the previous commit of ${snapshotPath} is missing: ${FETCH_DEPTH_HINT}`);
  }
  return { reason: `no earlier commit changed ${snapshotPath}, so every finding counts as new` };
}

async function pullRequestBaseSha(eventPath: string | undefined): Promise<string | undefined> {
  if (!eventPath) return undefined;
  let event: { pull_request?: { base?: { sha?: unknown } } };
  try {
    event = JSON.parse(await readFile(eventPath, 'utf8')) as typeof event;
  } catch (error) {
    throw new InputError(`cannot read the event payload ${eventPath} (${error instanceof Error ? error.message : String(error)}); set new-since to compare with a commit of your choice`);
  }
  const sha = event.pull_request?.base?.sha;
  return typeof sha === 'string' && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
}
