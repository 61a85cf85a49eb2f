import { defineRule, OptionObject, Type, type RoleNode, type UserNode } from '@iamlint/core';

/** Tags AWS applies itself; Security Hub ignores them, and so does this rule. */
const isSystemTag = (key: string) => key.toLowerCase().startsWith('aws:');

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require IAM users and roles to carry tags (any tag, or the required tag keys).',
      recommended: false,
    },
    severity: 'info',
    // One message per kind, so the two controls can share the rule with both kinds checked.
    compliance: [
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.24', messageIds: ['untaggedRole', 'missingKeysRole'] },
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.25', messageIds: ['untaggedUser', 'missingKeysUser'] },
    ],
    requires: ['iam.authorizationDetails'],
    messages: {
      untaggedUser: 'IAM user {{name}} in account {{accountId}} has no tags: tag it with its owner and purpose.',
      untaggedRole: 'IAM role {{name}} in account {{accountId}} has no tags: tag it with its owner and purpose.',
      missingKeysUser: 'IAM user {{name}} in account {{accountId}} lacks the required tag key(s) {{missing}}.',
      missingKeysRole: 'IAM role {{name}} in account {{accountId}} lacks the required tag key(s) {{missing}}.',
    },
    schema: [
      OptionObject({
        requiredTagKeys: Type.Array(Type.String({ minLength: 1 }), { maxItems: 50, uniqueItems: true, description: 'Tag keys each principal must have (case-sensitive, as in IAM); empty asks for any tag other than `aws:` system tags.' }),
        principals: Type.Array(Type.Unsafe<'User' | 'Role'>({ enum: ['User', 'Role'] }), { minItems: 1, uniqueItems: true, description: 'Which principals to check: `User`, `Role` or both.' }),
      }),
    ],
    defaultOptions: [{ requiredTagKeys: [], principals: ['User', 'Role'] }],
  },
  create(context) {
    const [{ requiredTagKeys, principals }] = context.options;
    const check = (principal: UserNode | RoleNode) => {
      const keys = Object.keys(principal.tags).filter((key) => !isSystemTag(key));
      const isUser = principal.kind === 'User';
      const base = { name: principal.name, accountId: principal.accountId };
      if (requiredTagKeys.length === 0) {
        if (keys.length === 0) context.report({ node: principal, messageId: isUser ? 'untaggedUser' : 'untaggedRole', data: base, pointer: '/tags' });
        return;
      }
      const missing = requiredTagKeys.filter((key) => !keys.includes(key));
      if (missing.length === 0) return;
      context.report({ node: principal, messageId: isUser ? 'missingKeysUser' : 'missingKeysRole', data: { ...base, missing: missing.join(', ') }, pointer: '/tags' });
    };
    return {
      ...(principals.includes('User') ? { User: check } : {}),
      ...(principals.includes('Role') ? { Role: check } : {}),
    };
  },
});
