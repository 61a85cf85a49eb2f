import {
  actionCatalog,
  defineRule,
  evaluateRequest,
  wildcardMatch,
  type ActionInfo,
  type AnyNode,
  type InlinePolicyNode,
  type ManagedPolicyNode,
  type ReportDescriptor,
} from '@iamlint/core';
import { allowsEverything, documentEntries, isEveryResource, type PolicyDocumentEntries, type StatementEntry } from './policy-full-admin.js';

/**
 * Read actions that hand over data wholesale when allowed on every resource. Cloudsplaining's
 * READ_ONLY_DATA_EXFILTRATION_ACTIONS (cloudsplaining/shared/constants.py), plus the two calls that return the
 * same data for older versions (s3:GetObjectVersion, ssm:GetParameterHistory). Each is checked against the action
 * catalogue by the rule's test.
 */
export const DATA_EXFILTRATION_ACTIONS = [
  's3:GetObject',
  's3:GetObjectVersion',
  'ssm:GetParameter',
  'ssm:GetParameterHistory',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'secretsmanager:GetSecretValue',
] as const;

const PLACEHOLDER_ACCOUNT = '123456789012';
const MAX_ACTIONS_SHOWN = 6;
const SAMPLE_NAMES = ['iamlint-sample-a', 'iamlint-sample-b/nested'] as const;

/** A literal ARN segment of a resource pattern (`arn:aws:ssm:eu-west-1:…` → `eu-west-1`), else undefined. */
function literalSegment(pattern: string, index: number): string | undefined {
  const segment = pattern.split(':')[index];
  return segment && !/[*?$]/.test(segment) ? segment : undefined;
}

/**
 * Two ARNs of the resource type that differ only in the resource's own names, in the pattern's partition, region
 * and account: a pattern that matches both names no resource in particular (`arn:aws:s3:::*`,
 * `arn:aws:ssm:eu-west-1:123456789012:parameter/*`), whatever region or account it is pinned to.
 */
function sampleArns(arnFormat: string, pattern: string, accountId: string): [string, string] {
  const fill = (name: string) =>
    arnFormat.replace(/\$\{([^}]*)\}/g, (_whole, variable: string) => {
      if (variable === 'Partition') return literalSegment(pattern, 1) ?? 'aws';
      if (variable === 'Region') return literalSegment(pattern, 3) ?? 'us-east-1';
      if (variable === 'Account') return literalSegment(pattern, 4) ?? accountId;
      return name;
    });
  return [fill(SAMPLE_NAMES[0]), fill(SAMPLE_NAMES[1])];
}

function resourceFormats(action: ActionInfo): string[] {
  return action.resourceTypes.flatMap((type) => actionCatalog.resourceType(action.service, type.name)?.arnFormat ?? []);
}

/** Sample ARNs (one per resource type) of the resources a Resource pattern reaches without naming them; empty when it names resources. */
function unscopedSamples(pattern: string, action: ActionInfo, accountId: string): string[] {
  const formats = resourceFormats(action);
  if (isEveryResource(pattern)) return formats.length > 0 ? formats.map((format) => sampleArns(format, '', accountId)[0]) : ['*'];
  return formats.flatMap((format) => {
    const samples = sampleArns(format, pattern, accountId);
    return samples.every((arn) => wildcardMatch(pattern, arn)) ? [samples[0]] : [];
  });
}

function grantedThrough(entry: StatementEntry, action: string): string | undefined {
  const { actions, notActions } = entry.statement;
  if (actions !== undefined && notActions === undefined) {
    const written = entry.values('Action').filter((item) => wildcardMatch(item.value, action, true));
    if (written.length > 0) return written.map((item) => item.value).join(', ');
    return actions.some((pattern) => wildcardMatch(pattern, action.toLowerCase())) ? action : undefined;
  }
  if (notActions !== undefined && actions === undefined && !notActions.some((pattern) => wildcardMatch(pattern, action.toLowerCase()))) {
    return `NotAction ${entry.values('NotAction').map((item) => item.value).join(', ')}`;
  }
  return undefined;
}

interface Reach {
  readonly pointer: string;
  readonly resource: string;
  /** A resource of each type the statement reaches, to ask whether the same document denies them. */
  readonly samples: readonly string[];
}

/** How an unconditional statement reaches every resource of the action: through which Resource (or NotResource) item. */
function unscopedReach(entry: StatementEntry, action: ActionInfo, accountId: string): Reach | undefined {
  const { resources, notResources } = entry.statement;
  if (resources !== undefined && notResources === undefined) {
    for (const item of entry.values('Resource')) {
      const samples = unscopedSamples(item.value, action, accountId);
      if (samples.length > 0) return { pointer: item.pointer, resource: item.value === '*' ? '"*"' : item.value, samples };
    }
    return undefined;
  }
  if (notResources !== undefined && resources === undefined) {
    const samples = unscopedSamples('*', action, accountId).filter((sample) => !notResources.some((pattern) => wildcardMatch(pattern, sample)));
    if (samples.length === 0) return undefined;
    return { pointer: entry.pointerTo('NotResource'), resource: `every resource except ${notResources.join(', ')}`, samples };
  }
  return undefined;
}

