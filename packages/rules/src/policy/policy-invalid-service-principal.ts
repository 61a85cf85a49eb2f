import { defineRule } from '@iamlint/core';
import { policyVisitors } from '../util/policy-sources.js';

/** The DNS suffixes of AWS's partitions (aws and aws-us-gov, aws-cn, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc). */
const PARTITION_SUFFIXES = ['amazonaws.com', 'amazonaws.com.cn', 'c2s.ic.gov', 'sc2s.sgov.gov', 'cloud.adc-e.uk', 'csp.hci.ic.gov', 'amazonaws.eu'];

/** `lambda.amazonaws.com`, `delivery.logs.amazonaws.com`, `logs.eu-west-1.amazonaws.com`, `ec2.amazonaws.com.cn`. */
const SERVICE_PRINCIPAL = new RegExp(`^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\\.(?:${PARTITION_SUFFIXES.map((s) => s.replace(/\./g, '\\.')).join('|')})$`);

const ACCOUNT_OR_ARN = /^(?:\d{12}|arn:)/i;

type Problem = 'accountOrArn' | 'whitespace' | 'wildcard' | 'upperCase' | 'missingDomain' | 'wrongDomain';

/** What is wrong with a `Principal.Service` value, and the value most likely meant when it can be told. */
function diagnose(value: string): { problem: Problem; suggestion: string } | undefined {
  if (SERVICE_PRINCIPAL.test(value)) return undefined;
  if (ACCOUNT_OR_ARN.test(value.trim())) return { problem: 'accountOrArn', suggestion: '' };
  if (/\s/.test(value)) {
    const trimmed = value.replace(/\s+/g, '');
    return { problem: 'whitespace', suggestion: diagnose(trimmed) === undefined ? trimmed : '' };
  }
  if (/[*?]/.test(value)) return { problem: 'wildcard', suggestion: '' };
  if (value !== value.toLowerCase()) {
    const lower = value.toLowerCase();
    return { problem: 'upperCase', suggestion: diagnose(lower) === undefined ? lower : '' };
  }
  const bare = value.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  if (bare !== value && diagnose(bare) === undefined) return { problem: 'wrongDomain', suggestion: bare };
  if (/^[a-z0-9-]+$/.test(value)) return { problem: 'missingDomain', suggestion: `${value}.amazonaws.com` };
  const name = /^([a-z0-9-]+)\.(?:amazon|aws|amazonaws)\b/.exec(value)?.[1];
  return { problem: 'wrongDomain', suggestion: name === undefined ? '' : `${name}.amazonaws.com` };
}

const HOW = 'A service principal is the service\'s name followed by its partition\'s domain, in lower case: lambda.amazonaws.com, logs.eu-west-1.amazonaws.com, ec2.amazonaws.com.cn.';

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every Principal.Service (and NotPrincipal.Service) value of trust policies and RCPs to be a well-formed AWS service principal.',
      recommended: true,
    },
    severity: 'medium',
    requires: [],
    messages: {
      accountOrArn: `{{policy}}: statement {{statement}} lists "{{value}}" under {{element}}.Service, but an account id or an ARN is an AWS principal: move it under {{element}}.AWS.`,
      whitespace: `{{policy}}: statement {{statement}} lists "{{value}}" under {{element}}.Service, which contains whitespace and so matches no service.{{fix}}`,
      wildcard: `{{policy}}: statement {{statement}} lists "{{value}}" under {{element}}.Service; IAM does not expand wildcards in a service principal. Name each service. ${HOW}`,
      upperCase: `{{policy}}: statement {{statement}} lists "{{value}}" under {{element}}.Service; AWS's service principals are all lower case, and a spelling AWS does not publish is not one IAM can be relied on to match.{{fix}}`,
      missingDomain: `{{policy}}: statement {{statement}} lists "{{value}}" under {{element}}.Service, a service name without its domain.{{fix}}`,
      wrongDomain: `{{policy}}: statement {{statement}} lists "{{value}}" under {{element}}.Service, which does not end in an AWS partition's domain.{{fix}}`,
    },
    schema: [],
  },
  create(context) {
    return policyVisitors(
      (source) => {
        for (const entry of source.statements) {
          for (const element of ['Principal', 'NotPrincipal'] as const) {
            for (const { value, pointer } of entry.valuesAt(element, 'Service')) {
              const found = diagnose(value);
              if (found === undefined) continue;
              context.report({
                node: source.node,
                messageId: found.problem,
                data: {
                  policy: source.label,
                  statement: entry.label,
                  element,
                  value,
                  suggestion: found.suggestion,
                  fix: found.suggestion === '' ? ` ${HOW}` : ` Did you mean ${found.suggestion}?`,
                },
                pointer,
                discriminator: `${entry.key}:${element}:${value}`,
              });
            }
          }
        }
      },
      ['trust', 'rcp'],
    );
  },
});
