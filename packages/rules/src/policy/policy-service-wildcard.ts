import {
  actionCatalog,
  compare,
  defineRule,
  OptionObject,
  Type,
  wildcardMatch,
  type AnyNode,
  type NormalizedStatement,
} from '@iamlint/core';
import { coversEveryAction, isEveryResource } from '../util/full-admin.js';
import { identityPolicySource, type StatementSource } from '../util/policy-sources.js';

/**
 * Services where every action at once means control over identity, the organization, encryption keys, secrets or
 * the audit trail: each is a step to administrator or a way to hide one.
 */
export const SENSITIVE_SERVICES = [
  'account',
  'cloudtrail',
  'identitystore',
  'iam',
  'kms',
  'organizations',
  'secretsmanager',
  'sso',
  'sts',
] as const;

const WILDCARD = /[*?]/;
const MAX_RESOURCES_SHOWN = 3;

/** Services whose every action the statement's Action patterns cover together (by the catalogue), with the patterns that do. */
function fullyCoveredServices(patterns: readonly string[]): Map<string, string[]> {
  const covered = new Map<string, Set<string>>();
  const through = new Map<string, string[]>();
  for (const pattern of patterns) {
    for (const fullName of actionCatalog.expand(pattern)) {
      const service = fullName.slice(0, fullName.indexOf(':')).toLowerCase();
      let actions = covered.get(service);
      if (!actions) covered.set(service, (actions = new Set()));
      actions.add(fullName.toLowerCase());
      const list = through.get(service) ?? [];
      if (!list.includes(pattern)) list.push(pattern);
      through.set(service, list);
    }
  }
  const full = new Map<string, string[]>();
  for (const [service, actions] of covered) {
    const patternsOfService = through.get(service) ?? [];
    // A service wildcard covers actions AWS adds later; a list of today's actions does not, and is not `service:*`.
    if (actions.size === actionCatalog.actions(service).length && patternsOfService.some((pattern) => WILDCARD.test(pattern))) {
      full.set(service, patternsOfService);
    }
  }
  return full;
}

function writtenPatterns(entry: StatementSource): string[] {
  return entry.values('Action').map((written) => written.value);
}

/** Services an unconditional Deny on every resource in the same document takes back whole (Cloudsplaining's fp1-allow-and-deny). */
function deniedServices(entries: readonly StatementSource[]): Set<string> {
  const denied = new Set<string>();
  for (const { statement } of entries) {
    if (!isUnconditionalDenyOnEverything(statement)) continue;
    if ((statement.actions ?? []).some(coversEveryAction)) return new Set(actionCatalog.services());
    for (const service of fullyCoveredServices(statement.actions ?? []).keys()) denied.add(service);
  }
  return denied;
}

function isUnconditionalDenyOnEverything(statement: NormalizedStatement): boolean {
  return (
    statement.effect === 'Deny' &&
    statement.conditions.length === 0 &&
    statement.notActions === undefined &&
    statement.notResources === undefined &&
    (statement.resources === undefined || statement.resources.some(isEveryResource))
  );
}

function resourcesOf(entry: StatementSource): string {
  if (entry.statement.notResources !== undefined) return `every resource except ${entry.values('NotResource').map((item) => item.value).join(', ') || '(nothing)'}`;
  const written = entry.values('Resource').map((item) => item.value);
  if (written.some(isEveryResource)) return 'every resource ("*")';
  const shown = written.slice(0, MAX_RESOURCES_SHOWN).join(', ');
  return written.length > MAX_RESOURCES_SHOWN ? `${shown} and ${written.length - MAX_RESOURCES_SHOWN} more` : shown;
}

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow policies that grant every action of a sensitive service ("iam:*", "kms:*"…); list the actions needed instead.',
      recommended: false,
    },
    severity: 'medium',
    compliance: [{ framework: 'aws-fsbp', version: '1.0', control: 'IAM.21', options: [{ services: ['*'], includeInline: false, excludePermissionsBoundaries: true }] }],
    requires: ['iam.authorizationDetails'],
    messages: {
      serviceWildcard:
        '{{policy}}: statement {{statement}} allows every action of {{services}} (through {{patterns}}) on {{resources}}, including actions AWS adds later; list the actions it needs.',
    },
    schema: [
      OptionObject({
        services: Type.Array(Type.String({ pattern: '^[a-z0-9*?-]+$' }), { description: 'Service prefixes to report (`iam`, `kms`…; `*` and `?` wildcards, so `["*"]` reports every service). The default lists services that control identity, the organization, keys, secrets and the audit trail.' }),
        includeInline: Type.Boolean({ description: 'Also check inline policies of users, groups and roles (FSBP IAM.21 checks customer managed policies only).' }),
        excludePermissionsBoundaries: Type.Boolean({ description: 'Skip customer managed policies used only as permissions boundaries, which cap permissions rather than grant them.' }),
      }),
    ],
    defaultOptions: [{ services: [...SENSITIVE_SERVICES], includeInline: true, excludePermissionsBoundaries: true }],
  },
  create(context) {
    const [{ services, includeInline, excludePermissionsBoundaries }] = context.options;
    const reported = (service: string) => services.some((pattern) => wildcardMatch(pattern, service, true));
    return {
      ManagedPolicy(node) {
        if (excludePermissionsBoundaries && node.attachmentCount === 0 && node.permissionsBoundaryUsageCount > 0) return;
        const source = identityPolicySource(node, false);
        if (source) check(node, source.label, source.statements);
      },
      InlinePolicy(node) {
        // Permission set inline policies have their own rule, permission-set-inline-wildcard, for every service.
        if (!includeInline || node.owner.kind === 'PermissionSet') return;
        const source = identityPolicySource(node, false);
        if (source) check(node, source.label, source.statements);
      },
    };

    function check(node: AnyNode, label: string, statements: readonly StatementSource[]): void {
      let denied: Set<string> | undefined;
      for (const entry of statements) {
        const { effect, actions, notActions } = entry.statement;
        // `*` is the full-administrator rules' business; NotAction is policy-allow-not-action's.
        if (effect !== 'Allow' || actions === undefined || notActions !== undefined || actions.some(coversEveryAction)) continue;
        const written = writtenPatterns(entry);
        const full = fullyCoveredServices(written.length > 0 ? written : actions);
        denied ??= deniedServices(statements);
        const found = [...full].filter(([service]) => reported(service) && !denied?.has(service)).sort(([a], [b]) => compare(a, b));
        if (found.length === 0) continue;
        const patterns = [...new Set(found.flatMap(([, through]) => through))];
        context.report({
          node,
          messageId: 'serviceWildcard',
          data: { policy: label, statement: entry.label, services: found.map(([service]) => service).join(', '), patterns: patterns.join(', '), resources: resourcesOf(entry) },
          pointer: entry.values('Action').find((item) => patterns.includes(item.value))?.pointer ?? entry.pointerTo('Action'),
          discriminator: entry.key,
        });
      }
    }
  },
});
