import {
  actionCatalog,
  defineRule,
  normalizePolicy,
  pathToPointer,
  wildcardMatch,
  type InlinePolicyNode,
  type ManagedPolicyNode,
  type NormalizedStatement,
} from '@iamlint/core';
import { policySources, type ListElement, type StatementSource } from '../util/policy-sources.js';

/** What the privilege rules need of a statement; policySources gives it for customer documents, awsManagedStatements for AWS's. */
export type StatementEntry = Pick<StatementSource, 'statement' | 'label' | 'key' | 'pointerTo' | 'values'>;

export interface PolicyDocumentEntries {
  readonly label: string;
  readonly document: unknown;
  readonly statements: readonly StatementEntry[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An AWS managed policy's statements with pointers into the snapshot (policySources leaves AWS managed policies out). */
export function awsManagedStatements(node: ManagedPolicyNode): PolicyDocumentEntries {
  const document = node.document;
  const rawStatements = isObject(document) ? document.Statement : undefined;
  const single = !Array.isArray(rawStatements);
  const statements = normalizePolicy(document).statements.map((statement): StatementEntry => {
    const path = single ? ['Statement'] : ['Statement', statement.index];
    const raw: unknown = single ? rawStatements : (rawStatements as unknown[])[statement.index];
    const pointerTo = (...segments: Array<string | number>) =>
      typeof document === 'string' ? '/document' : `/document${pathToPointer([...path, ...segments])}`;
    return {
      statement,
      label: statement.sid ? `"${statement.sid}"` : String(statement.index),
      key: statement.sid ? `sid:${statement.sid}` : `#${statement.index}`,
      pointerTo,
      values(element: ListElement) {
        const value = isObject(raw) ? raw[element] : undefined;
        const list: unknown[] = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
        return list.flatMap((item, i) =>
          typeof item === 'string' ? [{ value: item, pointer: typeof value === 'string' ? pointerTo(element) : pointerTo(element, i) }] : [],
        );
      },
    };
  });
  return { label: `AWS managed policy ${node.name}`, document, statements };
}

/** The statements of a policy node: customer documents through policySources, AWS managed ones when asked for. */
export function documentEntries(node: ManagedPolicyNode | InlinePolicyNode, includeAwsManaged: boolean): PolicyDocumentEntries | undefined {
  if (node.kind === 'ManagedPolicy' && node.awsManaged) return includeAwsManaged ? awsManagedStatements(node) : undefined;
  const source = policySources(node)[0];
  return source && { label: source.label, document: source.document, statements: source.statements };
}

const ONLY_STARS = /^\*+$/;
const UNKNOWN_FUTURE_ACTION = 'iamlintfutureservice:futureaction';
let catalogueSize: number | undefined;

/** Whether an Action pattern grants every action of every service, future ones included (`*`, `*:*`), by the catalogue. */
export function coversEveryAction(pattern: string): boolean {
  catalogueSize ??= actionCatalog.expand('*').length;
  return wildcardMatch(pattern, UNKNOWN_FUTURE_ACTION, true) && actionCatalog.expand(pattern).length === catalogueSize;
}

export function isEveryResource(pattern: string): boolean {
  return ONLY_STARS.test(pattern);
}

export function allowsEverything(statement: NormalizedStatement): boolean {
  return (
    statement.effect === 'Allow' &&
    statement.notActions === undefined &&
    (statement.actions ?? []).some(coversEveryAction) &&
    statement.notResources === undefined &&
    (statement.resources ?? []).some(isEveryResource)
  );
}

function deniesEverything(statement: NormalizedStatement): boolean {
  return (
    statement.effect === 'Deny' &&
    statement.notActions === undefined &&
    (statement.actions ?? []).some(coversEveryAction) &&
    statement.notResources === undefined &&
    (statement.resources === undefined || statement.resources.some(isEveryResource))
  );
}

export interface FullAdminGrant {
  /** The first statement that allows `*` on `*`. */
  readonly grant: StatementEntry;
  /** Condition keys under which it holds: the grant's own, and those of a conditional deny of everything. */
  readonly conditions: readonly string[];
  /** Unconditional denies in the same document that carve something out of it. */
  readonly exceptions: readonly StatementEntry[];
}

/**
 * Whether a document allows every action on every resource: a statement with an Action that covers every action
 * (by the catalogue, not by spelling) on `"Resource": "*"`. `NotAction`/`NotResource` statements are not `*:*`
 * (policy-allow-not-action reports them); an unconditional deny of everything in the same document cancels it.
 */
export function findFullAdmin(statements: readonly StatementEntry[]): FullAdminGrant | undefined {
  const grant = statements.find((entry) => allowsEverything(entry.statement));
  if (grant === undefined) return undefined;
  const conditions = new Set(grant.statement.conditions.map((condition) => condition.key));
  const exceptions: StatementEntry[] = [];
  for (const entry of statements) {
    if (entry.statement.effect !== 'Deny') continue;
    const conditional = entry.statement.conditions.length > 0;
    if (deniesEverything(entry.statement)) {
      if (!conditional) return undefined;
      for (const condition of entry.statement.conditions) conditions.add(condition.key);
    } else if (!conditional) {
      exceptions.push(entry);
    }
  }
  return { grant, conditions: [...conditions], exceptions };
}

/** AWS's managed administrator policy; a principal can hold it even when its document is not in the snapshot. */
export const ADMINISTRATOR_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

export const fullAdminMessages = {
  fullAdmin:
    '{{policy}} allows every action on every resource (statement {{statement}}): whoever holds it is a full administrator. Grant only the actions the job needs.',
  fullAdminConditional:
    '{{policy}} allows every action on every resource when its conditions hold ({{conditions}}; statement {{statement}}): whoever meets them is a full administrator. Grant only the actions the job needs.',
  fullAdminExcept:
    '{{policy}} allows every action on every resource (statement {{statement}}) except what statement(s) {{exceptions}} deny: whoever holds it is all but a full administrator. Grant only the actions the job needs.',
} as const;

export function fullAdminReport(found: FullAdminGrant, policy: string): { messageId: keyof typeof fullAdminMessages; data: Record<string, string>; pointer: string } {
  const data = { policy, statement: found.grant.label };
  const pointer = found.grant.values('Action').find((written) => coversEveryAction(written.value))?.pointer ?? found.grant.pointerTo('Action');
  if (found.exceptions.length > 0) {
    return { messageId: 'fullAdminExcept', data: { ...data, exceptions: found.exceptions.map((entry) => entry.label).join(', ') }, pointer };
  }
  if (found.conditions.length > 0) return { messageId: 'fullAdminConditional', data: { ...data, conditions: found.conditions.join(', ') }, pointer };
  return { messageId: 'fullAdmin', data, pointer };
}

type Options = readonly [{ onlyAttached: boolean; includeAwsManaged: boolean; excludePermissionsBoundaries: boolean }];
const defaultOptions: Options = [{ onlyAttached: false, includeAwsManaged: false, excludePermissionsBoundaries: true }];

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow managed policies that allow every action on every resource ("Action": "*", "Resource": "*").',
      recommended: true,
    },
    severity: 'high',
    compliance: [
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.1', options: [{ onlyAttached: false, includeAwsManaged: false, excludePermissionsBoundaries: true }] },
      { framework: 'cis-aws', version: '5.0', control: '1.15', options: [{ onlyAttached: true, includeAwsManaged: true, excludePermissionsBoundaries: false }] },
    ],
    requires: ['iam.authorizationDetails'],
    messages: fullAdminMessages,
    schema: [
      {
        type: 'object',
        properties: {
          onlyAttached: {
            type: 'boolean',
            description: 'Report only policies attached to at least one user, group or role (CIS checks attached policies only).',
          },
          includeAwsManaged: {
            type: 'boolean',
            description: 'Also report AWS managed policies in use that allow `*` on `*` (AdministratorAccess), once in each account that uses one.',
          },
          excludePermissionsBoundaries: {
            type: 'boolean',
            description: 'Skip customer managed policies used only as permissions boundaries, where `*` on `*` caps nothing rather than grants everything.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions,
  },
  create(context) {
    const [{ onlyAttached, includeAwsManaged, excludePermissionsBoundaries }] = context.options;
    return {
      ManagedPolicy(node) {
        if (onlyAttached && node.attachmentCount === 0) return;
        if (excludePermissionsBoundaries && node.attachmentCount === 0 && node.permissionsBoundaryUsageCount > 0) return;
        const entries = documentEntries(node, includeAwsManaged);
        const found = entries && findFullAdmin(entries.statements);
        if (!entries || !found) return;
        const { messageId, data, pointer } = fullAdminReport(found, entries.label);
        context.report({
          node,
          messageId,
          data: { ...data, attachments: node.attachmentCount },
          pointer,
        });
      },
    };
  },
});
