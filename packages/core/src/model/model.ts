import { PositionIndex, type JsonText } from '../json/positions.js';
import { originOf, type SnapshotOrigins } from './origins.js';
import { SECTION_IDS, SECTION_PARENTS, type Gap, type Manifest, type SectionId } from '../snapshot/schema.js';
import type {
  AccountAssignmentNode,
  AccountNode,
  AnyNode,
  GroupNode,
  IamPrincipalNode,
  IdentityCenterInstanceData,
  IdentityStoreGroupNode,
  IdentityStoreUserNode,
  InlinePolicyNode,
  ManagedPolicyNode,
  NodeKind,
  NodeKindMap,
  OrganizationNode,
  OrganizationalUnitNode,
  PermissionSetNode,
  RcpNode,
  ScpNode,
  SourceRef,
  UserNode,
} from './nodes.js';
import { addTo, push } from '../util/collections.js';
import { isAwsManagedPolicyArn } from '../snapshot/document-texts.js';

export { isAwsManagedPolicyArn };

export interface Location {
  /** A snapshot-relative file; with `input`, a raw input file as the user named it. */
  file: string;
  line: number;
  column: number;
  /** The JSON pointer in `file` ('' for a line of a CSV input). */
  pointer: string;
  /** Set when the snapshot was imported in memory and `file` is the raw export the value came from. */
  input?: true;
}

/** A policy that applies to a principal, with how it got there. */
export interface PrincipalPolicy {
  readonly type: 'inline' | 'managed';
  readonly name: string;
  /** The managed policy's ARN; undefined for inline policies. */
  readonly arn: string | undefined;
  /** The group that carries it, when inherited through group membership. */
  readonly via: GroupNode | null;
  /** The policy document; undefined when a managed policy is attached but absent from the snapshot. */
  readonly document: unknown;
  readonly node: InlinePolicyNode | ManagedPolicyNode | undefined;
}

/** Sections read per account (the rest are read once for the organization). */
export interface OrganizationPolicyLevel {
  readonly targetId: string;
  /** The OU or account at this level; null for the organization root. */
  readonly target: OrganizationalUnitNode | AccountNode | null;
  readonly policies: ReadonlyArray<ScpNode | RcpNode>;
}

export const ACCOUNT_SECTIONS: readonly SectionId[] = SECTION_IDS.filter((section) => section.startsWith('iam.'));

/** A snapshot's files by relative path; a reader from disk may also give a file's bytes, for positions. */
export interface SnapshotTexts extends ReadonlyMap<string, string> {
  /**
   * A file's bytes. `reuse` is memory the caller no longer needs (bytes this reader gave before), to read into
   * instead of allocating: each allocation is external memory, which makes V8 collect the whole heap, a large one
   * by the time a report locates its findings.
   */
  bytes?(file: string, reuse?: Uint8Array): Uint8Array | undefined;
}

export interface ModelParts {
  manifest: Manifest;
  texts: SnapshotTexts;
  nodes: AnyNode[];
  organization: OrganizationNode | null;
  identityCenter: IdentityCenterInstanceData[];
  hasOrganizationFile: boolean;
  hasIdentityCenterFile: boolean;
  /** For a snapshot imported in memory from raw exports: where its values came from, so findings point there. */
  origins?: SnapshotOrigins;
}

/** The loaded snapshot: immutable nodes in traversal order, and the indexes rules ask questions of. */
export class Model {
  readonly manifest: Manifest;
  readonly collectedAt: Date;
  readonly organization: OrganizationNode | null;
  readonly identityCenter: readonly IdentityCenterInstanceData[];
  readonly gaps: readonly Gap[];

