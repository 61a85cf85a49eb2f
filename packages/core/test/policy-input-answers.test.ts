import { describe, expect, it } from 'vitest';
import type { SnapshotSpec } from '@iamlint/core/testing';
import { buildModel } from '@iamlint/core/testing';
import type { RoleNode } from '../src/model/nodes.js';
import { coveringStatements, evaluateFor, evaluateRequest, type PolicyInput } from '../src/policy/evaluate.js';
import { createPolicyQuestions } from '../src/policy/index.js';
import { InputAnswers } from '../src/policy/questions/input-answers.js';
import type { PrincipalInputs } from '../src/policy/questions/inputs.js';

const V = '2012-10-17';
const PROD = '444455556666';
const DATA = '555566667777';
const MANAGEMENT = '111122223333';

type Statement = Record<string, unknown>;
const doc = (...statements: Statement[]) => ({ Version: V, Statement: statements });

// A data-platform role: a read-only grant on everything, a resource-scoped write, a grant that depends on the
// resource's tags, a deny that spares one bucket by NotResource; a boundary that scopes PassRole; an SCP that protects
// one key.
const IDENTITY: PolicyInput[] = [
  {
    id: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
    document: doc({ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 's3:Describe*'], Resource: '*' }),
  },
  {
    id: `arn:aws:iam::${PROD}:role/data-pipeline#inline/pipeline`,
    document: doc(
      { Sid: 'WriteRaw', Effect: 'Allow', Action: ['s3:PutObject', 's3:DeleteObject'], Resource: ['arn:aws:s3:::acme-raw/*', 'arn:aws:s3:::acme-scratch/*'] },
      { Sid: 'StopOwnInstances', Effect: 'Allow', Action: ['ec2:StopInstances', 'ec2:StartInstances'], Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/Team': 'data' } } },
      { Sid: 'KeepRaw', Effect: 'Deny', Action: 's3:DeleteObject', NotResource: 'arn:aws:s3:::acme-scratch/*' },
      { Sid: 'PassAnyRole', Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
      { Sid: 'UseKeys', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:ScheduleKeyDeletion'], Resource: '*' },
    ),
  },
];
const BOUNDARY: PolicyInput = {
  id: `arn:aws:iam::${PROD}:policy/DataPlatformBoundary`,
  document: doc(
    { Effect: 'Allow', Action: ['s3:*', 'ec2:*', 'kms:*'], Resource: '*' },
    { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${PROD}:role/data-*` },
  ),
};
const SCPS: PolicyInput[][] = [
  [
    { id: 'p-FullAWSAccess', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) },
    {
      id: 'p-protectkeys',
      document: doc({ Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: `arn:aws:kms:eu-west-1:${PROD}:key/1234abcd-12ab-34cd-56ef-1234567890ab` }),
    },
  ],
];

const CONTEXT = { partial: true, values: { 'aws:CurrentTime': '2026-11-20T09:00:00Z' } };

const inputs: PrincipalInputs = {
  identityPolicies: IDENTITY,
  permissionsBoundary: BOUNDARY,
  scps: { levels: SCPS, names: ['the root'] },
  rcps: { levels: [], names: [] },
  managementAccount: false,
  requestPrincipal: { arn: `arn:aws:sts::${PROD}:assumed-role/data-pipeline/session`, accountId: PROD },
  context: CONTEXT,
  accountId: PROD,
  partition: 'aws',
  labels: new Map(),
  notInSnapshot: [],
  unknown: [],
  synthetic: new Set(),
};

const RESOURCES = [
  undefined,
  '*',
  'arn:aws:s3:::acme-raw/2026/11/orders.parquet',
  'arn:aws:s3:::acme-scratch/tmp/run-17.csv',
  `arn:aws:ec2:eu-west-1:${PROD}:instance/i-0a1b2c3d4e5f67890`,
  `arn:aws:iam::${PROD}:role/data-loader`,
  `arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole`,
  `arn:aws:kms:eu-west-1:${PROD}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  `arn:aws:kms:eu-west-1:${PROD}:key/9876fedc-ba98-76fe-dcba-9876543210fe`,
];
const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 'ec2:StopInstances', 'iam:PassRole', 'kms:Decrypt', 'kms:ScheduleKeyDeletion', 'dynamodb:Scan'];

describe('InputAnswers: one answer per action where no statement depends on the resource', () => {
  it('answers every request as the evaluator does, whichever resource is asked first', () => {
    for (const order of [RESOURCES, [...RESOURCES].reverse()]) {
      const answers = new InputAnswers(inputs);
      for (const action of ACTIONS) {
        for (const resource of order) {
          const expected = evaluateRequest({ action, ...(resource === undefined ? {} : { resource }), principal: inputs.requestPrincipal, context: CONTEXT, identityPolicies: IDENTITY, permissionsBoundary: BOUNDARY, scps: SCPS });
          expect(answers.answer(action, resource), `${action} on ${resource ?? 'some resource'}`).toEqual(expected);
        }
      }
    }
  });

  it('takes the shortcut for statements on * only, even under a condition on aws:ResourceTag', () => {
    const answers = new InputAnswers(inputs);
    expect(answers.ignoresResource('s3:GetObject')).toBe(true);
    expect(answers.ignoresResource('kms:Decrypt')).toBe(true);
    // The tag is not in the request context: the condition may hold on any instance alike.
    expect(answers.ignoresResource('ec2:StopInstances')).toBe(true);
    expect(answers.answer('ec2:StopInstances', RESOURCES[4])).toMatchObject({ decision: 'allowed', conditional: true });
    // No statement covers it anywhere: the implicit deny is the same for every resource.
    expect(answers.ignoresResource('dynamodb:Scan')).toBe(true);
  });

  it('does not take it for a resource-scoped allow, a deny with NotResource, a scoped boundary or a scoped SCP deny', () => {
    const answers = new InputAnswers(inputs);
    expect(answers.ignoresResource('s3:PutObject')).toBe(false);
    expect(answers.answer('s3:PutObject', 'arn:aws:s3:::acme-raw/2026/11/orders.parquet').decision).toBe('allowed');
    expect(answers.answer('s3:PutObject', 'arn:aws:s3:::acme-audit-logs/2026/11/trail.json.gz').decision).toBe('implicitDeny');

    expect(answers.ignoresResource('s3:DeleteObject')).toBe(false);
    expect(answers.answer('s3:DeleteObject', 'arn:aws:s3:::acme-scratch/tmp/run-17.csv').decision).toBe('allowed');
    expect(answers.answer('s3:DeleteObject', 'arn:aws:s3:::acme-raw/2026/11/orders.parquet').decision).toBe('denied');

    expect(answers.ignoresResource('iam:PassRole')).toBe(false);
    expect(answers.answer('iam:PassRole', `arn:aws:iam::${PROD}:role/data-loader`).decision).toBe('allowed');
    expect(answers.answer('iam:PassRole', `arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole`)).toMatchObject({ decision: 'implicitDeny', missingAllow: 'permissionsBoundary' });

    expect(answers.ignoresResource('kms:ScheduleKeyDeletion')).toBe(false);
    expect(answers.answer('kms:ScheduleKeyDeletion', RESOURCES[7]).decision).toBe('denied');
    expect(answers.answer('kms:ScheduleKeyDeletion', RESOURCES[8]).decision).toBe('allowed');
  });

  it('leaves the organization out for the management account: its SCP deny then does not make answers resource-dependent', () => {
    const answers = new InputAnswers({ ...inputs, managementAccount: true });
    expect(answers.ignoresResource('kms:ScheduleKeyDeletion')).toBe(true);
    expect(answers.answer('kms:ScheduleKeyDeletion', RESOURCES[7]).decision).toBe('allowed');
  });
});

// Two workload accounts under the root only, so that their SCP levels are the same policies with the same names: an
// AdministratorAccess role in each has the same inputs, and one SCP statement names one account's roles.
const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READ_ONLY_ACCESS = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const READ_ONLY_DOCUMENT = doc({ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 'ec2:Describe*', 'iam:Get*', 'iam:List*'], Resource: '*' });
const baseline = () => ({
  roles: [
    { roleName: 'OrganizationAccountAccessRole', attachedManagedPolicies: [ADMINISTRATOR_ACCESS] },
    { roleName: 'SecurityAuditRole', attachedManagedPolicies: [READ_ONLY_ACCESS] },
  ],
  policies: [{ policyName: 'ReadOnlyAccess', arn: READ_ONLY_ACCESS, document: READ_ONLY_DOCUMENT }],
});
const ORGANIZATION_ACCOUNTS = [
  { id: MANAGEMENT, name: 'acme-management' },
  { id: PROD, name: 'acme-prod' },
  { id: DATA, name: 'acme-data' },
];
const SHARED_SPEC: SnapshotSpec = {
  organization: {
    managementAccountId: MANAGEMENT,
    rootId: 'r-a1b2',
    accounts: ORGANIZATION_ACCOUNTS,
    policies: [
      { name: 'FullAWSAccess', awsManaged: true, document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }), targets: ['r-a1b2'] },
      {
        name: 'ProtectProdAccessRole',
        document: doc({ Effect: 'Deny', Action: ['iam:AttachRolePolicy', 'iam:PutRolePolicy'], Resource: `arn:aws:iam::${PROD}:role/*` }),
        targets: ['r-a1b2'],
      },
    ],
  },
  accounts: { [MANAGEMENT]: {}, [PROD]: baseline(), [DATA]: baseline() },
};

