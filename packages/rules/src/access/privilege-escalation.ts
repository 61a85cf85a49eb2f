import {
  ADMINISTRATOR_DOCUMENT,
  createEscalationSearch,
  isAwsManagedPolicyArn,
  defineRule,
  OptionObject,
  StringEnum,
  Type,
  wildcardMatch,
  type AdminOptions,
  type AnyNode,
  type EscalationPath,
  type EscalationSearch,
  type GroupNode,
  type ManagedPolicyNode,
  type RoleNode,
  type UserNode,
} from '@iamlint/core';

// Shortest paths are rarely longer; beyond this the message would bury the first, most actionable steps.
const MAX_STEPS_SHOWN = 5;
const MAX_EXPLANATION_LENGTH = 300;

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description:
        'Report IAM users and roles that are not administrators but can make themselves one through a chain of known privilege escalation methods.',
      recommended: true,
    },
    severity: 'high',
    requires: ['iam.authorizationDetails'],
    messages: {
      path: '{{kind}} {{principal}} is not an administrator but can become one ({{administrator}}) in {{steps}} step(s): {{path}}.',
      conditionalPath:
        '{{kind}} {{principal}} is not an administrator but may become one ({{administrator}}) in {{steps}} step(s), if conditions the snapshot cannot settle hold: {{path}}.',
      privilegedGrant:
        '{{kind}} {{principal}} is not an administrator but can make others one: it is allowed {{action}} on {{target}}{{condition}}, so whoever holds it controls every permission of the account.',
      latentPrimitive:
        '{{kind}} {{principal}} holds an escalation primitive with no target yet: {{primitive}}; the day {{missing}}, it can become an administrator.',
    },
    schema: [
      OptionObject({
        adminDefinition: StringEnum(['all-services', 'iam-write'], { description: 'What counts as an administrator, both for the principals skipped and for the end of a path: `all-services` (every action on every resource, or the IAM actions to grant itself that: writing or attaching policies on every user and role) or `iam-write` (also any principal that can write IAM on every resource).' }),
        ignoreConditional: Type.Boolean({ description: 'Do not report paths that work only under conditions the snapshot cannot settle (MFA, source IP, tags, speculative methods).' }),
        excludePrincipals: Type.Array(Type.String({ minLength: 1 }), { description: 'Users and roles not to report, by name or ARN; `*` and `?` wildcards, case-insensitive. They still count as steps of other principals\' paths.' }),
      }),
    ],
    defaultOptions: [{ adminDefinition: 'all-services', ignoreConditional: false, excludePrincipals: [] }],
  },
  create(context) {
    const [options] = context.options;
    const { model } = context;
    const adminOptions: AdminOptions = { definition: options.adminDefinition };
    let search: EscalationSearch | undefined;
    const escalationSearch = (): EscalationSearch => (search ??= createEscalationSearch(model, context.policy, { admin: adminOptions }));

    const excluded = (principal: UserNode | RoleNode): boolean =>
      options.excludePrincipals.some(
        (pattern) => wildcardMatch(pattern, principal.name, true) || wildcardMatch(pattern, principal.arn, true),
      );

    const check = (principal: UserNode | RoleNode): void => {
      if (excluded(principal) || context.policy.isAdmin(principal, adminOptions).admin) return;
      const path = escalationSearch().escalationPathFrom(principal);
      if (path === null) {
        if (!escalationSearch().startsNoPath(principal)) grantOrPrimitive(principal);
        return;
      }
      if (path.conditional && options.ignoreConditional) return;
      const reached = path.to === 'admin' ? principal : model.byId(path.to);
      context.report({
        node: principal,
        messageId: path.conditional ? 'conditionalPath' : 'path',
        data: {
          kind: principal.kind === 'User' ? 'User' : 'Role',
          principal: principal.name,
          accountId: principal.accountId,
          steps: path.steps.length,
          path: renderPath(path),
          administrator: reached && reached.id !== principal.id ? `as ${reached.kind.toLowerCase()} ${reached.name}` : 'itself',
          conditional: path.conditional,
        },
        related: relatedNodes(path, principal, (id) => model.byId(id)),
      });
    };

    /** Can make another principal an administrator (privileged grant), else holds a primitive with no target (latent). */
    const grantOrPrimitive = (principal: UserNode | RoleNode): void => {
      const kind = principal.kind === 'User' ? 'User' : 'Role';
      for (const { action, target } of grantTargets(principal)) {
        const result = context.policy.can(principal, action, target.arn);
        if (result.decision !== 'allowed' || (result.conditional && options.ignoreConditional)) continue;
        context.report({
          node: principal,
          messageId: 'privilegedGrant',
          data: {
            kind,
            principal: principal.name,
            action,
            target: `${target.kind.toLowerCase()} ${target.name}`,
            condition: result.conditional ? ' (under conditions the snapshot cannot settle)' : '',
            conditional: result.conditional,
          },
          related: [target],
        });
        return;
      }
      const latent = latentPrimitive(principal);
      if (latent) {
        const { related, ...data } = latent;
        context.report({ node: principal, messageId: 'latentPrimitive', severity: 'low', data: { kind, principal: principal.name, ...data }, related });
      }
    };

    /**
     * What a grant would make another principal an administrator through, first found first: another user's policies,
     * a group's policies or membership, the policies of a role the principal cannot assume (one it can assume is a path
     * of its own). Service-linked roles are left out: nobody can change their policies.
     */
    const grantTargets = function* (principal: UserNode | RoleNode): Generator<{ action: string; target: UserNode | RoleNode | GroupNode }> {
      // Not allowed on some resource (`can` without one) means allowed on none: most principals hold no IAM writes.
      const allowedSomewhere = (action: string) => context.policy.can(principal, action).decision === 'allowed';
      const userActions = ['iam:AttachUserPolicy', 'iam:PutUserPolicy'].filter(allowedSomewhere);
      if (userActions.length > 0) {
        const users = model.inAccount('User', principal.accountId).filter((user) => user.id !== principal.id);
        for (const action of userActions) for (const target of users) yield { action, target };
      }
      const groups = model.inAccount('Group', principal.accountId);
      for (const action of ['iam:AttachGroupPolicy', 'iam:PutGroupPolicy'].filter(allowedSomewhere)) for (const target of groups) yield { action, target };
      // Adding someone (or itself, had it been a user: that is a path) to an administrator group.
      if (allowedSomewhere('iam:AddUserToGroup')) {
        for (const target of groups) if (context.policy.isAdmin(target, adminOptions).admin) yield { action: 'iam:AddUserToGroup', target };
      }
      const roleActions = ['iam:AttachRolePolicy', 'iam:PutRolePolicy'].filter(allowedSomewhere);
      if (roleActions.length === 0) return;
      const roles = model
        .inAccount('Role', principal.accountId)
        .filter((role) => role.id !== principal.id && !role.path.startsWith('/aws-service-role/') && !escalationSearch().canAssume(principal, role));
      for (const action of roleActions) for (const target of roles) yield { action, target };
    };

    /**
     * A primitive that escalates as soon as its target exists: PassRole to Lambda with no role trusting Lambda, a policy
     * version with no policy, a default version to switch to with no admin version stored.
     */
    const latentPrimitive = (principal: UserNode | RoleNode): { primitive: string; missing: string; related?: ManagedPolicyNode[] } | null => {
      // Only sure grants: a condition such as iam:PassedToService (to ECS, say) may rule the primitive out entirely.
      const allowed = (action: string, resource: string) => {
        const result = context.policy.can(principal, action, resource);
        return result.decision === 'allowed' && !result.conditional;
      };
      const account = principal.accountId;
      const anyRole = `arn:aws:iam::${account}:role/iamlint-any-role`;
      if (
        allowed('iam:PassRole', anyRole) &&
        allowed('lambda:CreateFunction', `arn:aws:lambda:us-east-1:${account}:function:iamlint-any-function`) &&
        !model.inAccount('Role', account).some((role) => context.policy.whoCanAssume(role).some((assumer) => assumer.kind === 'service' && assumer.service.toLowerCase() === 'lambda.amazonaws.com'))
      ) {
        return {
          primitive: 'iam:PassRole and lambda:CreateFunction on every role and function, while no role of the account trusts Lambda',
          missing: 'a role trusting lambda.amazonaws.com is created with more permissions than it has',
        };
      }
      if (allowed('iam:CreatePolicyVersion', `arn:aws:iam::${account}:policy/iamlint-any-policy`)) {
        return {
          primitive: 'iam:CreatePolicyVersion on every policy, while no customer managed policy applies to it',
          missing: 'a customer managed policy is attached to it or to a role it can assume',
        };
      }
      const switchable = switchablePolicies(principal, allowed);
      if (switchable.length > 0) {
        const names = joinNames(switchable.map((policy) => policy.name));
        const one = switchable.length === 1;
        return {
          primitive: `iam:SetDefaultPolicyVersion on ${one ? 'policy' : 'policies'} ${names}, while no stored version of ${one ? 'it' : 'them'} grants administrator`,
          missing: `a version that grants more is added to ${one ? 'it' : 'one of them'}`,
          related: switchable,
        };
      }
      return null;
    };

    /**
     * The customer managed policies applying to the principal whose default version it may switch, every stored
     * version known and none of them admin, where a version granting everything would make it one: its boundary, SCPs
     * and denies leave room for the switch to matter. A version-less policy is a conditional path, not a primitive.
     */
    const switchablePolicies = (principal: UserNode | RoleNode, allowed: (action: string, resource: string) => boolean): ManagedPolicyNode[] => {
      const found = new Map<string, ManagedPolicyNode>();
      for (const { arn } of model.policiesOf(principal)) {
        if (arn === undefined || isAwsManagedPolicyArn(arn) || found.has(arn)) continue;
        const policy = model.managedPolicy(arn, principal.accountId);
        if (policy?.versions === undefined || !allowed('iam:SetDefaultPolicyVersion', arn)) continue;
        const adminAs = (document: unknown) => context.policy.isAdminWithPolicyVersion(principal, arn, document, adminOptions).admin;
        const storedAdmin = policy.versions.some((version) => version.versionId !== policy.defaultVersionId && adminAs(version.document));
        if (!storedAdmin && adminAs(ADMINISTRATOR_DOCUMENT)) found.set(arn, policy);
      }
      return [...found.values()];
    };

    return {
      User: check,
      Role: check,
    };
  },
});

function joinNames(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function renderPath(path: EscalationPath): string {
  const shown = path.steps.slice(0, MAX_STEPS_SHOWN).map((step, index) => `step ${index + 1}: ${truncate(step.explanation)}`);
  if (path.steps.length > MAX_STEPS_SHOWN) shown.push('…');
  return shown.join('; ');
}

function truncate(text: string): string {
  return text.length <= MAX_EXPLANATION_LENGTH ? text : `${text.slice(0, MAX_EXPLANATION_LENGTH - 1).trimEnd()}…`;
}

function relatedNodes(path: EscalationPath, principal: AnyNode, byId: (id: string) => AnyNode | undefined): AnyNode[] {
  const seen = new Set<string>([principal.id]);
  const related: AnyNode[] = [];
  for (const step of path.steps) {
    for (const id of [...step.via, step.to]) {
      if (seen.has(id)) continue;
      seen.add(id);
      const node = byId(id);
      if (node) related.push(node);
    }
  }
  return related;
}
