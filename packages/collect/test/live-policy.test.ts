import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionCatalog, wildcardMatch } from '@iamlint/core';
import { startFakeAws, worldFromSnapshotFolder, type RecordedCall } from '@iamlint/fake-aws';
import { collectSnapshot } from '../src/index.js';

interface Statement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
}

const policy = JSON.parse(readFileSync(new URL('../collector-policy.json', import.meta.url), 'utf8')) as { Version: string; Statement: Statement[] };
const DEMO = fileURLToPath(new URL('../../../fixtures/demo-org', import.meta.url));
const asList = (value: string | string[]) => (Array.isArray(value) ? value : [value]);
const policyActions = policy.Statement.flatMap((statement) => asList(statement.Action));
/** The only writes the collector may make: asking IAM to prepare reports it then reads. */
const ALLOWED_WRITES = new Set(['iam:GenerateCredentialReport', 'iam:GenerateServiceLastAccessedDetails']);
/** AWS never denies GetCallerIdentity, so no policy grants it. */
const NEEDS_NO_PERMISSION = new Set(['sts:GetCallerIdentity']);

const allowed = (action: string) => policy.Statement.some((statement) => statement.Effect === 'Allow' && asList(statement.Action).some((pattern) => wildcardMatch(pattern, action, true)));

describe('collector-policy.json', () => {
  let calls: RecordedCall[];

  beforeAll(async () => {
    const fake = await startFakeAws({
      world: worldFromSnapshotFolder(DEMO),
      // Without its credential report, platform-sandbox is read user by user: those calls need the policy too.
      faults: [{ service: 'iam', action: 'GenerateCredentialReport', accountId: '590318264797', error: 'AccessDenied' }],
    });
    try {
      await collectSnapshot({
        org: true,
        lastAccessed: true,
        roleName: 'iamlint-readonly',
        toolVersion: '0.1.0',
        clientConfig: { endpoint: fake.endpoint, region: fake.region, credentials: fake.credentials, maxAttempts: 2 },
        poll: { initialDelayMs: 5, maxDelayMs: 20 },
      });
      calls = [...fake.calls];
    } finally {
      await fake.close();
    }
  });

  it('allows every call a full --org --last-accessed collection makes', () => {
    const made = [...new Set(calls.map((call) => `${call.service}:${call.action}`))].sort();
    expect(made.length).toBeGreaterThan(40);
    expect(made.filter((action) => !NEEDS_NO_PERMISSION.has(action) && !allowed(action))).toEqual([]);
  });

  it('grants nothing the collector does not call', () => {
    const made = new Set(calls.map((call) => `${call.service}:${call.action}`));
    expect(policyActions.filter((action) => !made.has(action))).toEqual([]);
  });

  it('is read-only: List, Get and Describe actions, and the two report jobs as the only writes', () => {
    for (const action of policyActions) {
      if (action === 'sts:AssumeRole') continue;
      const info = actionCatalog.action(action);
      expect(info?.fullName, `${action} is not a real action`).toBe(action);
      const [, name = ''] = action.split(':');
      if (ALLOWED_WRITES.has(action)) continue;
      expect(name, action).toMatch(/^(List|Get|Describe)/);
      expect(['List', 'Read'], action).toContain(info?.accessLevel);
    }
    expect(policyActions.filter((action) => action.includes('*'))).toEqual([]);
    expect(policy.Statement.every((statement) => statement.Effect === 'Allow')).toBe(true);
  });

  it('lets the collector assume only the read-only role, never any role', () => {
    const assume = policy.Statement.filter((statement) => asList(statement.Action).includes('sts:AssumeRole'));
    expect(assume).toHaveLength(1);
    expect(asList(assume[0]?.Action ?? [])).toEqual(['sts:AssumeRole']);
    expect(asList(assume[0]?.Resource ?? [])).toEqual(['arn:aws:iam::*:role/iamlint-readonly']);
    const assumed = calls.filter((call) => call.action === 'AssumeRole').map((call) => String(call.params.RoleArn));
    expect(assumed).toHaveLength(11);
    expect(assumed.every((roleArn) => wildcardMatch('arn:aws:iam::*:role/iamlint-readonly', roleArn))).toBe(true);
  });
});
