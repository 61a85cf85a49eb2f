import { defineRule } from '@iamlint/core';
import { unscopedActionsProblem, unscopedActionsSchema, unscopedActionVisitors } from '../util/unscoped-actions.js';

/**
 * Read actions that hand over data wholesale when allowed on every resource. Cloudsplaining's
 * READ_ONLY_DATA_EXFILTRATION_ACTIONS (cloudsplaining/shared/constants.py), plus the two calls that return the
 * same data for older versions (s3:GetObjectVersion, ssm:GetParameterHistory). Each is checked against the action
 * catalogue by the rule's test.
 */
export const DATA_EXFILTRATION_ACTIONS = [
  's3:GetObject',
  's3:GetObjectVersion',
  'ssm:GetParameter',
  'ssm:GetParameterHistory',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'secretsmanager:GetSecretValue',
] as const;

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description:
        'Disallow policies that allow reading objects, parameters or secrets (s3:GetObject, ssm:GetParameter*, secretsmanager:GetSecretValue) on every resource without a condition.',
      recommended: false,
    },
    severity: 'medium',
    requires: ['iam.authorizationDetails'],
    messages: {
      unscoped:
        '{{policy}} allows {{actions}} on {{resource}} without a condition (statement {{statements}}): whoever holds it can read every object, parameter or secret that resource policies do not deny. Name the buckets, parameters and secrets it needs.',
    },
    schema: unscopedActionsSchema('The actions to report, as `service:Action` names from the Service Authorization Reference; each must accept a resource ARN.'),
    defaultOptions: [{ actions: [...DATA_EXFILTRATION_ACTIONS], includeAwsManaged: false }],
  },
  validateOptions: unscopedActionsProblem,
  create(context) {
    return unscopedActionVisitors(context);
  },
});
