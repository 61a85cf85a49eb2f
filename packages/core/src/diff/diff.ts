import type { Model } from '../model/model.js';
import { createPolicyQuestions } from '../policy/questions/index.js';
import type { PolicyQuestions } from '../policy/questions/types.js';
import { DocumentComparer } from './canonical.js';
import { accountsNotComparable, diffEntities, ENTITY_KINDS } from './entities.js';
import { diffPermissions } from './permissions.js';
import { DIFF_JSON_VERSION, type EntityChange, type SnapshotDiff, type SnapshotInfo } from './types.js';
import { compare } from '../util/compare.js';

export interface DiffOptions {
  /** Policy questions over each model, when the caller already has them (their answers are memoised). */
  oldQuestions?: PolicyQuestions;
  newQuestions?: PolicyQuestions;
}

/** What changed in who-can-do-what between two snapshots of the same organization. Pure. */
export function diffSnapshots(oldModel: Model, newModel: Model, options: DiffOptions = {}): SnapshotDiff {
  const documents = new DocumentComparer();
  const before = { model: oldModel, questions: options.oldQuestions ?? createPolicyQuestions(oldModel) };
  const after = { model: newModel, questions: options.newQuestions ?? createPolicyQuestions(newModel) };
  const skipped = accountsNotComparable(oldModel, newModel);
  const skipAccounts = new Set(skipped);
  const entities = diffEntities(before, after, documents, skipAccounts).sort(compareEntityChanges);
  const permissions = diffPermissions(before, after, documents, skipAccounts);
  const warnings = skipped.map((accountId) => {
    const missingIn = newModel.account(accountId)?.hasAccountFile ? 'the old' : 'the new';
    return `account ${accountId}: ${missingIn} snapshot has no accounts/${accountId}.json, so its IAM users, roles, groups and policies were not compared`;
  });
  const adminAssumersGained = entities.reduce((sum, entity) => sum + adminAssumersAdded(after, entity), 0);
  const count = (change: EntityChange['change']) => entities.filter((entity) => entity.change === change).length;
  return {
    version: DIFF_JSON_VERSION,
    old: infoOf(oldModel),
    new: infoOf(newModel),
    summary: {
      adminGained: permissions.filter((change) => change.adminChange === 'gained').length + adminAssumersGained,
      adminAssumersGained,
      adminLost: permissions.filter((change) => change.adminChange === 'lost').length,
      principalsChanged: permissions.length,
      added: count('added'),
      removed: count('removed'),
      changed: count('changed'),
    },
    permissions,
    entities,
    accountNames: accountNames(oldModel, newModel),
    warnings,
  };
}

/** A role's trust newly letting someone in counts as admin gained when the role is an administrator. */
function adminAssumersAdded(after: { model: Model; questions: PolicyQuestions }, entity: EntityChange): number {
  const added = entity.trust?.added.length ?? 0;
  if (entity.kind !== 'Role' || added === 0) return 0;
  const role = after.model.byId(entity.id);
  return role?.kind === 'Role' && after.questions.isAdmin(role).admin ? added : 0;
}

export function isEmptyDiff(diff: SnapshotDiff): boolean {
  return diff.permissions.length === 0 && diff.entities.length === 0;
}

function accountNames(oldModel: Model, newModel: Model): Record<string, string> {
  const names: Record<string, string> = {};
  const accounts = [...oldModel.accounts, ...newModel.accounts].sort((a, b) => compare(a.accountId, b.accountId));
  for (const account of accounts) if (account.name !== account.accountId) names[account.accountId] = account.name;
  return names;
}

function infoOf(model: Model): SnapshotInfo {
  return { collectedAt: model.manifest.collectedAt, organizationId: model.organization?.id ?? null, accounts: model.accounts.length };
}

const IDENTITY_CENTER_KINDS = new Set(['PermissionSet', 'AccountAssignment', 'IdentityStoreUser', 'IdentityStoreGroup']);

/** Organization first, then AWS managed policies, then accounts by id, then Identity Center. */
export function entityScopeKey(change: Pick<EntityChange, 'kind' | 'accountId'>): string {
  if (IDENTITY_CENTER_KINDS.has(change.kind)) return '3|';
  if (change.accountId !== null) return `2|${change.accountId}`;
  return change.kind === 'ManagedPolicy' ? '1|' : '0|';
}

const CHANGE_ORDER = { removed: 0, changed: 1, added: 2 } as const;

function compareEntityChanges(a: EntityChange, b: EntityChange): number {
  return (
    compare(entityScopeKey(a), entityScopeKey(b)) ||
    ENTITY_KINDS.indexOf(a.kind) - ENTITY_KINDS.indexOf(b.kind) ||
    compare(a.owner ?? '', b.owner ?? '') ||
    compare(a.name, b.name) ||
    compare(a.id, b.id) ||
    CHANGE_ORDER[a.change] - CHANGE_ORDER[b.change]
  );
}
