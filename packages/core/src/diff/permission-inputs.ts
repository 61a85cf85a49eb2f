import type { Model } from '../model/model.js';
import type { IamPrincipalNode, PermissionSetNode } from '../model/nodes.js';
import { ADMINISTRATOR_ACCESS, ADMINISTRATOR_DOCUMENT } from '../policy/questions/inputs.js';
import { compare } from '../util/compare.js';
import type { DiffPrincipalKind } from './types.js';

/** Permission sets are evaluated outside any account; AWS managed policies are found under any account id. */
const ANY_ACCOUNT = '000000000000';

/** One policy that shapes a principal's permissions, as the diff compares it. */
export interface InputPolicy {
  /** Unique per principal: type, id and the group it comes through. */
  readonly key: string;
  /** The policy id the evaluator reports in `decidedBy`. */
  readonly policyId: string;
  readonly label: string;
  /** The document as the snapshot holds it; undefined when it lacks it. */
  readonly stored: unknown;
  /** The document the evaluator reads, or undefined when it treats the policy as absent or unreadable. */
  readonly document: unknown;
  readonly role: 'identity' | 'boundary' | 'organization';
  /** The evaluator cannot read it and assumes it may allow anything (boundaries, customer managed references). */
  readonly unreadable: boolean;
}

/** Everything the evaluator's answers about one principal depend on. */
export interface PrincipalInputs {
  /** Sorted by key. */
  readonly policies: readonly InputPolicy[];
  /** Whether SCPs apply at all: the management account is exempt, and a snapshot may lack them. */
  readonly organizationContext: string;
}

export type Principal = IamPrincipalNode | PermissionSetNode;

/** Reads, per principal, the policies its answers depend on; organization policies once per account. */
export class InputReader {
  private readonly organizationInputs = new Map<string, { policies: InputPolicy[]; context: string }>();

  constructor(private readonly model: Model) {}

  inputsOf(principal: Principal): PrincipalInputs {
    const policies = principal.kind === 'PermissionSet' ? this.permissionSetPolicies(principal) : this.iamPolicies(principal);
    let organizationContext = 'none';
    if (principal.kind !== 'PermissionSet') {
      const organization = this.organizationPolicies(principal.accountId);
      policies.push(...organization.policies);
      organizationContext = organization.context;
    }
    return { policies: policies.sort((a, b) => compare(a.key, b.key)), organizationContext };
  }

  private iamPolicies(principal: IamPrincipalNode): InputPolicy[] {
    const policies: InputPolicy[] = this.model.policiesOf(principal).map((policy) => {
      const policyId = policy.type === 'managed' ? (policy.arn as string) : (policy.node?.id ?? `${principal.id}#inline/${policy.name}`);
      const via = policy.via ? ` (via group ${policy.via.groupName})` : '';
      const label = `${policy.name}${policy.type === 'inline' ? ' (inline)' : ''}${via}`;
      const document = policy.document ?? (ADMINISTRATOR_ACCESS.test(policyId) ? ADMINISTRATOR_DOCUMENT : undefined);
      return {
        key: `${policy.type}|${policyId}|${policy.via?.groupName ?? ''}`,
        policyId,
        label,
        stored: policy.document,
        document,
        role: 'identity',
        unreadable: false,
      };
    });
    const boundary = principal.kind === 'Group' ? null : principal.permissionsBoundary;
    if (boundary) policies.push(this.boundaryPolicy(boundary, this.model.managedPolicy(boundary, principal.accountId)?.document));
    return policies;
  }

  private permissionSetPolicies(permissionSet: PermissionSetNode): InputPolicy[] {
    const policies: InputPolicy[] = permissionSet.managedPolicies.map((arn) => {
      const found = this.model.managedPolicy(arn, ANY_ACCOUNT)?.document;
      return {
        key: `managed|${arn}`,
        policyId: arn,
        label: nameOfArn(arn),
        stored: found,
        document: found ?? (ADMINISTRATOR_ACCESS.test(arn) ? ADMINISTRATOR_DOCUMENT : undefined),
        role: 'identity',
        unreadable: false,
      };
    });
    if (permissionSet.inlinePolicy !== null) {
      policies.push({
        key: 'inline',
        policyId: `${permissionSet.arn}#inline`,
        label: 'inline policy',
        stored: permissionSet.inlinePolicy,
        document: permissionSet.inlinePolicy,
        role: 'identity',
        unreadable: false,
      });
    }
    for (const reference of permissionSet.customerManagedPolicies) {
      const name = `${reference.path}${reference.name}`;
      // Looked up by name in each account at sign-in: the snapshot cannot say which document applies.
      policies.push({ key: `customer|${name}`, policyId: name, label: `${reference.name} (customer managed)`, stored: undefined, document: undefined, role: 'identity', unreadable: true });
    }
    const boundary = permissionSet.permissionsBoundary;
    if (boundary?.managedPolicyArn !== undefined) {
      policies.push(this.boundaryPolicy(boundary.managedPolicyArn, this.model.managedPolicy(boundary.managedPolicyArn, ANY_ACCOUNT)?.document));
    } else if (boundary?.customerManagedPolicy !== undefined) {
      const name = `${boundary.customerManagedPolicy.path}${boundary.customerManagedPolicy.name}`;
      policies.push({ key: `boundary|${name}`, policyId: name, label: `permissions boundary ${boundary.customerManagedPolicy.name}`, stored: undefined, document: undefined, role: 'boundary', unreadable: true });
    }
    return policies;
  }

  private boundaryPolicy(arn: string, document: unknown): InputPolicy {
    return {
      key: `boundary|${arn}`,
      policyId: arn,
      label: `permissions boundary ${nameOfArn(arn)}`,
      stored: document,
      document,
      role: 'boundary',
      unreadable: document === undefined,
    };
  }

  /** SCPs and RCPs on the account's path, and whether they apply at all; computed once per account. */
  private organizationPolicies(accountId: string): { policies: InputPolicy[]; context: string } {
    let found = this.organizationInputs.get(accountId);
    if (found) return found;
    const { model } = this;
    const policies: InputPolicy[] = [];
    const context = `management=${model.account(accountId)?.isManagementAccount ?? false} collected=${model.isCollected('organization.policies', null)}`;
    for (const kind of ['Scp', 'Rcp'] as const) {
      for (const level of model.organizationPolicyLevels(accountId, kind)) {
        const where = level.target === null ? 'root' : level.target.kind === 'Account' ? `account ${level.target.name}` : `OU ${level.target.name}`;
        for (const policy of level.policies) {
          policies.push({
            key: `${kind}|${level.targetId}|${policy.id}`,
            policyId: policy.id,
            label: `${kind === 'Scp' ? 'SCP' : 'RCP'} ${policy.name} (${where})`,
            stored: policy.document,
            document: policy.document,
            role: 'organization',
            unreadable: false,
          });
        }
      }
    }
    found = { policies, context };
    this.organizationInputs.set(accountId, found);
    return found;
  }
}

export function principalsOf(model: Model, kind: DiffPrincipalKind): ReadonlyMap<string, Principal> {
  return new Map(model.all(kind).map((node) => [node.id, node as Principal]));
}

function nameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}
