import { describe, expect, it } from 'vitest';
import type { Model } from '../src/model/model.js';
import type { RoleNode, UserNode } from '../src/model/nodes.js';
import type {
  AdminAnswer,
  Decision,
  EscalationMethod,
  EscalationOptions,
  EscalationPath,
  EvaluatedPrincipal,
  EvaluationResult,
  GrantedService,
  PolicyQuestions,
  RoleAssumer,
} from '../src/policy/index.js';
import { createEscalationSearch, ESCALATION_METHODS, escalationPathFrom, findEscalationPaths } from '../src/policy/index.js';
import type { AccountSpec, SnapshotSpec } from '../src/testing/index.js';
import { createPolicyQuestions } from '../src/policy/questions/index.js';
import { buildModel } from '../src/testing/index.js';

const A = '111111111111';
const B = '222222222222';
const user = (name: string, account = A) => `arn:aws:iam::${account}:user/${name}`;
const role = (name: string, account = A) => `arn:aws:iam::${account}:role/${name}`;
const group = (name: string, account = A) => `arn:aws:iam::${account}:group/${name}`;
const policy = (name: string, account = A) => `arn:aws:iam::${account}:policy/${name}`;
const INSTANCE = 'arn:aws:sso:::instance/ssoins-7223a2e5f1c1d4b0';

/** One row of the fake's permission table; `resource` `*` means every resource. */
interface Grant {
  principal: string;
  action: string;
  resource?: string;
  decision?: Decision;
  conditional?: boolean;
}

type Trust = { principal: string } | { account: string } | { service: string } | { anyone: true };

interface Facts {
  /** Rows for a group apply to its members, including a user the search has add itself to it. */
  grants?: Grant[];
  /** Admin principals (users, roles, groups, permission sets) by id; the value says whether only conditionally. */
  admins?: Record<string, boolean>;
  trust?: Record<string, Array<Trust & { conditional?: boolean }>>;
}

/**
 * A PolicyQuestions answering from tables. Like the real evaluator, `can` without a resource answers for "some
 * resource"; a `denied` row wins (an SCP deny), then an administrator is allowed everything, then an `implicitDeny`
 * row (a boundary or SCP without the allow).
 */
class FakeQuestions implements PolicyQuestions {
  readonly canCalls: string[] = [];

  constructor(
    private readonly model: Model,
    private readonly facts: Facts,
  ) {}

  can(principal: EvaluatedPrincipal, action: string, resource?: string): EvaluationResult {
    this.canCalls.push(`${principal.id} ${action} ${resource ?? '-'}`);
    const holders = holdersOf(principal);
    const rows = (this.facts.grants ?? []).filter(
      (row) =>
        holders.includes(row.principal) &&
        row.action.toLowerCase() === action.toLowerCase() &&
        (resource === undefined || (row.resource ?? '*') === '*' || row.resource === resource),
    );
    const decision = (wanted: Decision) => rows.filter((row) => (row.decision ?? 'allowed') === wanted);
    if (decision('denied').length > 0) return { decision: 'denied', conditional: false, decidedBy: [] };
    const admin = this.isAdmin(principal);
    if (admin.admin) return { decision: 'allowed', conditional: admin.conditional, decidedBy: [] };
    if (decision('implicitDeny').length > 0 || decision('allowed').length === 0) {
      return { decision: 'implicitDeny', conditional: false, decidedBy: [] };
    }
    return { decision: 'allowed', conditional: decision('allowed').every((row) => row.conditional === true), decidedBy: [] };
  }

  isAdmin(principal: EvaluatedPrincipal): AdminAnswer {
    const answers = holdersOf(principal).flatMap((id) => this.facts.admins?.[id] ?? []);
    if (answers.length > 0) return { admin: true, conditional: answers.every(Boolean), decidedBy: [] };
    return { admin: false, conditional: false, decidedBy: [] };
  }

  // The tables hold no policy versions: a policy's other versions are unknown, as in a snapshot that lists none.
  isAdminWithPolicyVersion(): AdminAnswer {
    return { admin: false, conditional: false, decidedBy: [] };
  }

  grantedServices(principal: EvaluatedPrincipal): GrantedService[] {
    const holders = holdersOf(principal);
    const actions = holders.some((id) => this.facts.admins?.[id] !== undefined)
      ? ESCALATION_METHODS.flatMap((method) => method.requires.map((requirement) => requirement.action))
      : (this.facts.grants ?? []).filter((row) => holders.includes(row.principal) && (row.decision ?? 'allowed') === 'allowed').map((row) => row.action);
    const services = actions.map((action) => action.slice(0, action.indexOf(':')));
    return [...new Set(services)].map((service) => ({ service, accessLevels: ['Write'], conditional: false }));
  }

  grantedServiceNames(principal: EvaluatedPrincipal, among: ReadonlySet<string>): ReadonlySet<string> {
    return new Set(this.grantedServices(principal).map((granted) => granted.service.toLowerCase()).filter((service) => among.has(service)));
  }

  // As a principal's documents name what its rows allow: an administrator's, every action.
  namedActions(principal: EvaluatedPrincipal, among: ReadonlySet<string>): ReadonlySet<string> {
    const holders = holdersOf(principal);
    if (holders.some((id) => this.facts.admins?.[id] !== undefined)) return new Set(among);
    const allowed = (this.facts.grants ?? []).filter((row) => holders.includes(row.principal) && (row.decision ?? 'allowed') === 'allowed');
    return new Set([...among].filter((action) => allowed.some((row) => row.action.toLowerCase() === action.toLowerCase())));
  }

  whoCanAssume(target: RoleNode): RoleAssumer[] {
    return (this.facts.trust?.[target.id] ?? []).map((entry): RoleAssumer => {
      const conditional = entry.conditional ?? false;
      if ('principal' in entry) {
        const node = this.model.byId(entry.principal);
        if (node?.kind !== 'User' && node?.kind !== 'Role') throw new Error(`no principal ${entry.principal}`);
        return { kind: 'principal', principal: node, conditional };
      }
      if ('account' in entry) return { kind: 'account', accountId: entry.account, inOrganization: true, conditional };
      if ('service' in entry) return { kind: 'service', service: entry.service, conditional };
      return { kind: 'anyone', conditional };
    });
  }
}

/** Whose rows apply: the principal (by ARN, as a user that joined groups keeps it), and for a user its groups. */
function holdersOf(principal: EvaluatedPrincipal): string[] {
  if (principal.kind !== 'User') return [principal.id];
  return [principal.arn, ...principal.groups.map((name) => `arn:aws:iam::${principal.accountId}:group/${name}`)];
}

const SERVICES = [...new Set(ESCALATION_METHODS.flatMap((method) => (method.service ? [method.service] : [])))];
const runner = (service: string) => role(`runner-${service.split('.')[0] ?? service}`);

const EVERYTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const S3_ONLY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

/** One account holding a target for every method, with mallory (a user in group devs) as the attacker. */
const BASE_ACCOUNT: AccountSpec = {
  users: [
    {
      userName: 'mallory',
      groups: ['devs'],
      attachedManagedPolicies: [policy('shared')],
      inlinePolicies: [{ name: 'everything', document: EVERYTHING }],
      permissionsBoundary: policy('boundary'),
    },
    { userName: 'victim' },
    { userName: 'console', loginProfile: { createDate: '2024-01-01T00:00:00Z', passwordResetRequired: false }, accessKeys: [{}, {}] },
  ],
  // Each group its own policy: the search joins only the first of groups whose policies are the same.
  groups: ['devs', 'admins', 'readers'].map((groupName) => ({ groupName, attachedManagedPolicies: [policy(`${groupName}-access`)] })),
  roles: [
    { roleName: 'worker', attachedManagedPolicies: [policy('worker-policy')] },
    { roleName: 'bounded', inlinePolicies: [{ name: 'everything', document: EVERYTHING }], permissionsBoundary: policy('boundary') },
    { roleName: 'fenced', inlinePolicies: [{ name: 's3', document: S3_ONLY }], permissionsBoundary: policy('boundary') },
    { roleName: 'admin-role' },
    ...SERVICES.map((service) => ({ roleName: `runner-${service.split('.')[0] ?? service}` })),
  ],
  policies: [
    { policyName: 'shared', document: {} },
    { policyName: 'worker-policy', document: {} },
    { policyName: 'boundary', document: {} },
  ],
};

const BASE_SPEC: SnapshotSpec = {
  accounts: { [A]: BASE_ACCOUNT },
  identityCenter: { ownerAccountId: A, permissionSets: [{ name: 'Ops' }, { name: 'ReadOnly' }] },
};

const BASE_MODEL = buildModel(BASE_SPEC);
const MALLORY = user('mallory');
const permissionSetArn = (model: Model, name: string) => {
  const found = model.all('PermissionSet').find((set) => set.name === name);
  if (!found) throw new Error(name);
  return found.arn;
};
const OPS = permissionSetArn(BASE_MODEL, 'Ops');
const READ_ONLY = permissionSetArn(BASE_MODEL, 'ReadOnly');

const BASE_FACTS: Facts = {
  admins: {
    [user('victim')]: false,
    [user('console')]: false,
    [group('admins')]: false,
    [role('admin-role')]: false,
    [OPS]: false,
    ...Object.fromEntries(SERVICES.map((service) => [runner(service), false])),
  },
  trust: {
    [role('worker')]: [{ principal: MALLORY }],
    [role('bounded')]: [{ principal: MALLORY }],
    [role('fenced')]: [{ principal: MALLORY }],
    ...Object.fromEntries(SERVICES.map((service) => [runner(service), [{ service }]])),
  },
};

interface MethodCase {
  /** The ARN the target-scoped requirements are asked about. */
  target: string;
  via: string[];
  to: string;
}

/** For each method: which target in the base account it is expected to use, and where it leads. */
const METHOD_CASES: Record<string, MethodCase> = {
  'sts-assume-role': { target: role('worker'), via: [role('worker')], to: role('worker') },
  'iam-create-policy-version': { target: policy('shared'), via: [policy('shared')], to: 'admin' },
  'iam-set-default-policy-version': { target: policy('shared'), via: [policy('shared')], to: 'admin' },
  'iam-attach-user-policy': { target: MALLORY, via: [MALLORY], to: 'admin' },
  'iam-attach-group-policy': { target: group('devs'), via: [group('devs')], to: 'admin' },
  'iam-attach-role-policy': { target: role('worker'), via: [role('worker')], to: 'admin' },
  'iam-put-user-policy': { target: MALLORY, via: [MALLORY], to: 'admin' },
  'iam-put-group-policy': { target: group('devs'), via: [group('devs')], to: 'admin' },
  'iam-put-role-policy': { target: role('worker'), via: [role('worker')], to: 'admin' },
  // Mallory, now a member of an administrator group.
  'iam-add-user-to-group': { target: group('admins'), via: [group('admins')], to: MALLORY },
  'iam-create-access-key': { target: user('victim'), via: [user('victim')], to: user('victim') },
  'iam-create-login-profile': { target: user('victim'), via: [user('victim')], to: user('victim') },
  'iam-update-login-profile': { target: user('console'), via: [user('console')], to: user('console') },
  'iam-update-assume-role-policy': { target: role('admin-role'), via: [role('admin-role')], to: role('admin-role') },
  'iam-put-user-permissions-boundary': { target: MALLORY, via: [MALLORY], to: 'admin' },
  'iam-delete-user-permissions-boundary': { target: MALLORY, via: [MALLORY], to: 'admin' },
  'iam-put-role-permissions-boundary': { target: role('bounded'), via: [role('bounded')], to: 'admin' },
  'iam-delete-role-permissions-boundary': { target: role('bounded'), via: [role('bounded')], to: 'admin' },
  'sso-create-permission-set': { target: INSTANCE, via: [INSTANCE], to: 'admin' },
  // A permission set that is not admin yet, so that assigning it is no way up by itself.
  'sso-put-inline-policy-to-permission-set': { target: READ_ONLY, via: [READ_ONLY], to: 'admin' },
  'sso-attach-managed-policy-to-permission-set': { target: READ_ONLY, via: [READ_ONLY], to: 'admin' },
  'sso-create-account-assignment': { target: OPS, via: [OPS], to: 'admin' },
};

function caseFor(method: EscalationMethod): MethodCase {
  const known = METHOD_CASES[method.id];
  if (known) return known;
  if (!method.service) throw new Error(`no test case for ${method.id}`);
  return { target: runner(method.service), via: [runner(method.service)], to: runner(method.service) };
}

function grantsFor(method: EscalationMethod, target: string, principal = MALLORY): Grant[] {
  return method.requires.map((requirement) => ({
    principal,
    action: requirement.action,
    resource: requirement.resource === 'any' ? '*' : target,
  }));
}

function mallory(model: Model): UserNode {
  const node = model.byId(MALLORY);
  if (node?.kind !== 'User') throw new Error('no mallory');
  return node;
}

function pathOf(facts: Facts, model = BASE_MODEL, from = MALLORY, options?: EscalationOptions): EscalationPath | null {
  const node = model.byId(from);
  if (node?.kind !== 'User' && node?.kind !== 'Role') throw new Error(`no principal ${from}`);
  return escalationPathFrom(model, new FakeQuestions(model, facts), node, options);
}

const withGrants = (grants: Grant[], facts: Facts = BASE_FACTS): Facts => ({ ...facts, grants: [...(facts.grants ?? []), ...grants] });

