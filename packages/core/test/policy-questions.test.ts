import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AccountSpec, SnapshotSpec } from '@iamlint/core/testing';
import { buildModel } from '@iamlint/core/testing';
import type { Model } from '../src/model/model.js';
import type { GroupNode, PermissionSetNode, RoleNode, UserNode } from '../src/model/nodes.js';
import type { RoleAssumer } from '../src/policy/index.js';
import { actionCatalog, createPolicyQuestions, ESCALATION_METHODS, normalizePolicy, statementCoversAction } from '../src/policy/index.js';
import { ACCOUNTS_KEPT, INPUT_SETS_KEPT } from '../src/policy/questions/index.js';

const V = '2012-10-17';
const MANAGEMENT = '111122223333';
const PROD = '444455556666';
const RESTRICTED = '555566667777';
const SANDBOX = '777788889999';
const PARTNER_IN_ORG = '222233334444';
const VENDOR = '999988887777';
const ROOT_ID = 'r-a1b2';
const OU_WORKLOADS = 'ou-a1b2-workload';
const OU_RESTRICTED = 'ou-a1b2-restrict';
const OU_SANDBOX = 'ou-a1b2-sandbox1';

const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
const POWER_USER_ACCESS = 'arn:aws:iam::aws:policy/PowerUserAccess';
const READ_ONLY_ACCESS = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

type Statement = Record<string, unknown>;
const doc = (...statements: Statement[]) => ({ Version: V, Statement: statements });
const allow = (action: string | string[], resource: string | string[] = '*', extra: Statement = {}): Statement => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });
const deny = (action: string | string[], resource: string | string[] = '*', extra: Statement = {}): Statement => ({ Effect: 'Deny', Action: action, Resource: resource, ...extra });
const inline = (name: string, ...statements: Statement[]) => ({ name, document: doc(...statements) });
const trust = (...statements: Statement[]) => doc(...statements);

const ADMINISTRATOR_DOCUMENT = doc(allow('*'));
const POWER_USER_DOCUMENT = doc(
  { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
  allow(['account:GetAccountInformation', 'account:ListRegions', 'iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization']),
);
const awsManaged = (policyName: string, document: unknown) => ({ policyName, arn: `arn:aws:iam::aws:policy/${policyName}`, document });

const prod: AccountSpec = {
  alias: 'acme-prod',
  users: [
    { userName: 'alice', attachedManagedPolicies: [ADMINISTRATOR_ACCESS] },
    { userName: 'bob', groups: ['Admins'] },
    { userName: 'carol', attachedManagedPolicies: [POWER_USER_ACCESS] },
    { userName: 'dave', inlinePolicies: [inline('mfa-admin', allow('*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))] },
    { userName: 'erin', attachedManagedPolicies: [ADMINISTRATOR_ACCESS], permissionsBoundary: `arn:aws:iam::${PROD}:policy/S3OnlyBoundary` },
    { userName: 'frank', attachedManagedPolicies: [ADMINISTRATOR_ACCESS], inlinePolicies: [inline('no-iam', { Sid: 'DenyIam', ...deny('iam:*') })] },
    { userName: 'grace', inlinePolicies: [inline('user-admin', allow(['iam:AttachUserPolicy', 'iam:ListUsers']))] },
    { userName: 'heidi', attachedManagedPolicies: [`arn:aws:iam::${PROD}:policy/DeletedAdminPolicy`] },
    { userName: 'ivan', attachedManagedPolicies: [READ_ONLY_ACCESS] },
    { userName: 'judy', attachedManagedPolicies: [ADMINISTRATOR_ACCESS], permissionsBoundary: `arn:aws:iam::${PROD}:policy/MissingBoundary` },
    { userName: 'ken', inlinePolicies: [inline('data-lake', allow('s3:*', ['arn:aws:s3:::acme-data-lake', 'arn:aws:s3:::acme-data-lake/*']))] },
    { userName: 'leo', attachedManagedPolicies: [ADMINISTRATOR_ACCESS], inlinePolicies: [inline('no-iam-resources', deny('iam:*', 'arn:aws:iam::*:*'))] },
    { userName: 'mike', attachedManagedPolicies: [ADMINISTRATOR_ACCESS], inlinePolicies: [inline('protect-audit', deny('s3:*', ['arn:aws:s3:::acme-audit-logs', 'arn:aws:s3:::acme-audit-logs/*']))] },
    { userName: 'nina', inlinePolicies: [inline('everything', allow('*'))] },
    { userName: 'oscar', inlinePolicies: [inline('long-list', allow(['iam:CreateUser', 'iam:AttachRolePolicy', 'iam:PutRolePolicy', 'sts:*', 's3:*', 'ec2:*', 'kms:*', 'organizations:*', 'lambda:*', 'cloudtrail:*', 'secretsmanager:*', 'dynamodb:*']))] },
    { userName: 'peggy', inlinePolicies: [inline('iam-on-arns', allow('*', 'arn:aws:iam::*:*'))] },
    { userName: 'quentin', inlinePolicies: [inline('wildcard-iam-write', allow('iam:Put*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))] },
  ],
  groups: [{ groupName: 'Admins', attachedManagedPolicies: [ADMINISTRATOR_ACCESS] }],
  roles: [
    {
      roleName: 'data-pipeline',
      trustPolicy: trust({ Effect: 'Allow', Principal: { Service: 'glue.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      inlinePolicies: [
        inline('read-raw', allow(['s3:GetObject', 's3:ListBucket'], ['arn:aws:s3:::acme-raw', 'arn:aws:s3:::acme-raw/*'])),
        inline('write-orders', allow(['dynamodb:PutItem', 'dynamodb:UpdateItem'], `arn:aws:dynamodb:eu-west-1:${PROD}:table/orders`)),
      ],
    },
    {
      roleName: 'queue-writer',
      inlinePolicies: [
        inline('send', allow('sqs:SendMessage', `arn:aws:sqs:eu-west-1:${PROD}:orders`, { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d' } } })),
        inline('logs', allow(['logs:CreateLogStream', 'logs:PutLogEvents'], `arn:aws:logs:eu-west-1:${PROD}:log-group:/aws/lambda/*`)),
      ],
    },
    { roleName: 'power-user', attachedManagedPolicies: [POWER_USER_ACCESS] },
    { roleName: 'ci-runner', inlinePolicies: [inline('push-images', allow(['ecr:PutImage', 'ecr:GetAuthorizationToken']))] },
    {
      roleName: 'OrganizationAuditRole',
      trustPolicy: trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'sts:AssumeRole' }),
    },
    {
      roleName: 'VendorMonitoring',
      trustPolicy: trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${VENDOR}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'acme-7f3a9c' } } }),
    },
    {
      roleName: 'PartnerBilling',
      trustPolicy: trust({ Effect: 'Allow', Principal: { AWS: PARTNER_IN_ORG }, Action: 'sts:AssumeRole' }),
    },
    {
      roleName: 'Deployer',
      trustPolicy: trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PROD}:role/ci-runner` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }),
    },
    {
      roleName: 'CrossAccountAutomation',
      trustPolicy: trust({
        Effect: 'Allow',
        Principal: { AWS: [`arn:aws:iam::${MANAGEMENT}:role/automation`, `arn:aws:iam::${MANAGEMENT}:role/reporting`, `arn:aws:iam::${VENDOR}:role/vendor-agent`] },
        Action: 'sts:AssumeRole',
      }),
    },
    {
      roleName: 'LambdaExecution',
      trustPolicy: trust({ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com', 'edgelambda.amazonaws.com'] }, Action: 'sts:AssumeRole' }),
    },
    {
      roleName: 'OktaAdmin',
      trustPolicy: trust({
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${PROD}:saml-provider/Okta` },
        Action: 'sts:AssumeRoleWithSAML',
        Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
      }),
    },
    { roleName: 'PublicRole', trustPolicy: trust({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }) },
    {
      roleName: 'OrgWideReader',
      trustPolicy: trust({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }),
    },
    {
      roleName: 'TagOnly',
      trustPolicy: trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'sts:TagSession' }),
    },
    {
      roleName: 'MixedTrust',
      trustPolicy: trust(
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${VENDOR}:root` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${VENDOR}:root` }, Action: 'sts:AssumeRole' },
      ),
    },
  ],
  policies: [
    awsManaged('AdministratorAccess', ADMINISTRATOR_DOCUMENT),
    awsManaged('PowerUserAccess', POWER_USER_DOCUMENT),
    { policyName: 'S3OnlyBoundary', document: doc(allow('s3:*')) },
  ],
};

