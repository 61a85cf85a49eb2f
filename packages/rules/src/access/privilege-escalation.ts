import {
  createEscalationSearch,
  defineRule,
  OptionObject,
  StringEnum,
  Type,
  wildcardMatch,
  type AdminOptions,
  type AnyNode,
  type EscalationPath,
  type EscalationSearch,
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
    },
    schema: [
      OptionObject({
        adminDefinition: StringEnum(['all-services', 'iam-write'], { description: 'What counts as an administrator, both for the principals skipped and for the end of a path: `all-services` (every action on every resource) or `iam-write` (also any principal that can write IAM on every resource).' }),
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
      if (path === null || (path.conditional && options.ignoreConditional)) return;
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

    return {
      User: check,
      Role: check,
    };
  },
});

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
