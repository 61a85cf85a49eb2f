import { defineRule, Nullable, OptionObject, Type, wildcardMatch, type UserNode } from '@iamlint/core';
import { accountLabel } from '../util/accounts.js';
import { breakGlassOption, defaultBreakGlass, isBreakGlassUser } from '../util/break-glass.js';

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description:
        'Disallow IAM users in the member accounts of an organization that gives people access through IAM Identity Center, besides break-glass and declared service users.',
      recommended: false,
    },
    severity: 'medium',
    compliance: [{ framework: 'cis-aws', version: '5.0', control: '1.20' }],
    requires: ['organization', 'identityCenter', 'iam.authorizationDetails'],
    messages: {
      localUser:
        'IAM user {{user}} in account {{account}} is a long-lived identity outside IAM Identity Center, which the organization uses for access to its accounts: give its owner a permission set, or declare it a service user.',
    },
    schema: [
      OptionObject({
        breakGlass: breakGlassOption(),
        servicePathPatterns: Type.Array(Type.String({ minLength: 1 }), { description: 'IAM paths that declare service users, with `*` and `?` wildcards (e.g. `/service/*`).' }),
        serviceTag: Nullable(
          Type.Object(
            {
              key: Type.String({ minLength: 1, description: 'The tag key that declares a service user.' }),
              value: Type.String({ description: 'The tag value that declares a service user (compared case-insensitively).' }),
            },
            { additionalProperties: false },
          ),
          { description: 'A tag that declares a service user, or null to declare none by tag.' },
        ),
        includeManagementAccount: Type.Boolean({ description: 'Also check the management account, where Identity Center usually lives.' }),
      }),
    ],
    defaultOptions: [
      {
        breakGlass: defaultBreakGlass(),
        servicePathPatterns: [],
        serviceTag: { key: 'iamlint:service-user', value: 'true' },
        includeManagementAccount: false,
      },
    ],
  },
  create(context) {
    const [{ breakGlass, servicePathPatterns, serviceTag, includeManagementAccount }] = context.options;
    const { model } = context;
    // An instance without any account assignment gives nobody access yet.
    const usesIdentityCenter = model.all('AccountAssignment').length > 0;
    const isServiceUser = (user: UserNode): boolean => {
      if (servicePathPatterns.some((pattern) => wildcardMatch(pattern, user.path))) return true;
      if (serviceTag === null || !Object.hasOwn(user.tags, serviceTag.key)) return false;
      return user.tags[serviceTag.key]?.toLowerCase() === serviceTag.value.toLowerCase();
    };
    return {
      User(user) {
        if (!usesIdentityCenter) return;
        const account = model.account(user.accountId);
        if (!account?.organizationEntry) return;
        if (account.isManagementAccount && !includeManagementAccount) return;
        if (isBreakGlassUser(user, breakGlass) || isServiceUser(user)) return;
        context.report({
          node: user,
          messageId: 'localUser',
          data: { user: user.userName, account: accountLabel(model, user.accountId), accountId: user.accountId },
        });
      },
    };
  },
});
