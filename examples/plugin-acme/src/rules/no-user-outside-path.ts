import { defineRule, OptionObject, Type, wildcardMatch } from 'iamlint';

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'IAM users may exist only under the paths Acme allows (service users and break-glass), never as people.',
      recommended: false,
      url: 'https://github.com/acme/iamlint-plugin-acme#no-user-outside-path',
      why: [
        'People sign in through IAM Identity Center. An IAM user outside the agreed paths is someone\'s personal login or a service user nobody registered, with credentials that live until someone notices.',
      ],
      howToFix: [
        'Give the person access through Identity Center and delete the user, or, for a service, recreate the user under `/service/` through the platform team\'s module.',
      ],
    },
    severity: 'medium',
    // The path comes with the user; whether a user has a console password comes from the credential report.
    requires: ['iam.authorizationDetails', 'iam.credentialReport'],
    messages: {
      outside: 'IAM user {{user}} has path {{path}}, outside the allowed paths ({{allowed}}).',
      consoleAccess: 'Service user {{user}} ({{path}}) can sign in to the console: service users need access keys or roles, not a password.',
    },
    schema: [
      OptionObject({
        allowedPaths: Type.Array(Type.String({ pattern: '^/' }), {
          minItems: 1,
          description: 'IAM paths users may have; `*` and `?` match as in IAM.',
        }),
        servicePaths: Type.Array(Type.String({ pattern: '^/' }), {
          description: 'Allowed paths for service users, who must not have a console password.',
        }),
      }),
    ],
    defaultOptions: [{ allowedPaths: ['/service/*', '/break-glass/'], servicePaths: ['/service/*'] }],
  },
  create(context) {
    const [{ allowedPaths, servicePaths }] = context.options;
    return {
      User(user) {
        const data = { user: user.userName, path: user.path };
        if (!allowedPaths.some((pattern) => wildcardMatch(pattern, user.path))) {
          context.report({ node: user, messageId: 'outside', data: { ...data, allowed: allowedPaths.join(', ') }, pointer: '/path' });
        } else if (user.loginProfile !== null && servicePaths.some((pattern) => wildcardMatch(pattern, user.path))) {
          context.report({ node: user, messageId: 'consoleAccess', data, pointer: '/loginProfile' });
        }
      },
    };
  },
});