  private readonly texts: SnapshotTexts;
  private readonly orderedNodes: readonly AnyNode[];
  private readonly nodesByKind = new Map<NodeKind, AnyNode[]>();
  private readonly nodesById = new Map<string, AnyNode>();
  private readonly accountsById = new Map<string, AccountNode>();
  // By account, then by kind, name or ARN: rules look these up per principal, and a joined key would be built and hashed per lookup.
  private readonly nodesByAccountAndKind = new ByAccount<AnyNode[]>();
  private readonly groupsByAccountAndName = new ByAccount<GroupNode>();
  private readonly membersByGroupName = new ByAccount<UserNode[]>();
  private readonly managedPolicies = new ByAccount<ManagedPolicyNode>();
  /** AWS managed policies are the same document in every account: the first copy seen answers for all. */
  private readonly awsManagedPolicies = new Map<string, ManagedPolicyNode>();
  private readonly inlinePoliciesByOwner = new Map<string, InlinePolicyNode[]>();
  private readonly assignmentsByPermissionSet = new Map<string, AccountAssignmentNode[]>();
  private readonly identityStoreUsers = new Map<string, IdentityStoreUserNode>();
  private readonly identityStoreGroups = new Map<string, IdentityStoreGroupNode>();
  private readonly missingGlobal = new Set<SectionId>();
  private readonly missingByAccount = new Map<string, Set<SectionId>>();
  private readonly positionIndexes = new Map<string, { index: PositionIndex; content: JsonText }>();
  /** Where in the manifest's gaps each section's gaps are, by section and account: a report asks per account. */
  private readonly gapPositions = new Map<string, number[]>();
  private readonly origins: SnapshotOrigins | undefined;

  constructor(parts: ModelParts) {
    this.manifest = parts.manifest;
    this.collectedAt = new Date(parts.manifest.collectedAt);
    this.organization = parts.organization;
    this.identityCenter = parts.identityCenter;
    this.gaps = parts.manifest.gaps;
    this.texts = parts.texts;
    this.orderedNodes = parts.nodes;
    this.origins = parts.origins;

    for (const node of parts.nodes) this.index(node);
    this.indexMissingSections(parts);
  }

  private index(node: AnyNode): void {
    push(this.nodesByKind, node.kind, node);
    if (!this.nodesById.has(node.id)) this.nodesById.set(node.id, node);
    if (node.accountId !== null) push(this.nodesByAccountAndKind.in(node.accountId), node.kind, node);
    switch (node.kind) {
      case 'Account':
        this.accountsById.set(node.accountId, node);
        break;
      case 'Group':
        this.groupsByAccountAndName.in(node.accountId).set(node.groupName, node);
        break;
      case 'User':
        for (const groupName of node.groups) {
          push(this.membersByGroupName.in(node.accountId), groupName, node);
        }
        break;
      case 'ManagedPolicy':
        this.managedPolicies.in(node.accountId).set(node.arn, node);
        if (node.awsManaged && !this.awsManagedPolicies.has(node.arn)) this.awsManagedPolicies.set(node.arn, node);
        break;
      case 'InlinePolicy':
        push(this.inlinePoliciesByOwner, node.owner.id, node);
        break;
      case 'AccountAssignment':
        push(this.assignmentsByPermissionSet, node.permissionSetArn, node);
        break;
      case 'IdentityStoreUser':
        this.identityStoreUsers.set(`${node.instanceArn}|${node.userId}`, node);
        break;
      case 'IdentityStoreGroup':
        this.identityStoreGroups.set(`${node.instanceArn}|${node.groupId}`, node);
        break;
      default:
        break;
    }
  }

  private indexMissingSections(parts: ModelParts): void {
    if (!parts.hasOrganizationFile) {
      this.missingGlobal.add('organization');
      this.missingGlobal.add('organization.policies');
    }
    if (!parts.hasIdentityCenterFile) this.missingGlobal.add('identityCenter');
    parts.manifest.gaps.forEach((gap, position) => {
      if (gap.accountId === undefined) this.missingGlobal.add(gap.section);
      else addTo(this.missingByAccount, gap.accountId, gap.section);
      push(this.gapPositions, gapKey(gap.section, gap.accountId), position);
    });
    for (const account of this.accounts) {
      if (!account.hasAccountFile) {
        for (const section of ACCOUNT_SECTIONS) addTo(this.missingByAccount, account.accountId, section);
      }
      for (const section of account.absentSections) addTo(this.missingByAccount, account.accountId, section);
    }
  }

  /** Every node, in the order the rule engine visits them. */
  nodes(): readonly AnyNode[] {
    return this.orderedNodes;
  }

  all<K extends NodeKind>(kind: K): readonly NodeKindMap[K][] {
    return (this.nodesByKind.get(kind) ?? []) as NodeKindMap[K][];
  }

