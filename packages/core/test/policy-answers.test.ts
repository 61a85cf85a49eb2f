import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildModel, type SnapshotSpec } from '@iamlint/core/testing';
import { loadSnapshot } from '../src/model/loader.js';
import { answerWhoCan, createAnswerer, parseContextPairs, resolveAction, resolvePrincipal, type Answerer } from '../src/answers/index.js';
import { createPolicyQuestions } from '../src/policy/index.js';
import type { Model } from '../src/model/model.js';

const V = '2012-10-17';
const MANAGEMENT = '111122223333';
const PROD = '444455556666';
const ROOT_ID = 'r-a1b2';
const OU_PROD = 'ou-a1b2-prod0001';
const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
type Statement = Record<string, unknown>;
const doc = (...statements: Statement[]) => ({ Version: V, Statement: statements });
const allow = (action: string | string[], resource: string | string[] = '*', extra: Statement = {}): Statement => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });
const deny = (action: string | string[], resource: string | string[] = '*', extra: Statement = {}): Statement => ({ Effect: 'Deny', Action: action, Resource: resource, ...extra });
const inline = (name: string, ...statements: Statement[]) => ({ name, document: doc(...statements) });

// The situations of AWS's "Policy evaluation logic" and "Permissions boundaries" pages, as a snapshot.
const spec: SnapshotSpec = {
  organization: {
    managementAccountId: MANAGEMENT,
    rootId: ROOT_ID,
    organizationalUnits: [{ id: OU_PROD, name: 'Prod' }],
    accounts: [{ id: MANAGEMENT, name: 'acme-management' }, { id: PROD, name: 'acme-prod', parentId: OU_PROD }],
    policies: [
      { name: 'FullAWSAccess', awsManaged: true, document: doc(allow('*')), targets: [ROOT_ID, OU_PROD, MANAGEMENT, PROD] },
      { name: 'DenyLeaveOrg', document: doc({ Sid: 'NoLeaving', ...deny('organizations:LeaveOrganization') }), targets: [OU_PROD, MANAGEMENT] },
    ],
  },
  identityCenter: {
    permissionSets: [{ name: 'Admin', managedPolicies: [ADMINISTRATOR_ACCESS] }],
    groups: [{ groupId: 'g-1', displayName: 'Platform' }],
    assignments: [{ accountId: PROD, permissionSet: 'Admin', principalType: 'GROUP', principalId: 'g-1' }],
  },
  accounts: {
    [MANAGEMENT]: {
      users: [{ userName: 'mona', attachedManagedPolicies: [ADMINISTRATOR_ACCESS] }],
      roles: [{ roleName: 'deployer', inlinePolicies: [inline('assume', allow('sts:AssumeRole', `arn:aws:iam::${PROD}:role/*`))] }],
    },
    [PROD]: {
      users: [
        { userName: 'alice', attachedManagedPolicies: [ADMINISTRATOR_ACCESS] },
        { userName: 'bounded', attachedManagedPolicies: [ADMINISTRATOR_ACCESS], permissionsBoundary: `arn:aws:iam::${PROD}:policy/S3ReadBoundary` },
        { userName: 'mfa', inlinePolicies: [inline('mfa-only', allow('ec2:StopInstances', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))] },
        { userName: 'office', inlinePolicies: [inline('office-ip', allow('s3:GetObject', '*', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }))] },
        { userName: 'scoped', inlinePolicies: [inline('lake', allow('s3:GetObject', 'arn:aws:s3:::lake/*'))] },
        { userName: 'denied', inlinePolicies: [inline('both', allow('s3:*'), { Sid: 'NoDelete', ...deny('s3:DeleteBucket') })] },
      ],
      roles: [
        { roleName: 'admin', attachedManagedPolicies: [ADMINISTRATOR_ACCESS], trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'sts:AssumeRole' }) },
        { roleName: 'alice', trustPolicy: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }) },
      ],
      policies: [
        { policyName: 'AdministratorAccess', arn: ADMINISTRATOR_ACCESS, document: doc(allow('*')) },
        { policyName: 'S3ReadBoundary', document: doc(allow(['s3:GetObject', 's3:ListBucket'])) },
      ],
    },
  },
};

const model = buildModel(spec);
const answerer = (context?: Record<string, string>): Answerer => createAnswerer(model, createPolicyQuestions(model), context ? { context } : {});
const user = (account: string, name: string) => resolvePrincipal(model, name === 'alice' ? `arn:aws:iam::${account}:user/alice` : `${account}/${name}`);

