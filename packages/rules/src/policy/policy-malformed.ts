import type { PolicyProblemCode } from '@iamlint/core';
import { defineRule } from '@iamlint/core';
import { policyVisitors, statementIndexOf, type PolicyKind, type PolicyPath } from '../util/policy-sources.js';

const MESSAGE_BY_CODE = {
  'invalid-json': 'invalidJson',
  'url-encoded': 'urlEncoded',
  'not-an-object': 'notAnObject',
  'missing-statement': 'missingStatement',
  'invalid-statement': 'invalidStatement',
  'missing-effect': 'missingEffect',
  'invalid-effect': 'invalidEffect',
  'missing-action': 'missingAction',
  'action-and-not-action': 'actionAndNotAction',
  'resource-and-not-resource': 'resourceAndNotResource',
  'principal-and-not-principal': 'principalAndNotPrincipal',
  'invalid-value': 'invalidValue',
  'invalid-principal': 'invalidPrincipal',
  'invalid-condition': 'invalidCondition',
  'unknown-operator': 'unknownOperator',
} as const satisfies Record<PolicyProblemCode, string>;

const KIND_NAMES: Record<PolicyKind, string> = {
  identity: 'an identity policy',
  trust: 'a trust policy',
  scp: 'a service control policy',
  rcp: 'a resource control policy',
};

/** `['Statement', 2, 'Condition', 'StringEquals', 'aws:SourceIp']` → `Statement/2/Condition/StringEquals/aws:SourceIp`. */
function where(path: PolicyPath): string {
  return path.length === 0 ? '(document)' : path.join('/');
}

/** The element a problem is about: the first name after the statement (`Action`, `Principal`…), or the top-level key. */
function elementOf(path: PolicyPath): string {
  const start = statementIndexOf(path) === undefined ? 0 : typeof path[1] === 'number' ? 2 : 1;
  const element = path[start];
  return typeof element === 'string' ? element : 'Statement';
}

function operatorOf(path: PolicyPath): string {
  const at = path.indexOf('Condition');
  return at >= 0 && path[at + 1] !== undefined ? String(path[at + 1]) : '';
}

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow policy documents that AWS would reject or read differently from how they are written.',
      recommended: true,
    },
    severity: 'high',
    requires: [],
    messages: {
      invalidJson: '{{policy}} is not valid JSON.',
      urlEncoded: '{{policy}} is stored URL-encoded; store the decoded JSON document.',
      notAnObject: '{{policy}} is not a JSON object.',
      missingStatement: '{{policy}} has no Statement.',
      invalidStatement: '{{policy}}: {{path}} is not a statement object.',
      missingEffect: '{{policy}}: statement {{statement}} has no Effect.',
      invalidEffect: '{{policy}}: statement {{statement}} has an Effect other than "Allow" or "Deny".',
      missingAction: '{{policy}}: statement {{statement}} has neither Action nor NotAction.',
      actionAndNotAction: '{{policy}}: statement {{statement}} has both Action and NotAction.',
      resourceAndNotResource: '{{policy}}: statement {{statement}} has both Resource and NotResource.',
      principalAndNotPrincipal: '{{policy}}: statement {{statement}} has both Principal and NotPrincipal.',
      invalidValue: '{{policy}}: {{element}} at {{path}} must be a string (or, where allowed, a list of strings).',
      invalidPrincipal: '{{policy}}: {{element}} at {{path}} must be "*" or an object of principal types.',
      invalidCondition: '{{policy}}: the condition at {{path}} is malformed; it must map operators to keys to values.',
      unknownOperator: '{{policy}}: {{operator}} at {{path}} is not a condition operator.',
      elementNotSupported: '{{policy}}: statement {{statement}} uses {{element}}, which {{kind}} does not support.',
      principalRequired: '{{policy}}: statement {{statement}} has no Principal, which {{kind}} requires.',
      resourceRequired: '{{policy}}: statement {{statement}} has neither Resource nor NotResource, which {{kind}} requires.',
    },
    schema: [],
  },
  create(context) {
    return policyVisitors((source) => {
      const { node, label: policy, kind } = source;
      source.policy.problems.forEach((problem, index) => {
        const statementIndex = statementIndexOf(problem.path);
        context.report({
          node,
          messageId: MESSAGE_BY_CODE[problem.code],
          data: {
            policy,
            path: where(problem.path),
            statement: source.statements.find((entry) => entry.statement.index === statementIndex)?.label ?? String(statementIndex ?? ''),
            element: elementOf(problem.path),
            operator: operatorOf(problem.path),
          },
          pointer: source.pointerTo(problem.path),
          discriminator: `${problem.code}:${where(problem.path)}:${index}`,
        });
      });
      for (const entry of source.statements) {
        const { statement } = entry;
        const report = (messageId: 'elementNotSupported' | 'principalRequired' | 'resourceRequired', element: string, pointer: string) =>
          context.report({
            node,
            messageId,
            data: { policy, statement: entry.label, element, kind: KIND_NAMES[kind] },
            pointer,
            discriminator: `${messageId}:${entry.key}:${element}`,
          });
        const principalElements = kind === 'identity' || kind === 'scp' ? ['Principal', 'NotPrincipal'] : kind === 'rcp' ? ['NotPrincipal'] : [];
        for (const element of principalElements) {
          if ((element === 'Principal' ? statement.principal : statement.notPrincipal) !== undefined) {
            report('elementNotSupported', element, entry.pointerTo(element));
          }
        }
        if ((kind === 'trust' || kind === 'rcp') && statement.principal === undefined && statement.notPrincipal === undefined) {
          report('principalRequired', 'Principal', entry.pointerTo());
        }
        if (kind === 'trust') {
          for (const element of ['Resource', 'NotResource'] as const) {
            if ((element === 'Resource' ? statement.resources : statement.notResources) !== undefined) {
              report('elementNotSupported', element, entry.pointerTo(element));
            }
          }
        }
        if (kind === 'identity' && statement.resources === undefined && statement.notResources === undefined) {
          report('resourceRequired', 'Resource', entry.pointerTo());
        }
      }
    });
  },
});