  inAccount<K extends NodeKind>(kind: K, accountId: string): readonly NodeKindMap[K][] {
    return (this.nodesByAccountAndKind.get(accountId, kind) ?? []) as NodeKindMap[K][];
  }

  get accounts(): readonly AccountNode[] {
    return this.all('Account');
  }

  account(accountId: string): AccountNode | undefined {
    return this.accountsById.get(accountId);
  }

  get managementAccountId(): string | null {
    return this.organization?.managementAccountId ?? this.manifest.scope.managementAccountId ?? null;
  }

  /** The node with this id (an ARN for IAM entities). */
  byId(id: string): AnyNode | undefined {
    return this.nodesById.get(id);
  }

  group(accountId: string, groupName: string): GroupNode | undefined {
    return this.groupsByAccountAndName.get(accountId, groupName);
  }

  groupsOf(user: UserNode): GroupNode[] {
    return user.groups.flatMap((name) => this.group(user.accountId, name) ?? []);
  }

  membersOf(group: GroupNode): readonly UserNode[] {
    return this.membersByGroupName.get(group.accountId, group.groupName) ?? [];
  }

  /** A managed policy as seen from an account: customer managed ones live there, AWS managed ones anywhere. */
  managedPolicy(arn: string, accountId: string): ManagedPolicyNode | undefined {
    const local = this.managedPolicies.get(accountId, arn);
    if (local || !isAwsManagedPolicyArn(arn)) return local;
    return this.awsManagedPolicies.get(arn);
  }

  inlinePoliciesOf(owner: { id: string }): readonly InlinePolicyNode[] {
    return this.inlinePoliciesByOwner.get(owner.id) ?? [];
  }

  /** The identity policies of a principal: its own inline and managed policies, then those of its groups. */
  policiesOf(principal: IamPrincipalNode): PrincipalPolicy[] {
    // One list filled in place: asked per principal and per question, each intermediate list is garbage at once.
    const policies: PrincipalPolicy[] = [];
    this.addDirectPolicies(policies, principal, null);
    if (principal.kind === 'User') for (const group of this.groupsOf(principal)) this.addDirectPolicies(policies, group, group);
    return policies;
  }

  private addDirectPolicies(policies: PrincipalPolicy[], principal: IamPrincipalNode, via: GroupNode | null): void {
    for (const node of this.inlinePoliciesOf(principal)) {
      policies.push({ type: 'inline', name: node.name, arn: undefined, via, document: node.document, node });
    }
    for (const arn of principal.attachedManagedPolicies) {
      const node = this.managedPolicy(arn, principal.accountId);
      policies.push({ type: 'managed', name: arn.slice(arn.lastIndexOf('/') + 1), arn, via, document: node?.document, node });
    }
  }

  permissionSet(arn: string): PermissionSetNode | undefined {
    const node = this.nodesById.get(arn);
    return node?.kind === 'PermissionSet' ? node : undefined;
  }

  assignmentsOf(permissionSet: PermissionSetNode): readonly AccountAssignmentNode[] {
    return this.assignmentsByPermissionSet.get(permissionSet.arn) ?? [];
  }

  identityStoreUser(instanceArn: string, userId: string): IdentityStoreUserNode | undefined {
    return this.identityStoreUsers.get(`${instanceArn}|${userId}`);
  }

  identityStoreGroup(instanceArn: string, groupId: string): IdentityStoreGroupNode | undefined {
    return this.identityStoreGroups.get(`${instanceArn}|${groupId}`);
  }

  /**
   * SCPs or RCPs along an account's path, one level per target: the root, each OU from the top, then the
   * account itself. Each level lists the policies attached there (possibly none).
   */
  organizationPolicyLevels(accountId: string, kind: 'Scp' | 'Rcp'): OrganizationPolicyLevel[] {
    const account = this.account(accountId);
    if (!account?.organizationEntry) return [];
    const rootId = account.ouPath[0]?.parentId ?? account.organizationEntry.parentId;
    const targets: Array<OrganizationalUnitNode | AccountNode | null> = [null, ...account.ouPath, account];
    const policies = this.all(kind);
    return targets.map((target) => {
      const targetId = target === null ? rootId : target.kind === 'Account' ? target.accountId : target.id;
      return { targetId, target, policies: policies.filter((policy) => policy.targets.includes(targetId)) };
    });
  }