/** A path in short: where it ends, whether conditional, and each step as [method, to]. */
const summary = (path: EscalationPath | null) => path && { to: path.to, conditional: path.conditional, steps: path.steps.map((step) => [step.method, step.to]) };

describe('ESCALATION_METHODS', () => {
  it('has unique ids and covers the issue\'s methods', () => {
    const ids = ESCALATION_METHODS.map((method) => method.id);
    expect(new Set(ids).size).toBe(ids.length);
    const actions = new Set(ESCALATION_METHODS.flatMap((method) => method.requires.map((requirement) => requirement.action)));
    for (const action of [
      'iam:CreatePolicyVersion',
      'iam:SetDefaultPolicyVersion',
      'iam:AttachUserPolicy',
      'iam:AttachGroupPolicy',
      'iam:AttachRolePolicy',
      'iam:PutUserPolicy',
      'iam:PutGroupPolicy',
      'iam:PutRolePolicy',
      'iam:AddUserToGroup',
      'iam:CreateAccessKey',
      'iam:CreateLoginProfile',
      'iam:UpdateLoginProfile',
      'iam:UpdateAssumeRolePolicy',
      'iam:PassRole',
      'lambda:CreateFunction',
      'lambda:InvokeFunction',
      'lambda:CreateEventSourceMapping',
      'ec2:RunInstances',
      'glue:CreateDevEndpoint',
      'glue:UpdateDevEndpoint',
      'cloudformation:CreateStack',
      'codebuild:CreateProject',
      'codebuild:StartBuild',
      'sagemaker:CreateNotebookInstance',
      'sagemaker:CreateTrainingJob',
      'sagemaker:CreateProcessingJob',
      'ecs:RunTask',
      'ecs:RegisterTaskDefinition',
      'datapipeline:CreatePipeline',
      'datapipeline:PutPipelineDefinition',
      'datapipeline:ActivatePipeline',
      'iam:PutRolePermissionsBoundary',
      'iam:DeleteRolePermissionsBoundary',
      'iam:PutUserPermissionsBoundary',
      'iam:DeleteUserPermissionsBoundary',
      'sso:CreatePermissionSet',
      'sso:PutInlinePolicyToPermissionSet',
      'sso:AttachManagedPolicyToPermissionSet',
      'sso:CreateAccountAssignment',
      'sso:ProvisionPermissionSet',
      'sts:AssumeRole',
      'ssm:SendCommand',
      'ssm:StartSession',
      'ec2-instance-connect:SendSSHPublicKey',
      'ec2-instance-connect:SendSerialConsoleSSHPublicKey',
      'cloudformation:UpdateStack',
      'cloudformation:CreateChangeSet',
      'cloudformation:ExecuteChangeSet',
      'sagemaker:CreatePresignedNotebookInstanceUrl',
      'sagemaker:CreatePresignedDomainUrl',
    ]) {
      expect(actions, action).toContain(action);
    }
  });

  it('gives every passed-role method a service and every template a principal', () => {
    for (const method of ESCALATION_METHODS) {
      expect(method.explanation, method.id).toContain('{principal}');
      if (method.yields === 'role') expect(method.service, method.id).toMatch(/\.amazonaws\.com$/);
      if (method.requires.some((requirement) => requirement.resource === 'passedRole')) expect(method.yields, method.id).toBe('role');
    }
  });
});

describe('each escalation method', () => {
  for (const method of ESCALATION_METHODS) {
    const expected = caseFor(method);
    const scoped = method.requires.filter((requirement) => requirement.resource !== 'any');

    // The negative cases search with this method alone: another method may need a subset of its actions (opening an
    // existing SageMaker notebook needs one of the actions of creating one), and would rightly still be found.
    const alone = (facts: Facts) => pathOf(facts, BASE_MODEL, MALLORY, { methods: [method] });

    describe(method.id, () => {
      it('is found when every required action is allowed on the target', () => {
        const facts = withGrants(grantsFor(method, expected.target));
        // The assume-role hop comes from the trust table, not from a grant.
        const path = pathOf(method.id === 'sts-assume-role' ? { ...facts, admins: { ...facts.admins, [role('worker')]: false } } : facts);
        expect(path?.steps).toHaveLength(1);
        expect(path?.steps[0]).toMatchObject({ method: method.id, principal: MALLORY, via: expected.via, to: expected.to });
        expect(path?.steps[0]?.explanation).toContain('user mallory');
        expect(path?.steps[0]?.explanation).not.toMatch(/[{}]/);
        expect(path?.to).toBe(expected.to);
        // The tables hold no policy versions, so which version setting the default would pick is unknown.
        expect(path?.conditional).toBe(method.speculative === true || method.precondition === 'adminVersion');
      });

      if (method.id === 'sts-assume-role') return;

      it('is not found when a required action is explicitly denied (an SCP or boundary deny)', () => {
        const first = method.requires[0];
        if (!first) throw new Error('no requirement');
        const deny: Grant = { principal: MALLORY, action: first.action, resource: '*', decision: 'denied' };
        expect(alone(withGrants([...grantsFor(method, expected.target), deny]))).toBeNull();
      });

      it('is not found when a required action falls outside a boundary or SCP (implicit deny)', () => {
        const last = method.requires[method.requires.length - 1];
        if (!last) throw new Error('no requirement');
        const gap: Grant = { principal: MALLORY, action: last.action, resource: '*', decision: 'implicitDeny' };
        expect(alone(withGrants([...grantsFor(method, expected.target), gap]))).toBeNull();
      });

      it('is not found when a required action is missing', () => {
        expect(alone(withGrants(grantsFor(method, expected.target).slice(1)))).toBeNull();
      });

      if (scoped.length > 0) {
        it('is not found when the actions are allowed only on another resource', () => {
          expect(alone(withGrants(grantsFor(method, `${expected.target}-other`)))).toBeNull();
        });
      }
    });
  }
});

