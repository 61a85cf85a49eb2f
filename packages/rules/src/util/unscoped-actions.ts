import {
  actionCatalog,
  evaluateRequest,
  OptionObject,
  Type,
  wildcardMatch,
  type ActionInfo,
  type AnyNode,
  type InlinePolicyNode,
  type ManagedPolicyNode,
  type OptionsOf,
  type ReportDescriptor,
} from '@iamlint/core';
import { allowsEverything, isEveryResource } from './full-admin.js';
import { identityPolicySource, type PolicySource, type StatementSource } from './policy-sources.js';

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

function grantedThrough(entry: StatementSource, action: string): string | undefined {
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
function unscopedReach(entry: StatementSource, action: ActionInfo, accountId: string): Reach | undefined {
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

interface UnscopedGrant {
  readonly action: ActionInfo;
  readonly entry: StatementSource;
  readonly through: string;
  readonly resource: string;
  readonly pointer: string;
}

/**
 * The listed actions a document allows on every resource with no condition, except where an unconditional Deny in
 * the same document takes them back. Denies in other policies, boundaries and SCPs are not weighed: the finding is
 * about what this document says, wherever it is attached.
 */
function unscopedGrants(source: PolicySource, actions: readonly ActionInfo[], accountId: string): UnscopedGrant[] {
  const grants: UnscopedGrant[] = [];
  const identityPolicies = [{ id: source.label, document: source.document }];
  for (const action of actions) {
    for (const entry of source.statements) {
      // `*` on `*` is the full-administrator rules' finding; listing every credential or data action in it adds nothing.
      if (entry.statement.effect !== 'Allow' || entry.statement.conditions.length > 0 || allowsEverything(entry.statement)) continue;
      const through = grantedThrough(entry, action.fullName);
      const reach = through === undefined ? undefined : unscopedReach(entry, action, accountId);
      if (through === undefined || reach === undefined) continue;
      const deniedEverywhere = reach.samples.every(
        (resource) => evaluateRequest({ action: action.fullName, resource, identityPolicies }).decision === 'denied',
      );
      if (!deniedEverywhere) grants.push({ action, entry, through, resource: reach.resource, pointer: reach.pointer });
      break;
    }
  }
  return grants;
}

/** What the schema cannot check about the configured action names: a name the catalogue does not know, or an action only `"*"` can name. */
export function unscopedActionsProblem([{ actions }]: UnscopedActionOptions): string | undefined {
  for (const name of actions) {
    const info = actionCatalog.action(name);
    if (info === undefined) return `option actions: "${name}" is not an IAM action (check the spelling against the Service Authorization Reference)`;
    if (info.wildcardOnly) return `option actions: ${info.fullName} accepts only "Resource": "*", so no policy can scope it; remove it from the list`;
  }
  return undefined;
}

export const unscopedActionsSchema = (listDescription: string) =>
  [
    OptionObject({
      actions: Type.Array(Type.String({ pattern: '^[A-Za-z0-9-]+:[A-Za-z0-9-]+$' }), { description: listDescription }),
      includeAwsManaged: Type.Boolean({
        description: 'Also report AWS managed policies in use, once in each account that uses one; by default only documents their owner can fix are reported.',
      }),
    }),
  ] as const;

export type UnscopedActionOptions = OptionsOf<ReturnType<typeof unscopedActionsSchema>>;

/** The visitors shared by the data exfiltration and credentials exposure rules: one finding per policy document. */
export function unscopedActionVisitors(
  context: { options: UnscopedActionOptions; report(descriptor: ReportDescriptor<'unscoped'>): void },
): { ManagedPolicy(node: ManagedPolicyNode): void; InlinePolicy(node: InlinePolicyNode): void } {
  const [{ actions: names, includeAwsManaged }] = context.options;
  // validateOptions (unscopedActionsProblem) has already rejected names the catalogue does not resolve.
  const actions = names.flatMap((name) => actionCatalog.action(name) ?? []);
  const check = (node: ManagedPolicyNode | InlinePolicyNode) => {
    const source = identityPolicySource(node, includeAwsManaged);
    if (source === undefined) return;
    const grants = unscopedGrants(source, actions, node.accountId ?? PLACEHOLDER_ACCOUNT);
    const first = grants[0];
    if (first === undefined) return;
    const statements = [...new Set(grants.map((grant) => grant.entry.label))];
    context.report({
      node: node as AnyNode,
      messageId: 'unscoped',
      data: {
        policy: source.label,
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