describe('can: AWS documented evaluation', () => {
  const ask = answerer();

  it('an identity policy allows', () => {
    const answer = ask.can(user(PROD, 'alice'), 'iam:CreateUser');
    expect(answer.verdict).toBe('allowed');
    expect(answer.because).toBe('allowed by managed policy AdministratorAccess (statement 0)');
    expect(answer.reasons.map((reason) => [reason.source, reason.policy, reason.level ?? null])).toEqual([
      ['identity', 'managed policy AdministratorAccess', null],
      ['scp', 'SCP FullAWSAccess', 'the root'],
      ['scp', 'SCP FullAWSAccess', 'OU Prod'],
      ['scp', 'SCP FullAWSAccess', 'account acme-prod'],
    ]);
  });

  it('the permissions boundary caps the identity policy: effective permissions are the intersection', () => {
    expect(ask.can(user(PROD, 'bounded'), 's3:GetObject').verdict).toBe('allowed');
    const answer = ask.can(user(PROD, 'bounded'), 's3:PutObject');
    expect(answer.verdict).toBe('denied');
    expect(answer.because).toBe('the permissions boundary S3ReadBoundary does not allow it');
  });

  it('an SCP deny on the OU path wins over an identity allow, and is named with its level', () => {
    const answer = ask.can(user(PROD, 'alice'), 'organizations:LeaveOrganization');
    expect(answer.verdict).toBe('denied');
    expect(answer.because).toBe('explicitly denied by SCP DenyLeaveOrg (statement NoLeaving) at OU Prod');
  });

  it('SCPs do not apply in the management account', () => {
    expect(ask.can(user(MANAGEMENT, 'mona'), 'organizations:LeaveOrganization').verdict).toBe('allowed');
  });

  it('an explicit deny in the same policy overrides its allow', () => {
    expect(ask.can(user(PROD, 'denied'), 's3:GetObject').verdict).toBe('allowed');
    const answer = ask.can(user(PROD, 'denied'), 's3:DeleteBucket');
    expect(answer.verdict).toBe('denied');
    expect(answer.because).toBe('explicitly denied by inline policy both (statement NoDelete)');
  });

  it('no allow means an implicit deny', () => {
    expect(ask.can(user(PROD, 'mfa'), 'iam:CreateUser')).toMatchObject({ verdict: 'denied', because: 'no identity policy allows it' });
  });

  it('a condition the request does not settle: allowed only if, with the condition listed; the context settles it', () => {
    const open = ask.can(user(PROD, 'mfa'), 'ec2:StopInstances');
    expect(open.verdict).toBe('conditional');
    expect(open.because).toBe('allowed by inline policy mfa-only (statement 0), only if Bool aws:MultiFactorAuthPresent true');
    expect(open.reasons[0]?.openConditions).toEqual(['Bool aws:MultiFactorAuthPresent true']);
    expect(answerer({ 'aws:MultiFactorAuthPresent': 'true' }).can(user(PROD, 'mfa'), 'ec2:StopInstances').verdict).toBe('allowed');
    expect(answerer({ 'aws:MultiFactorAuthPresent': 'false' }).can(user(PROD, 'mfa'), 'ec2:StopInstances').verdict).toBe('denied');
  });

  it('asked without a resource, a grant on named resources is allowed only on them, and says which', () => {
    const answer = ask.can(user(PROD, 'scoped'), 's3:GetObject');
    expect(answer.verdict).toBe('conditional');
    expect(answer.because).toBe('allowed by inline policy lake (statement 0), only on arn:aws:s3:::lake/* (ask with --resource for one)');
    expect(ask.can(user(PROD, 'scoped'), 's3:GetObject', 'arn:aws:s3:::lake/file').verdict).toBe('allowed');
    expect(ask.can(user(PROD, 'scoped'), 's3:GetObject', 'arn:aws:s3:::other/file').verdict).toBe('denied');
  });

  it('a source IP condition follows the context', () => {
    expect(answerer({ 'aws:SourceIp': '203.0.113.7' }).can(user(PROD, 'office'), 's3:GetObject').verdict).toBe('allowed');
    expect(answerer({ 'aws:SourceIp': '198.51.100.7' }).can(user(PROD, 'office'), 's3:GetObject').verdict).toBe('denied');
  });

  it('assuming a role across accounts takes the identity allow and the trust policy, both named', () => {
    const role = `arn:aws:iam::${PROD}:role/admin`;
    const answer = ask.can(user(MANAGEMENT, 'deployer'), 'sts:AssumeRole', role);
    expect(answer.verdict).toBe('allowed');
    expect(answer.reasons.map((reason) => `${reason.effect} ${reason.policy}`)).toEqual(['Allow inline policy assume', 'Allow trust policy of role admin']);
    const notTrusted = ask.can(user(MANAGEMENT, 'deployer'), 'sts:AssumeRole', `arn:aws:iam::${PROD}:role/alice`);
    expect(notTrusted.verdict).toBe('denied');
    expect(notTrusted.because).toBe("the trust policy of role alice does not let deployer assume it");
  });

  it('a permission set answers as the role it becomes in an account, under that account\'s SCPs', () => {
    const admin = resolvePrincipal(model, 'Admin');
    expect(ask.can(admin, 'organizations:LeaveOrganization', undefined, PROD).verdict).toBe('denied');
    expect(ask.can(admin, 'organizations:LeaveOrganization').verdict).toBe('allowed');
  });
});

