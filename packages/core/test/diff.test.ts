import { describe, expect, it } from 'vitest';
import type { SnapshotSpec } from '@iamlint/core/testing';
import { buildModel } from '@iamlint/core/testing';
import { diffSnapshots, formatDiff, isEmptyDiff, type EntityChange, type PermissionChange, type SnapshotDiff } from '../src/diff/index.js';
import type { Model } from '../src/model/model.js';
import { createPolicyQuestions, type EvaluatedPrincipal, type PolicyQuestions } from '../src/policy/index.js';

const V = '2012-10-17';
const MANAGEMENT = '311842569027';
const PROD = '097352618404';
const VENDOR = '742981530266';
const ROOT_ID = 'r-7q2k';
const OU_WORKLOADS = 'ou-7q2k-w8f3kd1x';
const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READ_ONLY_ACCESS = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const DEPLOY_POLICY = `arn:aws:iam::${PROD}:policy/ci-deploy-artifacts`;
const OLD_KEY = 'AKIAJ7QX2RWN5MDV4KPL';
const NEW_KEY = 'AKIAVL5GX2RWN7QDM3KC';

type Statement = Record<string, unknown>;
const doc = (...statements: Statement[]) => ({ Version: V, Statement: statements });
const allow = (action: string | string[], resource: string | string[] = '*'): Statement => ({ Effect: 'Allow', Action: action, Resource: resource });
const ARTIFACTS = ['arn:aws:s3:::acme-build-artifacts', 'arn:aws:s3:::acme-build-artifacts/*'];
const trustAccount = (accountId: string) => ({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' });

interface Variant {
  bobGroups?: string[];
  deployTrust?: Statement[];
  deployPolicy?: { version: string; actions: string[] };
  dataEngineerInline?: Statement[];
  ciKeys?: Array<{ accessKeyId: string; createDate: string; status?: 'Active' | 'Inactive' }>;
  danaPolicies?: string[];
  workloadsScp?: Statement[];
  extraRole?: { roleName: string };
  deployAdmin?: boolean;
}

function spec(variant: Variant = {}): SnapshotSpec {
  const deployPolicy = variant.deployPolicy ?? { version: 'v1', actions: ['s3:GetObject', 's3:ListBucket'] };
  return {
    collectedAt: '2026-11-20T06:00:00Z',
    organization: {
      managementAccountId: MANAGEMENT,
      rootId: ROOT_ID,
      organizationalUnits: [{ id: OU_WORKLOADS, name: 'Workloads' }],
      accounts: [
        { id: MANAGEMENT, name: 'acme-management' },
        { id: PROD, name: 'acme-data-prod', parentId: OU_WORKLOADS },
      ],
      policies: [
        { name: 'FullAWSAccess', id: 'p-FullAWSAccess', awsManaged: true, document: doc(allow('*')), targets: [ROOT_ID, OU_WORKLOADS, PROD] },
        ...(variant.workloadsScp ? [{ name: 'DenyIamChanges', id: 'p-4f8k2m9q', document: doc(...variant.workloadsScp), targets: [OU_WORKLOADS] }] : []),
      ],
    },
    accounts: {
      [MANAGEMENT]: { alias: 'acme-management' },
      [PROD]: {
        alias: 'acme-data-prod',
        users: [
          { userName: 'bob', groups: variant.bobGroups ?? ['Developers'], loginProfile: { createDate: '2024-05-02T09:12:44Z', passwordResetRequired: false }, mfaDevices: [{}] },
          {
            userName: 'ci-deploy',
            attachedManagedPolicies: [DEPLOY_POLICY],
            accessKeys: variant.ciKeys ?? [{ accessKeyId: OLD_KEY, createDate: '2025-02-11T08:30:00Z', lastUsedDate: '2026-11-19' }],
          },
          { userName: 'dana', groups: ['Developers'], attachedManagedPolicies: variant.danaPolicies ?? [] },
        ],
        groups: [
          { groupName: 'Admins', attachedManagedPolicies: [ADMINISTRATOR_ACCESS] },
          { groupName: 'Developers', inlinePolicies: [{ name: 'read-artifacts', document: doc(allow(['s3:GetObject', 's3:ListBucket'], ARTIFACTS)) }] },
        ],
        roles: [
          {
            roleName: 'deploy',
            trustPolicy: doc(...(variant.deployTrust ?? [trustAccount(MANAGEMENT)])),
            attachedManagedPolicies: variant.deployAdmin ? [ADMINISTRATOR_ACCESS] : [],
            inlinePolicies: [{ name: 'deploy-lambda', document: doc(allow(['lambda:UpdateFunctionCode', 'lambda:GetFunction'], `arn:aws:lambda:eu-west-1:${PROD}:function:orders-*`)) }],
          },
          ...(variant.extraRole ? [{ roleName: variant.extraRole.roleName, trustPolicy: doc(trustAccount(MANAGEMENT)) }] : []),
        ],
        policies: [
          { policyName: 'AdministratorAccess', arn: ADMINISTRATOR_ACCESS, path: '/', document: doc(allow('*')), defaultVersionId: 'v1' },
          { policyName: 'ci-deploy-artifacts', defaultVersionId: deployPolicy.version, document: doc(allow(deployPolicy.actions, ARTIFACTS)) },
        ],
      },
    },
    identityCenter: {
      ownerAccountId: MANAGEMENT,
      permissionSets: [
        { name: 'DataEngineer', sessionDuration: 'PT4H', inlinePolicy: doc(allow(['athena:StartQueryExecution', 'athena:GetQueryResults'], '*'), ...(variant.dataEngineerInline ?? [])) },
      ],
      users: [{ userId: '906712a4c1-5e3b9f1d-7c2a-4e8b-9d0f-3a6b1c2d4e5f', userName: 'priya@acme.example' }],
      groups: [{ groupId: '906712a4c1-1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', displayName: 'data-engineers', members: ['906712a4c1-5e3b9f1d-7c2a-4e8b-9d0f-3a6b1c2d4e5f'] }],
      assignments: [{ accountId: PROD, permissionSet: 'DataEngineer', principalType: 'GROUP', principalId: '906712a4c1-1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e' }],
    },
  };
}

const permissionOf = (diff: SnapshotDiff, name: string): PermissionChange | undefined => diff.permissions.find((change) => change.principal.name === name);
const entityOf = (diff: SnapshotDiff, kind: EntityChange['kind'], name: string): EntityChange[] =>
  diff.entities.filter((change) => change.kind === kind && change.name === name);

describe('diffSnapshots', () => {
  it('finds nothing between a snapshot and itself, or an identical re-collection', () => {
    const model = buildModel(spec());
    const same = diffSnapshots(model, model);
    expect(isEmptyDiff(same)).toBe(true);
    expect(same.summary).toEqual({ adminGained: 0, adminAssumersGained: 0, adminLost: 0, principalsChanged: 0, added: 0, removed: 0, changed: 0 });
    const recollected = diffSnapshots(buildModel(spec()), buildModel({ ...spec(), collectedAt: '2026-11-21T06:00:00Z' }));
    expect(recollected.permissions).toEqual([]);
    expect(recollected.entities).toEqual([]);
    expect(recollected.new.collectedAt).toBe('2026-11-21T06:00:00Z');
  });

  it('reports a user who gained admin through a new group membership, as the membership and as admin gained first', () => {
    const diff = diffSnapshots(buildModel(spec()), buildModel(spec({ bobGroups: ['Developers', 'Admins'] })));
    expect(diff.summary.adminGained).toBe(1);
    expect(diff.permissions[0]).toMatchObject({
      principal: { kind: 'User', name: 'bob', accountId: PROD, id: `arn:aws:iam::${PROD}:user/bob` },
      status: 'changed',
      adminChange: 'gained',
      before: { admin: false },
      after: { admin: true, conditional: false },
      grantedBy: ['AdministratorAccess (via group Admins)'],
      gained: [],
      policies: { added: ['AdministratorAccess (via group Admins)'], removed: [], changed: [] },
    });
    expect(diff.permissions).toHaveLength(1);
    expect(entityOf(diff, 'User', 'bob')).toEqual([
      expect.objectContaining({ change: 'changed', fields: [{ field: 'groups', type: 'set', added: ['Admins'], removed: [] }] }),
    ]);
  });

  it('says who can newly assume a role whose trust policy opened to an account outside the organization', () => {
    const diff = diffSnapshots(buildModel(spec()), buildModel(spec({ deployTrust: [trustAccount(MANAGEMENT), trustAccount(VENDOR)] })));
    const [role] = entityOf(diff, 'Role', 'deploy');
    expect(role).toMatchObject({ change: 'changed', accountId: PROD, fields: [{ field: 'trustPolicy', type: 'document', change: 'changed' }] });
    expect(role?.trust).toEqual({
      added: [{ type: 'account', id: VENDOR, label: `account ${VENDOR} (outside the organization)`, conditional: false, outsideOrganization: true }],
      removed: [],
    });
    // The role's own permissions did not change, so it is not evaluated or listed.
    expect(diff.permissions).toEqual([]);
  });

  it('counts an outside account newly trusted by an admin role as admin gained (issue 12), and not for a role that is no admin', () => {
    const opened = [trustAccount(MANAGEMENT), trustAccount(VENDOR)];
    const admin = diffSnapshots(buildModel(spec({ deployAdmin: true })), buildModel(spec({ deployAdmin: true, deployTrust: opened })));
    expect(admin.summary).toMatchObject({ adminGained: 1, adminAssumersGained: 1 });
    expect(formatDiff(admin, 'stylish', { oldLabel: 'a', newLabel: 'b' })).toContain('1 principal gained admin (1 by a new trust of an admin role)');
    const plain = diffSnapshots(buildModel(spec()), buildModel(spec({ deployTrust: opened })));
    expect(plain.summary).toMatchObject({ adminGained: 0, adminAssumersGained: 0 });
  });

  it('reports a permission set whose inline policy gained an Allow * statement as admin gained', () => {
    const withReadOnly = (variant: Variant) => {
      const built = spec(variant);
      const permissionSet = built.identityCenter?.permissionSets?.[0];
      if (permissionSet) permissionSet.managedPolicies = [READ_ONLY_ACCESS];
      (built.accounts?.[PROD]?.policies ?? []).push({ policyName: 'ReadOnlyAccess', arn: READ_ONLY_ACCESS, document: doc(allow(['s3:Get*', 'iam:Get*', 'ec2:Describe*'])) });
      return built;
    };
    const diff = diffSnapshots(buildModel(withReadOnly({})), buildModel(withReadOnly({ dataEngineerInline: [{ Sid: 'Break', ...allow('*') }] })));
    expect(diff.permissions).toHaveLength(1);
    expect(diff.permissions[0]).toMatchObject({
      principal: { kind: 'PermissionSet', name: 'DataEngineer', accountId: null },
      adminChange: 'gained',
      grantedBy: ['inline policy'],
      policies: { added: [], removed: [], changed: ['inline policy'] },
    });
    expect(entityOf(diff, 'PermissionSet', 'DataEngineer')).toEqual([
      expect.objectContaining({ change: 'changed', fields: [{ field: 'inlinePolicy', type: 'document', change: 'changed' }] }),
    ]);
  });

  it('reports a rotated key as one key created and one deleted, and a deactivation by name', () => {
    const rotated = [{ accessKeyId: NEW_KEY, createDate: '2026-11-19T14:02:51Z' }];
    const diff = diffSnapshots(buildModel(spec()), buildModel(spec({ ciKeys: rotated })));
    const keys = diff.entities.filter((change) => change.kind === 'AccessKey');
    expect(keys).toEqual([
      { change: 'removed', kind: 'AccessKey', id: OLD_KEY, name: OLD_KEY, accountId: PROD, owner: 'user ci-deploy', event: 'deleted', fields: [] },
      { change: 'added', kind: 'AccessKey', id: NEW_KEY, name: NEW_KEY, accountId: PROD, owner: 'user ci-deploy', event: 'created', fields: [] },
    ]);
    expect(diff.permissions).toEqual([]);

    const deactivated = diffSnapshots(
      buildModel(spec()),
      buildModel(spec({ ciKeys: [{ accessKeyId: OLD_KEY, createDate: '2025-02-11T08:30:00Z', status: 'Inactive' }] })),
    );
    expect(deactivated.entities).toEqual([
      expect.objectContaining({ kind: 'AccessKey', id: OLD_KEY, change: 'changed', event: 'deactivated', fields: [{ field: 'status', type: 'value', from: 'Active', to: 'Inactive' }] }),
    ]);
  });

  it('shows Write gained on s3 when a policy’s new default version adds s3:PutObject, for every principal it reaches', () => {
    const diff = diffSnapshots(
      buildModel(spec({ danaPolicies: [DEPLOY_POLICY] })),
      buildModel(spec({ danaPolicies: [DEPLOY_POLICY], deployPolicy: { version: 'v2', actions: ['s3:GetObject', 's3:ListBucket', 's3:PutObject'] } })),
    );
    expect(diff.entities).toEqual([
      expect.objectContaining({
        kind: 'ManagedPolicy',
        id: DEPLOY_POLICY,
        change: 'changed',
        fields: [
          { field: 'defaultVersionId', type: 'value', from: 'v1', to: 'v2' },
          { field: 'document', type: 'document', change: 'changed' },
        ],
      }),
    ]);
    expect(diff.permissions.map((change) => change.principal.name)).toEqual(['ci-deploy', 'dana']);
    for (const change of diff.permissions) {
      expect(change.adminChange).toBeNull();
      expect(change.gained).toEqual([{ service: 's3', accessLevel: 'Write', count: 1, total: expect.any(Number), actions: ['s3:PutObject'], conditional: false }]);
      expect(change.lost).toEqual([]);
      expect(change.policies.changed).toEqual(['ci-deploy-artifacts']);
    }
  });

  it('reports lost permissions and lost admin when an SCP starts denying IAM on the OU', () => {
    const diff = diffSnapshots(
      buildModel(spec({ bobGroups: ['Admins'] })),
      buildModel(spec({ bobGroups: ['Admins'], workloadsScp: [{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }] })),
    );
    const bob = permissionOf(diff, 'bob');
    expect(bob).toMatchObject({ adminChange: 'lost', before: { admin: true }, after: { admin: false }, policies: { added: ['SCP DenyIamChanges (OU Workloads)'] } });
    expect(diff.summary.adminLost).toBe(2);
    expect(permissionOf(diff, 'Admins')?.adminChange).toBe('lost');
    // The SCP changed every principal's inputs in the account; those without IAM permissions lose nothing.
    expect(permissionOf(diff, 'ci-deploy')).toBeUndefined();
  });

  it('falls back to policy names when the snapshot lacks a managed policy’s document', () => {
    const diff = diffSnapshots(buildModel(spec()), buildModel(spec({ danaPolicies: [READ_ONLY_ACCESS] })));
    expect(permissionOf(diff, 'dana')).toMatchObject({
      adminChange: null,
      gained: [],
      lost: [],
      policies: { added: ['ReadOnlyAccess'], removed: [], changed: [] },
      notEvaluated: ['ReadOnlyAccess'],
    });
    expect(formatDiff(diff, 'stylish', { oldLabel: 'a', newLabel: 'b' })).toContain('not evaluated ReadOnlyAccess (document not in the snapshot: effect unknown)');
  });

  it('lists a new administrator role as admin gained, and says who may assume a new role', () => {
    const newSpec = spec({ extraRole: { roleName: 'break-glass' } });
    (newSpec.accounts?.[PROD]?.roles ?? []).push({ roleName: 'platform-admin', attachedManagedPolicies: [ADMINISTRATOR_ACCESS], trustPolicy: doc(trustAccount(MANAGEMENT)) });
    const diff = diffSnapshots(buildModel(spec()), buildModel(newSpec));
    expect(diff.permissions.map((change) => [change.principal.name, change.status, change.adminChange])).toEqual([['platform-admin', 'added', 'gained']]);
    const [added] = entityOf(diff, 'Role', 'break-glass');
    expect(added?.change).toBe('added');
    expect(added?.trust?.added).toEqual([expect.objectContaining({ type: 'account', id: MANAGEMENT, label: `account ${MANAGEMENT} (acme-management)` })]);
  });

  it('evaluates only principals whose effective inputs changed', () => {
    const asked = new Set<string>();
    const recording = (model: Model): PolicyQuestions => {
      const questions = createPolicyQuestions(model);
      const note = (principal: EvaluatedPrincipal) => asked.add(principal.name);
      return {
        can: (principal, action, resource) => (note(principal), questions.can(principal, action, resource)),
        isAdmin: (principal, options) => (note(principal), questions.isAdmin(principal, options)),
        isAdminWithPolicyVersion: (principal, arn, document, options) => (note(principal), questions.isAdminWithPolicyVersion(principal, arn, document, options)),
        grantedServices: (principal) => (note(principal), questions.grantedServices(principal)),
        grantedServiceNames: (principal, among) => (note(principal), questions.grantedServiceNames(principal, among)),
        namedActions: (principal, among) => (note(principal), questions.namedActions(principal, among)),
        whoCanAssume: (role) => questions.whoCanAssume(role),
      };
    };
    const oldModel = buildModel(spec());
    const newModel = buildModel(spec({ bobGroups: ['Developers', 'Admins'], ciKeys: [{ accessKeyId: NEW_KEY, createDate: '2026-11-19T14:02:51Z' }] }));
    const diff = diffSnapshots(oldModel, newModel, { oldQuestions: recording(oldModel), newQuestions: recording(newModel) });
    expect(diff.summary.adminGained).toBe(1);
    expect([...asked]).toEqual(['bob']);
  });

  it('does not call an account’s entities removed when the new snapshot could not collect its file', () => {
    const newSpec = spec({ bobGroups: ['Developers', 'Admins'] });
    delete newSpec.accounts?.[PROD];
    const diff = diffSnapshots(buildModel(spec()), buildModel(newSpec));
    expect(diff.warnings).toEqual([
      `account ${PROD}: the new snapshot has no accounts/${PROD}.json, so its IAM users, roles, groups and policies were not compared`,
    ]);
    expect(diff.entities.filter((change) => change.accountId === PROD)).toEqual([]);
    expect(diff.permissions).toEqual([]);
  });

  it('orders changes stably: admin gained first; organization, accounts by id, identity center', () => {
    const newSpec = spec({
      bobGroups: ['Developers', 'Admins'],
      deployAdmin: true,
      deployPolicy: { version: 'v2', actions: ['s3:GetObject', 's3:ListBucket', 's3:PutObject'] },
      workloadsScp: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
      dataEngineerInline: [allow('glue:GetTable')],
    });
    const managementAccount = newSpec.accounts?.[MANAGEMENT];
    if (managementAccount) managementAccount.users = [{ userName: 'zoe' }, { userName: 'adam' }];
    const first = diffSnapshots(buildModel(spec()), buildModel(newSpec));
    const second = diffSnapshots(buildModel(spec()), buildModel(newSpec));
    expect(JSON.stringify(first)).toBe(JSON.stringify(second));
    expect(first.permissions.map((change) => `${change.principal.kind} ${change.principal.name} ${change.adminChange ?? ''}`)).toEqual([
      'User bob gained',
      'Role deploy gained',
      'User ci-deploy ',
      'PermissionSet DataEngineer ',
    ]);
    expect(first.entities.map((change) => `${change.kind} ${change.name}`)).toEqual([
      'Scp DenyIamChanges',
      'User bob',
      'Role deploy',
      'ManagedPolicy ci-deploy-artifacts',
      'User adam',
      'User zoe',
      'PermissionSet DataEngineer',
    ]);
    expect(first.accountNames).toEqual({ [MANAGEMENT]: 'acme-management', [PROD]: 'acme-data-prod' });
  });
});