describe('method preconditions and targets', () => {
  const method = (id: string) => {
    const found = ESCALATION_METHODS.find((candidate) => candidate.id === id);
    if (!found) throw new Error(id);
    return found;
  };

  it('creates a login profile only for a user without one, and updates only an existing one', () => {
    expect(pathOf(withGrants(grantsFor(method('iam-create-login-profile'), user('console'))))).toBeNull();
    expect(pathOf(withGrants(grantsFor(method('iam-update-login-profile'), user('victim'))))).toBeNull();
  });

  it('creates an access key only for a user with a free key slot', () => {
    expect(pathOf(withGrants(grantsFor(method('iam-create-access-key'), user('console'))))).toBeNull();
  });

  it('joins only a group whose permissions lead somewhere', () => {
    expect(pathOf(withGrants(grantsFor(method('iam-add-user-to-group'), group('readers'))))).toBeNull();
  });

  describe('when the snapshot lacks the data a precondition is about', () => {
    const gapModel = buildModel({
      ...BASE_SPEC,
      gaps: [
        { section: 'iam.credentialReport', accountId: A, call: 'iam:GetCredentialReport', error: 'NotInExport' },
        { section: 'iam.accessKeys', accountId: A, call: 'iam:ListAccessKeys', error: 'NotInExport' },
      ],
    });

    it("takes the victim's password or free key slot as there, conditionally, and names the missing data", () => {
      const update = pathOf(withGrants(grantsFor(method('iam-update-login-profile'), user('victim'))), gapModel);
      expect(summary(update)).toEqual({ to: user('victim'), conditional: true, steps: [['iam-update-login-profile', user('victim')]] });
      expect(update?.steps[0]?.explanation).toBe(
        "user mallory can change user victim's console password and sign in as it, if it has one (the snapshot has no credential report for account 111111111111)",
      );
      const create = pathOf(withGrants(grantsFor(method('iam-create-login-profile'), user('victim'))), gapModel);
      expect(summary(create)?.conditional).toBe(true);
      expect(create?.steps[0]?.explanation).toBe(
        'user mallory can set a console password for user victim and sign in as it, if it has none yet (the snapshot has no credential report for account 111111111111)',
      );
      const key = pathOf(withGrants(grantsFor(method('iam-create-access-key'), user('victim'))), gapModel);
      expect(summary(key)?.conditional).toBe(true);
      expect(key?.steps[0]?.explanation).toBe(
        'user mallory can create an access key for user victim and act as it, if it has fewer than two (the snapshot has no access key list for account 111111111111)',
      );
    });

    it('still trusts what the snapshot does record: an existing password, two keys', () => {
      expect(pathOf(withGrants(grantsFor(method('iam-create-login-profile'), user('console'))), gapModel)).toBeNull();
      expect(pathOf(withGrants(grantsFor(method('iam-create-access-key'), user('console'))), gapModel)).toBeNull();
      const update = pathOf(withGrants(grantsFor(method('iam-update-login-profile'), user('console'))), gapModel);
      expect(summary(update)).toEqual({ to: user('console'), conditional: false, steps: [['iam-update-login-profile', user('console')]] });
      expect(update?.steps[0]?.explanation).toBe("user mallory can change user console's console password and sign in as it");
    });

    it('asks only about the account the target is in', () => {
      const otherAccountGap = buildModel({ ...BASE_SPEC, gaps: [{ section: 'iam.credentialReport', accountId: B, error: 'NotInExport' }] });
      expect(pathOf(withGrants(grantsFor(method('iam-update-login-profile'), user('victim'))), otherAccountGap)).toBeNull();
      const create = pathOf(withGrants(grantsFor(method('iam-create-login-profile'), user('victim'))), otherAccountGap);
      expect(summary(create)?.conditional).toBe(false);
    });
  });

  it('modifies only the groups the user belongs to', () => {
    expect(pathOf(withGrants(grantsFor(method('iam-attach-group-policy'), group('readers'))))).toBeNull();
  });

  it('modifies only roles the principal holds', () => {
    expect(pathOf(withGrants(grantsFor(method('iam-attach-role-policy'), role('admin-role'))))).toBeNull();
  });

  it('counts a boundary change only when the boundary is all that stands between the target and admin', () => {
    // fenced's own policies allow only s3:*, so dropping its boundary does not make it admin.
    expect(pathOf(withGrants(grantsFor(method('iam-delete-role-permissions-boundary'), role('fenced'))))).toBeNull();
    const unbounded = buildModel({ accounts: { [A]: { roles: [{ roleName: 'bounded', inlinePolicies: [{ name: 'everything', document: EVERYTHING }] }] } } });
    const grants = grantsFor(method('iam-delete-role-permissions-boundary'), role('bounded'), role('bounded'));
    expect(pathOf({ grants }, unbounded, role('bounded'))).toBeNull();
  });

  it('marks a boundary change conditional when the identity policies grant everything only under conditions', () => {
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] };
    const model = buildModel({
      accounts: { [A]: { roles: [{ roleName: 'bounded', inlinePolicies: [{ name: 'mfa', document }], permissionsBoundary: policy('boundary') }] } },
    });
    const grants = grantsFor(method('iam-put-role-permissions-boundary'), role('bounded'), role('bounded'));
    expect(summary(pathOf({ grants }, model, role('bounded')))).toEqual({
      to: 'admin',
      conditional: true,
      steps: [['iam-put-role-permissions-boundary', 'admin']],
    });
  });

  it('assigns only an administrator permission set', () => {
    expect(pathOf(withGrants(grantsFor(method('sso-create-account-assignment'), READ_ONLY)))).toBeNull();
  });

  it('uses Identity Center only from the account that administers it', () => {
    const model = buildModel({ ...BASE_SPEC, identityCenter: { ...BASE_SPEC.identityCenter, ownerAccountId: B } });
    const facts = withGrants(grantsFor(method('sso-create-permission-set'), INSTANCE));
    expect(pathOf(facts, model)).toBeNull();
  });

  it('passes only a role that trusts the service', () => {
    const lambda = method('lambda-create-invoke');
    expect(pathOf(withGrants(grantsFor(lambda, runner('ec2.amazonaws.com'))))).toBeNull();
    const untrusted = { ...BASE_FACTS, trust: { ...BASE_FACTS.trust, [runner('lambda.amazonaws.com')]: [] } };
    expect(pathOf(withGrants(grantsFor(lambda, runner('lambda.amazonaws.com')), untrusted))).toBeNull();
  });

  it('never passes a role of another account', () => {
    const model = buildModel({
      ...BASE_SPEC,
      accounts: { [A]: BASE_ACCOUNT, [B]: { roles: [{ roleName: 'runner-lambda' }] } },
    });
    const facts: Facts = {
      ...BASE_FACTS,
      admins: { [role('runner-lambda', B)]: false },
      trust: { [role('runner-lambda', B)]: [{ service: 'lambda.amazonaws.com' }] },
      grants: grantsFor(method('lambda-create-invoke'), role('runner-lambda', B)),
    };
    expect(pathOf(facts, model)).toBeNull();
  });

  it('modifies a policy attached to a role the principal can assume, then names that role', () => {
    const path = pathOf(withGrants(grantsFor(method('iam-create-policy-version'), policy('worker-policy'))));
    expect(path?.steps).toEqual([
      expect.objectContaining({ method: 'iam-create-policy-version', via: [policy('worker-policy'), role('worker')], to: 'admin' }),
    ]);
    expect(path?.steps[0]?.explanation).toBe(
      'user mallory can create a new default version of policy worker-policy (attached to role worker, which user mallory can assume) that grants every permission (iam:CreatePolicyVersion with --set-as-default)',
    );
  });

  it('never modifies AWS managed policies', () => {
    const model = buildModel({
      accounts: { [A]: { users: [{ userName: 'mallory', attachedManagedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }] } },
    });
    const grants: Grant[] = [{ principal: MALLORY, action: 'iam:CreatePolicyVersion' }];
    expect(pathOf({ grants }, model)).toBeNull();
  });

  it('lets a role act on itself', () => {
    const grants = grantsFor(method('iam-put-role-policy'), role('worker'), role('worker'));
    const path = pathOf({ grants }, BASE_MODEL, role('worker'));
    expect(summary(path)).toEqual({ to: 'admin', conditional: false, steps: [['iam-put-role-policy', 'admin']] });
    expect(path?.steps[0]?.explanation).toBe('role worker can put an inline policy granting every permission on role worker');
  });
});

