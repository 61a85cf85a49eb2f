import type {
  AnyNode,
  ConditionKeyInfo,
  InlinePolicyNode,
  ManagedPolicyNode,
  NormalizedPolicy,
  NormalizedStatement,
  RcpNode,
  RoleNode,
  RuleVisitors,
  ScpNode,
} from '@iamlint/core';
import { isPlainObject } from '@iamlint/core';
import { actionCatalog, normalizePolicy, pathToPointer, wildcardMatch } from '@iamlint/core';

/** Which grammar applies: trust policies need a Principal, identity policies and SCPs may not have one. */
export type PolicyKind = 'identity' | 'trust' | 'scp' | 'rcp';
export type PolicyNode = InlinePolicyNode | ManagedPolicyNode | RoleNode | ScpNode | RcpNode;
export type PolicyPath = ReadonlyArray<string | number>;
export type ListElement = 'Action' | 'NotAction' | 'Resource' | 'NotResource';

export interface ElementValue {
  /** As written (the normalizer lowercases actions). */
  readonly value: string;
  readonly pointer: string;
}

export interface StatementSource {
  readonly statement: NormalizedStatement;
  /** `['Statement', i]`, or `['Statement']` when the document's Statement is a single object. */
  readonly path: PolicyPath;
  /** The Sid in quotes, else the statement's index. */
  readonly label: string;
  /** Stable across reformatting; for discriminators. */
  readonly key: string;
  pointerTo(...segments: Array<string | number>): string;
  values(element: ListElement): readonly ElementValue[];
  /** The strings (one, or a list's) at a path below the statement: `valuesAt('Principal', 'Service')`. */
  valuesAt(...segments: string[]): readonly ElementValue[];
}

export interface PolicySource {
  readonly node: PolicyNode;
  readonly kind: PolicyKind;
  readonly document: unknown;
  /** How messages name the document: `inline policy deploy of role ci`, `SCP deny-leave-org`. */
  readonly label: string;
  /** The document's JSON pointer below the node's own; '' when the node is the document itself. */
  readonly pointer: string;
  readonly policy: NormalizedPolicy;
  readonly statements: readonly StatementSource[];
  /** The pointer (below the node's) of a path inside the document, such as a normalizer problem's. */
  pointerTo(path: PolicyPath): string;
}

type Json = Record<string, unknown>;

const cache = new WeakMap<AnyNode, readonly PolicySource[]>();
/** Shared by every node without a document the user can fix, instead of an empty list each. */
const NO_SOURCES: readonly PolicySource[] = Object.freeze([]);

function own(object: Json, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Documents stored as text (raw exports) are read the way the normalizer reads them; pointers then stop at the text. */
function parseText(text: string): unknown {
  for (const candidate of [text, text.trimStart().startsWith('%') ? safeDecode(text.trim()) : undefined]) {
    if (candidate === undefined) continue;
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // try the next reading
    }
  }
  return undefined;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function inlineLabel(node: InlinePolicyNode): string {
  const { owner } = node;
  switch (owner.kind) {
    case 'PermissionSet':
      return `inline policy of permission set ${owner.name}`;
    case 'User':
      return `inline policy ${node.name} of user ${owner.name}`;
    case 'Group':
      return `inline policy ${node.name} of group ${owner.name}`;
    case 'Role':
      return `inline policy ${node.name} of role ${owner.name}`;
  }
}

type Described = Pick<PolicySource, 'kind' | 'document' | 'label' | 'pointer'>;

function describe(node: AnyNode): Described | undefined {
  switch (node.kind) {
    case 'InlinePolicy':
      // A permission set's inline policy node sits on the document itself; IAM inline policies wrap it.
      return { kind: 'identity', document: node.document, label: inlineLabel(node), pointer: node.owner.kind === 'PermissionSet' ? '' : '/document' };
    case 'ManagedPolicy':
      return node.awsManaged ? undefined : { kind: 'identity', document: node.document, label: `managed policy ${node.name}`, pointer: '/document' };
    case 'Role':
      return { kind: 'trust', document: node.trustPolicy, label: `trust policy of role ${node.name}`, pointer: '/trustPolicy' };
    case 'Scp':
      return node.awsManaged ? undefined : { kind: 'scp', document: node.document, label: `SCP ${node.name}`, pointer: '/document' };
    case 'Rcp':
      return node.awsManaged ? undefined : { kind: 'rcp', document: node.document, label: `RCP ${node.name}`, pointer: '/document' };
    default:
      return undefined;
  }
}

/** `textual`: the document is a string, and every pointer stops at it. */
function valuesAt(raw: unknown, segments: readonly string[], source: StatementSource, textual: boolean): ElementValue[] {
  let value = raw;
  for (const segment of segments) value = isPlainObject(value) ? own(value, segment) : undefined;
  if (typeof value === 'string') return [{ value, pointer: source.pointerTo(...segments) }];
  if (!Array.isArray(value)) return [];
  const out: ElementValue[] = [];
  // The list's pointer once, each item's by appending its index (what pathToPointer gives for a number).
  const list = source.pointerTo(...segments);
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (typeof item === 'string') out.push({ value: item, pointer: textual ? list : `${list}/${i}` });
  }
  return out;
}

/**
 * One statement of a document. Kept for every policy node of the snapshot while the rules run, so its methods are
 * the class's, not closures made per statement, and its label and key are made when asked.
 */
class Statement implements StatementSource {
  private statementPointer: string | undefined;