describe('policy questions share answers between principals with the same inputs, and only then', () => {
  const model = buildModel(SHARED_SPEC);
  const questions = createPolicyQuestions(model);
  const role = (name: string, account: string) => model.byId(`arn:aws:iam::${account}:role/${name}`) as RoleNode;

  it('answers a resource-independent question once for the same role in every account', () => {
    const prod = questions.can(role('OrganizationAccountAccessRole', PROD), 's3:GetObject', 'arn:aws:s3:::acme-raw/2026/11/orders.parquet');
    const data = questions.can(role('OrganizationAccountAccessRole', DATA), 's3:GetObject', 'arn:aws:s3:::acme-data-lake/curated/orders.parquet');
    expect(prod.decision).toBe('allowed');
    expect(data).toBe(prod);
  });

  it('keeps answers apart where an SCP names one account: same inputs, different resources', () => {
    const prodRole = `arn:aws:iam::${PROD}:role/app-runtime`;
    const dataRole = `arn:aws:iam::${DATA}:role/app-runtime`;
    expect(questions.can(role('OrganizationAccountAccessRole', PROD), 'iam:AttachRolePolicy', prodRole).decision).toBe('denied');
    expect(questions.can(role('OrganizationAccountAccessRole', DATA), 'iam:AttachRolePolicy', dataRole).decision).toBe('allowed');
  });

  it('keeps admin answers apart where the probes depend on the account', () => {
    expect(questions.isAdmin(role('OrganizationAccountAccessRole', PROD))).toMatchObject({ admin: false, reason: expect.stringContaining('ProtectProdAccessRole') });
    expect(questions.isAdmin(role('OrganizationAccountAccessRole', DATA))).toMatchObject({ admin: true, conditional: false });
    // Asked the other way round, in a fresh instance: the first account's answer does not stand for the second's.
    const fresh = createPolicyQuestions(model);
    expect(fresh.isAdmin(role('OrganizationAccountAccessRole', DATA)).admin).toBe(true);
    expect(fresh.isAdmin(role('OrganizationAccountAccessRole', PROD)).admin).toBe(false);
  });

  it('shares an admin refusal decided on * alone, even where a later probe would depend on the account', () => {
    const organization = SHARED_SPEC.organization as NonNullable<SnapshotSpec['organization']>;
    const open = buildModel({ ...SHARED_SPEC, organization: { ...organization, policies: organization.policies?.slice(0, 1) ?? [] } });
    const openQuestions = createPolicyQuestions(open);
    const auditor = (account: string) => open.byId(`arn:aws:iam::${account}:role/SecurityAuditRole`) as RoleNode;
    const prod = openQuestions.isAdmin(auditor(PROD));
    expect(prod).toMatchObject({ admin: false, reason: 'no policy allows iam:CreateUser' });
    expect(openQuestions.isAdmin(auditor(DATA))).toBe(prod);
    // Under the SCP that names the production account's roles, iam:CreateUser on * is refused before any probe asks
    // about a role of the account: the refusal is the same in every account.
    const guarded = questions.isAdmin(role('SecurityAuditRole', PROD));
    expect(guarded).toEqual(prod);
    expect(questions.isAdmin(role('SecurityAuditRole', DATA))).toBe(guarded);
  });

  it('names each account in an admin refusal decided at its own OU level', () => {
    const spec: SnapshotSpec = {
      ...SHARED_SPEC,
      organization: {
        ...(SHARED_SPEC.organization as NonNullable<SnapshotSpec['organization']>),
        policies: [
          { name: 'FullAWSAccess', awsManaged: true, document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }), targets: ['r-a1b2', MANAGEMENT, PROD, DATA] },
          { name: 'DenyIamWrites', document: doc({ Sid: 'DenyIam', Effect: 'Deny', Action: 'iam:*', Resource: '*' }), targets: [PROD, DATA] },
        ],
      },
    };
    const scoped = buildModel(spec);
    const asked = createPolicyQuestions(scoped);
    const at = (account: string) => asked.isAdmin(scoped.byId(`arn:aws:iam::${account}:role/OrganizationAccountAccessRole`) as RoleNode).reason;
    expect(at(PROD)).toContain('at account acme-prod');
    expect(at(DATA)).toContain('at account acme-data');
  });

  it('lists granted services among a few as it lists them all', () => {
    const principal = role('SecurityAuditRole', DATA);
    const among = new Set(['iam', 'sts', 'lambda', 's3']);
    const all = questions.grantedServices(principal);
    expect(all.map((granted) => granted.service)).toEqual(['ec2', 'iam', 's3']);
    expect(questions.grantedServices(principal, among)).toEqual(all.filter((granted) => among.has(granted.service)));
  });
});

