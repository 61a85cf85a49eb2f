import type { Model } from '../../model/model.js';
import type { IamPrincipalNode, RoleNode } from '../../model/nodes.js';
import type { EvaluationResult } from '../evaluate.js';
import { normalizePolicy, statementCoversAction } from '../statements.js';
import type { EvaluatedPrincipal, RoleAssumer } from './types.js';

const ASSUME_ACTIONS = ['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity'];

type Can = (principal: EvaluatedPrincipal, action: string, resource?: string) => EvaluationResult;

/** Who can assume each role, as its trust policy and their own permissions allow; memoised per role and account. */
export class Assumers {
  private readonly byRole = new Map<string, readonly RoleAssumer[]>();
  private readonly mayAssume = new Map<string, readonly IamPrincipalNode[]>();

  constructor(
    private readonly model: Model,
    private readonly can: Can,
  ) {}

  of(role: RoleNode): readonly RoleAssumer[] {
    const cached = this.byRole.get(role.id);
    if (cached) return cached;
    const found = new AssumerList();
    const trust = normalizePolicy(role.trustPolicy);
    for (const statement of trust.statements) {
      if (statement.effect !== 'Allow' || !ASSUME_ACTIONS.some((action) => statementCoversAction(statement, action))) continue;
      const conditional = statement.conditions.length > 0;
      if (statement.notPrincipal !== undefined || statement.principal?.wildcard) {
        found.add('anyone', { kind: 'anyone', conditional });
      }
      const principal = statement.principal;
      if (!principal) continue;
      const trustsAws = statementCoversAction(statement, 'sts:assumerole');
      for (const value of trustsAws ? (principal.byType.get('AWS') ?? []) : []) {
        if (value !== '*') this.addAwsPrincipal(found, role, value, conditional);
      }
      for (const service of principal.byType.get('Service') ?? []) {
        found.add(`service|${service}`, { kind: 'service', service, conditional });
      }
      for (const provider of principal.byType.get('Federated') ?? []) {
        found.add(`federated|${provider}`, { kind: 'federated', provider, conditional });
      }
    }
    const list = found.list();
    this.byRole.set(role.id, list);
    return list;
  }

  private addAwsPrincipal(found: AssumerList, role: RoleNode, value: string, conditional: boolean): void {
    const account = accountOfPrincipalValue(value);
    if (account === undefined) return;
    if (account.root) {
      this.addAccount(found, account.id, conditional);
      for (const candidate of this.mayAssumeRoles(account.id)) {
        const result = this.can(candidate, 'sts:AssumeRole', role.arn);
        if (result.decision === 'allowed') {
          found.add(candidate.id, { kind: 'principal', principal: candidate, conditional: conditional || result.conditional });
        }
      }
      return;
    }
    const node = this.model.byId(value);
    if (node?.kind !== 'User' && node?.kind !== 'Role') {
      this.addAccount(found, account.id, conditional);
      return;
    }
    const result = this.can(node, 'sts:AssumeRole', role.arn);
    const sameAccount = node.accountId === role.accountId;
    // In its own account the trust policy grants a principal it names; SCPs and explicit denies still apply.
    const blocked = sameAccount
      ? result.decision === 'denied' || result.missingAllow === 'scp' || result.missingAllow === 'rcp'
      : result.decision !== 'allowed';
    if (blocked) return;
    const resultConditional = result.decision === 'allowed' && result.conditional;
    found.add(node.id, { kind: 'principal', principal: node, conditional: conditional || resultConditional });
  }

  /** The account's users and roles allowed sts:AssumeRole on some role: computed once, most principals are not. */
  private mayAssumeRoles(accountId: string): readonly IamPrincipalNode[] {
    let list = this.mayAssume.get(accountId);
    if (!list) {
      list = [...this.model.inAccount('User', accountId), ...this.model.inAccount('Role', accountId)].filter(
        (candidate) => this.can(candidate, 'sts:AssumeRole').decision === 'allowed',
      );
      this.mayAssume.set(accountId, list);
    }
    return list;
  }

  private addAccount(found: AssumerList, accountId: string, conditional: boolean): void {
    const inOrganization = this.model.account(accountId)?.organizationEntry != null;
    found.add(`account|${accountId}`, { kind: 'account', accountId, inOrganization, conditional });
  }
}

class AssumerList {
  private readonly byKey = new Map<string, RoleAssumer>();

  /** The same assumer through several statements: an unconditional grant wins. */
  add(key: string, assumer: RoleAssumer): void {
    const existing = this.byKey.get(key);
    if (!existing || (existing.conditional && !assumer.conditional)) this.byKey.set(key, assumer);
  }

  list(): readonly RoleAssumer[] {
    return [...this.byKey.values()];
  }
}

/** The account an AWS principal value names, and whether it names the whole account (`123…` or `:root`). */
function accountOfPrincipalValue(value: string): { id: string; root: boolean } | undefined {
  if (/^\d{12}$/.test(value)) return { id: value, root: true };
  const match = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):(.+)$/.exec(value);
  if (!match) return undefined;
  return { id: match[1] as string, root: match[2] === 'root' };
}
