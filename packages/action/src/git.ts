import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Commits that changed a path, newest first, from `from` back: `git log -<limit> --format=%H <from> -- <path>`. */
export async function commitsTouching(path: string, cwd: string, limit: number, from: string): Promise<string[]> {
  const { stdout } = await run('git', ['log', `-${limit}`, '--format=%H', from, '--', path], { cwd });
  return stdout.split('\n').filter((line) => /^[0-9a-f]{40,64}$/.test(line));
}

/** CI checkouts are shallow by default, so older commits are missing. */
export async function isShallowRepository(cwd: string): Promise<boolean> {
  const { stdout } = await run('git', ['rev-parse', '--is-shallow-repository'], { cwd });
  return stdout.trim() === 'true';
}

/** The commit checked out, which a job that collects and commits has moved past GITHUB_SHA. */
export async function headCommit(cwd: string): Promise<string | undefined> {
  return run('git', ['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd }).then(
    ({ stdout }) => stdout.trim() || undefined,
    () => undefined,
  );
}