// The same AWS managed policies in two workload accounts under the root, and SCPs at the root that name the production
// account's keys, functions and roles: whether an admin answer can stand for both depends on which probes it asked.
const IAM_FULL_ACCESS = 'arn:aws:iam::aws:policy/IAMFullAccess';
const IAM_FULL_ACCESS_DOCUMENT = doc({
  Effect: 'Allow',
  Action: ['iam:*', 'organizations:DescribeAccount', 'organizations:DescribeOrganization', 'organizations:DescribeOrganizationalUnit', 'organizations:DescribePolicy', 'organizations:ListChildren', 'organizations:ListParents', 'organizations:ListPoliciesForTarget', 'organizations:ListRoots', 'organizations:ListPolicies', 'organizations:ListTargetsForPolicy'],
  Resource: '*',
});
const workload = () => ({
  roles: [
    { roleName: 'OrganizationAccountAccessRole', attachedManagedPolicies: [ADMINISTRATOR_ACCESS] },
    { roleName: 'SecurityAuditRole', attachedManagedPolicies: [READ_ONLY_ACCESS] },
    { roleName: 'IdentityAdmin', attachedManagedPolicies: [IAM_FULL_ACCESS] },
  ],
  policies: [
    { policyName: 'ReadOnlyAccess', arn: READ_ONLY_ACCESS, document: READ_ONLY_DOCUMENT },
    { policyName: 'IAMFullAccess', arn: IAM_FULL_ACCESS, document: IAM_FULL_ACCESS_DOCUMENT },
  ],
});
const FULL_AWS_ACCESS = { name: 'FullAWSAccess', awsManaged: true, document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }), targets: ['r-a1b2'] };
const organizationWith = (...policies: Array<{ name: string; document: unknown }>): SnapshotSpec => ({
  organization: {
    managementAccountId: MANAGEMENT,
    rootId: 'r-a1b2',
    accounts: ORGANIZATION_ACCOUNTS,
    policies: [FULL_AWS_ACCESS, ...policies.map((policy) => ({ ...policy, targets: ['r-a1b2'] }))],
  },
  accounts: { [MANAGEMENT]: {}, [PROD]: workload(), [DATA]: workload() },
});