  constructor(
    readonly statement: NormalizedStatement,
    readonly path: PolicyPath,
    private readonly raw: unknown,
    /** The document's pointer; with `textual`, every pointer below it stops there. */
    private readonly documentPointer: string,
    private readonly textual: boolean,
  ) {}

  get label(): string {
    return this.statement.sid ? `"${this.statement.sid}"` : String(this.statement.index);
  }

  get key(): string {
    return this.statement.sid ? `sid:${this.statement.sid}` : `#${this.statement.index}`;
  }

  pointerTo(...segments: Array<string | number>): string {
    if (this.textual) return this.documentPointer;
    // Rules ask for many pointers below a statement: its own is built once and extended.
    this.statementPointer ??= this.documentPointer + pathToPointer(this.path);
    return segments.length === 0 ? this.statementPointer : this.statementPointer + pathToPointer(segments);
  }

  values(element: ListElement): readonly ElementValue[] {
    return valuesAt(this.raw, [element], this, this.textual);
  }

  valuesAt(...segments: string[]): readonly ElementValue[] {
    return valuesAt(this.raw, segments, this, this.textual);
  }
}

function build(node: PolicyNode, described: Described): PolicySource {
  const { document, pointer } = described;
  const textual = typeof document === 'string';
  const root = textual ? parseText(document) : document;
  const pointerTo = (path: PolicyPath): string => (textual ? pointer : pointer + pathToPointer(path));
  const rawStatements = isPlainObject(root) ? own(root, 'Statement') : undefined;
  const single = !Array.isArray(rawStatements);
  const policy = normalizePolicy(document);
  const statements = policy.statements.map((statement): StatementSource => {
    const path: PolicyPath = single ? ['Statement'] : ['Statement', statement.index];
    const raw = single ? rawStatements : (rawStatements as unknown[])[statement.index];
    return new Statement(statement, path, raw, pointer, textual);
  });
  return { node, ...described, policy, statements, pointerTo };
}

/** Every policy document a node carries that its owner can fix (AWS managed policies and SCPs/RCPs are left out). */
export function policySources(node: AnyNode): readonly PolicySource[] {
  let sources = cache.get(node);
  if (sources === undefined) {
    const described = describe(node);
    sources = described === undefined ? NO_SOURCES : [build(node as PolicyNode, described)];
    cache.set(node, sources);
  }
  return sources;
}

const awsManagedCache = new WeakMap<ManagedPolicyNode, PolicySource>();

/**
 * The document of a managed or inline policy: customer documents as `policySources` gives them, AWS managed ones
 * (which it leaves out) only when asked for, for the rules that report those too.
 */
export function identityPolicySource(node: ManagedPolicyNode | InlinePolicyNode, includeAwsManaged: boolean): PolicySource | undefined {
  if (node.kind !== 'ManagedPolicy' || !node.awsManaged) return policySources(node)[0];
  if (!includeAwsManaged) return undefined;
  let source = awsManagedCache.get(node);
  if (source === undefined) {
    source = build(node, { kind: 'identity', document: node.document, label: `AWS managed policy ${node.name}`, pointer: '/document' });
    awsManagedCache.set(node, source);
  }
  return source;
}

const ALL_KINDS: readonly PolicyKind[] = ['identity', 'trust', 'scp', 'rcp'];

/** Visitors that hand each policy document of the given kinds to `check`. */
export function policyVisitors(check: (source: PolicySource) => void, kinds: readonly PolicyKind[] = ALL_KINDS): RuleVisitors {
  const visit = (node: AnyNode) => {
    for (const source of policySources(node)) if (kinds.includes(source.kind)) check(source);
  };
  const visitors: RuleVisitors = {};
  if (kinds.includes('identity')) {
    visitors.InlinePolicy = visit;
    visitors.ManagedPolicy = visit;
  }
  if (kinds.includes('trust')) visitors.Role = visit;
  if (kinds.includes('scp')) visitors.Scp = visit;
  if (kinds.includes('rcp')) visitors.Rcp = visit;
  return visitors;
}

/** Whether a JSON-pointer-free path names a statement and which: `['Statement', 2, …]` → 2, `['Statement', 'Action']` → 0. */
export function statementIndexOf(path: PolicyPath): number | undefined {
  if (path[0] !== 'Statement' || path.length < 2) return undefined;
  return typeof path[1] === 'number' ? path[1] : 0;
}

/**
 * A condition key's catalogue entry. Beyond `actionCatalog.conditionKey`, it knows the few keys AWS documents
 * with a `<key>` placeholder (`s3:ExistingObjectTag/<key>`), which otherwise look unknown.
 */
export function findConditionKey(name: string): ConditionKeyInfo | undefined {
  const found = actionCatalog.conditionKey(name);
  if (found !== undefined) return found;
  const colon = name.indexOf(':');
  if (colon <= 0) return undefined;
  const lower = name.toLowerCase();
  return actionCatalog
    .serviceConditionKeys(name.slice(0, colon))
    .find((info) => info.key.includes('<') && wildcardMatch(info.key.toLowerCase().replace(/<[^>]*>/g, '?*'), lower));
}

/**
 * Keys of web identity and SAML federation are named after the identity provider
 * (`token.actions.githubusercontent.com:sub`, `oidc.eks.eu-west-1.amazonaws.com/id/…:aud`): no catalogue lists them.
 */
export function isIdentityProviderKey(name: string): boolean {
  const colon = name.indexOf(':');
  return colon > 0 && /[./]/.test(name.slice(0, colon));
}

/** Whether a value uses a policy variable such as `${aws:username}`. */
export function hasVariable(value: string): boolean {
  return value.includes('${');
}
