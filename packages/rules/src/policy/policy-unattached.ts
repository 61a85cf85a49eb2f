import { daysSince, defineRule, OptionObject, Type } from '@iamlint/core';

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Report customer managed policies that are attached to nothing and used as no permissions boundary.',
      recommended: false,
    },
    severity: 'info',
    requires: ['iam.authorizationDetails'],
    messages: {
      unattached:
        'Customer managed policy {{policy}} is attached to no user, group or role and is no permissions boundary (last changed {{updated}}); delete it, or it will be attached some day without anyone rereading it.',
    },
    schema: [
      OptionObject({
        minAgeDays: Type.Integer({ minimum: 0, description: 'Report only policies last changed at least this many days ago, so a policy created for a change still in flight is left alone.' }),
      }),
    ],
    defaultOptions: [{ minAgeDays: 0 }],
  },
  create(context) {
    const [{ minAgeDays }] = context.options;
    // Permission sets attach customer managed policies by name and path in each account they are provisioned to.
    const referenced = new Set(
      context.model.all('PermissionSet').flatMap((set) => [
        ...set.customerManagedPolicies.map((reference) => `${reference.path}${reference.name}`),
        ...(set.permissionsBoundary?.customerManagedPolicy
          ? [`${set.permissionsBoundary.customerManagedPolicy.path}${set.permissionsBoundary.customerManagedPolicy.name}`]
          : []),
      ]),
    );
    return {
      ManagedPolicy(policy) {
        if (policy.awsManaged || policy.attachmentCount > 0 || policy.permissionsBoundaryUsageCount > 0) return;
        if (referenced.has(`${policy.path}${policy.policyName}`)) return;
        if (daysSince(policy.updateDate, context.now) < minAgeDays) return;
        context.report({ node: policy, messageId: 'unattached', data: { policy: policy.policyName, updated: policy.updateDate.slice(0, 10) } });
      },
    };
  },
});