describe('admin answers stand for every account only when no probe on an account ARN depended on the resource', () => {
  const protectProd = buildModel(
    organizationWith(
      { name: 'ProtectProdKeys', document: doc({ Sid: 'NoProdDecrypt', Effect: 'Deny', Action: ['kms:Decrypt', 'kms:ScheduleKeyDeletion'], Resource: `arn:aws:kms:*:${PROD}:key/*` }) },
      { name: 'FreezeProdFunctions', document: doc({ Sid: 'NoProdDeploys', Effect: 'Deny', Action: ['lambda:CreateFunction', 'lambda:UpdateFunctionCode'], Resource: `arn:aws:lambda:*:${PROD}:function:*` }) },
    ),
  );
  const roleOf = (model: typeof protectProd, name: string, account: string) => model.byId(`arn:aws:iam::${account}:role/${name}`) as RoleNode;

  it('keeps apart answers that differ at a late probe (kms:Decrypt on a key of the account), asked in either order', () => {
    for (const order of [[PROD, DATA], [DATA, PROD]]) {
      const questions = createPolicyQuestions(protectProd);
      const answers = new Map(order.map((account) => [account, questions.isAdmin(roleOf(protectProd, 'OrganizationAccountAccessRole', account))]));
      expect(answers.get(PROD)).toMatchObject({ admin: false, reason: 'denied by SCP ProtectProdKeys at the root' });
      expect(answers.get(DATA)).toMatchObject({ admin: true, conditional: false });
    }
  });

  it('keeps apart answers that differ only once AdministratorAccess is granted to itself (lambda:CreateFunction)', () => {
    for (const order of [[PROD, DATA], [DATA, PROD]]) {
      const questions = createPolicyQuestions(protectProd);
      const answers = new Map(order.map((account) => [account, questions.isAdmin(roleOf(protectProd, 'IdentityAdmin', account))]));
      expect(answers.get(PROD)).toMatchObject({ admin: false, reason: 'no policy allows sts:AssumeRole' });
      expect(answers.get(DATA)).toMatchObject({ admin: true, selfGrant: ['iam:PutUserPolicy', 'iam:PutRolePolicy'] });
    }
  });

  it('shares them where the same probes on account ARNs ignore the resource', () => {
    const open = buildModel(organizationWith());
    const questions = createPolicyQuestions(open);
    for (const name of ['OrganizationAccountAccessRole', 'IdentityAdmin', 'SecurityAuditRole']) {
      const prod = questions.isAdmin(roleOf(open, name, PROD));
      expect(questions.isAdmin(roleOf(open, name, DATA)), name).toBe(prod);
    }
    expect(questions.isAdmin(roleOf(open, 'IdentityAdmin', PROD))).toMatchObject({ admin: true, selfGrant: ['iam:PutUserPolicy', 'iam:PutRolePolicy'] });
  });

  it('keeps an iam-write answer apart although the all-services answer it builds on is shared', () => {
    const guarded = buildModel(
      organizationWith(
        { name: 'NoIamUsers', document: doc({ Sid: 'NoUsers', Effect: 'Deny', Action: ['iam:CreateUser', 'iam:PutUserPolicy', 'iam:AttachUserPolicy', 'iam:CreatePolicyVersion'], Resource: '*' }) },
        { name: 'ProtectProdRoles', document: doc({ Sid: 'NoProdRoleEdits', Effect: 'Deny', Action: ['iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy'], Resource: `arn:aws:iam::${PROD}:role/*` }) },
      ),
    );
    const iamWrite = { definition: 'iam-write' } as const;
    for (const order of [[PROD, DATA], [DATA, PROD]]) {
      const questions = createPolicyQuestions(guarded);
      const allServices = order.map((account) => questions.isAdmin(roleOf(guarded, 'IdentityAdmin', account)));
      expect(allServices[1]).toBe(allServices[0]);
      expect(allServices[0]).toMatchObject({ admin: false, reason: 'denied by SCP NoIamUsers at the root' });
      const answers = new Map(order.map((account) => [account, questions.isAdmin(roleOf(guarded, 'IdentityAdmin', account), iamWrite)]));
      expect(answers.get(PROD)).toMatchObject({ admin: false, reason: expect.stringContaining('cannot write IAM: denied by SCP NoIamUsers') });
      expect(answers.get(DATA)).toMatchObject({ admin: true, conditional: false });
    }
  });
});