describe('who-can', () => {
  it('lists users, roles and permission sets per account, then who can assume those roles, most direct first', () => {
    const answer = answerWhoCan(answerer(), 'iam:CreateUser', { accountId: PROD });
    expect(answer.entries.map((entry) => [entry.hops, entry.verdict, entry.principal.kind, entry.principal.name, entry.principal.accountId])).toEqual([
      [0, 'allowed', 'User', 'alice', PROD],
      [0, 'allowed', 'Role', 'admin', PROD],
      [0, 'allowed', 'PermissionSet', 'Admin', PROD],
      [1, 'allowed', 'User', 'mona', MANAGEMENT],
      [1, 'allowed', 'Role', 'deployer', MANAGEMENT],
    ]);
    expect(answer.entries[2]?.assignedTo).toEqual(['group Platform']);
    expect(answer.entries[4]?.via?.name).toBe('admin');
  });

  it("asks the resource's account when a resource is given", () => {
    const answer = answerWhoCan(answerer(), 'ec2:StopInstances', { resource: `arn:aws:ec2:eu-west-1:${PROD}:instance/i-0123456789abcdef0` });
    expect(answer.accounts).toEqual([PROD]);
    expect(answer.entries.find((entry) => entry.principal.name === 'mfa')?.verdict).toBe('conditional');
    expect(answer.entries.some((entry) => entry.principal.name === 'bounded')).toBe(false);
  });
});

describe('one engine: answers agree with the questions the rules ask', () => {
  const demo = loadDemo();
  const questions = createPolicyQuestions(demo);
  const ask = createAnswerer(demo, createPolicyQuestions(demo));
  const actions = ['iam:CreateUser', 'iam:PassRole', 's3:GetObject', 'sts:AssumeRole', 'organizations:LeaveOrganization', 'cloudtrail:StopLogging', 'ec2:RunInstances', 'kms:Decrypt'];

  it('for every user and role of the demo organization and a spread of actions', () => {
    let compared = 0;
    for (const principal of [...demo.all('User'), ...demo.all('Role')]) {
      for (const action of actions) {
        const expected = questions.can(principal, action);
        const verdict = expected.decision !== 'allowed' ? 'denied' : expected.conditional ? 'conditional' : 'allowed';
        expect(ask.can(principal, action).verdict, `${principal.id} ${action}`).toBe(verdict);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });
});

describe('input', () => {
  it('names principals by ARN, account id or name / name, or a unique name, and says what is wrong otherwise', () => {
    expect(resolvePrincipal(model, `arn:aws:iam::${PROD}:user/alice`).id).toBe(`arn:aws:iam::${PROD}:user/alice`);
    expect(resolvePrincipal(model, 'acme-prod/bounded').kind).toBe('User');
    expect(resolvePrincipal(model, `${PROD}/mfa`).kind).toBe('User');
    expect(() => resolvePrincipal(model, 'acme-prod/alice')).toThrow('acme-prod/alice is ambiguous');
    expect(resolvePrincipal(model, 'mona').id).toBe(`arn:aws:iam::${MANAGEMENT}:user/mona`);
    expect(() => resolvePrincipal(model, 'alice')).toThrow(`alice is ambiguous: 2 principals have that name (arn:aws:iam::${PROD}:user/alice, arn:aws:iam::${PROD}:role/alice)`);
    expect(() => resolvePrincipal(model, 'nobody')).toThrow('no user, role, group or permission set named nobody in the snapshot');
    expect(() => resolvePrincipal(model, 'acme-nowhere/alice')).toThrow('no account acme-nowhere in the snapshot');
    expect(() => resolvePrincipal(model, `arn:aws:iam::${PROD}:user/nobody`)).toThrow(`no user, role, group or permission set arn:aws:iam::${PROD}:user/nobody in the snapshot`);
  });

  it('takes real actions only, in their catalogue spelling', () => {
    expect(resolveAction('S3:getobject')).toBe('s3:GetObject');
    expect(() => resolveAction('s3:GetObjekt')).toThrow('s3 has no action GetObjekt');
    expect(() => resolveAction('s3:Get*')).toThrow('s3:Get* is not an action');
    expect(() => resolveAction('nosuch:Thing')).toThrow('no AWS service has the prefix nosuch');
  });

  it('reads key=value context pairs; a repeated key holds every value', () => {
    expect(parseContextPairs(['aws:SourceIp=203.0.113.7', 'aws:TagKeys=a', 'aws:TagKeys=b'])).toEqual({ 'aws:SourceIp': '203.0.113.7', 'aws:TagKeys': ['a', 'b'] });
    expect(() => parseContextPairs(['aws:SourceIp'])).toThrow('--context aws:SourceIp is not key=value');
  });
});

function loadDemo(): Model {
  const root = new URL('../../../fixtures/demo-org/', import.meta.url);
  const files = new Map<string, string>();
  for (const name of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (name.endsWith('.json')) files.set(name.split('\\').join('/'), readFileSync(new URL(name, root), 'utf8'));
  }
  return loadSnapshot(files);
}
