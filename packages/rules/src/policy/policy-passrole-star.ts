import { defineRule, statementCoversAction, wildcardMatch } from '@iamlint/core';
import { isEveryResource } from '../util/full-admin.js';
import { policyVisitors, type PolicySource, type StatementSource } from '../util/policy-sources.js';

const TARGETS = [
  { action: 'iam:PassRole', messageId: 'passRole' },
  { action: 'sts:AssumeRole', messageId: 'assumeRole' },
] as const;

/** Conditions on the role's tags narrow which roles the statement covers (ABAC). */
const RESOURCE_TAG_KEY = /^(aws|iam):resourcetag\//;

/** How the statement grants `action`: the patterns that match it as written, or the NotAction that fails to exclude it. */
function grantedBy(entry: StatementSource, action: string): string | undefined {
  const lower = action.toLowerCase();
  const { actions, notActions } = entry.statement;
  if (actions !== undefined && notActions === undefined) {
    const matching = entry.values('Action').filter((written) => wildcardMatch(written.value.toLowerCase(), lower));
    return matching.length > 0 ? matching.map((written) => written.value).join(', ') : undefined;
  }
  if (notActions !== undefined && actions === undefined && !notActions.some((pattern) => wildcardMatch(pattern, lower))) {
    return `NotAction ${entry.values('NotAction').map((written) => written.value).join(', ') || '[]'}`;
  }
  return undefined;
}

/** An unconditional Deny of the action on "*" in the same document cancels the grant (the cloudsplaining "allow and deny" case). */
function deniedInDocument(source: PolicySource, action: string): boolean {
  const lower = action.toLowerCase();
  return source.statements.some(({ statement }) => {
    if (statement.effect !== 'Deny' || statement.conditions.length > 0 || !statement.resources?.some(isEveryResource)) return false;
    return statementCoversAction(statement, lower);
  });
}

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow identity policies that allow iam:PassRole or sts:AssumeRole on every role ("Resource": "*").',
      recommended: true,
    },
    severity: 'high',
    requires: ['iam.authorizationDetails'],
    messages: {
      passRole:
        '{{policy}}: statement {{statement}} allows iam:PassRole on "*" (through {{grantedBy}}): the principal can hand any role, administrators included, to a service it controls. Name the roles it may pass.',
      assumeRole:
        '{{policy}}: statement {{statement}} allows sts:AssumeRole on "*" (through {{grantedBy}}): the principal can assume every role whose trust policy trusts its account. Name the roles it may assume.',
    },
    schema: [],
  },
  create(context) {
    return policyVisitors(
      (source) => {
        for (const entry of source.statements) {
          const { effect, resources, conditions } = entry.statement;
          if (effect !== 'Allow' || resources === undefined || !resources.some(isEveryResource)) continue;
          if (conditions.some((condition) => RESOURCE_TAG_KEY.test(condition.keyLower))) continue;
          const pointer = entry.values('Resource').find((resource) => isEveryResource(resource.value))?.pointer ?? entry.pointerTo('Resource');
          for (const { action, messageId } of TARGETS) {
            const via = grantedBy(entry, action);
            if (via === undefined || deniedInDocument(source, action)) continue;
            context.report({
              node: source.node,
              messageId,
              data: { policy: source.label, statement: entry.label, grantedBy: via },
              pointer,
              discriminator: `${entry.key}:${action}`,
            });
          }
        }
      },
      ['identity'],
    );
  },
});
