import {
  actionCatalog,
  defineRule,
  evaluateRequest,
  normalizePolicy,
  OptionObject,
  Type,
  type AccountNode,
  type AnyNode,
  type Model,
  type OrganizationalUnitNode,
  type PolicyInput,
} from '@iamlint/core';
import { accountList } from '../util/accounts.js';

/** Stands for the most a member account's principal could be granted, so only SCPs decide. */
const ADMINISTRATOR: PolicyInput = {
  id: 'iamlint:administrator',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

/** The SCPs at each level of the account's path; a level without recorded policies is unrecorded, not empty. */
function scpLevels(model: Model, accountId: string): PolicyInput[][] {
  return model
    .organizationPolicyLevels(accountId, 'Scp')
    .filter((level) => level.policies.length > 0)
    .map((level) => level.policies.map((policy) => ({ id: policy.id, document: policy.document })));
}

/** `ArnNotLike`, `StringNotEqualsIfExists`, `ForAllValues:StringNotLike`, `NotIpAddress`…: "deny unless" exceptions. */
const EXCEPTION_OPERATOR = /(^|:)(\w+Not\w+|NotIpAddress)(IfExists)?$/;

/**
 * Whether the SCPs stop the action for every principal of the account: an explicit deny, no SCP allowing it, or
 * a deny that may apply and whose conditions only carve out exceptions (`ArnNotLike aws:PrincipalArn` for a
 * pipeline role) or whose resources name only some trails or recorders. A deny narrowed by a positive condition
 * (only the root user, only one Region) guards only those requests, so it is not a guardrail for everyone.
 */
function isGuarded(levels: PolicyInput[][], action: string): boolean {
  const result = evaluateRequest({ action, identityPolicies: [ADMINISTRATOR], scps: levels });
  if (result.decision === 'denied') return true;
  if (result.decision === 'implicitDeny') return result.missingAllow === 'scp';
  const documents = new Map(levels.flat().map((policy) => [policy.id, policy.document]));
  return result.decidedBy.some((decider) => {
    if (decider.source !== 'scp' || decider.effect !== 'Deny') return false;
    const statement = normalizePolicy(documents.get(decider.policyId)).statements.find((candidate) => candidate.index === decider.statementIndex);
    return statement !== undefined && statement.conditions.every((condition) => EXCEPTION_OPERATOR.test(condition.operatorName));
  });
}

const CONSEQUENCES: Readonly<Record<string, string>> = {
  cloudtrail: 'stop the audit trail',
  config: 'stop recording configuration changes',
  guardduty: 'switch off threat detection',
  securityhub: 'switch off Security Hub',
  organizations: 'take the account out of the organization and its SCPs',
};

/** What an administrator could do where these actions are not denied, in words for a message. */
function consequences(actions: readonly string[]): string {
  const phrases = [...new Set(actions.map((action) => CONSEQUENCES[action.slice(0, action.indexOf(':')).toLowerCase()] ?? `call ${action}`))];
  return phrases.length > 1 ? `${phrases.slice(0, -1).join(', ')} or ${phrases.at(-1) as string}` : (phrases[0] ?? '');
}

interface Gap {
  readonly account: AccountNode;
  readonly missing: readonly string[];
  readonly key: string;
}

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require SCPs that stop member accounts from disabling CloudTrail, AWS Config and GuardDuty, and from leaving the organization.',
      recommended: true,
    },
    severity: 'medium',
    requires: ['organization', 'organization.policies'],
    messages: {
      missing:
        'No SCP {{target}} denies {{missing}} ({{count}} account(s): {{accounts}}), so an administrator there can {{consequences}}.',
    },
    schema: [
      OptionObject({
        actions: Type.Array(Type.String({ pattern: '^[A-Za-z0-9-]+:[A-Za-z0-9]+$' }), { minItems: 1, uniqueItems: true, description: 'The actions SCPs must deny in every member account (service:Action, as AWS documents it).' }),
      }),
    ],
    defaultOptions: [
      {
        actions: [
          'cloudtrail:StopLogging',
          'cloudtrail:DeleteTrail',
          'config:StopConfigurationRecorder',
          'guardduty:DeleteDetector',
          'organizations:LeaveOrganization',
        ],
      },
    ],
  },
  create(context) {
    const [{ actions }] = context.options;
    const { model } = context;
    const names = actions.map((action) => actionCatalog.action(action)?.fullName ?? action);

    function gapOf(account: AccountNode): Gap {
      const levels = scpLevels(model, account.accountId);
      const missing = names.filter((action) => !isGuarded(levels, action));
      return { account, missing, key: missing.join(',') };
    }

    function report(node: AnyNode, target: string, gaps: readonly Gap[]): void {
      const [first] = gaps as [Gap];
      context.report({
        node,
        messageId: 'missing',
        data: {
          target,
          missing: first.missing.join(', '),
          consequences: consequences(first.missing),
          count: gaps.length,
          accounts: accountList(model, gaps.map((gap) => gap.account.accountId)),
        },
      });
    }

    const sharedGap = (gaps: readonly Gap[]): boolean => gaps.length > 0 && gaps[0]?.key !== '' && gaps.every((gap) => gap.key === gaps[0]?.key);

    return {
      'Snapshot:exit'() {
        const members = model.accounts.filter(
          (account) => account.organizationEntry?.status === 'ACTIVE' && !account.isManagementAccount,
        );
        const gaps = members.map(gapOf);
        const organization = model.organization;
        if (organization !== null && sharedGap(gaps)) {
          report(organization, 'in the organization', gaps);
          return;
        }
        const reported = new Set<string>();
        // Top-down, so an OU whose accounts all share a gap is reported once instead of each sub-OU or account.
        const depth = (ou: OrganizationalUnitNode) => members.find((account) => account.ouPath.includes(ou))?.ouPath.indexOf(ou) ?? 0;
        const ous = [...model.all('OrganizationalUnit')].sort((a, b) => depth(a) - depth(b));
        for (const ou of ous) {
          const inside = gaps.filter((gap) => gap.account.ouPath.includes(ou));
          if (inside.some((gap) => reported.has(gap.account.accountId)) || !sharedGap(inside)) continue;
          report(ou, `on the path of OU ${ou.name}`, inside);
          for (const gap of inside) reported.add(gap.account.accountId);
        }
        for (const gap of gaps) {
          if (gap.key === '' || reported.has(gap.account.accountId)) continue;
          report(gap.account, `on the path of account ${gap.account.name}`, [gap]);
        }
      },
    };
  },
});
