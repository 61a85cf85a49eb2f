import type { Model } from '../../model/model.js';
import type { RoleNode } from '../../model/nodes.js';
import { push } from '../../util/collections.js';
import type { PolicyQuestions } from '../questions/types.js';

/** A role a principal can assume, perhaps only under conditions. */
export interface Reach {
  readonly role: RoleNode;
  readonly conditional: boolean;
}

/** Every role by who its trust policy lets in (`whoCanAssume`): principals, services, whole accounts, anyone. */
export interface AssumeIndex {
  readonly byPrincipal: Map<string, Reach[]>;
  readonly byService: Map<string, Reach[]>;
  /** `byService` within one account, by `serviceInAccount`: each account's search looks up only its own roles. */
  readonly byServiceInAccount: Map<string, Reach[]>;
  /** Roles that trust a whole account, by that account: its principals need their own allow. */
  readonly byAccount: Map<string, Reach[]>;
  readonly anyone: Reach[];
}

export function buildAssumeIndex(model: Model, questions: PolicyQuestions): AssumeIndex {
  const index: AssumeIndex = { byPrincipal: new Map(), byService: new Map(), byServiceInAccount: new Map(), byAccount: new Map(), anyone: [] };
  for (const role of model.all('Role')) {
    for (const assumer of questions.whoCanAssume(role)) {
      const reach = { role, conditional: assumer.conditional };
      switch (assumer.kind) {
        case 'principal':
          if (assumer.principal.kind !== 'Group') push(index.byPrincipal, assumer.principal.id, reach);
          break;
        case 'service':
          push(index.byService, assumer.service.toLowerCase(), reach);
          push(index.byServiceInAccount, serviceInAccount(assumer.service, role.accountId), reach);
          break;
        case 'anyone':
          index.anyone.push(reach);
          break;
        case 'account':
          push(index.byAccount, assumer.accountId, reach);
          break;
        case 'federated':
          break;
      }
    }
  }
  return index;
}

export function serviceInAccount(service: string, accountId: string): string {
  return `${service.toLowerCase()}|${accountId}`;
}