function listed(names: readonly string[]): string {
  if (names.length <= MAX_ACTIONS_SHOWN) return names.join(', ');
  return `${names.slice(0, MAX_ACTIONS_SHOWN).join(', ')} and ${names.length - MAX_ACTIONS_SHOWN} more`;
}

export interface UnscopedGrant {
  readonly action: ActionInfo;
  readonly entry: StatementEntry;
  readonly through: string;
  readonly resource: string;
  readonly pointer: string;
}

/**
 * The listed actions a document allows on every resource with no condition, except where an unconditional Deny in
 * the same document takes them back. Denies in other policies, boundaries and SCPs are not weighed: the finding is
 * about what this document says, wherever it is attached.
 */
export function unscopedGrants(entries: PolicyDocumentEntries, actions: readonly ActionInfo[], accountId: string): UnscopedGrant[] {
  const grants: UnscopedGrant[] = [];
  for (const action of actions) {
    for (const entry of entries.statements) {
      // `*` on `*` is the full-administrator rules' finding; listing every credential or data action in it adds nothing.
      if (entry.statement.effect !== 'Allow' || entry.statement.conditions.length > 0 || allowsEverything(entry.statement)) continue;
      const through = grantedThrough(entry, action.fullName);
      const reach = through === undefined ? undefined : unscopedReach(entry, action, accountId);
      if (through === undefined || reach === undefined) continue;
      const identityPolicies = [{ id: entries.label, document: entries.document }];
      const deniedEverywhere = reach.samples.every(
        (resource) => evaluateRequest({ action: action.fullName, resource, identityPolicies }).decision === 'denied',
      );
      if (!deniedEverywhere) grants.push({ action, entry, through, resource: reach.resource, pointer: reach.pointer });
      break;
    }
  }
  return grants;
}

/** Resolves the configured action names against the catalogue; a name it does not know, or an action only `"*"` can name, is a config error. */
export function resolveActions(names: readonly string[], ruleId: string): ActionInfo[] {
  return names.map((name) => {
    const info = actionCatalog.action(name);
    if (info === undefined) throw new Error(`${ruleId}: option actions: "${name}" is not an IAM action (check the spelling against the Service Authorization Reference)`);
    if (info.wildcardOnly) throw new Error(`${ruleId}: option actions: ${info.fullName} accepts only "Resource": "*", so no policy can scope it; remove it from the list`);
    return info;
  });
}

type Options = readonly [{ actions: string[]; includeAwsManaged: boolean }];

/** The visitors shared by the data exfiltration and credentials exposure rules: one finding per policy document. */
export function unscopedActionVisitors(
  context: { id: string; options: Options; report(descriptor: ReportDescriptor<'unscoped'>): void },
): { ManagedPolicy(node: ManagedPolicyNode): void; InlinePolicy(node: InlinePolicyNode): void } {
  const [{ actions: names, includeAwsManaged }] = context.options;
  const actions = resolveActions(names, context.id);
  const check = (node: ManagedPolicyNode | InlinePolicyNode) => {
    const entries = documentEntries(node, includeAwsManaged);
    if (entries === undefined) return;
    const grants = unscopedGrants(entries, actions, node.accountId ?? PLACEHOLDER_ACCOUNT);
    const first = grants[0];
    if (first === undefined) return;
    const statements = [...new Set(grants.map((grant) => grant.entry.label))];
    context.report({
      node: node as AnyNode,
      messageId: 'unscoped',
      data: {
        policy: entries.label,
        actions: listed(grants.map((grant) => grant.action.fullName)),
        allActions: grants.map((grant) => grant.action.fullName).join(', '),
        statements: statements.join(', '),
        resource: first.resource,
        count: grants.length,
      },
      pointer: first.pointer,
    });
  };
  return { ManagedPolicy: check, InlinePolicy: check };
}

export const unscopedActionsSchema = (listDescription: string) => [
  {
    type: 'object',
    properties: {
      actions: {
        type: 'array',
        items: { type: 'string', pattern: '^[A-Za-z0-9-]+:[A-Za-z0-9-]+$' },
        description: listDescription,
      },
      includeAwsManaged: {
        type: 'boolean',
        description: 'Also report AWS managed policies in use, once in each account that uses one; by default only documents their owner can fix are reported.',
      },
    },
    additionalProperties: false,
  },
];

const defaultOptions: Options = [{ actions: [...DATA_EXFILTRATION_ACTIONS], includeAwsManaged: false }];

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description:
        'Disallow policies that allow reading objects, parameters or secrets (s3:GetObject, ssm:GetParameter*, secretsmanager:GetSecretValue) on every resource without a condition.',
      recommended: false,
    },
    severity: 'medium',
    requires: ['iam.authorizationDetails'],
    messages: {
      unscoped:
        '{{policy}} allows {{actions}} on {{resource}} without a condition (statement {{statements}}): whoever holds it can read every object, parameter or secret that resource policies do not deny. Name the buckets, parameters and secrets it needs.',
    },
    schema: unscopedActionsSchema('The actions to report, as `service:Action` names from the Service Authorization Reference; each must accept a resource ARN.'),
    defaultOptions,
  },
  create(context) {
    return unscopedActionVisitors(context);
  },
});
