import type { Model } from '../model/model.js';
import type { RoleNode } from '../model/nodes.js';
import type { AnswerPrincipal, AnswerReason, Answerer, Verdict } from './answers.js';

export interface WhoCanEntry {
  readonly principal: AnswerPrincipal;
  readonly verdict: Exclude<Verdict, 'denied'>;
  /** 0: its own policies allow it; 1: through a role it can assume (named in `via`). */
  readonly hops: number;
  /** The role assumed, for `hops: 1`. */
  readonly via?: { readonly id: string; readonly name: string; readonly accountId: string };
  /** For a permission set: who is assigned it in that account (user or group names). */
  readonly assignedTo?: readonly string[];
  readonly because: string;
  readonly reasons: readonly AnswerReason[];
}

export interface WhoCanAnswer {
  readonly action: string;
  readonly resource: string | null;
  /** The accounts whose principals were asked: `--account`, else the resource's account, else all. */
  readonly accounts: readonly string[];
  readonly entries: readonly WhoCanEntry[];
}

export interface WhoCanOptions {
  readonly resource?: string;
  readonly accountId?: string;
}

const VERDICT_ORDER: Record<Exclude<Verdict, 'denied'>, number> = { allowed: 0, conditional: 1 };
const KIND_ORDER: Record<AnswerPrincipal['kind'], number> = { User: 0, Role: 1, PermissionSet: 2, Group: 3 };

/**
 * Every user, role and permission set (per account it is assigned in) that can perform the action in the accounts
 * asked about, then the principals that reach one of those roles by assuming it; most direct first, sure before
 * conditional. Without resource policies in the snapshot (beyond trust policies), a resource in one account is
 * asked about for that account's principals.
 */
export function answerWhoCan(answerer: Answerer, action: string, options: WhoCanOptions = {}): WhoCanAnswer {
  const { model, questions } = answerer;
  const resourceAccount = options.resource === undefined ? undefined : accountOfArn(options.resource);
  const accounts = options.accountId !== undefined ? [options.accountId] : resourceAccount !== undefined ? [resourceAccount] : model.accounts.map((account) => account.accountId);
  const entries: WhoCanEntry[] = [];
  const seen = new Set<string>();
  const add = (entry: WhoCanEntry) => {
    const key = `${entry.principal.id}|${entry.principal.accountId ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    entries.push(entry);
  };
  const directRoles: Array<{ role: RoleNode; verdict: Exclude<Verdict, 'denied'> }> = [];

  for (const accountId of accounts) {
    for (const principal of [...model.inAccount('User', accountId), ...model.inAccount('Role', accountId)]) {
      const answer = answerer.can(principal, action, options.resource);
      if (answer.verdict === 'denied') continue;
      add({ principal: answer.principal, verdict: answer.verdict, hops: 0, because: answer.because, reasons: answer.reasons });
      if (principal.kind === 'Role') directRoles.push({ role: principal, verdict: answer.verdict });
    }
  }
  for (const permissionSet of model.all('PermissionSet')) {
    const assignments = model.assignmentsOf(permissionSet).filter((assignment) => accounts.includes(assignment.accountId));
    for (const accountId of [...new Set(assignments.map((assignment) => assignment.accountId))].sort()) {
      const answer = answerer.can(permissionSet, action, options.resource, accountId);
      if (answer.verdict === 'denied') continue;
      const assignedTo = assignments.filter((assignment) => assignment.accountId === accountId).map((assignment) => assigneeName(model, assignment));
      add({ principal: answer.principal, verdict: answer.verdict, hops: 0, assignedTo, because: answer.because, reasons: answer.reasons });
    }
  }
  for (const { role, verdict } of directRoles) {
    for (const assumer of questions.whoCanAssume(role)) {
      if (assumer.kind !== 'principal' || assumer.principal.kind === 'Group') continue;
      const principal = assumer.principal;
      const combined: Exclude<Verdict, 'denied'> = assumer.conditional || verdict === 'conditional' ? 'conditional' : 'allowed';
      add({
        principal: { kind: principal.kind, id: principal.id, name: principal.name, accountId: principal.accountId },
        verdict: combined,
        hops: 1,
        via: { id: role.id, name: role.name, accountId: role.accountId },
        because: `can assume role ${role.name}${role.accountId === principal.accountId ? '' : ` in account ${role.accountId}`}, which can`,
        reasons: [],
      });
    }
  }
  entries.sort(
    (a, b) =>
      a.hops - b.hops ||
      VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] ||
      KIND_ORDER[a.principal.kind] - KIND_ORDER[b.principal.kind] ||
      compare(a.principal.accountId ?? '', b.principal.accountId ?? '') ||
      compare(a.principal.name, b.principal.name),
  );
  return { action, resource: options.resource ?? null, accounts, entries };
}

function assigneeName(model: Model, assignment: { principalType: string; principalId: string; instanceArn: string }): string {
  if (assignment.principalType === 'GROUP') {
    return `group ${model.identityStoreGroup(assignment.instanceArn, assignment.principalId)?.name ?? assignment.principalId}`;
  }
  return `user ${model.identityStoreUser(assignment.instanceArn, assignment.principalId)?.name ?? assignment.principalId}`;
}

function accountOfArn(arn: string): string | undefined {
  return /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