describe('joining groups', () => {
  const JOIN_MODEL = buildModel({
    accounts: {
      [A]: {
        users: [{ userName: 'mallory' }],
        groups: ['sre', 'deployers', 'runners', 'helpdesk', 'ops-access'].map((groupName) => ({ groupName, attachedManagedPolicies: [policy(`${groupName}-access`)] })),
        roles: [{ roleName: 'runner-lambda' }, { roleName: 'runner-datapipeline' }, { roleName: 'ops' }],
      },
    },
  });
  const join = (target: string): Grant => ({ principal: MALLORY, action: 'iam:AddUserToGroup', resource: target });

  it('joins a group that is no administrator but lets the user take the next step', () => {
    const facts: Facts = { grants: [join('*'), { principal: group('sre'), action: 'iam:AttachUserPolicy', resource: MALLORY }] };
    const path = pathOf(facts, JOIN_MODEL);
    expect(summary(path)).toEqual({
      to: 'admin',
      conditional: false,
      steps: [
        ['iam-add-user-to-group', MALLORY],
        ['iam-attach-user-policy', 'admin'],
      ],
    });
    expect(path?.steps.map((step) => [step.principal, step.via])).toEqual([
      [MALLORY, [group('sre')]],
      [MALLORY, [MALLORY]],
    ]);
    expect(path?.steps.map((step) => step.explanation)).toEqual([
      'user mallory can add itself to group sre and gain its permissions',
      'user mallory can attach AdministratorAccess to user mallory',
    ]);
  });

  it('joins only the groups iam:AddUserToGroup allows', () => {
    const grants = [{ principal: group('sre'), action: 'iam:AttachUserPolicy', resource: MALLORY }];
    expect(pathOf({ grants: [join(group('helpdesk')), ...grants] }, JOIN_MODEL)).toBeNull();
    expect(pathOf({ grants: [join(group('sre')), ...grants] }, JOIN_MODEL)?.steps).toHaveLength(2);
  });

  it('joins one group on a path, not two that each grant half of a method', () => {
    const facts: Facts = {
      admins: { [role('runner-lambda')]: false },
      trust: { [role('runner-lambda')]: [{ service: 'lambda.amazonaws.com' }] },
      grants: [
        join('*'),
        { principal: group('deployers'), action: 'iam:PassRole', resource: role('runner-lambda') },
        { principal: group('runners'), action: 'lambda:CreateFunction' },
        { principal: group('runners'), action: 'lambda:InvokeFunction' },
      ],
    };
    expect(pathOf(facts, JOIN_MODEL)).toBeNull();
    const ownLambda = withGrants([{ principal: MALLORY, action: 'lambda:CreateFunction' }, { principal: MALLORY, action: 'lambda:InvokeFunction' }], facts);
    expect(summary(pathOf(ownLambda, JOIN_MODEL))).toEqual({
      to: role('runner-lambda'),
      conditional: false,
      steps: [
        ['iam-add-user-to-group', MALLORY],
        ['lambda-create-invoke', role('runner-lambda')],
      ],
    });
    expect(pathOf(ownLambda, JOIN_MODEL)?.steps[0]?.via).toEqual([group('deployers')]);
  });

  it('joins only the first of groups with the same policies', () => {
    const model = buildModel({
      accounts: {
        [A]: {
          users: [{ userName: 'mallory' }],
          groups: ['team-a', 'team-b'].map((groupName) => ({ groupName, attachedManagedPolicies: [policy('TeamAccess')] })),
        },
      },
    });
    const facts: Facts = {
      grants: [
        join('*'),
        { principal: group('team-a'), action: 'iam:CreateAccessKey' },
        { principal: group('team-b'), action: 'iam:AttachUserPolicy', resource: MALLORY },
      ],
    };
    // The fake gives the two groups different rights; in AWS the same policies grant the same, so team-b is not tried.
    expect(pathOf(facts, model)).toBeNull();
    // Unless the user may join only team-b.
    const onlyTeamB = { grants: [join(group('team-b')), ...(facts.grants ?? []).slice(1)] };
    expect(summary(pathOf(onlyTeamB, model))?.steps).toEqual([
      ['iam-add-user-to-group', MALLORY],
      ['iam-attach-user-policy', 'admin'],
    ]);
  });

  it('ends when every group only lets its members join more groups', () => {
    const groups = ['sre', 'deployers', 'runners', 'helpdesk'];
    const facts: Facts = { grants: [join('*'), ...groups.map((name) => ({ principal: group(name), action: 'iam:AddUserToGroup' }))] };
    const questions = new FakeQuestions(JOIN_MODEL, facts);
    expect(findEscalationPaths(JOIN_MODEL, questions)).toEqual([]);
    expect(new Set(questions.canCalls).size).toBe(questions.canCalls.length);
    // A member of one group joins no second one.
    expect(questions.canCalls.filter((call) => call.includes('#member-of:') && call.includes('iam:AddUserToGroup arn:'))).toEqual([]);
  });

  it('lets the user assume a role that trusts its account once a group allows it', () => {
    const facts: Facts = {
      admins: { [role('ops')]: false },
      trust: { [role('ops')]: [{ account: A }] },
      grants: [join(group('ops-access')), { principal: group('ops-access'), action: 'sts:AssumeRole', resource: role('ops') }],
    };
    expect(summary(pathOf(facts, JOIN_MODEL))).toEqual({
      to: role('ops'),
      conditional: false,
      steps: [
        ['iam-add-user-to-group', MALLORY],
        ['sts-assume-role', role('ops')],
      ],
    });
  });

  it('assumes a role the user could assume before directly, not after joining a group', () => {
    const facts: Facts = {
      trust: { [role('ops')]: [{ principal: MALLORY }, { account: A }] },
      grants: [
        join('*'),
        { principal: group('ops-access'), action: 'sts:AssumeRole', resource: role('ops') },
        { principal: role('ops'), action: 'iam:PutRolePolicy', resource: role('ops') },
      ],
    };
    expect(summary(pathOf(facts, JOIN_MODEL))?.steps).toEqual([
      ['sts-assume-role', role('ops')],
      ['iam-put-role-policy', 'admin'],
    ]);
  });

  it('never lets a role join a group', () => {
    const facts: Facts = {
      admins: { [group('sre')]: false },
      grants: [{ principal: role('ops'), action: 'iam:AddUserToGroup' }],
    };
    expect(pathOf(facts, JOIN_MODEL, role('ops'))).toBeNull();
  });
});

