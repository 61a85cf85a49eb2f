import { defineRule, OptionObject, Type, wildcardMatch } from 'iamlint';

/** AWS creates and owns service-linked roles; their tags are not ours to set. */
const SERVICE_LINKED_PATH = '/aws-service-role/';

export default defineRule({
  meta: {
    type: 'suggestion',
    docs: {
      description: 'IAM roles must carry an owner tag, so each one has a team that reviews and retires it.',
      recommended: false,
      url: 'https://github.com/acme/iamlint-plugin-acme#role-owner-tag',
      why: ['A role nobody owns is a role nobody reviews: its trust policy and permissions outlive the project that made it.'],
      howToFix: ['Tag the role with the owning team: `aws iam tag-role --role-name <name> --tags Key=owner,Value=<team>`, or set `tags` in the Terraform `aws_iam_role`.'],
    },
    severity: 'low',
    requires: ['iam.authorizationDetails'],
    messages: {
      missing: 'Role {{role}} has no {{tag}} tag: tag it with the team that owns it.',
      empty: 'Role {{role}} has an empty {{tag}} tag: set it to the team that owns it.',
    },
    schema: [
      OptionObject({
        tag: Type.String({ minLength: 1, description: 'The tag key that names the owning team.' }),
        ignorePaths: Type.Array(Type.String({ pattern: '^/' }), { description: 'Role paths not checked (wildcards allowed).' }),
      }),
    ],
    defaultOptions: [{ tag: 'owner', ignorePaths: [] }],
  },
  create(context) {
    const [{ tag, ignorePaths }] = context.options;
    return {
      Role(role) {
        if (role.path === SERVICE_LINKED_PATH) return;
        if (ignorePaths.some((pattern) => wildcardMatch(pattern, role.path))) return;
        const value = role.tags[tag];
        if (value === undefined) {
          context.report({ node: role, messageId: 'missing', data: { role: role.roleName, tag } });
        } else if (value.trim() === '') {
          context.report({ node: role, messageId: 'empty', data: { role: role.roleName, tag }, pointer: `/tags/${tag.replace(/~/g, '~0').replace(/\//g, '~1')}` });
        }
      },
    };
  },
});
