import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotDiff } from '@iamlint/core';
import type { SnapshotSpec } from '@iamlint/core/testing';
import { runCli, tempDir, writeSnapshot } from './helpers.js';

const run = promisify(execFile);
const V = '2012-10-17';
const MANAGEMENT = '311842569027';
const PROD = '097352618404';
const VENDOR = '742981530266';
const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
const HOSTILE_ROLE = '<img src=x onerror=alert(1)>|`deploy`';

interface Variant {
  bobGroups?: string[];
  vendorTrust?: boolean;
  hostileTag?: string;
}

function spec(variant: Variant = {}): SnapshotSpec {
  return {
    organization: {
      managementAccountId: MANAGEMENT,
      accounts: [
        { id: MANAGEMENT, name: 'acme-management' },
        { id: PROD, name: 'acme-data-prod' },
      ],
    },
    accounts: {
      [PROD]: {
        alias: 'acme-data-prod',
        users: [{ userName: 'bob', groups: variant.bobGroups ?? ['Developers'] }],
        groups: [
          { groupName: 'Admins', attachedManagedPolicies: [ADMINISTRATOR_ACCESS] },
          { groupName: 'Developers', inlinePolicies: [{ name: 'read-logs', document: { Version: V, Statement: [{ Effect: 'Allow', Action: 'logs:GetLogEvents', Resource: '*' }] } }] },
        ],
        roles: [
          {
            roleName: HOSTILE_ROLE,
            tags: variant.hostileTag ? { owner: variant.hostileTag } : {},
            trustPolicy: {
              Version: V,
              Statement: [
                { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'sts:AssumeRole' },
                ...(variant.vendorTrust ? [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${VENDOR}:root` }, Action: 'sts:AssumeRole' }] : []),
              ],
            },
          },
        ],
        policies: [{ policyName: 'AdministratorAccess', arn: ADMINISTRATOR_ACCESS, document: { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
      },
    },
  };
}

let cwd: string;

beforeAll(async () => {
  cwd = await tempDir();
  await writeSnapshot(cwd, 'old', spec());
  await writeSnapshot(cwd, 'same', spec());
  await writeSnapshot(cwd, 'new', spec({ bobGroups: ['Developers', 'Admins'], vendorTrust: true, hostileTag: 'team|`x`' }));
});

describe('iamlint diff <old> <new>', () => {
  it('reports a user who gained admin through a group first, and the trust that opened to another account', async () => {
    const result = await runCli(['diff', 'old', 'new'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual(['iamlint diff', '  old: old (collected 2026-11-20T06:00:00Z)', '  new: new (collected 2026-11-20T06:00:00Z)']);
    expect(result.stdout).toContain(
      `  ▲ admin User bob  ${PROD} (acme-data-prod)  gained administrator access through AdministratorAccess (via group Admins)`,
    );
    expect(result.stdout).toContain('    ~ User bob  groups +Admins');
    expect(result.stdout).toContain(`newly trusted: account ${VENDOR} (outside the organization)`);
    expect(lines.at(-2)).toBe('✖ 1 principal gained admin, 0 lost admin, 1 principal with changed permissions, 0 added, 0 removed, 2 changed entities');
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('colours only on a terminal', async () => {
    const result = await runCli(['diff', 'old', 'new'], { cwd, tty: true });
    expect(result.stdout).toContain('\u001b[');
    expect((await runCli(['diff', 'old', 'new'], { cwd, tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
  });

  it('exits 1 with --fail-on-admin-gained only when a principal gained admin', async () => {
    expect((await runCli(['diff', 'old', 'new', '--fail-on-admin-gained'], { cwd })).code).toBe(1);
    expect((await runCli(['diff', 'new', 'old', '--fail-on-admin-gained'], { cwd })).code).toBe(0);
  });

  it('says so when nothing changed', async () => {
    const result = await runCli(['diff', 'old', 'same', '--fail-on-admin-gained'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No changes in who can do what.');
    const json = JSON.parse((await runCli(['diff', 'old', 'same', '-f', 'json'], { cwd })).stdout) as SnapshotDiff;
    expect(json).toMatchObject({ version: 1, permissions: [], entities: [], warnings: [] });
  });

  it('writes the documented JSON shape', async () => {
    const result = await runCli(['diff', 'old', 'new', '--format', 'json'], { cwd });
    const diff = JSON.parse(result.stdout) as SnapshotDiff;
    expect(diff.summary).toEqual({ adminGained: 1, adminAssumersGained: 0, adminLost: 0, principalsChanged: 1, added: 0, removed: 0, changed: 2 });
    expect(diff.permissions[0]?.principal).toEqual({ kind: 'User', id: `arn:aws:iam::${PROD}:user/bob`, name: 'bob', accountId: PROD });
    const role = diff.entities.find((change) => change.kind === 'Role');
    expect(role?.name).toBe(HOSTILE_ROLE);
    expect(role?.fields).toEqual([
      { field: 'trustPolicy', type: 'document', change: 'changed' },
      { field: 'tags', type: 'set', added: ['owner=team|`x`'], removed: [] },
    ]);
    expect(role?.trust?.added).toEqual([expect.objectContaining({ type: 'account', id: VENDOR, outsideOrganization: true })]);
  });

  it('escapes snapshot text in markdown so a hostile role name cannot inject HTML or break the table', async () => {
    const result = await runCli(['diff', 'old', 'new', '-f', 'markdown'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('<img');
    expect(result.stdout).not.toContain('`deploy`');
    expect(result.stdout).toContain('&#60;img src=x onerror=alert(1)&#62;&#124;&#96;deploy&#96;');
    const roleRow = result.stdout.split('\n').find((line) => line.includes('| Role |'));
    // Five cells: six unescaped pipes, whatever the role name and tag hold.
    expect(roleRow?.match(/\|/g)).toHaveLength(6);
    expect(roleRow).toContain('owner=team&#124;&#96;x&#96;');
    expect(result.stdout).toMatch(/^## iamlint diff: old → new\n\n❌ 1 principal gained admin/);
    expect(result.stdout).toContain('| 🔴 gained | User bob |');
  });

  it.each([
    ['a missing folder', ['diff', 'old', 'nope'], /^iamlint: snapshot folder not found: nope \(pass the folder/],
    ['one folder without --base', ['diff', 'old'], /^iamlint: give two snapshot folders to compare \(run `iamlint diff <old-folder> <new-folder>`/],
    ['an unknown format', ['diff', 'old', 'new', '-f', 'sarif'], /^iamlint: option '-f, --format <format>' argument 'sarif' is invalid/],
  ])('rejects %s with one line and exit 2', async (_name, argv, message) => {
    const result = await runCli(argv, { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });

  it('rejects a broken snapshot with its file and line', async () => {
    const broken = await tempDir();
    await writeSnapshot(broken, 'old', spec());
    await writeSnapshot(broken, 'new', spec());
    await rm(join(broken, 'new', 'snapshot.json'));
    const result = await runCli(['diff', 'old', 'new'], { cwd: broken });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('iamlint: new/snapshot.json: snapshot.json is missing (point iamlint at a folder written by `iamlint collect` or `iamlint import`)\n');
  });
});

describe('iamlint diff --base <ref>', () => {
  let repo: string;
  const git = (...args: string[]) => run('git', ['-c', 'user.name=CI', '-c', 'user.email=ci@acme.example', '-c', 'commit.gpgsign=false', ...args], { cwd: repo });

  beforeAll(async () => {
    repo = await tempDir();
    await git('init', '--quiet', '--initial-branch=main');
    await writeSnapshot(repo, 'snapshots/acme', spec());
    await git('add', '.');
    await git('commit', '--quiet', '-m', 'snapshot 2026-11-19');
    await writeSnapshot(repo, 'snapshots/acme', spec({ bobGroups: ['Developers', 'Admins'] }));
    await writeSnapshot(repo, 'snapshots/later', spec());
    await git('add', '.');
    await git('commit', '--quiet', '-m', 'snapshot 2026-11-20');
  });

  it('reads the old snapshot from git at the ref, from the repository root or a subfolder', async () => {
    const result = await runCli(['diff', '--base', 'HEAD~1', 'snapshots/acme', '--fail-on-admin-gained'], { cwd: repo });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('  old: snapshots/acme@HEAD~1 (collected');
    expect(result.stdout).toContain('gained administrator access through AdministratorAccess (via group Admins)');
    const fromInside = await runCli(['diff', '--base', 'HEAD~1', '.', '-f', 'json'], { cwd: join(repo, 'snapshots', 'acme') });
    expect((JSON.parse(fromInside.stdout) as SnapshotDiff).summary.adminGained).toBe(1);
    const unchanged = await runCli(['diff', '--base', 'HEAD', 'snapshots/acme'], { cwd: repo });
    expect(unchanged.stdout).toContain('No changes in who can do what.');
  });

  it.each([
    ['a ref that does not exist', ['diff', '--base', 'origin/main', 'snapshots/acme'], 'iamlint: git ref "origin/main" not found in'],
    ['a folder that did not exist at the ref', ['diff', '--base', 'HEAD~1', 'snapshots/later'], 'iamlint: snapshots/later has no snapshot at HEAD~1 (the folder did not exist'],
    ['a ref that looks like an option', ['diff', '--base=--output=x', 'snapshots/acme'], 'iamlint: --base "--output=x" is not a git ref'],
    ['two folders with --base', ['diff', '--base', 'HEAD~1', 'snapshots/acme', 'snapshots/later'], 'iamlint: with --base, give one snapshot folder (the new one)'],
  ])('rejects %s with one line and exit 2', async (_name, argv, message) => {
    const result = await runCli(argv, { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stderr.startsWith(message)).toBe(true);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('says when the folder is not in a git repository', async () => {
    const result = await runCli(['diff', '--base', 'HEAD~1', 'old'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'iamlint: old is not inside a git repository (--base reads the old snapshot from git history; pass two folders instead: iamlint diff <old> <new>)\n',
    );
  });
});