const management: AccountSpec = {
  alias: 'acme-management',
  users: [{ userName: 'breakglass', attachedManagedPolicies: [ADMINISTRATOR_ACCESS] }],
  roles: [
    { roleName: 'automation', inlinePolicies: [inline('assume-workload-roles', allow('sts:AssumeRole', 'arn:aws:iam::*:role/CrossAccount*'))] },
    { roleName: 'reporting', inlinePolicies: [inline('read-ce', allow('ce:GetCostAndUsage'))] },
    { roleName: 'auditor', inlinePolicies: [inline('audit', allow('sts:AssumeRole', 'arn:aws:iam::*:role/OrganizationAuditRole', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))] },
  ],
};

const SPEC: SnapshotSpec = {
  organization: {
    managementAccountId: MANAGEMENT,
    rootId: ROOT_ID,
    organizationalUnits: [
      { id: OU_WORKLOADS, name: 'Workloads' },
      { id: OU_RESTRICTED, name: 'Restricted', parentId: OU_WORKLOADS },
      { id: OU_SANDBOX, name: 'Sandbox' },
    ],
    accounts: [
      { id: MANAGEMENT, name: 'acme-management' },
      { id: PROD, name: 'acme-prod', parentId: OU_WORKLOADS },
      { id: PARTNER_IN_ORG, name: 'acme-billing', parentId: OU_WORKLOADS },
      { id: RESTRICTED, name: 'acme-payments', parentId: OU_RESTRICTED },
      { id: SANDBOX, name: 'acme-sandbox', parentId: OU_SANDBOX },
    ],
    policies: [
      {
        name: 'FullAWSAccess',
        awsManaged: true,
        document: doc(allow('*')),
        targets: [ROOT_ID, OU_WORKLOADS, OU_RESTRICTED, MANAGEMENT, PROD, PARTNER_IN_ORG, RESTRICTED, SANDBOX],
      },
      { name: 'DenyIam', document: doc({ Sid: 'DenyIam', ...deny('iam:*') }), targets: [OU_RESTRICTED, MANAGEMENT] },
      { name: 'SandboxAllowList', document: doc(allow(['s3:*', 'dynamodb:*', 'cloudwatch:*'])), targets: [OU_SANDBOX] },
    ],
  },
  identityCenter: {
    permissionSets: [
      { name: 'AdministratorAccess', managedPolicies: [ADMINISTRATOR_ACCESS] },
      { name: 'ReadOnly', managedPolicies: [READ_ONLY_ACCESS] },
      { name: 'PlatformDeploy', customerManagedPolicies: [{ name: 'platform-deploy', path: '/' }] },
      { name: 'IamManager', inlinePolicy: doc(allow('iam:*')) },
      { name: 'BoundedAdmin', managedPolicies: [ADMINISTRATOR_ACCESS], permissionsBoundary: { customerManagedPolicy: { name: 'workload-boundary', path: '/' } } },
    ],
  },
  accounts: {
    [MANAGEMENT]: management,
    [PROD]: prod,
    [RESTRICTED]: { alias: 'acme-payments', users: [{ userName: 'ops', attachedManagedPolicies: [ADMINISTRATOR_ACCESS] }] },
    [SANDBOX]: { alias: 'acme-sandbox', users: [{ userName: 'dev', attachedManagedPolicies: [ADMINISTRATOR_ACCESS] }] },
  },
};

const model = buildModel(SPEC);
const questions = createPolicyQuestions(model);

function node<T>(m: Model, id: string, kind: string): T {
  const found = m.byId(id);
  if (found?.kind !== kind) throw new Error(`no ${kind} ${id} in the test snapshot`);
  return found as T;
}
const user = (name: string, account = PROD, m = model) => node<UserNode>(m, `arn:aws:iam::${account}:user/${name}`, 'User');
const role = (name: string, account = PROD, m = model) => node<RoleNode>(m, `arn:aws:iam::${account}:role/${name}`, 'Role');
const permissionSet = (name: string, m = model): PermissionSetNode => {
  const found = m.all('PermissionSet').find((set) => set.name === name);
  if (!found) throw new Error(`no permission set ${name}`);
  return found;
};