describe('assume-role hops', () => {
  it('leaves a trusted account to the principals whoCanAssume lists for it', () => {
    const facts: Facts = {
      ...BASE_FACTS,
      trust: { [role('admin-role')]: [{ account: A }] },
      grants: [{ principal: MALLORY, action: 'sts:AssumeRole', resource: role('admin-role') }],
    };
    expect(pathOf(facts)).toBeNull();
  });

  it('follows a trust policy open to anyone only with the principal\'s own allow', () => {
    const facts: Facts = { ...BASE_FACTS, trust: { [role('admin-role')]: [{ anyone: true }] } };
    expect(pathOf(facts)).toBeNull();
    const path = pathOf(withGrants([{ principal: MALLORY, action: 'sts:AssumeRole', resource: role('admin-role') }], facts));
    expect(summary(path)).toEqual({ to: role('admin-role'), conditional: false, steps: [['sts-assume-role', role('admin-role')]] });
    const denied = withGrants(
      [
        { principal: MALLORY, action: 'sts:AssumeRole', resource: role('admin-role') },
        { principal: MALLORY, action: 'sts:AssumeRole', decision: 'denied' },
      ],
      facts,
    );
    expect(pathOf(denied)).toBeNull();
  });

  it('goes across accounts', () => {
    const model = buildModel({ accounts: { [A]: { users: [{ userName: 'mallory' }] }, [B]: { roles: [{ roleName: 'org-admin' }] } } });
    const facts: Facts = { admins: { [role('org-admin', B)]: false }, trust: { [role('org-admin', B)]: [{ principal: MALLORY }] } };
    expect(summary(pathOf(facts, model))).toEqual({ to: role('org-admin', B), conditional: false, steps: [['sts-assume-role', role('org-admin', B)]] });
  });
});

describe('the search', () => {
  const CHAIN_MODEL = buildModel({
    accounts: {
      [A]: {
        users: [{ userName: 'mallory' }, { userName: 'root-like' }],
        roles: [{ roleName: 'deployer' }, { roleName: 'builder' }, { roleName: 'ops' }, { roleName: 'admin-role' }],
      },
    },
  });

  it('finds a multi-hop path: user → assume role → role attaches a policy to itself', () => {
    const facts: Facts = {
      trust: { [role('deployer')]: [{ principal: MALLORY }] },
      grants: [{ principal: role('deployer'), action: 'iam:AttachRolePolicy', resource: role('deployer') }],
    };
    const path = pathOf(facts, CHAIN_MODEL);
    expect(summary(path)).toEqual({
      to: 'admin',
      conditional: false,
      steps: [
        ['sts-assume-role', role('deployer')],
        ['iam-attach-role-policy', 'admin'],
      ],
    });
    expect(path?.steps.map((step) => step.principal)).toEqual([MALLORY, role('deployer')]);
    expect(path?.steps.map((step) => step.explanation)).toEqual([
      'user mallory can assume role deployer',
      'role deployer can attach AdministratorAccess to role deployer',
    ]);
  });

  it('chooses the shortest of two paths', () => {
    const facts: Facts = {
      admins: { [role('admin-role')]: false },
      trust: {
        [role('deployer')]: [{ principal: MALLORY }],
        [role('builder')]: [{ principal: role('deployer') }],
        [role('ops')]: [{ principal: MALLORY }],
        [role('admin-role')]: [{ principal: role('builder') }, { principal: role('ops') }],
      },
    };
    // deployer comes first in model order, but the path through it is one hop longer.
    expect(summary(pathOf(facts, CHAIN_MODEL))?.steps).toEqual([
      ['sts-assume-role', role('ops')],
      ['sts-assume-role', role('admin-role')],
    ]);
  });

  it('does not report administrators', () => {
    const facts: Facts = {
      admins: { [MALLORY]: false, [role('admin-role')]: true },
      trust: { [role('deployer')]: [{ principal: MALLORY }] },
      grants: [{ principal: role('deployer'), action: 'iam:AttachRolePolicy', resource: role('deployer') }],
    };
    const questions = new FakeQuestions(CHAIN_MODEL, facts);
    expect(escalationPathFrom(CHAIN_MODEL, questions, mallory(CHAIN_MODEL))).toBeNull();
    expect(findEscalationPaths(CHAIN_MODEL, questions).map((path) => path.from.id)).toEqual([role('deployer')]);
  });

  it('terminates on cycles', () => {
    const facts: Facts = {
      trust: {
        [role('deployer')]: [{ principal: MALLORY }, { principal: role('builder') }],
        [role('builder')]: [{ principal: role('deployer') }],
        [role('ops')]: [{ principal: role('deployer') }, { principal: role('builder') }, { principal: role('ops') }],
      },
      grants: [{ principal: role('builder'), action: 'iam:CreateAccessKey', resource: user('mallory') }],
    };
    const questions = new FakeQuestions(CHAIN_MODEL, facts);
    expect(findEscalationPaths(CHAIN_MODEL, questions)).toEqual([]);
  });

  it('marks a path conditional when any step is, and prefers a sure path of the same length', () => {
    const conditional: Facts = {
      trust: { [role('deployer')]: [{ principal: MALLORY, conditional: true }] },
      grants: [{ principal: role('deployer'), action: 'iam:PutRolePolicy', resource: role('deployer') }],
    };
    const path = pathOf(conditional, CHAIN_MODEL);
    expect(path?.conditional).toBe(true);
    expect(path?.steps.map((step) => step.conditional)).toEqual([true, false]);

    const both: Facts = {
      trust: {
        [role('deployer')]: [{ principal: MALLORY, conditional: true }],
        [role('builder')]: [{ principal: MALLORY }],
      },
      grants: [
        { principal: role('deployer'), action: 'iam:PutRolePolicy', resource: role('deployer') },
        { principal: role('builder'), action: 'iam:PutRolePolicy', resource: role('builder') },
      ],
    };
    expect(summary(pathOf(both, CHAIN_MODEL))).toEqual({
      to: 'admin',
      conditional: false,
      steps: [
        ['sts-assume-role', role('builder')],
        ['iam-put-role-policy', 'admin'],
      ],
    });
  });

  it('marks a path conditional when a required action is allowed only under conditions', () => {
    const facts: Facts = { grants: [{ principal: MALLORY, action: 'iam:PutUserPolicy', resource: MALLORY, conditional: true }] };
    expect(summary(pathOf(facts, CHAIN_MODEL))).toEqual({ to: 'admin', conditional: true, steps: [['iam-put-user-policy', 'admin']] });
  });

  it('marks a path conditional when the administrator it reaches is one only under conditions', () => {
    const facts: Facts = { admins: { [role('admin-role')]: true }, trust: { [role('admin-role')]: [{ principal: MALLORY }] } };
    expect(summary(pathOf(facts, CHAIN_MODEL))).toEqual({ to: role('admin-role'), conditional: true, steps: [['sts-assume-role', role('admin-role')]] });
  });

  it('continues through users taken over with new credentials', () => {
    const facts: Facts = {
      grants: [
        { principal: MALLORY, action: 'iam:CreateAccessKey', resource: user('root-like') },
        { principal: user('root-like'), action: 'iam:AttachUserPolicy', resource: user('root-like') },
      ],
    };
    expect(summary(pathOf(facts, CHAIN_MODEL))?.steps).toEqual([
      ['iam-create-access-key', user('root-like')],
      ['iam-attach-user-policy', 'admin'],
    ]);
  });

  it('lists every non-administrator path in model order, deterministically', () => {
    const facts: Facts = {
      admins: { [role('admin-role')]: false },
      trust: { [role('admin-role')]: [{ principal: role('ops') }, { principal: role('deployer') }, { principal: MALLORY }] },
    };
    const run = () => findEscalationPaths(CHAIN_MODEL, new FakeQuestions(CHAIN_MODEL, facts)).map((path) => [path.from.id, path.to]);
    expect(run()).toEqual([
      [MALLORY, role('admin-role')],
      [role('deployer'), role('admin-role')],
      [role('ops'), role('admin-role')],
    ]);
    expect(run()).toEqual(run());
  });

  it('asks each question once per search', () => {
    const facts: Facts = { trust: { [role('deployer')]: [{ anyone: true }] }, grants: [{ principal: MALLORY, action: 'sts:AssumeRole' }] };
    const questions = new FakeQuestions(CHAIN_MODEL, facts);
    const search = createEscalationSearch(CHAIN_MODEL, questions);
    search.findEscalationPaths();
    const calls = questions.canCalls.length;
    search.findEscalationPaths();
    expect(questions.canCalls.length).toBe(calls);
    expect(new Set(questions.canCalls).size).toBe(calls);
  });

  it('searches only with the methods it is given', () => {
    const facts: Facts = { grants: [{ principal: MALLORY, action: 'iam:PutUserPolicy', resource: MALLORY }] };
    const questions = new FakeQuestions(CHAIN_MODEL, facts);
    const only = ESCALATION_METHODS.filter((method) => method.id === 'iam-attach-user-policy');
    expect(escalationPathFrom(CHAIN_MODEL, questions, mallory(CHAIN_MODEL), { methods: only })).toBeNull();
  });
});