describe('coveringStatements: policies that cover nothing of the action are left out', () => {
  // The root allows everything; the workloads OU allows S3 and DynamoDB only; the role reads S3 and scans one table.
  const scps: PolicyInput[][] = [
    [{ id: 'p-FullAWSAccess', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }],
    [{ id: 'p-workloads', document: doc({ Effect: 'Allow', Action: ['s3:*', 'dynamodb:*'], Resource: '*' }) }],
  ];
  const identityPolicies: PolicyInput[] = [
    { id: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', document: doc({ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' }) },
    { id: `arn:aws:iam::${PROD}:role/reporting#inline/orders`, document: doc({ Effect: 'Allow', Action: 'dynamodb:Scan', Resource: `arn:aws:dynamodb:eu-west-1:${PROD}:table/orders` }) },
  ];
  const policies = { principal: { arn: `arn:aws:sts::${PROD}:assumed-role/reporting/session`, accountId: PROD }, context: CONTEXT, identityPolicies, scps };

  it('keeps only the policies with a statement that may cover the action', () => {
    expect([...coveringStatements(policies, 's3:getobject').keys()].map((policy) => policy.id)).toEqual(['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', 'p-FullAWSAccess', 'p-workloads']);
    expect([...coveringStatements(policies, 'dynamodb:scan').keys()].map((policy) => policy.id)).toEqual([`arn:aws:iam::${PROD}:role/reporting#inline/orders`, 'p-FullAWSAccess', 'p-workloads']);
    expect([...coveringStatements(policies, 'ec2:terminateinstances').keys()].map((policy) => policy.id)).toEqual(['p-FullAWSAccess']);
    // In the management account the SCPs take no part: nothing covers the action.
    expect(coveringStatements({ ...policies, managementAccount: true }, 'ec2:terminateinstances').size).toBe(0);
  });

  it('answers as the evaluator does: a policy left out grants nothing, an SCP level left out still stops the request', () => {
    const table = `arn:aws:dynamodb:eu-west-1:${PROD}:table/orders`;
    const requests: Array<[string, string | undefined]> = [
      ['s3:GetObject', 'arn:aws:s3:::acme-reports/2026/11/summary.csv'],
      ['dynamodb:Scan', table],
      ['dynamodb:Scan', `arn:aws:dynamodb:eu-west-1:${PROD}:table/payments`],
      ['ec2:TerminateInstances', '*'],
      ['iam:CreateUser', undefined],
    ];
    for (const input of [policies, { ...policies, managementAccount: true }]) {
      for (const [action, resource] of requests) {
        const lower = action.toLowerCase();
        const expected = evaluateRequest({ action, ...(resource === undefined ? {} : { resource }), ...input });
        expect(evaluateFor(input, lower, resource, coveringStatements(input, lower)), `${action} on ${resource ?? 'some resource'}`).toEqual(expected);
      }
    }
    expect(evaluateFor(policies, 'dynamodb:scan', table, coveringStatements(policies, 'dynamodb:scan')).decision).toBe('allowed');
    // No SCP of the workloads OU names EC2: the OU level, absent from the table, is where the request stops.
    expect(evaluateFor(policies, 'ec2:terminateinstances', '*', coveringStatements(policies, 'ec2:terminateinstances'))).toMatchObject({ decision: 'implicitDeny', missingAllow: 'scp', level: 1 });
    // Without the identity grant the role holds, the SCPs that allow S3 still grant nothing.
    const withoutGrant = { ...policies, identityPolicies: identityPolicies.slice(1) };
    expect(evaluateFor(withoutGrant, 's3:getobject', '*', coveringStatements(withoutGrant, 's3:getobject'))).toMatchObject({ decision: 'implicitDeny', missingAllow: 'identity' });
  });
});
