import { actionCatalog, defineRule, normalizePolicy, type AnyNode, type ScpNode } from '@iamlint/core';
import { accountList } from '../util/accounts.js';
import { policySources } from '../util/policy-sources.js';

/** An action pattern that names at least one action AWS documents, or a service iamlint's data does not know yet. */
function namesRealAction(pattern: string): boolean {
  if (/^\*+$/.test(pattern)) return true;
  const colon = pattern.indexOf(':');
  if (colon <= 0) return false;
  const service = pattern.slice(0, colon);
  if (!/[*?]/.test(service) && !actionCatalog.hasService(service)) return false;
  return actionCatalog.expand(pattern).length > 0;
}

function allowsSomething(policy: ScpNode): boolean {
  return normalizePolicy(policy.document).statements.some((statement) => statement.effect === 'Allow');
}

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description:
        'Report SCPs that cannot take effect: attached nowhere or only to the management account, Deny statements that match no action, and targets left with no SCP that allows anything.',
      recommended: true,
    },
    severity: 'medium',
    requires: ['organization', 'organization.policies'],
    messages: {
      unattached: 'SCP {{policy}} is attached to no root, OU or account, so it restricts nothing; attach it where it belongs, or delete it.',
      managementAccountOnly:
        'SCP {{policy}} is attached only to the management account {{account}}, which SCPs never restrict, so it restricts nothing; attach it to the root or the OUs it is meant for.',
      managementAccountTarget:
        'SCP {{policy}} is attached to the management account {{account}}, which SCPs never restrict: that attachment has no effect, and the management account needs other protection.',
      denyNothing:
        'Statement {{statement}} of SCP {{policy}} denies {{actions}}, which matches no AWS action, so the statement denies nothing; fix the action names.',
      nothingAllowed:
        'No SCP attached to {{target}} has an Allow statement (attached: {{policies}}), so every IAM user and role in the {{count}} account(s) below it ({{accounts}}) is denied every action; attach FullAWSAccess or an allow-list SCP there.',
    },
    schema: [],
  },
  create(context) {
    const { model } = context;
    const managementAccountId = model.managementAccountId;

    function targetNode(targetId: string): { node: AnyNode; label: string } | undefined {
      if (targetId.startsWith('r-')) return model.organization ? { node: model.organization, label: 'the organization root' } : undefined;
      const account = model.account(targetId);
      if (account) return { node: account, label: `account ${account.name}` };
      const ou = model.byId(targetId);
      return ou?.kind === 'OrganizationalUnit' ? { node: ou, label: `OU ${ou.name}` } : undefined;
    }

    function accountsBelow(targetId: string): string[] {
      return model.accounts
        .filter((account) => {
          const entry = account.organizationEntry;
          if (entry === null || account.isManagementAccount) return false;
          if (targetId.startsWith('r-')) return true;
          return account.accountId === targetId || account.ouPath.some((ou) => ou.id === targetId);
        })
        .map((account) => account.accountId);
    }

    return {
      Scp(policy) {
        if (policy.awsManaged) return;
        const data = { policy: policy.name };
        const managementIndex = managementAccountId === null ? -1 : policy.targets.indexOf(managementAccountId);
        if (policy.targets.length === 0) {
          context.report({ node: policy, messageId: 'unattached', data, pointer: '/targets', discriminator: 'targets' });
        } else if (managementIndex >= 0) {
          const onlyManagement = policy.targets.every((target) => target === managementAccountId);
          context.report({
            node: policy,
            messageId: onlyManagement ? 'managementAccountOnly' : 'managementAccountTarget',
            data: { ...data, account: accountList(model, [managementAccountId as string]) },
            pointer: `/targets/${managementIndex}`,
            discriminator: 'targets',
          });
        }
        for (const source of policySources(policy)) {
          for (const statement of source.statements) {
            const { effect, actions, notActions } = statement.statement;
            if (effect !== 'Deny') continue;
            const deniesNothing =
              actions !== undefined ? !actions.some(namesRealAction) : (notActions ?? []).some((pattern) => /^\*+$/.test(pattern));
            if (!deniesNothing) continue;
            const written = statement.values(actions !== undefined ? 'Action' : 'NotAction').map(({ value }) => `"${value}"`);
            context.report({
              node: policy,
              messageId: 'denyNothing',
              data: { ...data, statement: statement.label, actions: actions !== undefined ? written.join(', ') || 'an empty list' : `everything but ${written.join(', ')}` },
              pointer: statement.pointerTo(actions !== undefined ? 'Action' : 'NotAction'),
              discriminator: `deny-nothing:${statement.key}`,
            });
          }
        }
      },
      'Snapshot:exit'() {
        const byTarget = new Map<string, ScpNode[]>();
        for (const policy of model.all('Scp')) {
          for (const target of policy.targets) byTarget.set(target, [...(byTarget.get(target) ?? []), policy]);
        }
        for (const [targetId, policies] of byTarget) {
          if (targetId === managementAccountId || policies.some(allowsSomething)) continue;
          const target = targetNode(targetId);
          if (target === undefined) continue;
          const below = accountsBelow(targetId);
          context.report({
            node: target.node,
            messageId: 'nothingAllowed',
            data: {
              target: target.label,
              policies: policies.map((policy) => policy.name).join(', '),
              count: below.length,
              accounts: below.length > 0 ? accountList(model, below) : 'none yet',
            },
            discriminator: 'scp-nothing-allowed',
          });
        }
      },
    };
  },
});