  /** SCPs or RCPs that govern an account: those attached to the root, to each OU on its path, and to it. */
  organizationPoliciesFor(accountId: string, kind: 'Scp' | 'Rcp'): Array<ScpNode | RcpNode> {
    return [...new Set(this.organizationPolicyLevels(accountId, kind).flatMap((level) => level.policies))];
  }

  /** Whether the snapshot holds this section (for an account, or organization-wide when accountId is null). */
  isCollected(section: SectionId, accountId: string | null): boolean {
    const parent = SECTION_PARENTS[section];
    if (parent !== undefined && !this.isCollected(parent, accountId)) return false;
    if (this.missingGlobal.has(section)) return false;
    if (accountId === null) return true;
    return !(this.missingByAccount.get(accountId)?.has(section) ?? false);
  }

  /** The gaps of a section or its parent, organization-wide or of this account, in the manifest's order. */
  gapsFor(section: SectionId, accountId: string | null): Gap[] {
    const parent = SECTION_PARENTS[section];
    const positions: number[] = [];
    for (const gapSection of parent === undefined ? [section] : [section, parent]) {
      for (const key of accountId === null ? [gapKey(gapSection, undefined)] : [gapKey(gapSection, undefined), gapKey(gapSection, accountId)]) {
        for (const position of this.gapPositions.get(key) ?? []) positions.push(position);
      }
    }
    return positions.sort((a, b) => a - b).map((position) => this.gaps[position] as Gap);
  }

  /**
   * Resolves a node's source to line and column; files are read and scanned for positions only when first asked.
   * Findings come in file order, so the position indexes of the last few files answer nearly every question and
   * the others are let go: a report on every account of a large snapshot never holds all of it at once.
   */
  locate(source: SourceRef): Location {
    const origin = this.origins ? originOf(this.origins, source.file, source.pointer) : undefined;
    if (origin) {
      if (origin.line !== undefined) return { file: origin.file, line: origin.line, column: 1, pointer: '', input: true };
      const index = this.positionIndex(`input:${origin.file}`, () => this.origins?.texts.get(origin.file));
      if (index) return { file: origin.file, ...index.positionOfPointer(origin.pointer), pointer: origin.pointer, input: true };
    }
    // Bytes rather than text when the reader has them: a large file's text is garbage that only a full collection
    // frees, and a report re-reads every file its findings point into.
    const index = this.positionIndex(`snapshot:${source.file}`, (reuse) =>
      this.texts.bytes ? this.texts.bytes(source.file, reuse) : this.texts.get(source.file),
    );
    if (!index) return { file: source.file, line: 1, column: 1, pointer: source.pointer };
    return { file: source.file, ...index.positionOfPointer(source.pointer), pointer: source.pointer };
  }

  /** The index of a file, kept among the last few used; a file read anew reuses the bytes of the one it replaces. */
  private positionIndex(key: string, text: (reuse?: Uint8Array) => JsonText | undefined): PositionIndex | undefined {
    let entry = this.positionIndexes.get(key);
    if (entry) {
      this.positionIndexes.delete(key);
    } else {
      let reuse: Uint8Array | undefined;
      if (this.positionIndexes.size >= POSITION_INDEXES_KEPT) {
        const [oldestKey, oldest] = this.positionIndexes.entries().next().value as [string, { content: JsonText }];
        this.positionIndexes.delete(oldestKey);
        if (typeof oldest.content !== 'string') reuse = oldest.content;
      }
      const content = text(reuse);
      if (content === undefined) return undefined;
      entry = { index: new PositionIndex(content), content };
    }
    this.positionIndexes.set(key, entry);
    return entry.index;
  }
}

const POSITION_INDEXES_KEPT = 16;


function gapKey(section: SectionId, accountId: string | undefined): string {
  return accountId === undefined ? section : `${section}|${accountId}`;
}

/** Values by account id, then by a second key (a kind, a name, an ARN). */
class ByAccount<V> {
  private readonly accounts = new Map<string, Map<string, V>>();

  in(accountId: string): Map<string, V> {
    let map = this.accounts.get(accountId);
    if (!map) this.accounts.set(accountId, (map = new Map()));
    return map;
  }

  get(accountId: string, key: string): V | undefined {
    return this.accounts.get(accountId)?.get(key);
  }
}
