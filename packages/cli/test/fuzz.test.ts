import { rm } from 'node:fs/promises';
import { buildSnapshotFiles, seededRandom } from '@iamlint/core/testing';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeFiles } from './helpers.js';

/**
 * Issue 12's fuzzer, kept: mutated snapshots, raw exports and configs. Whatever the input, iamlint exits 0 or 1 with
 * output that parses, or 2 with exactly one line on stderr: never a stack, a hang or another exit code.
 * Seeded, so a failure names the case that reproduces it; IAMLINT_FUZZ_CASES / IAMLINT_FUZZ_SEED run more or others
 * (case i of seed s replays alone as IAMLINT_FUZZ_SEED=s+i IAMLINT_FUZZ_CASES=1).
 */
const CASES = Number(process.env['IAMLINT_FUZZ_CASES'] ?? 150);
const SEED = Number(process.env['IAMLINT_FUZZ_SEED'] ?? 20261206);
const BUDGET_MS = Number(process.env['IAMLINT_FUZZ_BUDGET_MS'] ?? (process.env['IAMLINT_FUZZ_CASES'] ? 3_600_000 : 25_000));

const MANAGEMENT = '111122223333';
const PROD = '777788889999';
const doc = (statement: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [statement] });

const SNAPSHOT = buildSnapshotFiles({
  organization: {
    managementAccountId: MANAGEMENT,
    organizationalUnits: [{ id: 'ou-abcd-sandbox1', name: 'Sandbox' }],
    accounts: [
      { id: MANAGEMENT, name: 'management' },
      { id: PROD, name: 'prod', parentId: 'ou-abcd-sandbox1' },
    ],
    policies: [{ name: 'guard', type: 'SERVICE_CONTROL_POLICY', document: doc({ Effect: 'Deny', Action: 'iam:*', Resource: '*' }), targets: [PROD] }],
  },
  accounts: {
    [PROD]: {
      users: [{ userName: 'ci', accessKeys: [{ createDate: '2020-01-01T00:00:00Z' }], tags: { 'iamlint:ignore': 'access-key-max-age' } }],
      roles: [
        {
          roleName: 'admin',
          trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 'sts:AssumeRole' }),
          attachedManagedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
        },
      ],
      policies: [{ policyName: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess', path: '/', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }), defaultVersionId: 'v1' }],
    },
  },
});

const GAAD = JSON.stringify({
  UserDetailList: [{ UserName: 'bob', UserId: 'AIDAEXAMPLEBOB000001', Arn: `arn:aws:iam::${PROD}:user/bob`, Path: '/', CreateDate: '2024-01-01T00:00:00Z', GroupList: [], AttachedManagedPolicies: [], UserPolicyList: [{ PolicyName: 'p', PolicyDocument: '%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D' }], Tags: [] }],
  GroupDetailList: [],
  RoleDetailList: [{ RoleName: 'r', RoleId: 'AROAEXAMPLEROLE00001', Arn: `arn:aws:iam::${PROD}:role/r`, Path: '/', CreateDate: '2024-01-01T00:00:00Z', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), AttachedManagedPolicies: [], RolePolicyList: [], InstanceProfileList: [], Tags: [] }],
  Policies: [],
});

const CONFIG = JSON.stringify(['iamlint:recommended', { ignoreTags: { rules: ['access-key-max-age'], below: 'high' } }, { ous: ['Sandbox'], rules: { 'user-mfa-required': 'off' } }, { exceptions: [{ rule: 'access-key-max-age', resource: '*', reason: 'r', expires: '2030-01-01' }] }]);


const HOSTILE: readonly unknown[] = [
  '{', '%7B', '', '\u001b[2J\u001b[31mred', 'a\nb\rc', 'x'.repeat(20_000), '\uFEFF', -1, 0, 1e308, true, null, [], {}, ['*'],
  { Version: '2012-10-17', Statement: '*' }, { Statement: [{ Effect: 'Allow', NotAction: '*', NotResource: '*' }] },
  JSON.parse(`${'['.repeat(300)}${']'.repeat(300)}`), '2026-02-30T00:00:00Z', 'arn:aws:iam::*:role/*', { '\u001b]0;title\u0007': 1 },
];