describe('with the real policy questions', () => {
  const document = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
  const allow = (action: string | string[], resource: string | string[] = '*') => ({ Effect: 'Allow', Action: action, Resource: resource });
  const trusts = (principal: Record<string, string>) => document({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' });
  const lambdaEscalation = (passable: string) =>
    document(allow('iam:PassRole', passable), allow(['lambda:CreateFunction', 'lambda:InvokeFunction']));

  const model = buildModel({
    organization: {
      managementAccountId: A,
      accounts: [{ id: A }, { id: B }],
      policies: [
        { name: 'FullAWSAccess', awsManaged: true, document: document(allow('*')) },
        { name: 'DenyPassRole', targets: [B], document: document({ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }) },
      ],
    },
    accounts: {
      [A]: {
        users: [
          { userName: 'alice', inlinePolicies: [{ name: 'assume', document: document(allow('sts:AssumeRole', role('deployer'))) }] },
          { userName: 'bob', inlinePolicies: [{ name: 'lambda', document: lambdaEscalation(role('admin')) }] },
          { userName: 'carol', inlinePolicies: [{ name: 'lambda', document: lambdaEscalation(role('admin')) }], permissionsBoundary: policy('lambda-only') },
          { userName: 'erin', inlinePolicies: [{ name: 'lambda', document: lambdaEscalation(role('reader')) }] },
        ],
        roles: [
          {
            roleName: 'deployer',
            trustPolicy: trusts({ AWS: user('alice') }),
            inlinePolicies: [{ name: 'self', document: document(allow('iam:AttachRolePolicy', role('deployer'))) }],
          },
          { roleName: 'admin', trustPolicy: trusts({ Service: 'lambda.amazonaws.com' }), inlinePolicies: [{ name: 'all', document: document(allow('*')) }] },
          { roleName: 'reader', trustPolicy: trusts({ Service: 'lambda.amazonaws.com' }), inlinePolicies: [{ name: 's3', document: document(allow('s3:Get*')) }] },
        ],
        policies: [{ policyName: 'lambda-only', document: document(allow('lambda:*')) }],
      },
      [B]: {
        users: [{ userName: 'dave', inlinePolicies: [{ name: 'lambda', document: lambdaEscalation(role('admin', B)) }] }],
        roles: [{ roleName: 'admin', trustPolicy: trusts({ Service: 'lambda.amazonaws.com' }), inlinePolicies: [{ name: 'all', document: document(allow('*')) }] }],
      },
    },
  });

  it('finds the paths the policies allow, and none that a boundary, an SCP or a resource constraint blocks', () => {
    const paths = findEscalationPaths(model, createPolicyQuestions(model));
    expect(paths.map((path) => [path.from.id, summary(path)])).toEqual([
      [
        user('alice'),
        {
          to: 'admin',
          conditional: false,
          steps: [
            ['sts-assume-role', role('deployer')],
            ['iam-attach-role-policy', 'admin'],
          ],
        },
      ],
      [user('bob'), { to: role('admin'), conditional: false, steps: [['lambda-create-invoke', role('admin')]] }],
      [role('deployer'), { to: 'admin', conditional: false, steps: [['iam-attach-role-policy', 'admin']] }],
    ]);
  });
});

describe('with the real policy questions, a user joining a group', () => {
  const document = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
  const allow = (action: string | string[], resource: string | string[] = '*') => ({ Effect: 'Allow', Action: action, Resource: resource });

  it("keeps the user's own inline policies and adds the group's", () => {
    const model = buildModel({
      accounts: {
        [A]: {
          users: [
            {
              userName: 'release-bot',
              inlinePolicies: [{ name: 'release', document: document(allow(['lambda:CreateFunction', 'lambda:InvokeFunction']), allow('iam:AddUserToGroup', group('deployers'))) }],
            },
          ],
          groups: [{ groupName: 'deployers', inlinePolicies: [{ name: 'pass', document: document(allow('iam:PassRole', role('lambda-admin'))) }] }],
          roles: [
            {
              roleName: 'lambda-admin',
              trustPolicy: document({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
              inlinePolicies: [{ name: 'all', document: document(allow('*')) }],
            },
          ],
        },
      },
    });
    const paths = findEscalationPaths(model, createPolicyQuestions(model));
    expect(paths.map((path) => [path.from.id, summary(path)])).toEqual([
      [
        user('release-bot'),
        {
          to: role('lambda-admin'),
          conditional: false,
          steps: [
            ['iam-add-user-to-group', user('release-bot')],
            ['lambda-create-invoke', role('lambda-admin')],
          ],
        },
      ],
    ]);
    expect(paths[0]?.steps.map((step) => step.explanation)).toEqual([
      'user release-bot can add itself to group deployers and gain its permissions',
      'user release-bot can create a Lambda function that runs as role lambda-admin and invoke it',
    ]);
  });

  it('does not join a group whose policies a permissions boundary keeps out', () => {
    const model = buildModel({
      accounts: {
        [A]: {
          users: [
            {
              userName: 'release-bot',
              inlinePolicies: [{ name: 'join', document: document(allow('iam:AddUserToGroup')) }],
              permissionsBoundary: policy('ReleaseBoundary'),
            },
          ],
          groups: [{ groupName: 'iam-admins', inlinePolicies: [{ name: 'iam', document: document(allow('iam:*')) }] }],
          policies: [{ policyName: 'ReleaseBoundary', document: document(allow(['iam:AddUserToGroup', 'lambda:*', 's3:*'])) }],
        },
      },
    });
    expect(findEscalationPaths(model, createPolicyQuestions(model))).toEqual([]);
    const unbounded = buildModel({
      accounts: {
        [A]: {
          users: [{ userName: 'release-bot', inlinePolicies: [{ name: 'join', document: document(allow('iam:AddUserToGroup')) }] }],
          groups: [{ groupName: 'iam-admins', inlinePolicies: [{ name: 'iam', document: document(allow('iam:*')) }] }],
        },
      },
    });
    // iam:* lets a member grant itself everything: joining is the one step.
    expect(findEscalationPaths(unbounded, createPolicyQuestions(unbounded)).map((path) => path.steps.length)).toEqual([1]);
  });
});

describe('with the real policy questions, methods whose actions no policy names', () => {
  const document = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
  const allow = (action: string | string[], resource: string | string[] = '*') => ({ Effect: 'Allow', Action: action, Resource: resource });
  const lambdaTrust = document({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' });
  const appAdmin = `arn:aws:iam::${A}:role/app/app-admin`;
  const model = buildModel({
    accounts: {
      [A]: {
        users: [
          {
            userName: 'auditor',
            inlinePolicies: [{ name: 'audit', document: document(allow(['iam:Get*', 'iam:List*', 'lambda:List*']), allow('iam:CreateAccessKey', user('break-glass'))) }],
          },
          { userName: 'break-glass', inlinePolicies: [{ name: 'all', document: document(allow('*')) }] },
          // Patterns with wildcards after a literal service name the actions they match.
          { userName: 'builder', inlinePolicies: [{ name: 'build', document: document(allow(['iam:Pass*', 'lambda:*Function'], '*')) }] },
          // NotAction names every action it leaves in.
          {
            userName: 'platform',
            inlinePolicies: [
              { name: 'all-but-iam-writes', document: document({ Effect: 'Allow', NotAction: ['iam:Add*', 'iam:Attach*', 'iam:Create*', 'iam:Delete*', 'iam:Put*', 'iam:Set*', 'iam:Update*', 's3:*'], Resource: '*' }) },
            ],
          },
          // PassRole allowed on "*" by the identity policy, on /app/ roles only by the boundary.
          {
            userName: 'app-deployer',
            inlinePolicies: [{ name: 'deploy', document: document(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'])) }],
            permissionsBoundary: policy('AppBoundary'),
          },
          {
            userName: 'ops-deployer',
            inlinePolicies: [{ name: 'deploy', document: document(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'])) }],
            permissionsBoundary: policy('OpsBoundary'),
          },
        ],
        roles: [
          { roleName: 'app-admin', path: '/app/', trustPolicy: lambdaTrust, inlinePolicies: [{ name: 'all', document: document(allow('*')) }] },
        ],
        policies: [
          { policyName: 'AppBoundary', document: document(allow('iam:PassRole', `arn:aws:iam::${A}:role/app/*`), allow('lambda:*')) },
          { policyName: 'OpsBoundary', document: document(allow('iam:PassRole', `arn:aws:iam::${A}:role/ops/*`), allow('lambda:*')) },
        ],
      },
    },
  });

  const recording = () => {
    const questions = createPolicyQuestions(model);
    const asked: string[] = [];
    const recorder: PolicyQuestions = { ...questions, can: (principal, action, resource) => (asked.push(`${principal.id} ${action}`), questions.can(principal, action, resource)) };
    return { recorder, asked };
  };
  const pathFrom = (name: string, questions: PolicyQuestions) => {
    const node = model.byId(user(name));
    if (node?.kind !== 'User') throw new Error(name);
    return summary(createEscalationSearch(model, questions).escalationPathFrom(node));
  };

  it('finds the step a reader can take, without asking about the methods its policies name no action of', () => {
    const { recorder, asked } = recording();
    expect(pathFrom('auditor', recorder)).toEqual({ to: user('break-glass'), conditional: false, steps: [['iam-create-access-key', user('break-glass')]] });
    const auditorAsked = asked.filter((entry) => entry.startsWith(`${user('auditor')} `)).map((entry) => entry.split(' ')[1]);
    expect(auditorAsked).toContain('iam:CreateAccessKey');
    // iam:Get* and lambda:List* name no action of these methods: no question about them.
    for (const action of ['iam:AttachUserPolicy', 'iam:PutUserPolicy', 'iam:CreatePolicyVersion', 'iam:PassRole', 'lambda:UpdateFunctionCode']) expect(auditorAsked).not.toContain(action);
  });

  it('takes a method whose actions only wildcard patterns or a NotAction name', () => {
    const questions = createPolicyQuestions(model);
    expect(pathFrom('builder', questions)).toEqual({ to: appAdmin, conditional: false, steps: [['lambda-create-invoke', appAdmin]] });
    expect(pathFrom('platform', questions)).toEqual({ to: appAdmin, conditional: false, steps: [['lambda-create-invoke', appAdmin]] });
  });

  it('passes a role a boundary allows PassRole on only by its ARN, and none it leaves out', () => {
    const questions = createPolicyQuestions(model);
    // A service-level question, asked of the identity policy's "*", finds no IAM action the boundary allows on "*".
    expect(pathFrom('app-deployer', questions)).toEqual({ to: appAdmin, conditional: false, steps: [['lambda-create-invoke', appAdmin]] });
    expect(pathFrom('ops-deployer', questions)).toBeNull();
  });
});
