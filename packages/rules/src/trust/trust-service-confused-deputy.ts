import { defineRule, OptionObject, Type, type NormalizedCondition } from '@iamlint/core';
import { isRequired, trustStatementsAllowing } from '../util/trust.js';

/**
 * Service principals whose AWS documentation shows aws:SourceAccount / aws:SourceArn in the trust policy of the
 * role the service assumes (its "cross-service confused deputy prevention" section or role setup page). Services
 * that do not set those keys when they assume a role (ec2, lambda, glue, apigateway, backup…) are left out: the
 * condition would break the role, not protect it.
 */
export const CONFUSED_DEPUTY_SERVICES: readonly string[] = [
  'appstream.amazonaws.com',
  'appsync.amazonaws.com',
  'autoscaling.amazonaws.com',
  'bedrock.amazonaws.com',
  'cognito-idp.amazonaws.com',
  'config.amazonaws.com',
  'datasync.amazonaws.com',
  'ecs-tasks.amazonaws.com',
  'fis.amazonaws.com',
  'frauddetector.amazonaws.com',
  'iot.amazonaws.com',
  'personalize.amazonaws.com',
  'pipes.amazonaws.com',
  'sagemaker.amazonaws.com',
  'scheduler.amazonaws.com',
  'ssm.amazonaws.com',
  'states.amazonaws.com',
  'transfer.amazonaws.com',
  'vpc-flow-logs.amazonaws.com',
];

/** Services that pass the customer's account as sts:ExternalId (Cognito user pools' SMS role). */
const EXTERNAL_ID_SERVICES = new Set(['cognito-idp.amazonaws.com']);

const REGIONAL_SERVICE = /^([a-z0-9-]+)\.(?:[a-z]{2}(?:-[a-z]+)+-\d+\.)?amazonaws\.com(?:\.cn)?$/;
const SERVICE_LINKED_PATH = '/aws-service-role/';

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require aws:SourceAccount or aws:SourceArn on role trust to AWS services that document them (cross-service confused deputy).',
      recommended: false,
    },
    severity: 'medium',
    requires: ['iam.authorizationDetails'],
    messages: {
      noSourceCondition:
        'Role {{role}} trusts the service {{service}} (statement {{statement}} of its trust policy) without aws:SourceAccount or aws:SourceArn, so that service can be made to assume it on behalf of another account (cross-service confused deputy).',
    },
    schema: [
      OptionObject({
        additionalServices: Type.Array(Type.String({ pattern: '^[a-z0-9.-]+$' }), { uniqueItems: true, description: 'More service principals (such as `codebuild.amazonaws.com`) to check besides the built-in list.' }),
        ignoredServices: Type.Array(Type.String({ pattern: '^[a-z0-9.-]+$' }), { uniqueItems: true, description: 'Service principals of the built-in list not to check.' }),
      }),
    ],
    defaultOptions: [{ additionalServices: [], ignoredServices: [] }],
  },
  create(context) {
    const [{ additionalServices, ignoredServices }] = context.options;
    const checked = new Set([...CONFUSED_DEPUTY_SERVICES, ...additionalServices].filter((service) => !ignoredServices.includes(service)));

    return {
      Role(role) {
        if (role.path.startsWith(SERVICE_LINKED_PATH)) return;
        for (const entry of trustStatementsAllowing(role, 'sts:assumerole')) {
          const { statement } = entry;
          const services = new Set((statement.principal?.byType.get('Service') ?? []).map(canonicalService));
          for (const service of services) {
            if (!checked.has(service)) continue;
            if (statement.conditions.some((condition) => restrictsSource(condition, service))) continue;
            context.report({
              node: role,
              messageId: 'noSourceCondition',
              data: { role: role.roleName, service, statement: entry.label },
              pointer: entry.pointerTo('Principal'),
              discriminator: `${entry.key}|${service}`,
            });
          }
        }
      },
    };
  },
});

/** `states.eu-west-1.amazonaws.com` → `states.amazonaws.com`: regional principals name the same service. */
function canonicalService(principal: string): string {
  const lower = principal.toLowerCase();
  const match = REGIONAL_SERVICE.exec(lower);
  return match ? `${match[1] as string}.amazonaws.com` : lower;
}

/** A condition every request must meet, whose values name an account, organization or resource (not `*`). */
function restrictsSource(condition: NormalizedCondition, service: string): boolean {
  if (!isRequired(condition)) return false;
  const { values } = condition;
  switch (condition.keyLower) {
    case 'aws:sourceaccount':
      return values.every((value) => /^\d{12}$/.test(value));
    case 'aws:sourcearn':
      return values.every(namesAccountOrResource);
    case 'aws:sourceorgid':
      return values.every((value) => /^o-[a-z0-9]{10,32}$/.test(value));
    case 'aws:sourceorgpaths':
      return values.every((value) => /^o-[a-z0-9]{10,32}\//.test(value));
    case 'sts:externalid':
      return EXTERNAL_ID_SERVICES.has(service) && values.every((value) => /[^*?]/.test(value));
    default:
      return false;
  }
}

/** `arn:aws:states:eu-west-1:111122223333:stateMachine:*` names an account; `arn:aws:states:*:*:*` names nothing. */
function namesAccountOrResource(arn: string): boolean {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return false;
  const account = parts[4] as string;
  if (account !== '') return /^\d{12}$/.test(account);
  return /[^*?]/.test(parts.slice(5).join(':'));
}