/** Replaces one value somewhere in a JSON document, or breaks its text. */
function mutate(text: string, next: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const roll = next();
  if (roll < 0.25) {
    const at = Math.floor(next() * text.length);
    const cut = Math.floor(next() * 8);
    return text.slice(0, at) + pick(['', '{', '[', '"', ',', '\u0000', '\uFEFF', '\\', '}}', ']']) + text.slice(at + cut);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  const containers: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    const entries: Array<[string | number, unknown]> = Array.isArray(node) ? node.map((child, index) => [index, child]) : node && typeof node === 'object' ? Object.entries(node) : [];
    for (const [key, child] of entries) {
      containers.push({ parent: node as Record<string, unknown> | unknown[], key });
      stack.push(child);
    }
  }
  if (containers.length === 0) return JSON.stringify(pick(HOSTILE));
  const target = pick(containers);
  const choice = next();
  if (choice < 0.15 && !Array.isArray(target.parent)) delete target.parent[target.key as string];
  else if (choice < 0.25 && !Array.isArray(target.parent)) target.parent[pick(['\u001b[2Jkey', 'unknownField', 'document', 'tags'])] = pick(HOSTILE);
  else (target.parent as Record<string | number, unknown>)[target.key] = structuredClone(pick(HOSTILE));
  return JSON.stringify(value, null, next() < 0.5 ? 2 : undefined);
}

interface FuzzCase {
  kind: 'snapshot' | 'export' | 'config';
  files: Record<string, string>;
  argv: string[];
}

function makeCase(index: number): FuzzCase {
  const next = seededRandom(SEED + index);
  const kind = (['snapshot', 'snapshot', 'export', 'config'] as const)[Math.floor(next() * 4)] as FuzzCase['kind'];
  const snapshot = Object.fromEntries([...SNAPSHOT].map(([path, text]) => [`snap/${path}`, text]));
  const format = ['json', 'sarif'][Math.floor(next() * 2)] as string;
  if (kind === 'snapshot') {
    const paths = Object.keys(snapshot);
    const path = paths[Math.floor(next() * paths.length)] as string;
    for (let round = 1 + Math.floor(next() * 3); round > 0; round--) snapshot[path] = mutate(snapshot[path] as string, next);
    return { kind, files: { ...snapshot, 'iamlint.config.json': CONFIG }, argv: ['audit', 'snap', '-f', format] };
  }
  if (kind === 'export') {
    let gaad = GAAD;
    for (let round = 1 + Math.floor(next() * 3); round > 0; round--) gaad = mutate(gaad, next);
    return { kind, files: { 'gaad.json': gaad, 'iamlint.config.json': CONFIG }, argv: ['audit', 'gaad.json', '-f', format] };
  }
  let config = CONFIG;
  for (let round = 1 + Math.floor(next() * 3); round > 0; round--) config = mutate(config, next);
  return { kind, files: { ...snapshot, 'iamlint.config.json': config }, argv: ['audit', 'snap', '-f', format, ...(next() < 0.3 ? ['--strict-config'] : [])] };
}

describe('fuzz (issue 12)', () => {
  it(`exits 0/1 with parseable output or 2 with one line, for ${CASES} seeded cases (seed ${SEED})`, async () => {
    const started = performance.now();
    let run = 0;
    for (let index = 0; index < CASES && performance.now() - started < BUDGET_MS; index++, run++) {
      const root = await tempDir();
      const fuzzCase = makeCase(index);
      await writeFiles(root, fuzzCase.files);
      const result = await runCli(fuzzCase.argv, { cwd: root });
      const label = `case ${index} (${fuzzCase.kind}, IAMLINT_FUZZ_SEED=${SEED}): exit ${result.code}, stderr ${JSON.stringify(result.stderr.slice(0, 300))}`;
      expect([0, 1, 2], label).toContain(result.code);
      expect(result.stderr, label).not.toMatch(/internal error|\n\s+at /);
      expect(result.stderr.includes(String.fromCharCode(27)), label).toBe(false);
      if (result.code === 2) {
        expect(result.stderr.trimEnd().split('\n'), label).toHaveLength(1);
      } else {
        expect(() => JSON.parse(result.stdout), label).not.toThrow();
      }
      await rm(root, { recursive: true, force: true });
    }
    expect(run).toBeGreaterThan(0);
  }, 600_000);
});
