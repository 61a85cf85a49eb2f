import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeFiles, writeSnapshot } from './helpers.js';

// Text from input data or names that reaches stderr: an ESC sequence that would clear the terminal and retitle it, a
// newline that would forge a second line, and a megabyte that would flood it.
const ESCAPES = '\u001b[2J\u001b]0;pwned\u0007';
const HUGE = 'x'.repeat(1_000_000);
const ACCOUNT = '012345678901';

/** Every line of stderr inert and bounded, and exactly `count` of them. */
function expectSafe(stderr: string, count: number): void {
  const lines = stderr.split('\n');
  expect(lines.pop()).toBe('');
  expect(lines).toHaveLength(count);
  for (const line of lines) {
    expect(line).toMatch(/^iamlint: /);
    expect(line).not.toMatch(/[\p{Cc}\p{Bidi_Control}]/u);
    expect(line.length).toBeLessThan(1200);
  }
}

const read = (relative: string) => readFileSync(new URL(relative, import.meta.url), 'utf8');
const report = read('../../collect/test/fixtures/credential-report-012345678901.csv');

let root: string;

beforeAll(async () => {
  root = await tempDir();
  await writeSnapshot(root, 'old', { accounts: { [ACCOUNT]: { users: [{ userName: 'alice' }] } } });
  await writeSnapshot(root, 'new', { accounts: { [ACCOUNT]: { users: [{ userName: 'alice' }, { userName: 'bob', attachedManagedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }] } } });
});

describe('stderr of import, diff, collect and the questions is one inert line per message', () => {
  it('import: a file name with escapes and a newline, and a megabyte user name in a credential report', async () => {
    const hostileUser = `${ESCAPES}${HUGE}`;
    await writeFiles(root, {
      'exports/gaad.json': read('../../../fixtures/datasets/gaad-cloudsplaining-example.json'),
      [`exports/credential-report-${ACCOUNT}.csv`]: `${report.trimEnd()}\n${hostileUser},arn:aws:iam::${ACCOUNT}:user/${hostileUser},2023-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n`,
      [`exports/run${ESCAPES}\nfake line.log`]: 'not an export\n',
    });
    const run = await runCli(['import', 'exports', '--out', `snap${ESCAPES}`], { cwd: root });
    expect(run.code).toBe(0);
    // The skipped file, two accounts in one GAAD, the report's user missing from the export, and where it wrote.
    expectSafe(run.stderr, 4);
    expect(run.stderr).toContain('exports/run\\u001b[2J\\u001b]0;pwned\\u0007\\nfake line.log');
    expect(run.stderr).toContain('…');
    // The same file audited directly: its notes are as inert.
    const audit = await runCli(['audit', 'exports', '-f', 'json'], { cwd: root });
    expect(audit.code).toBe(1);
    expectSafe(audit.stderr, 3);
  });

  it('diff: a property name with escapes, a newline and a megabyte in a snapshot file', async () => {
    const file = join(root, 'new/accounts', `${ACCOUNT}.json`);
    const account = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(join(root, 'good.json'), JSON.stringify(account));
    account[`${ESCAPES}${HUGE}\nsecond`] = 1;
    await writeFile(file, JSON.stringify(account));
    const run = await runCli(['diff', 'old', 'new'], { cwd: root });
    await writeFile(file, await readFile(join(root, 'good.json'), 'utf8'));
    expect(run.code).toBe(2);
    expectSafe(run.stderr, 1);
    expect(run.stderr).toContain('\\u001b[2J');
    const fine = await runCli(['diff', 'old', 'new'], { cwd: root });
    expect(fine.code).toBe(0);
    expect(fine.stderr).toBe('');
  });

  it.each([
    ['can', ['can', `${ESCAPES}\nforged${HUGE}`, 'iam:PassRole', '--snapshot', 'new']],
    ['who-can', ['who-can', 'iam:PassRole', '--resource', `arn:aws:iam::${ACCOUNT}:role/${ESCAPES}\nforged${HUGE}`, '--snapshot', 'new', '--account', `${ESCAPES}\n${HUGE}`]],
    ['explain', ['explain', 'user-no-direct-policies', `${ESCAPES}\nforged${HUGE}`, '--snapshot', 'new']],
    ['an unknown option', ['can', `--${ESCAPES}\nforged${HUGE}`]],
  ])('%s: a hostile name given on the command line', async (_name, argv) => {
    const run = await runCli(argv, { cwd: root });
    expect(run.code).toBe(2);
    expectSafe(run.stderr, 1);
    expect(run.stderr).toContain('\\u001b[2J');
  });
});