describe('isAdmin (all services)', () => {
  it.each([
    ['AdministratorAccess attached directly', 'alice'],
    ['AdministratorAccess through a group', 'bob'],
    ['an inline Allow * on *', 'nina'],
    ['AdministratorAccess with a Deny on one bucket only', 'mike'],
  ])('%s → admin', (_, name) => {
    const answer = questions.isAdmin(user(name));
    expect(answer).toMatchObject({ admin: true, conditional: false });
    expect(answer.reason).toBeUndefined();
    expect(answer.decidedBy.some((statement) => statement.effect === 'Allow' && statement.source === 'identity')).toBe(true);
  });

  it('names the granting policy and the SCP levels in decidedBy', () => {
    const answer = questions.isAdmin(user('alice'));
    expect(answer.decidedBy.map((statement) => [statement.source, statement.policyId])).toEqual(
      expect.arrayContaining([['identity', ADMINISTRATOR_ACCESS], ['scp', expect.stringMatching(/^p-/)]]),
    );
  });

  it('PowerUserAccess (NotAction iam:*, organizations:*) is not admin', () => {
    const answer = questions.isAdmin(user('carol'));
    expect(answer.admin).toBe(false);
    expect(answer.reason).toBe('no policy allows iam:CreateUser');
  });

  it('PowerUserAccess on a role is not admin either', () => {
    expect(questions.isAdmin(role('power-user')).admin).toBe(false);
  });

  it('Allow * on * under aws:MultiFactorAuthPresent → admin, conditional', () => {
    const answer = questions.isAdmin(user('dave'));
    expect(answer).toMatchObject({ admin: true, conditional: true });
    expect(answer.decidedBy.some((statement) => statement.conditional)).toBe(true);
    expect(answer.reason).toContain('only under conditions');
  });

  it('a permissions boundary allowing only s3:* stops admin, and says so', () => {
    const answer = questions.isAdmin(user('erin'));
    expect(answer.admin).toBe(false);
    expect(answer.reason).toBe('permissions boundary S3OnlyBoundary does not allow iam:CreateUser');
  });

  it('an explicit Deny iam:* stops admin, naming the statement', () => {
    const answer = questions.isAdmin(user('frank'));
    expect(answer.admin).toBe(false);
    expect(answer.reason).toBe('denied by policy no-iam (statement DenyIam)');
    expect(answer.decidedBy).toEqual([expect.objectContaining({ effect: 'Deny', source: 'identity', sid: 'DenyIam' })]);
  });

  it('a Deny on every IAM resource ARN (not literally *) stops admin', () => {
    const answer = questions.isAdmin(user('leo'));
    expect(answer.admin).toBe(false);
    expect(answer.reason).toBe('denied by policy no-iam-resources');
  });

  it('a long list of service wildcards is not *: the made-up future action catches it', () => {
    const answer = questions.isAdmin(user('oscar'));
    expect(answer.admin).toBe(false);
    expect(answer.reason).toBe('no policy allows newservice:DoSomething');
  });

  it('Allow * on IAM ARNs only: not admin on every resource', () => {
    expect(questions.isAdmin(user('peggy')).reason).toBe('no policy allows iam:CreateUser on every resource');
  });

  it('resource-scoped grants are not admin', () => {
    expect(questions.isAdmin(user('ken'))).toMatchObject({ admin: false, reason: 'no policy allows iam:CreateUser' });
  });

  it('an SCP Deny at an OU stops admin in accounts under it', () => {
    const answer = questions.isAdmin(user('ops', RESTRICTED));
    expect(answer.admin).toBe(false);
    expect(answer.reason).toBe('denied by SCP DenyIam at OU Restricted');
    expect(answer.decidedBy).toEqual([expect.objectContaining({ source: 'scp', effect: 'Deny' })]);
  });

  it('the same SCP attached to the management account does not apply there', () => {
    expect(questions.isAdmin(user('breakglass', MANAGEMENT))).toMatchObject({ admin: true, conditional: false });
  });

  it('an OU whose only SCP is an allow list (no FullAWSAccess) implicitly denies the rest', () => {
    const dev = user('dev', SANDBOX);
    const answer = questions.isAdmin(dev);
    expect(answer.admin).toBe(false);
    expect(answer.reason).toBe('no SCP at OU Sandbox allows iam:CreateUser');
    expect(questions.can(dev, 's3:GetObject', 'arn:aws:s3:::acme-sandbox-data/report.csv').decision).toBe('allowed');
    expect(questions.can(dev, 'ec2:RunInstances')).toMatchObject({ decision: 'implicitDeny', missingAllow: 'scp', level: 1 });
  });

  it('a customer managed policy missing from the snapshot grants nothing and is named', () => {
    const answer = questions.isAdmin(user('heidi'));
    expect(answer.admin).toBe(false);
    expect(answer.reason).toBe(`no policy allows iam:CreateUser (not in the snapshot: arn:aws:iam::${PROD}:policy/DeletedAdminPolicy)`);
  });

  it('an AWS managed policy missing from the snapshot grants nothing', () => {
    const answer = questions.isAdmin(user('ivan'));
    expect(answer.admin).toBe(false);
    expect(answer.reason).toContain(READ_ONLY_ACCESS);
    expect(questions.can(user('ivan'), 's3:GetObject', '*').decision).toBe('implicitDeny');
  });

  it('a permissions boundary missing from the snapshot makes admin conditional, not certain', () => {
    const answer = questions.isAdmin(user('judy'));
    expect(answer).toMatchObject({ admin: true, conditional: true });
    expect(answer.reason).toContain(`permissions boundary arn:aws:iam::${PROD}:policy/MissingBoundary`);
  });

  it('AdministratorAccess is known even when no account in the snapshot carries its document', () => {
    const m = buildModel({ accounts: { [PROD]: { users: [{ userName: 'root-like', attachedManagedPolicies: [ADMINISTRATOR_ACCESS] }] } } });
    expect(createPolicyQuestions(m).isAdmin(user('root-like', PROD, m))).toMatchObject({ admin: true, conditional: false });
  });

  it('without organization.json no SCPs apply', () => {
    const m = buildModel({
      accounts: { [RESTRICTED]: { users: [{ userName: 'ops', attachedManagedPolicies: [ADMINISTRATOR_ACCESS] }], policies: [awsManaged('AdministratorAccess', ADMINISTRATOR_DOCUMENT)] } },
    });
    expect(createPolicyQuestions(m).isAdmin(user('ops', RESTRICTED, m)).admin).toBe(true);
  });

  it('an SCP Deny with a condition makes admin conditional', () => {
    const m = buildModel({
      organization: {
        managementAccountId: MANAGEMENT,
        rootId: ROOT_ID,
        accounts: [{ id: MANAGEMENT }, { id: PROD }],
        policies: [
          { name: 'FullAWSAccess', awsManaged: true, document: doc(allow('*')), targets: [ROOT_ID, MANAGEMENT, PROD] },
          {
            name: 'DenyOutsideEu',
            document: doc({ Effect: 'Deny', NotAction: ['iam:*', 'sts:*', 'organizations:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } } }),
            targets: [ROOT_ID],
          },
        ],
      },
      accounts: { [PROD]: { users: [{ userName: 'alice', attachedManagedPolicies: [ADMINISTRATOR_ACCESS] }] } },
    });
    expect(createPolicyQuestions(m).isAdmin(user('alice', PROD, m))).toMatchObject({ admin: true, conditional: true });
  });
});

describe('RCPs', () => {
  const m = buildModel({
    organization: {
      managementAccountId: MANAGEMENT,
      rootId: ROOT_ID,
      accounts: [{ id: MANAGEMENT }, { id: PROD }],
      policies: [
        { name: 'FullAWSAccess', awsManaged: true, document: doc(allow('*')), targets: [ROOT_ID, MANAGEMENT, PROD] },
        { name: 'RCPFullAWSAccess', type: 'RESOURCE_CONTROL_POLICY', awsManaged: true, document: doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }), targets: [ROOT_ID, PROD] },
        {
          name: 'EnforceOrgIdentities',
          type: 'RESOURCE_CONTROL_POLICY',
          document: doc({ Effect: 'Deny', Principal: '*', Action: ['s3:*', 'sts:*'], Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }),
          targets: [ROOT_ID],
        },
      ],
    },
    accounts: { [PROD]: { users: [{ userName: 'alice', attachedManagedPolicies: [ADMINISTRATOR_ACCESS] }] } },
  });
  const q = createPolicyQuestions(m);

  it('an RCP Deny that may apply makes the allow conditional, naming the RCP', () => {
    const result = q.can(user('alice', PROD, m), 's3:GetObject', 'arn:aws:s3:::acme-prod-data/report.csv');
    expect(result).toMatchObject({ decision: 'allowed', conditional: true });
    expect(result.decidedBy).toEqual(expect.arrayContaining([expect.objectContaining({ source: 'rcp', effect: 'Deny', conditional: true })]));
  });

  it('services the RCP does not cover stay unconditional', () => {
    expect(q.can(user('alice', PROD, m), 'ec2:RunInstances', '*')).toMatchObject({ decision: 'allowed', conditional: false });
  });
});

describe('isAdmin: an administrator by another name (can grant itself every permission)', () => {
  const iamUsers = (boundary?: unknown, extra: Statement[] = []): SnapshotSpec => ({
    ...SPEC,
    accounts: {
      ...SPEC.accounts,
      [PROD]: {
        users: [
          { userName: 'iam-admin', inlinePolicies: [inline('iam-everything', allow('iam:*'), ...extra)], ...(boundary ? { permissionsBoundary: `arn:aws:iam::${PROD}:policy/Boundary` } : {}) },
          { userName: 'policy-admin', inlinePolicies: [inline('policies', allow(['iam:*Policy*', 'iam:List*']))] },
          { userName: 'self-service', inlinePolicies: [inline('own-policies', allow('iam:PutUserPolicy'))] },
          { userName: 'role-only', inlinePolicies: [inline('role-policies', allow(['iam:PutRolePolicy', 'iam:AttachRolePolicy']))] },
          { userName: 'mfa-iam', inlinePolicies: [inline('iam-with-mfa', allow('iam:*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))] },
        ],
        policies: boundary ? [{ policyName: 'Boundary', document: boundary }] : [],
      },
    },
  });

  it('iam:* or iam:*Policy* on * is admin, naming the self-granting actions', () => {
    const m = buildModel(iamUsers());
    const q = createPolicyQuestions(m);
    expect(q.isAdmin(user('iam-admin', PROD, m))).toMatchObject({ admin: true, conditional: false, selfGrant: ['iam:PutUserPolicy', 'iam:PutRolePolicy'] });
    expect(q.isAdmin(user('policy-admin', PROD, m))).toMatchObject({ admin: true, conditional: false });
    expect(q.isAdmin(user('mfa-iam', PROD, m))).toMatchObject({ admin: true, conditional: true });
  });

  it('writing only user policies, or only role policies, is not: that is an escalation path, not admin by any name', () => {
    const m = buildModel(iamUsers());
    const q = createPolicyQuestions(m);
    expect(q.isAdmin(user('self-service', PROD, m))).toMatchObject({ admin: false, reason: 'no policy allows iam:CreateUser' });
    expect(q.isAdmin(user('role-only', PROD, m)).admin).toBe(false);
  });

  it('a boundary, an SCP or an explicit deny that would still stop what it grants itself keeps it from admin, as for *:*', () => {
    const bounded = buildModel(iamUsers(doc(allow(['iam:*', 's3:*']))));
    expect(createPolicyQuestions(bounded).isAdmin(user('iam-admin', PROD, bounded)).admin).toBe(false);
    const denied = buildModel(iamUsers(undefined, [deny('kms:*')]));
    expect(createPolicyQuestions(denied).isAdmin(user('iam-admin', PROD, denied)).admin).toBe(false);
    const restricted = buildModel({ ...SPEC, accounts: { ...SPEC.accounts, [RESTRICTED]: { users: [{ userName: 'ops', inlinePolicies: [inline('iam-everything', allow('iam:*'))] }] } } });
    expect(createPolicyQuestions(restricted).isAdmin(user('ops', RESTRICTED, restricted)).admin).toBe(false);
  });
});

describe('isAdmin (iam-write)', () => {
  it('catches a principal with iam:AttachUserPolicy on *', () => {
    expect(questions.isAdmin(user('grace')).admin).toBe(false);
    const answer = questions.isAdmin(user('grace'), { definition: 'iam-write' });
    expect(answer).toMatchObject({ admin: true, conditional: false });
    expect(answer.decidedBy.map((statement) => [statement.source, statement.policyId, statement.effect])).toEqual([
      ['identity', `arn:aws:iam::${PROD}:user/grace#inline/user-admin`, 'Allow'],
      ['scp', expect.stringMatching(/^p-/), 'Allow'],
    ]);
  });

  it('PowerUserAccess cannot write IAM either', () => {
    const answer = questions.isAdmin(user('carol'), { definition: 'iam-write' });
    expect(answer.admin).toBe(false);
    expect(answer.reason).toBe('no policy allows iam:CreateUser; cannot write IAM: no policy allows iam:PutUserPolicy');
  });

  it('a full admin is admin under both definitions', () => {
    expect(questions.isAdmin(user('alice'), { definition: 'iam-write' })).toBe(questions.isAdmin(user('alice')));
  });

  it('IAM write only under conditions → admin, conditional', () => {
    expect(questions.isAdmin(user('quentin'), { definition: 'iam-write' })).toMatchObject({ admin: true, conditional: true });
  });

  it('an SCP denying IAM stops the iam-write definition too', () => {
    expect(questions.isAdmin(user('ops', RESTRICTED), { definition: 'iam-write' }).admin).toBe(false);
  });
});

describe('permission sets', () => {
  it('AdministratorAccess permission set → admin (SCPs left to the account it is assigned to)', () => {
    expect(questions.isAdmin(permissionSet('AdministratorAccess'))).toMatchObject({ admin: true, conditional: false });
  });

  it('an AWS managed policy absent from the snapshot grants nothing', () => {
    const answer = questions.isAdmin(permissionSet('ReadOnly'));
    expect(answer.admin).toBe(false);
    expect(answer.reason).toContain(`not in the snapshot: ${READ_ONLY_ACCESS}`);
  });

  it('a customer managed policy reference is present but unknown: conditional', () => {
    const answer = questions.isAdmin(permissionSet('PlatformDeploy'));
    expect(answer).toMatchObject({ admin: true, conditional: true });
    expect(answer.reason).toContain('customer managed policy /platform-deploy');
    expect(questions.can(permissionSet('PlatformDeploy'), 's3:GetObject')).toMatchObject({ decision: 'allowed', conditional: true });
  });

  it('an inline policy with iam:* is an administrator by another name, under both definitions', () => {
    const iamManager = permissionSet('IamManager');
    expect(questions.isAdmin(iamManager)).toMatchObject({ admin: true, conditional: false, selfGrant: ['iam:PutUserPolicy', 'iam:PutRolePolicy'] });
    expect(questions.isAdmin(iamManager, { definition: 'iam-write' })).toMatchObject({ admin: true, conditional: false });
  });

  it('a customer managed boundary makes admin conditional', () => {
    expect(questions.isAdmin(permissionSet('BoundedAdmin'))).toMatchObject({ admin: true, conditional: true });
  });
});

describe('can', () => {
  it('answers without a request context: conditions may apply', () => {
    expect(questions.can(user('dave'), 'ec2:TerminateInstances', '*')).toMatchObject({ decision: 'allowed', conditional: true });
  });

  it('evaluates each (principal, action, resource) once, and an action once where no statement depends on the resource', () => {
    const first = questions.can(user('alice'), 'IAM:CreateUser', '*');
    expect(questions.can(user('alice'), 'iam:createuser', '*')).toBe(first);
    // AdministratorAccess names only *: every resource, and none, gets the one answer.
    expect(questions.can(user('alice'), 'iam:CreateUser')).toBe(first);
    expect(questions.can(user('alice'), 'iam:CreateUser', `arn:aws:iam::${PROD}:user/mallory`)).toBe(first);
    const lake = questions.can(user('ken'), 's3:GetObject', 'arn:aws:s3:::acme-data-lake/raw/orders.csv');
    expect(lake.decision).toBe('allowed');
    expect(questions.can(user('ken'), 'S3:GetObject', 'arn:aws:s3:::acme-data-lake/raw/orders.csv')).toBe(lake);
    expect(questions.can(user('ken'), 's3:GetObject')).not.toBe(lake);
    expect(questions.can(user('ken'), 's3:GetObject', 'arn:aws:s3:::acme-audit-logs/2026/11/trail.json.gz').decision).toBe('implicitDeny');
  });

  it('does not share answers between principals', () => {
    expect(questions.can(user('alice'), 'iam:CreateUser', '*').decision).toBe('allowed');
    expect(questions.can(user('carol'), 'iam:CreateUser', '*').decision).toBe('implicitDeny');
  });

  it('applies every SCP level on the OU path', () => {
    expect(questions.can(user('ops', RESTRICTED), 's3:GetObject', 'arn:aws:s3:::payments/x').decision).toBe('allowed');
    expect(questions.can(user('ops', RESTRICTED), 'iam:ListUsers').decision).toBe('denied');
  });

  it('a group is evaluated with its own policies', () => {
    const admins = node<GroupNode>(model, `arn:aws:iam::${PROD}:group/Admins`, 'Group');
    expect(questions.can(admins, 'ec2:RunInstances', '*').decision).toBe('allowed');
  });
});

describe('grantedServices', () => {
  it('a role with s3 Read and dynamodb Write', () => {
    expect(questions.grantedServices(role('data-pipeline'))).toEqual([
      { service: 'dynamodb', accessLevels: ['Write'], conditional: false },
      { service: 's3', accessLevels: ['Read', 'List'], conditional: false },
    ]);
  });

  it('marks a service granted only under conditions', () => {
    expect(questions.grantedServices(role('queue-writer'))).toEqual([
      { service: 'logs', accessLevels: ['Write'], conditional: false },
      { service: 'sqs', accessLevels: ['Write'], conditional: true },
    ]);
  });

  it('NotAction iam:* grants many services but not iam beyond the listed exceptions', () => {
    const services = questions.grantedServices(role('power-user'));
    const byName = new Map(services.map((service) => [service.service, service]));
    expect(byName.get('ec2')?.accessLevels).toEqual(expect.arrayContaining(['Write', 'Read', 'List', 'Tagging']));
    expect(byName.get('iam')?.accessLevels).toEqual(expect.arrayContaining(['Write', 'List']));
    expect(byName.get('iam')?.accessLevels).not.toContain('Permissions management');
    expect(byName.has('organizations')).toBe(true);
    expect(byName.get('organizations')?.accessLevels).toEqual(['Read']);
    expect(services.length).toBeGreaterThan(300);
    expect(services.map((service) => service.service)).toEqual([...services.map((service) => service.service)].sort());
  });

  it('leaves out services an SCP denies', () => {
    const services = questions.grantedServices(user('ops', RESTRICTED)).map((service) => service.service);
    expect(services).not.toContain('iam');
    expect(services).toContain('s3');
  });

  it('leaves out services the boundary does not allow', () => {
    expect(questions.grantedServices(user('erin')).map((service) => service.service)).toEqual(['s3']);
  });

  it('grants nothing from a policy missing from the snapshot', () => {
    expect(questions.grantedServices(user('heidi'))).toEqual([]);
  });

  it('is memoised', () => {
    expect(questions.grantedServices(role('data-pipeline'))).toBe(questions.grantedServices(role('data-pipeline')));
  });
});

describe('grantedServiceNames', () => {
  const among = new Set(['iam', 'sqs', 'logs', 's3', 'dynamodb', 'organizations', 'lambda']);
  const names = (principal: UserNode | RoleNode) => {
    const fresh = createPolicyQuestions(model);
    return [...fresh.grantedServiceNames(principal, among)].sort();
  };

  it('names the services grantedServices lists among those asked, conditional grants included', () => {
    for (const principal of [role('data-pipeline'), role('queue-writer'), role('power-user'), user('ops', RESTRICTED), user('erin'), user('heidi')]) {
      const listed = createPolicyQuestions(model).grantedServices(principal, among).map((granted) => granted.service).sort();
      expect(names(principal)).toEqual(listed);
    }
    expect(names(role('queue-writer'))).toEqual(['logs', 'sqs']);
  });

  it('leaves out what an SCP, a boundary or a missing policy takes away', () => {
    expect(names(user('ops', RESTRICTED))).not.toContain('iam');
    expect(names(user('ops', RESTRICTED))).toContain('s3');
    expect(names(user('erin'))).toEqual(['s3']);
    expect(names(user('heidi'))).toEqual([]);
  });

  it('agrees with grantedServices asked first on the same questions', () => {
    const shared = createPolicyQuestions(model);
    const listed = shared.grantedServices(role('power-user')).filter((granted) => among.has(granted.service)).map((granted) => granted.service);
    expect([...shared.grantedServiceNames(role('power-user'), among)].sort()).toEqual(listed.sort());
  });
});

describe('namedActions', () => {
  const among = new Set(['iam:AttachUserPolicy', 'iam:PassRole', 'iam:CreateAccessKey', 'sts:AssumeRole', 'lambda:CreateFunction', 'ec2:RunInstances', 's3:GetObject']);
  const named = (principal: UserNode | RoleNode, questions = createPolicyQuestions(model)) => [...questions.namedActions(principal, among)].sort();

  it('names what Allow statements cover: actions as written, service wildcards, and what a NotAction leaves in', () => {
    expect(named(user('grace'))).toEqual(['iam:AttachUserPolicy']);
    expect(named(user('oscar'))).toEqual(['ec2:RunInstances', 'lambda:CreateFunction', 's3:GetObject', 'sts:AssumeRole']);
    expect(named(user('ken'))).toEqual(['s3:GetObject']);
    expect(named(user('carol'))).toEqual(['ec2:RunInstances', 'lambda:CreateFunction', 's3:GetObject', 'sts:AssumeRole']);
    expect(named(user('nina'))).toEqual([...among].sort());
  });

  it('names nothing of a policy missing from the snapshot, nor what only a Deny statement names', () => {
    expect(named(user('heidi'))).toEqual([]);
    const denyOnly = buildModel({
      accounts: { [PROD]: { users: [{ userName: 'reader', inlinePolicies: [inline('read', allow('s3:GetObject', 'arn:aws:s3:::acme-reports/*'), deny('iam:*'))] }] } },
    });
    expect(named(user('reader', PROD, denyOnly), createPolicyQuestions(denyOnly))).toEqual(['s3:GetObject']);
  });

  it('names every action can allows, and also those a boundary, an SCP or a deny takes away again', () => {
    const questions = createPolicyQuestions(model);
    const principals = [user('alice'), user('carol'), user('dave'), user('erin'), user('frank'), user('grace'), user('ken'), user('leo'), user('oscar'), user('peggy'), user('quentin'), user('ops', RESTRICTED)];
    for (const principal of principals) {
      const names = questions.namedActions(principal, among);
      for (const action of among) if (questions.can(principal, action).decision === 'allowed') expect(names.has(action), `${principal.name} ${action}`).toBe(true);
    }
    expect(questions.can(user('erin'), 'iam:PassRole').decision).not.toBe('allowed');
    expect(named(user('erin'), questions)).toContain('iam:PassRole');
    expect(questions.can(user('frank'), 'iam:CreateAccessKey').decision).toBe('denied');
    expect(named(user('frank'), questions)).toContain('iam:CreateAccessKey');
  });
});

const DEVELOPER = doc(
  allow(['cloudformation:*', 'lambda:*', 'apigateway:*', 'dynamodb:*', 's3:*', 'logs:*', 'cloudwatch:*', 'events:*', 'sqs:*', 'sns:*', 'states:*', 'xray:*', 'ecr:*', 'ecs:*', 'codebuild:*', '*:Describe*', '*:List*', 'i?m:Get*']),
  deny(['iam:*', 'organizations:*', 'sts:AssumeRole', 'ec2:RunInstances']),
);

describe('namedActions of AWS managed documents', () => {
  // The managed policies of the public Cloudsplaining export: thousands of patterns per statement, service wildcards.
  const gaad = JSON.parse(readFileSync(new URL('../../../fixtures/datasets/gaad-cloudsplaining-example.json', import.meta.url), 'utf8')) as {
    Policies: { PolicyName: string; Arn: string; DefaultVersionId: string; PolicyVersionList: { VersionId: string; Document: unknown }[] }[];
  };
  const documents = [
    ...gaad.Policies.map((policy) => ({
      name: policy.PolicyName,
      document: policy.PolicyVersionList.find((version) => version.VersionId === policy.DefaultVersionId)?.Document,
    })),
    // Customer policies with wildcards in the service part, or no colon at all.
    { name: 'read-everything', document: doc(allow(['*:Describe*', '*:Get*', '*:List*'])) },
    { name: 'builder', document: doc(allow(['*:Create*', 'iam:PassRole']), deny('iam:CreateAccessKey')) },
    { name: 'no-colon', document: doc(allow(['lambda*', 'ec2:Run*']), allow('s?s:Assume*')) },
    // Small enough to be read statement by statement, with denies of what it does not allow.
    { name: 'developer', document: DEVELOPER },
    // The same with read access to every service: enough patterns to be answered by the action index.
    { name: 'developer-reading-everything', document: doc(...DEVELOPER.Statement, allow(actionCatalog.services().flatMap((service) => [`${service}:Get*`, `${service}:List*`]))) },
  ];
  const among = new Set([
    ...ESCALATION_METHODS.flatMap((method) => method.requires.map((requirement) => requirement.action)),
    'iam:GetRole',
    'ec2:DescribeInstances',
    'lambda:GetFunction',
    'support:DescribeCases',
    's3:GetObject',
  ]);
  const namedBy = (document: unknown) => {
    const model = buildModel({ accounts: { [PROD]: { users: [{ userName: 'holder', inlinePolicies: [{ name: 'held', document }] }] } } });
    return [...createPolicyQuestions(model).namedActions(user('holder', PROD, model), among)].sort();
  };
  const byDefinition = (document: unknown) => {
    const allows = normalizePolicy(document).statements.filter((statement) => statement.effect === 'Allow');
    return [...among].filter((action) => allows.some((statement) => statementCoversAction(statement, action.toLowerCase()))).sort();
  };

  it('names, of each, exactly the actions some Allow statement covers', () => {
    expect(documents.length).toBeGreaterThan(50);
    for (const { name, document } of documents) expect(namedBy(document), name).toEqual(byDefinition(document));
  });

  it('names what ReadOnlyAccess reads and none of what it cannot write', () => {
    const readOnly = documents.find((entry) => entry.name === 'ReadOnlyAccess')?.document;
    const named = namedBy(readOnly);
    expect(named).toEqual(expect.arrayContaining(['ec2:DescribeInstances', 'iam:GetRole', 'lambda:GetFunction', 's3:GetObject']));
    expect(named).not.toContain('iam:PassRole');
    expect(named).not.toContain('iam:AttachUserPolicy');
    expect(named).not.toContain('sts:AssumeRole');
  });

  it('names through wildcards in the service part, and through patterns without a colon', () => {
    const named = (name: string) => namedBy(documents.find((entry) => entry.name === name)?.document);
    expect(named('builder')).toEqual(expect.arrayContaining(['iam:CreateAccessKey', 'iam:PassRole', 'lambda:CreateFunction']));
    expect(named('no-colon')).toEqual(expect.arrayContaining(['ec2:RunInstances', 'lambda:CreateFunction', 'lambda:GetFunction', 'sts:AssumeRole']));
    expect(named('no-colon')).not.toContain('iam:PassRole');
    for (const name of ['developer', 'developer-reading-everything']) {
      expect(named(name)).toEqual(expect.arrayContaining(['codebuild:CreateProject', 'iam:GetRole', 'lambda:CreateFunction', 'ec2:DescribeInstances']));
      for (const action of ['iam:PassRole', 'iam:CreateAccessKey', 'sts:AssumeRole', 'ec2:RunInstances']) expect(named(name), name).not.toContain(action);
    }
  });
});

describe('whoCanAssume', () => {
  const kinds = (assumers: readonly RoleAssumer[]) =>
    assumers.map((assumer) => {
      switch (assumer.kind) {
        case 'principal':
          return { kind: assumer.kind, id: assumer.principal.id, conditional: assumer.conditional };
        case 'account':
          return { kind: assumer.kind, id: assumer.accountId, inOrganization: assumer.inOrganization, conditional: assumer.conditional };
        case 'service':
          return { kind: assumer.kind, id: assumer.service, conditional: assumer.conditional };
        case 'federated':
          return { kind: assumer.kind, id: assumer.provider, conditional: assumer.conditional };
        default:
          return { kind: assumer.kind, conditional: assumer.conditional };
      }
    });

  it('an org account root: the account, and its principals whose own policies allow sts:AssumeRole on the role', () => {
    expect(kinds(questions.whoCanAssume(role('OrganizationAuditRole')))).toEqual([
      { kind: 'account', id: MANAGEMENT, inOrganization: true, conditional: false },
      { kind: 'principal', id: `arn:aws:iam::${MANAGEMENT}:user/breakglass`, conditional: false },
      { kind: 'principal', id: `arn:aws:iam::${MANAGEMENT}:role/auditor`, conditional: true },
    ]);
  });

  it('an account outside the organization, with an external id condition', () => {
    expect(kinds(questions.whoCanAssume(role('VendorMonitoring')))).toEqual([
      { kind: 'account', id: VENDOR, inOrganization: false, conditional: true },
    ]);
  });

  it('a bare account id in the organization but not in the snapshot', () => {
    expect(kinds(questions.whoCanAssume(role('PartnerBilling')))).toEqual([
      { kind: 'account', id: PARTNER_IN_ORG, inOrganization: true, conditional: false },
    ]);
  });

  it('a same-account role ARN is trusted directly, without an identity allow', () => {
    expect(questions.can(role('ci-runner'), 'sts:AssumeRole').decision).toBe('implicitDeny');
    expect(kinds(questions.whoCanAssume(role('Deployer')))).toEqual([
      { kind: 'principal', id: `arn:aws:iam::${PROD}:role/ci-runner`, conditional: false },
    ]);
  });

  it('cross-account role ARNs: in the model only when their policies allow it, else the account of the ARN', () => {
    expect(kinds(questions.whoCanAssume(role('CrossAccountAutomation')))).toEqual([
      { kind: 'principal', id: `arn:aws:iam::${MANAGEMENT}:role/automation`, conditional: false },
      { kind: 'account', id: VENDOR, inOrganization: false, conditional: false },
    ]);
  });

  it('a service principal', () => {
    expect(kinds(questions.whoCanAssume(role('LambdaExecution')))).toEqual([
      { kind: 'service', id: 'lambda.amazonaws.com', conditional: false },
      { kind: 'service', id: 'edgelambda.amazonaws.com', conditional: false },
    ]);
  });

  it('a SAML provider with an audience condition', () => {
    expect(kinds(questions.whoCanAssume(role('OktaAdmin')))).toEqual([
      { kind: 'federated', id: `arn:aws:iam::${PROD}:saml-provider/Okta`, conditional: true },
    ]);
  });

  it('Principal "*" without conditions: anyone', () => {
    expect(kinds(questions.whoCanAssume(role('PublicRole')))).toEqual([{ kind: 'anyone', conditional: false }]);
  });

  it('{"AWS": "*"} limited by aws:PrincipalOrgID: anyone, conditional', () => {
    expect(kinds(questions.whoCanAssume(role('OrgWideReader')))).toEqual([{ kind: 'anyone', conditional: true }]);
  });

  it('statements that do not allow an assume action are ignored', () => {
    expect(questions.whoCanAssume(role('TagOnly'))).toEqual([]);
  });

  it('an unconditional statement wins over a conditional one for the same account', () => {
    expect(kinds(questions.whoCanAssume(role('MixedTrust')))).toEqual([
      { kind: 'account', id: VENDOR, inOrganization: false, conditional: false },
    ]);
  });

  it('a service-only trust policy', () => {
    expect(kinds(questions.whoCanAssume(role('data-pipeline')))).toEqual([{ kind: 'service', id: 'glue.amazonaws.com', conditional: false }]);
  });

  it('is memoised', () => {
    expect(questions.whoCanAssume(role('OrganizationAuditRole'))).toBe(questions.whoCanAssume(role('OrganizationAuditRole')));
  });
});

describe('memoisation', () => {
  it('isAdmin returns the same answer object on a second call', () => {
    expect(questions.isAdmin(user('bob'))).toBe(questions.isAdmin(user('bob')));
    expect(questions.isAdmin(user('grace'), { definition: 'iam-write' })).toBe(questions.isAdmin(user('grace'), { definition: 'iam-write' }));
  });

  it('separate question sets do not share answers', () => {
    const other = createPolicyQuestions(model);
    expect(other.isAdmin(user('alice'))).not.toBe(questions.isAdmin(user('alice')));
    expect(other.isAdmin(user('alice'))).toEqual(questions.isAdmin(user('alice')));
  });
});

describe('isAdmin under guardrail SCPs', () => {
  it('AdministratorAccess stays admin when SCPs deny leaving the organization and stopping CloudTrail', () => {
    const model = buildModel({
      organization: {
        managementAccountId: MANAGEMENT,
        rootId: ROOT_ID,
        organizationalUnits: [{ id: OU_WORKLOADS, name: 'Workloads' }],
        accounts: [{ id: MANAGEMENT, name: 'management' }, { id: PROD, name: 'prod', parentId: OU_WORKLOADS }],
        policies: [
          { name: 'FullAWSAccess', awsManaged: true, targets: [ROOT_ID, OU_WORKLOADS, PROD], document: ADMINISTRATOR_DOCUMENT },
          {
            name: 'Guardrails',
            targets: [OU_WORKLOADS],
            document: doc(deny('organizations:LeaveOrganization'), deny(['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'])),
          },
        ],
      },
      accounts: {
        [PROD]: {
          roles: [{ roleName: 'Admin', attachedManagedPolicies: [ADMINISTRATOR_ACCESS] }],
          policies: [awsManaged('AdministratorAccess', ADMINISTRATOR_DOCUMENT)],
        },
      },
    });
    const role = model.byId(`arn:aws:iam::${PROD}:role/Admin`) as RoleNode;
    const questions = createPolicyQuestions(model);
    expect(questions.isAdmin(role)).toMatchObject({ admin: true, conditional: false });
    expect(questions.can(role, 'organizations:LeaveOrganization').decision).toBe('denied');
  });
});

describe('the time requests are made at', () => {
  const CONTRACT_END = '2026-06-30T23:59:59Z';
  const timeModel = buildModel({
    collectedAt: '2026-11-20T06:00:00Z',
    accounts: {
      [PROD]: {
        users: [
          {
            userName: 'contractor-jane',
            inlinePolicies: [
              inline('UntilContractEnd', allow('ec2:*', '*', { Condition: { DateLessThan: { 'aws:CurrentTime': CONTRACT_END } } })),
              inline('UntilContractEndEpoch', allow('rds:*', '*', { Condition: { NumericLessThanEquals: { 'aws:EpochTime': String(Date.parse(CONTRACT_END) / 1000) } } })),
              inline('NoDeletesAfterFreeze', deny('s3:DeleteBucket', '*', { Condition: { DateGreaterThan: { 'aws:CurrentTime': '2026-09-01T00:00:00Z' } } }), allow('s3:*')),
            ],
          },
          { userName: 'legacy-ci', inlinePolicies: [inline('LegacySessionsOnly', allow('iam:CreatePolicyVersion', '*', { Condition: { DateLessThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } } }))] },
          { userName: 'session-ci', inlinePolicies: [inline('RecentSessions', allow('iam:CreatePolicyVersion', '*', { Condition: { DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } } }))] },
        ],
        roles: [
          { roleName: 'legacy-deployer', inlinePolicies: [inline('LegacySessionsOnly', allow('iam:CreatePolicyVersion', '*', { Condition: { DateLessThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } } }))] },
          { roleName: 'session-deployer', inlinePolicies: [inline('RecentSessions', allow('iam:CreatePolicyVersion', '*', { Condition: { DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } } }))] },
          {
            roleName: 'fresh-sessions',
            inlinePolicies: [inline('IssuedThisWeek', allow('iam:CreatePolicyVersion', '*', { Condition: { DateGreaterThan: { 'aws:TokenIssueTime': '2026-11-19T12:00:00Z' } } }))],
          },
        ],
      },
    },
  });
  const at = (now?: string) => createPolicyQuestions(timeModel, now === undefined ? {} : { now: new Date(now) });
  const jane = user('contractor-jane', PROD, timeModel);

  it('decides aws:CurrentTime and aws:EpochTime at the snapshot time by default', () => {
    const questions = at();
    expect(questions.can(jane, 'ec2:RunInstances', '*')).toMatchObject({ decision: 'implicitDeny' });
    expect(questions.can(jane, 'rds:DeleteDBInstance', '*')).toMatchObject({ decision: 'implicitDeny' });
    expect(questions.can(jane, 's3:DeleteBucket', '*')).toMatchObject({ decision: 'denied' });
    expect(questions.can(jane, 's3:GetObject', '*')).toMatchObject({ decision: 'allowed', conditional: false });
  });

  it('decides them at the time it is given instead', () => {
    const questions = at('2026-03-01T09:00:00Z');
    expect(questions.can(jane, 'ec2:RunInstances', '*')).toMatchObject({ decision: 'allowed', conditional: false });
    expect(questions.can(jane, 'rds:DeleteDBInstance', '*')).toMatchObject({ decision: 'allowed', conditional: false });
    expect(questions.can(jane, 's3:DeleteBucket', '*')).toMatchObject({ decision: 'allowed', conditional: false });
  });

  it('refuses a grant that needs credentials issued before 2020: no session lives that long', () => {
    const questions = at();
    expect(questions.can(role('legacy-deployer', PROD, timeModel), 'iam:CreatePolicyVersion', '*').decision).toBe('implicitDeny');
    expect(questions.can(user('legacy-ci', PROD, timeModel), 'iam:CreatePolicyVersion', '*').decision).toBe('implicitDeny');
  });

  it('grants one that needs credentials issued after 2020 to a role, and to a user only if it uses a session', () => {
    const questions = at();
    expect(questions.can(role('session-deployer', PROD, timeModel), 'iam:CreatePolicyVersion', '*')).toMatchObject({ decision: 'allowed', conditional: false });
    // An IAM user's access key carries no aws:TokenIssueTime, and its sessions do.
    expect(questions.can(user('session-ci', PROD, timeModel), 'iam:CreatePolicyVersion', '*')).toMatchObject({ decision: 'allowed', conditional: true });
  });

  it('stays conditional only while a live session may have been issued on either side of the required time', () => {
    const fresh = role('fresh-sessions', PROD, timeModel);
    expect(at().can(fresh, 'iam:CreatePolicyVersion', '*')).toMatchObject({ decision: 'allowed', conditional: true });
    // 37 hours later every live session was issued after 2026-11-19T12:00.
    expect(at('2026-11-21T01:00:00Z').can(fresh, 'iam:CreatePolicyVersion', '*')).toMatchObject({ decision: 'allowed', conditional: false });
    // An hour before it, none can have been.
    expect(at('2026-11-19T11:00:00Z').can(fresh, 'iam:CreatePolicyVersion', '*').decision).toBe('implicitDeny');
  });
});

describe('answers shared and let go across many accounts', () => {
  const READ_ONLY_DOCUMENT = doc(allow(['s3:Get*', 's3:List*', 'dynamodb:Describe*', 'ec2:Describe*', 'iam:Get*', 'iam:List*']));
  const accountIds = Array.from({ length: ACCOUNTS_KEPT + 4 }, (_, index) => String(300_000_000_000 + index * 7_919));
  const [first, second, denied] = accountIds as [string, string, string];
  const accounts: Record<string, AccountSpec> = Object.fromEntries(
    accountIds.map((accountId) => [
      accountId,
      {
        policies: [awsManaged('ReadOnlyAccess', READ_ONLY_DOCUMENT), awsManaged('AdministratorAccess', ADMINISTRATOR_DOCUMENT)],
        roles: [
          { roleName: 'auditor', attachedManagedPolicies: [READ_ONLY_ACCESS] },
          { roleName: 'queue-writer', attachedManagedPolicies: [READ_ONLY_ACCESS], inlinePolicies: [inline('queue', allow('sqs:SendMessage', `arn:aws:sqs:eu-west-1:${accountId}:orders`))] },
        ],
      },
    ]),
  );
  const many = buildModel({
    organization: {
      managementAccountId: first,
      rootId: ROOT_ID,
      organizationalUnits: [{ id: OU_RESTRICTED, name: 'Restricted' }],
      accounts: accountIds.map((id) => ({ id, ...(id === denied ? { parentId: OU_RESTRICTED } : {}) })),
      policies: [
        { name: 'FullAWSAccess', awsManaged: true, document: ADMINISTRATOR_DOCUMENT, targets: [ROOT_ID, OU_RESTRICTED] },
        { name: 'NoDynamoDb', document: doc(deny('dynamodb:*')), targets: [OU_RESTRICTED] },
      ],
    },
    accounts,
  });
  const roleIn = (accountId: string, name: string) => node<RoleNode>(many, `arn:aws:iam::${accountId}:role/${name}`, 'Role');

  it('principals of different accounts holding the same documents share one answer', () => {
    const questions = createPolicyQuestions(many);
    const answer = questions.grantedServices(roleIn(second, 'auditor'));
    expect(answer.map((service) => service.service)).toEqual(['dynamodb', 'ec2', 'iam', 's3']);
    expect(questions.grantedServices(roleIn(accountIds[5] as string, 'auditor'))).toBe(answer);
  });

  it('a different SCP path or one more policy is another set', () => {
    const questions = createPolicyQuestions(many);
    expect(questions.grantedServices(roleIn(denied, 'auditor')).map((service) => service.service)).toEqual(['ec2', 'iam', 's3']);
    expect(questions.grantedServices(roleIn(second, 'queue-writer')).map((service) => service.service)).toEqual(['dynamodb', 'ec2', 'iam', 's3', 'sqs']);
  });

  it('asked among some services, answers as the full list filtered', () => {
    const questions = createPolicyQuestions(many);
    const among = new Set(['iam', 'sqs', 'lambda']);
    const filtered = createPolicyQuestions(many).grantedServices(roleIn(second, 'queue-writer')).filter((service) => among.has(service.service));
    expect(questions.grantedServices(roleIn(second, 'queue-writer'), among)).toEqual(filtered);
    expect(filtered.map((service) => service.service)).toEqual(['iam', 'sqs']);
  });

  it('lets go of the answers of accounts and sets of inputs not asked about lately, and answers the same when asked again', () => {
    // Queue writers, each with its own inline policy, in more accounts than are kept: more sets of inputs than are kept.
    const perAccount = Math.ceil((INPUT_SETS_KEPT + 1) / accountIds.length);
    const queues = Array.from({ length: perAccount }, (_, index) => `orders-${String(index).padStart(3, '0')}`);
    const writers = buildModel({
      accounts: Object.fromEntries(
        accountIds.map((accountId) => [
          accountId,
          { roles: queues.map((queue) => ({ roleName: `${queue}-writer`, inlinePolicies: [inline('queue', allow('sqs:SendMessage', `arn:aws:sqs:eu-west-1:${accountId}:${queue}`))] })) },
        ]),
      ),
    });
    const questions = createPolicyQuestions(writers);
    const probe = (accountId: string, queue: string) =>
      questions.can(node<RoleNode>(writers, `arn:aws:iam::${accountId}:role/${queue}-writer`, 'Role'), 'sqs:SendMessage', `arn:aws:sqs:eu-west-1:${accountId}:${queue}`);
    const [oldest] = queues as [string];
    const before = probe(first, oldest);
    expect(probe(first, oldest)).toBe(before);
    for (const accountId of accountIds) for (const queue of queues) if (accountId !== first || queue !== oldest) probe(accountId, queue);
    const after = probe(first, oldest);
    expect(after).not.toBe(before);
    expect(after).toEqual(before);
    expect(after.decision).toBe('allowed');
  });
});
