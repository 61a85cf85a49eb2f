import { RuleTester, type AccountSpec, type SnapshotSpec } from '@iamlint/core/testing';
import rule from '../src/access/privilege-escalation.js';

const MANAGEMENT = '111122223333';
const PRODUCTION = '444455556666';
const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

const userArn = (name: string) => `arn:aws:iam::${PRODUCTION}:user/${name}`;
const roleArn = (name: string) => `arn:aws:iam::${PRODUCTION}:role/${name}`;
const policyArn = (name: string) => `arn:aws:iam::${PRODUCTION}:policy/${name}`;

const document = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const trusting = (principal: object, condition?: object) =>
  document({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) });

const READ_ONLY = document({
  Sid: 'ReadOnly',
  Effect: 'Allow',
  Action: ['s3:Get*', 's3:List*', 'ec2:Describe*', 'iam:Get*', 'iam:List*', 'cloudwatch:GetMetricData', 'logs:FilterLogEvents'],
  Resource: '*',
});

/** A developer whose own customer managed policy lets it create new versions of that very policy. */
const developerAccess = (condition?: object) => ({
  policyName: 'DeveloperAccess',
  document: document(
    { Sid: 'Workloads', Effect: 'Allow', Action: ['s3:*', 'dynamodb:*', 'logs:*', 'cloudwatch:*'], Resource: '*' },
    {
      Sid: 'ManageOwnPolicy',
      Effect: 'Allow',
      Action: ['iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyVersions', 'iam:CreatePolicyVersion', 'iam:DeletePolicyVersion'],
      Resource: policyArn('DeveloperAccess'),
      ...(condition ? { Condition: condition } : {}),
    },
  ),
});

/** deploy-bob can assume app-operator, which can attach any managed policy to itself. */
const assumeThenAttach = (operator: Partial<NonNullable<AccountSpec['roles']>[number]> = {}): AccountSpec => ({
  users: [
    {
      userName: 'deploy-bob',
      inlinePolicies: [
        { name: 'AssumeAppOperator', document: document({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn('app-operator') }) },
      ],
    },
  ],
  roles: [
    {
      roleName: 'app-operator',
      trustPolicy: trusting({ AWS: userArn('deploy-bob') }),
      inlinePolicies: [
        {
          name: 'OperateApp',
          document: document(
            { Effect: 'Allow', Action: ['ecs:UpdateService', 'ecs:Describe*', 'logs:GetLogEvents'], Resource: '*' },
            { Effect: 'Allow', Action: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'], Resource: roleArn('app-operator') },
          ),
        },
      ],
      ...operator,
    },
  ],
});

const FULL_AWS_ACCESS = {
  id: 'p-FullAWSAccess',
  name: 'FullAWSAccess',
  awsManaged: true,
  document: document({ Effect: 'Allow', Action: '*', Resource: '*' }),
};

const withOrganization = (account: AccountSpec, scpStatement: object): SnapshotSpec => ({
  organization: {
    managementAccountId: MANAGEMENT,
    organizationalUnits: [{ id: 'ou-a1b2-workload1', name: 'Workloads' }],
    accounts: [{ id: MANAGEMENT, name: 'acme-management' }, { id: PRODUCTION, name: 'acme-production', parentId: 'ou-a1b2-workload1' }],
    policies: [
      { ...FULL_AWS_ACCESS, targets: ['r-a1b2', 'ou-a1b2-workload1', MANAGEMENT, PRODUCTION] },
      { name: 'DenyIamPrivilegeChanges', document: document(scpStatement), targets: ['ou-a1b2-workload1'] },
    ],
  },
  accounts: { [MANAGEMENT]: {}, [PRODUCTION]: account },
});

/** A CI role assumed by GitHub Actions workflows: people act as it through a workflow, so it is a starting principal. */
const GITHUB_ACTIONS_TRUST = document({
  Effect: 'Allow',
  Principal: { Federated: `arn:aws:iam::${PRODUCTION}:oidc-provider/token.actions.githubusercontent.com` },
  Action: 'sts:AssumeRoleWithWebIdentity',
  Condition: { StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:ref:refs/heads/main' } },
});

const lambdaAdminRole = { roleName: 'lambda-admin', trustPolicy: trusting({ Service: 'lambda.amazonaws.com' }), attachedManagedPolicies: [ADMINISTRATOR_ACCESS] };

/** A build role that can create and invoke Lambda functions, passing roles to them. */
const buildRole = (actions: string[], passRoleCondition?: object, passRoleResource = roleArn('lambda-*')) => ({
  roleName: 'ci-build',
  trustPolicy: GITHUB_ACTIONS_TRUST,
  inlinePolicies: [
    {
      name: 'BuildAndDeploy',
      document: document(
        { Effect: 'Allow', Action: actions, Resource: '*' },
        {
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: passRoleResource,
          ...(passRoleCondition ? { Condition: passRoleCondition } : {}),
        },
      ),
    },
  ],
});

/** Can attach any managed policy to any user of the account, itself included. */
const iamOperator = {
  userName: 'iam-operator',
  inlinePolicies: [
    {
      name: 'ManageUsers',
      document: document({
        Effect: 'Allow',
        Action: ['iam:CreateUser', 'iam:AttachUserPolicy', 'iam:DetachUserPolicy', 'iam:ListUsers'],
        Resource: '*',
      }),
    },
  ],
};

/** Issued before 2020 (Cloudsplaining's fp5 bait) or after it (fn3): decided against the snapshot time. */
const ISSUED_BEFORE_2020 = { DateLessThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } };
const ISSUED_AFTER_2020 = { DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } };
const SNAPSHOT_TIME = '2026-11-20T06:00:00Z';

/** A deploy role holding DeveloperAccess, which it may rewrite under that policy's condition. */
const legacyDeployer = {
  roleName: 'legacy-deployer',
  trustPolicy: GITHUB_ACTIONS_TRUST,
  attachedManagedPolicies: [policyArn('DeveloperAccess')],
};

/** A break-glass administrator, and users of the help desk and onboarding automation that manage credentials. */
const credentialManagers = (loginProfile: { createDate: string; passwordResetRequired: boolean } | null): AccountSpec => ({
  users: [
    { userName: 'break-glass', attachedManagedPolicies: [ADMINISTRATOR_ACCESS], loginProfile },
    {
      userName: 'helpdesk-tom',
      inlinePolicies: [{ name: 'ResetPasswords', document: document({ Effect: 'Allow', Action: ['iam:GetLoginProfile', 'iam:UpdateLoginProfile'], Resource: userArn('*') }) }],
    },
  ],
});
const NO_CREDENTIAL_REPORT = { section: 'iam.credentialReport' as const, accountId: PRODUCTION, call: 'iam:GetCredentialReport', error: 'NotInExport' };
const NO_ACCESS_KEYS = { section: 'iam.accessKeys' as const, accountId: PRODUCTION, call: 'iam:ListAccessKeys', error: 'NotInExport' };

/** ops-trainee may add itself to SRE, whose policy grants iam:* (Cloudsplaining's privesc13 and privesc-sre). */
const SRE_ACCOUNT: AccountSpec = {
  users: [
    {
      userName: 'ops-trainee',
      inlinePolicies: [{ name: 'JoinOnCallGroups', document: document({ Effect: 'Allow', Action: ['iam:AddUserToGroup', 'iam:ListGroups'], Resource: '*' }) }],
    },
    { userName: 'sre-oncall', groups: ['SRE'] },
  ],
  groups: [
    { groupName: 'SRE', attachedManagedPolicies: [policyArn('SreAccess')] },
    { groupName: 'Billing', attachedManagedPolicies: ['arn:aws:iam::aws:policy/job-function/Billing'] },
  ],
  // Not iam:*, which would make every SRE an administrator by another name: managing its own policy's versions.
  policies: [{ policyName: 'SreAccess', document: document({ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*', 'iam:CreatePolicyVersion', 'ec2:*', 's3:*'], Resource: '*' }) }],
};

/** An operator that can run commands on instances, open notebooks or update stacks that already exist. */
const existingResourceOperator = (actions: string[]) => ({
  userName: 'ops-runner',
  inlinePolicies: [{ name: 'OperateExisting', document: document({ Effect: 'Allow', Action: ['ec2:DescribeInstances', ...actions], Resource: '*' }) }],
});
/** An administrator role that EC2 instances, CloudFormation stacks and SageMaker notebooks can run as. */
const serviceAdminRole = (service: string) => ({ roleName: 'platform-admin-runtime', trustPolicy: trusting({ Service: service }), attachedManagedPolicies: [ADMINISTRATOR_ACCESS] });

/** A role of the identity team that manages other users' and roles' policies, and assumes none of them. */
const identityManager = (actions: string[], resource = '*') => ({
  roleName: 'identity-manager',
  trustPolicy: GITHUB_ACTIONS_TRUST,
  inlinePolicies: [{ name: 'ManageOthers', document: document({ Effect: 'Allow', Action: ['iam:List*', 'iam:Get*', ...actions], Resource: resource }) }],
});
const appDeployer = { userName: 'app-deployer', inlinePolicies: [{ name: 'ReadOnly', document: READ_ONLY }] };
/** A function developer: Lambda and PassRole on everything. */
const functionDeveloper = (passRoleCondition?: object) => ({
  userName: 'fn-dev',
  inlinePolicies: [
    {
      name: 'Functions',
      document: document(
        { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' },
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', ...(passRoleCondition ? { Condition: passRoleCondition } : {}) },
      ),
    },
  ],
});

/**
 * The reporting ETL user's own policy: it may switch the default version of `ReportingAccess` (or of `resource`).
 * v1 was the bootstrap version that granted everything; v2 is the reviewed one.
 */
const reportingEtl = (options: { versions?: 'admin' | 'broader' | 'unknown' | 'mfaFirst'; resource?: string; boundary?: boolean } = {}): AccountSpec => {
  const versions = {
    mfaFirst: [
      { versionId: 'v1', isDefault: false, createDate: '2025-01-14T09:12:03Z', document: document({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }) },
      { versionId: 'v3', isDefault: false, createDate: '2025-03-02T16:40:11Z', document: document({ Sid: 'Debug', Effect: 'Allow', Action: '*', Resource: '*' }) },
    ],
    admin: [{ versionId: 'v1', isDefault: false, createDate: '2025-01-14T09:12:03Z', document: document({ Sid: 'Bootstrap', Effect: 'Allow', Action: '*', Resource: '*' }) }],
    broader: [{ versionId: 'v1', isDefault: false, createDate: '2025-01-14T09:12:03Z', document: document({ Sid: 'Bootstrap', Effect: 'Allow', Action: ['s3:*', 'athena:*', 'glue:*'], Resource: '*' }) }],
    unknown: undefined,
  }[options.versions ?? 'admin'];
  return {
    users: [
      {
        userName: 'reporting-etl',
        path: '/service/',
        attachedManagedPolicies: [policyArn('ReportingAccess')],
        ...(options.boundary ? { permissionsBoundary: policyArn('ReportingBoundary') } : {}),
      },
    ],
    policies: [
      {
        policyName: 'ReportingAccess',
        defaultVersionId: 'v2',
        ...(versions === undefined ? {} : { versions }),
        document: document(
          { Sid: 'Reports', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::acme-reports/*' },
          { Sid: 'OwnPolicy', Effect: 'Allow', Action: ['iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyVersions', 'iam:SetDefaultPolicyVersion'], Resource: options.resource ?? policyArn('ReportingAccess') },
        ),
      },
      ...(options.boundary
        ? [{ policyName: 'ReportingBoundary', document: document({ Effect: 'Allow', Action: ['s3:*', 'iam:GetPolicy*', 'iam:ListPolicyVersions', 'iam:SetDefaultPolicyVersion'], Resource: '*' }) }]
        : []),
    ],
  };
};

const withAdministratorAccess = (account: AccountSpec): AccountSpec => ({
  ...account,
  users: (account.users ?? []).map((user) => ({ ...user, attachedManagedPolicies: [...(user.attachedManagedPolicies ?? []), ADMINISTRATOR_ACCESS] })),
});

new RuleTester().run('privilege-escalation', rule, {
  valid: [
    {
      name: 'iam:SetDefaultPolicyVersion to an admin version the permissions boundary still caps is no path',
      snapshot: { accounts: { [PRODUCTION]: reportingEtl({ boundary: true }) } },
    },
    {
      name: 'iam:SetDefaultPolicyVersion denied by an SCP is no path, though the old version grants everything',
      snapshot: withOrganization(reportingEtl(), { Effect: 'Deny', Action: ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'], Resource: '*' }),
    },
    {
      name: 'iam:SetDefaultPolicyVersion only on another policy (the staging copy) cannot switch the policy it holds',
      snapshot: { accounts: { [PRODUCTION]: reportingEtl({ resource: policyArn('ReportingAccessStaging') }) } },
    },
    {
      name: 'iam:SetDefaultPolicyVersion with versions short of administrator, held by an administrator: nothing to report',
      snapshot: { accounts: { [PRODUCTION]: withAdministratorAccess(reportingEtl({ versions: 'broader' })) } },
    },
    {
      name: 'iam:SetDefaultPolicyVersion denied by an SCP is no latent primitive either, when no version grants everything',
      snapshot: withOrganization(reportingEtl({ versions: 'broader' }), { Effect: 'Deny', Action: 'iam:SetDefaultPolicyVersion', Resource: '*' }),
    },
    {
      name: 'iam:SetDefaultPolicyVersion outside the permissions boundary is no latent primitive',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            ...reportingEtl({ versions: 'broader' }),
            users: [{ userName: 'reporting-etl', path: '/service/', attachedManagedPolicies: [policyArn('ReportingAccess')], permissionsBoundary: policyArn('ReadOnlyBoundary') }],
            policies: [...(reportingEtl({ versions: 'broader' }).policies ?? []), { policyName: 'ReadOnlyBoundary', document: READ_ONLY }],
          },
        },
      },
    },
    {
      name: 'iam:SetDefaultPolicyVersion where the boundary would cap any version is no latent primitive: no version could make it an administrator',
      snapshot: { accounts: { [PRODUCTION]: reportingEtl({ versions: 'broader', boundary: true }) } },
    },
    {
      name: 'iam:SetDefaultPolicyVersion only on a policy it does not hold (the staging copy) is no latent primitive',
      snapshot: { accounts: { [PRODUCTION]: reportingEtl({ versions: 'broader', resource: policyArn('ReportingAccessStaging') }) } },
    },
    {
      name: 'an administrator is not reported, even though it could do everything the methods need',
      snapshot: { accounts: { [PRODUCTION]: { users: [{ userName: 'platform-admin', attachedManagedPolicies: [ADMINISTRATOR_ACCESS] }] } } },
    },
    {
      name: 'iam:AttachUserPolicy only on its own path of users, with no other user there, grants nothing to anyone else',
      snapshot: { accounts: { [PRODUCTION]: { users: [appDeployer], roles: [identityManager(['iam:AttachUserPolicy'], userArn('contractors/*'))] } } },
    },
    {
      name: 'iam:PutRolePolicy denied by an SCP is no privileged grant',
      snapshot: withOrganization(
        { users: [appDeployer], roles: [identityManager(['iam:PutRolePolicy'])] },
        { Effect: 'Deny', Action: ['iam:PutRolePolicy', 'iam:AttachRolePolicy'], Resource: '*' },
      ),
    },
    {
      name: 'PassRole limited to ECS tasks by iam:PassedToService is no latent Lambda primitive',
      snapshot: { accounts: { [PRODUCTION]: { users: [functionDeveloper({ StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } })] } } },
    },
    {
      name: 'ssm:SendCommand with no role an instance can hold: the method has no target',
      snapshot: { accounts: { [PRODUCTION]: { users: [existingResourceOperator(['ssm:SendCommand'])], roles: [lambdaAdminRole] } } },
    },
    {
      name: 'ssm:StartSession denied by an SCP is not a path, though an administrator role trusts EC2',
      snapshot: withOrganization(
        { users: [existingResourceOperator(['ssm:StartSession'])], roles: [serviceAdminRole('ec2.amazonaws.com')] },
        { Effect: 'Deny', Action: ['ssm:StartSession', 'ssm:SendCommand'], Resource: '*' },
      ),
    },
    {
      name: 'cloudformation:UpdateStack outside a permissions boundary is not a path',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            users: [{ ...existingResourceOperator(['cloudformation:UpdateStack']), permissionsBoundary: policyArn('ReadOnlyBoundary') }],
            roles: [serviceAdminRole('cloudformation.amazonaws.com')],
            policies: [{ policyName: 'ReadOnlyBoundary', document: READ_ONLY }],
          },
        },
      },
    },
    {
      name: 'a service-linked role that can launch instances with an administrator role is not reported: no principal can act as it',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            roles: [
              {
                roleName: 'AWSServiceRoleForAutoScaling',
                path: '/aws-service-role/autoscaling.amazonaws.com/',
                trustPolicy: trusting({ Service: 'autoscaling.amazonaws.com' }),
                inlinePolicies: [
                  { name: 'AutoScaling', document: document({ Effect: 'Allow', Action: ['ec2:RunInstances', 'iam:PassRole'], Resource: '*' }) },
                ],
              },
              { roleName: 'jenkins-master', trustPolicy: trusting({ Service: 'ec2.amazonaws.com' }), attachedManagedPolicies: [ADMINISTRATOR_ACCESS] },
            ],
          },
        },
      },
    },
    {
      name: 'a role only CodeBuild can assume is not reported itself, though it may attach policies to itself: only who can make CodeBuild act would be',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            roles: [
              {
                roleName: 'codebuild-packager',
                trustPolicy: trusting({ Service: 'codebuild.amazonaws.com' }),
                inlinePolicies: [{ name: 'SelfAttach', document: document({ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: roleArn('codebuild-packager') }) }],
              },
            ],
          },
        },
      },
    },
    {
      name: 'read-only users and an admin role trusting Lambda: nobody can pass it or change anything',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            users: [
              { userName: 'auditor-carol', inlinePolicies: [{ name: 'ReadOnly', document: READ_ONLY }] },
              { userName: 'support-dan', groups: ['Support'] },
            ],
            groups: [{ groupName: 'Support', inlinePolicies: [{ name: 'ReadOnly', document: READ_ONLY }] }],
            roles: [lambdaAdminRole],
          },
        },
      },
    },
    {
      name: 'a permissions boundary on the role stops iam:AttachRolePolicy, so neither the role nor who assumes it escalates',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            ...assumeThenAttach({ permissionsBoundary: policyArn('WorkloadBoundary') }),
            policies: [
              {
                policyName: 'WorkloadBoundary',
                permissionsBoundaryUsageCount: 1,
                attachmentCount: 0,
                document: document({ Effect: 'Allow', Action: ['ecs:*', 'logs:*', 's3:*', 'sts:AssumeRole'], Resource: '*' }),
              },
            ],
          },
        },
      },
    },
    {
      name: 'an SCP on the account\'s OU denies attaching policies to roles',
      snapshot: withOrganization(assumeThenAttach(), {
        Sid: 'DenyIamPolicyChanges',
        Effect: 'Deny',
        Action: ['iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:AttachUserPolicy', 'iam:PutUserPolicy', 'iam:CreatePolicyVersion'],
        Resource: '*',
      }),
    },
    {
      name: 'a build role that can create Lambda functions but not invoke or trigger them has no path',
      snapshot: { accounts: { [PRODUCTION]: { roles: [buildRole(['lambda:CreateFunction', 'lambda:GetFunction', 's3:GetObject']), lambdaAdminRole] } } },
    },
    {
      name: 'excludePrincipals: a CI deploy role meant to administer, matched by ARN wildcard',
      snapshot: { accounts: { [PRODUCTION]: { roles: [buildRole(['lambda:CreateFunction', 'lambda:InvokeFunction']), lambdaAdminRole] } } },
      options: [{ excludePrincipals: ['arn:aws:iam::*:role/ci-*'] }],
    },
    {
      name: 'ignoreConditional: a path that needs MFA is not reported',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            users: [{ userName: 'dev-alice', attachedManagedPolicies: [policyArn('DeveloperAccess')] }],
            policies: [developerAccess({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } })],
          },
        },
      },
      options: [{ ignoreConditional: true }],
    },
    {
      name: 'adminDefinition iam-write: a principal that can write IAM already counts as an administrator',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            users: [iamOperator],
          },
        },
      },
      options: [{ adminDefinition: 'iam-write' }],
    },
    {
      name: 'a grant that needs credentials issued before 2020 is no path at the snapshot time: no session lives that long',
      snapshot: {
        collectedAt: SNAPSHOT_TIME,
        accounts: {
          [PRODUCTION]: {
            users: [{ userName: 'dev-alice', attachedManagedPolicies: [policyArn('DeveloperAccess')] }],
            roles: [legacyDeployer],
            policies: [developerAccess(ISSUED_BEFORE_2020)],
          },
        },
      },
    },
    {
      name: 'with the credential report in the snapshot, an administrator without a console password cannot have it changed',
      snapshot: { accounts: { [PRODUCTION]: credentialManagers(null) } },
    },
    {
      name: 'iam:PassRole scoped to the function roles of the application cannot hand over the admin role',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            roles: [
              buildRole(['lambda:CreateFunction', 'lambda:InvokeFunction'], undefined, roleArn('lambda-orders-*')),
              { roleName: 'lambda-orders-api', trustPolicy: trusting({ Service: 'lambda.amazonaws.com' }), inlinePolicies: [{ name: 'Orders', document: document({ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: `arn:aws:dynamodb:eu-west-1:${PRODUCTION}:table/orders` }) }] },
              lambdaAdminRole,
            ],
          },
        },
      },
    },
  ],
  invalid: [
    {
      name: 'iam:SetDefaultPolicyVersion on its own policy, whose stored v1 grants everything: a sure path naming the version',
      snapshot: { accounts: { [PRODUCTION]: reportingEtl() } },
      errors: [
        {
          messageId: 'path',
          resource: userArn('service/reporting-etl'),
          data: {
            steps: 1,
            administrator: 'itself',
            conditional: false,
            path: 'step 1: user reporting-etl can make version v1 of policy ReportingAccess the default (iam:SetDefaultPolicyVersion), and that version grants every permission',
          },
          related: [policyArn('ReportingAccess')],
        },
      ],
    },
    {
      name: 'of two admin versions, the one that needs no condition (v3, not the MFA-bound v1) makes the path sure',
      snapshot: { accounts: { [PRODUCTION]: reportingEtl({ versions: 'mfaFirst' }) } },
      errors: [{ messageId: 'path', resource: userArn('service/reporting-etl'), data: { conditional: false, path: 'step 1: user reporting-etl can make version v3 of policy ReportingAccess the default (iam:SetDefaultPolicyVersion), and that version grants every permission' } }],
    },
    {
      name: 'iam:SetDefaultPolicyVersion where the snapshot holds no versions (an older snapshot): conditional, saying why',
      snapshot: { accounts: { [PRODUCTION]: reportingEtl({ versions: 'unknown' }) } },
      errors: [
        {
          messageId: 'conditionalPath',
          resource: userArn('service/reporting-etl'),
          data: {
            steps: 1,
            conditional: true,
            path: 'step 1: user reporting-etl can make another version of policy ReportingAccess the default, which escalates if a non-default version grants more (the snapshot holds only its default version)',
          },
        },
      ],
    },
    {
      name: 'a role that can attach policies to other users makes others administrators: a privileged grant',
      snapshot: { accounts: { [PRODUCTION]: { users: [appDeployer], roles: [identityManager(['iam:AttachUserPolicy'])] } } },
      errors: [
        {
          messageId: 'privilegedGrant',
          resource: roleArn('identity-manager'),
          severity: 'high',
          data: { action: 'iam:AttachUserPolicy', target: 'user app-deployer', condition: '' },
          related: [userArn('app-deployer')],
        },
      ],
    },
    {
      name: 'a grant scoped to one user names that user, not the first of the account',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            users: [
              { userName: 'auditor' },
              appDeployer,
              { userName: 'helpdesk', inlinePolicies: [{ name: 'OneUser', document: document({ Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: userArn('app-deployer') }) }] },
            ],
          },
        },
      },
      errors: [{ messageId: 'privilegedGrant', resource: userArn('helpdesk'), data: { action: 'iam:AttachUserPolicy', target: 'user app-deployer', condition: '' } }],
    },
    {
      name: 'a user that can write the inline policy of a role it cannot assume',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            users: [{ userName: 'iam-helper', inlinePolicies: [{ name: 'Roles', document: document({ Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: roleArn('*') }) }] }],
            roles: [{ roleName: 'batch-runner', trustPolicy: GITHUB_ACTIONS_TRUST }],
          },
        },
      },
      errors: [{ messageId: 'privilegedGrant', resource: userArn('iam-helper'), data: { action: 'iam:PutRolePolicy', target: 'role batch-runner' } }],
    },
    {
      name: 'PassRole and lambda:CreateFunction on everything, with no role trusting Lambda yet: a latent primitive, low',
      snapshot: { accounts: { [PRODUCTION]: { users: [functionDeveloper()] } } },
      errors: [
        {
          messageId: 'latentPrimitive',
          resource: userArn('fn-dev'),
          severity: 'low',
          data: { missing: 'a role trusting lambda.amazonaws.com is created with more permissions than it has' },
        },
      ],
    },
    {
      name: 'iam:SetDefaultPolicyVersion on its own policy, every stored version known and none admin: a latent primitive naming the policy',
      snapshot: { accounts: { [PRODUCTION]: reportingEtl({ versions: 'broader' }) } },
      errors: [
        {
          messageId: 'latentPrimitive',
          resource: userArn('service/reporting-etl'),
          severity: 'low',
          data: {
            primitive: 'iam:SetDefaultPolicyVersion on policy ReportingAccess, while no stored version of it grants administrator',
            missing: 'a version that grants more is added to it',
          },
          related: [policyArn('ReportingAccess')],
        },
      ],
    },
    {
      name: 'iam:SetDefaultPolicyVersion on two policies it holds, one through its group, none with an admin version: both named',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            users: [{ userName: 'reporting-etl', path: '/service/', groups: ['etl'], attachedManagedPolicies: [policyArn('ReportingAccess')] }],
            groups: [{ groupName: 'etl', attachedManagedPolicies: [policyArn('EtlShared')] }],
            policies: [
              ...(reportingEtl({ versions: 'broader', resource: policyArn('*') }).policies ?? []),
              { policyName: 'EtlShared', defaultVersionId: 'v1', versions: [], document: document({ Effect: 'Allow', Action: 'glue:StartJobRun', Resource: '*' }) },
            ],
          },
        },
      },
      errors: [
        {
          messageId: 'latentPrimitive',
          resource: userArn('service/reporting-etl'),
          data: { primitive: 'iam:SetDefaultPolicyVersion on policies ReportingAccess and EtlShared, while no stored version of them grants administrator', missing: 'a version that grants more is added to one of them' },
          related: [policyArn('ReportingAccess'), policyArn('EtlShared')],
        },
      ],
    },
    {
      name: 'iam:CreatePolicyVersion on every policy, with no customer managed policy applying to it: a latent primitive',
      snapshot: {
        accounts: {
          [PRODUCTION]: { users: [{ userName: 'policy-editor', inlinePolicies: [{ name: 'Versions', document: document({ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: '*' }) }] }] },
        },
      },
      errors: [{ messageId: 'latentPrimitive', resource: userArn('policy-editor'), severity: 'low', data: { primitive: 'iam:CreatePolicyVersion on every policy, while no customer managed policy applies to it' } }],
    },
    ...(
      [
        ['ssm:SendCommand', 'ec2.amazonaws.com', "user ops-runner can run commands on an EC2 instance with ssm:SendCommand and read its credentials, which escalates if a managed instance runs with role platform-admin-runtime's instance profile (the snapshot does not list instances)"],
        ['ssm:StartSession', 'ec2.amazonaws.com', "user ops-runner can open a shell on an EC2 instance with ssm:StartSession and read its credentials, which escalates if a managed instance runs with role platform-admin-runtime's instance profile (the snapshot does not list instances)"],
        ['ec2-instance-connect:SendSSHPublicKey', 'ec2.amazonaws.com', "user ops-runner can push an SSH key to an EC2 instance with EC2 Instance Connect and log in, which escalates if a reachable instance runs with role platform-admin-runtime's instance profile (the snapshot does not list instances)"],
        ['ec2-instance-connect:SendSerialConsoleSSHPublicKey', 'ec2.amazonaws.com', "user ops-runner can push an SSH key to the serial console of an EC2 instance and log in, which escalates if one with serial console access enabled runs with role platform-admin-runtime's instance profile (the snapshot does not list instances)"],
        ['cloudformation:UpdateStack', 'cloudformation.amazonaws.com', "user ops-runner can update a CloudFormation stack with its own template, which escalates if a stack runs as role platform-admin-runtime: its role is kept without iam:PassRole (the snapshot does not list stacks)"],
        ['sagemaker:CreatePresignedNotebookInstanceUrl', 'sagemaker.amazonaws.com', "user ops-runner can open a SageMaker notebook instance's Jupyter with a presigned URL and run code there, which escalates if one runs as role platform-admin-runtime (the snapshot does not list notebook instances)"],
        ['sagemaker:CreatePresignedDomainUrl', 'sagemaker.amazonaws.com', "user ops-runner can open a SageMaker Studio user profile with a presigned domain URL and run code there, which escalates if a domain or user profile runs as role platform-admin-runtime (the snapshot does not list domains)"],
      ] as const
    ).map(([action, service, text]) => ({
      name: `${action} to an existing resource that may run as an administrator role trusting ${service} is a conditional path that says what must exist`,
      snapshot: { accounts: { [PRODUCTION]: { users: [existingResourceOperator([action])], roles: [serviceAdminRole(service)] } } },
      errors: [
        {
          messageId: 'conditionalPath' as const,
          resource: userArn('ops-runner'),
          data: { steps: 1, administrator: 'as role platform-admin-runtime', path: `step 1: ${text}` },
        },
      ],
    })),
    {
      name: 'a change set created and executed on an existing stack runs as its role',
      snapshot: {
        accounts: {
          [PRODUCTION]: { users: [existingResourceOperator(['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet'])], roles: [serviceAdminRole('cloudformation.amazonaws.com')] },
        },
      },
      errors: [{ messageId: 'conditionalPath', resource: userArn('ops-runner'), data: { path: 'step 1: user ops-runner can create and execute a change set with its own template, which escalates if a stack runs as role platform-admin-runtime: its role is kept without iam:PassRole (the snapshot does not list stacks)' } }],
    },
    {
      name: 'a power user in the management account is one hop from OrganizationAccountAccessRole in a member account',
      snapshot: {
        organization: {
          managementAccountId: MANAGEMENT,
          accounts: [{ id: MANAGEMENT, name: 'acme-management' }, { id: PRODUCTION, name: 'acme-production' }],
          policies: [{ ...FULL_AWS_ACCESS, targets: ['r-a1b2', MANAGEMENT, PRODUCTION] }],
        },
        accounts: {
          [MANAGEMENT]: {
            roles: [
              {
                roleName: 'Developer',
                trustPolicy: trusting({ AWS: `arn:aws:iam::${MANAGEMENT}:root` }),
                inlinePolicies: [{ name: 'power-user', document: document({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }) }],
              },
            ],
          },
          [PRODUCTION]: {
            roles: [{ roleName: 'OrganizationAccountAccessRole', trustPolicy: trusting({ AWS: `arn:aws:iam::${MANAGEMENT}:root` }), attachedManagedPolicies: [ADMINISTRATOR_ACCESS] }],
          },
        },
      },
      errors: [
        {
          messageId: 'path',
          resource: `arn:aws:iam::${MANAGEMENT}:role/Developer`,
          data: { steps: 1, path: `step 1: role Developer can assume role OrganizationAccountAccessRole in account ${PRODUCTION}` },
          related: [roleArn('OrganizationAccountAccessRole')],
        },
      ],
    },
    {
      name: 'a developer can create a new default version of the policy attached to itself',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            users: [{ userName: 'dev-alice', attachedManagedPolicies: [policyArn('DeveloperAccess')] }],
            policies: [developerAccess()],
          },
        },
      },
      errors: [
        {
          messageId: 'path',
          resource: userArn('dev-alice'),
          data: {
            kind: 'User',
            principal: 'dev-alice',
            accountId: PRODUCTION,
            steps: 1,
            administrator: 'itself',
            conditional: false,
            path: 'step 1: user dev-alice can create a new default version of policy DeveloperAccess that grants every permission (iam:CreatePolicyVersion with --set-as-default)',
          },
          related: [policyArn('DeveloperAccess')],
        },
      ],
    },
    {
      name: 'a build role can pass an administrator role to a new Lambda function and invoke it',
      snapshot: { accounts: { [PRODUCTION]: { roles: [buildRole(['lambda:CreateFunction', 'lambda:InvokeFunction', 'lambda:GetFunction']), lambdaAdminRole] } } },
      errors: [
        {
          messageId: 'path',
          resource: roleArn('ci-build'),
          data: {
            kind: 'Role',
            principal: 'ci-build',
            steps: 1,
            administrator: 'as role lambda-admin',
            conditional: false,
            path: 'step 1: role ci-build can create a Lambda function that runs as role lambda-admin and invoke it',
          },
          related: [roleArn('lambda-admin')],
        },
      ],
    },
    {
      name: 'a user assumes a role that can attach a policy to itself: two steps for the user, one for the role',
      snapshot: { accounts: { [PRODUCTION]: assumeThenAttach() } },
      errors: [
        {
          messageId: 'path',
          resource: userArn('deploy-bob'),
          data: {
            principal: 'deploy-bob',
            steps: 2,
            conditional: false,
            path: 'step 1: user deploy-bob can assume role app-operator; step 2: role app-operator can attach AdministratorAccess to role app-operator',
          },
          related: [roleArn('app-operator')],
        },
        {
          messageId: 'path',
          resource: roleArn('app-operator'),
          data: { principal: 'app-operator', steps: 1, administrator: 'itself' },
        },
      ],
    },
    {
      name: 'the same path in an organization whose SCP denies other actions is still reported',
      snapshot: withOrganization(assumeThenAttach(), {
        Sid: 'DenyLeavingOrganization',
        Effect: 'Deny',
        Action: ['organizations:LeaveOrganization', 'cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'],
        Resource: '*',
      }),
      errors: [
        { messageId: 'path', resource: userArn('deploy-bob'), data: { steps: 2 } },
        { messageId: 'path', resource: roleArn('app-operator'), data: { steps: 1 } },
      ],
    },
    {
      name: 'excludePrincipals skips the excluded role but it still counts as a step of the user\'s path',
      snapshot: { accounts: { [PRODUCTION]: assumeThenAttach() } },
      options: [{ excludePrincipals: ['App-Operator'] }],
      errors: [{ messageId: 'path', resource: userArn('deploy-bob'), data: { steps: 2 }, related: [roleArn('app-operator')] }],
    },
    {
      name: 'a path that needs MFA is reported as conditional',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            users: [{ userName: 'dev-alice', attachedManagedPolicies: [policyArn('DeveloperAccess')] }],
            policies: [developerAccess({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } })],
          },
        },
      },
      errors: [{ messageId: 'conditionalPath', resource: userArn('dev-alice'), data: { principal: 'dev-alice', steps: 1, conditional: true } }],
    },
    {
      name: 'a user in a group that can write the group\'s own inline policy',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            users: [{ userName: 'ops-erin', groups: ['Operators'] }],
            groups: [
              {
                groupName: 'Operators',
                inlinePolicies: [
                  {
                    name: 'OperatorsSelfService',
                    document: document(
                      { Effect: 'Allow', Action: ['ec2:Describe*', 'ec2:StartInstances', 'ec2:StopInstances'], Resource: '*' },
                      { Effect: 'Allow', Action: ['iam:GetGroupPolicy', 'iam:PutGroupPolicy'], Resource: `arn:aws:iam::${PRODUCTION}:group/Operators` },
                    ),
                  },
                ],
              },
            ],
          },
        },
      },
      errors: [
        {
          messageId: 'path',
          resource: userArn('ops-erin'),
          data: { steps: 1, administrator: 'itself' },
          related: [`arn:aws:iam::${PRODUCTION}:group/Operators`],
        },
      ],
    },
    {
      name: 'adminDefinition all-services (default): the same IAM operator is reported, it can attach AdministratorAccess to itself',
      snapshot: { accounts: { [PRODUCTION]: { users: [iamOperator] } } },
      errors: [
        {
          messageId: 'path',
          resource: userArn('iam-operator'),
          data: { steps: 1, path: 'step 1: user iam-operator can attach AdministratorAccess to user iam-operator' },
          related: [],
        },
      ],
    },
    {
      name: 'iam:PassRole scoped with iam:PassedToService to EC2 is only a conditional path: the search does not know which service a role is passed to',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            roles: [
              buildRole(['lambda:CreateFunction', 'lambda:InvokeFunction'], { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } }),
              lambdaAdminRole,
            ],
          },
        },
      },
      errors: [{ messageId: 'conditionalPath', resource: roleArn('ci-build'), data: { conditional: true, administrator: 'as role lambda-admin' } }],
    },
    {
      name: 'a grant that needs credentials issued after 2020 holds for a role (sessions only) and may hold for a user (not with an access key)',
      snapshot: {
        collectedAt: SNAPSHOT_TIME,
        accounts: {
          [PRODUCTION]: {
            users: [{ userName: 'dev-alice', attachedManagedPolicies: [policyArn('DeveloperAccess')] }],
            roles: [legacyDeployer],
            policies: [developerAccess(ISSUED_AFTER_2020)],
          },
        },
      },
      errors: [
        { messageId: 'conditionalPath', resource: userArn('dev-alice'), data: { steps: 1, conditional: true } },
        {
          messageId: 'path',
          resource: roleArn('legacy-deployer'),
          data: {
            steps: 1,
            conditional: false,
            path: 'step 1: role legacy-deployer can create a new default version of policy DeveloperAccess that grants every permission (iam:CreatePolicyVersion with --set-as-default)',
          },
        },
      ],
    },
    {
      name: 'a user adds itself to a group that is no administrator group, then uses the IAM rights it gains',
      snapshot: { accounts: { [PRODUCTION]: SRE_ACCOUNT } },
      errors: [
        {
          messageId: 'path',
          resource: userArn('ops-trainee'),
          data: {
            steps: 2,
            administrator: 'itself',
            conditional: false,
            path: 'step 1: user ops-trainee can add itself to group SRE and gain its permissions; step 2: user ops-trainee can create a new default version of policy SreAccess that grants every permission (iam:CreatePolicyVersion with --set-as-default)',
          },
          related: [`arn:aws:iam::${PRODUCTION}:group/SRE`, policyArn('SreAccess')],
        },
        { messageId: 'path', resource: userArn('sre-oncall'), data: { steps: 1 }, related: [policyArn('SreAccess')] },
      ],
    },
    {
      name: "without a credential report, changing the administrator's console password is a conditional path that names the missing report",
      snapshot: { accounts: { [PRODUCTION]: credentialManagers(null) }, gaps: [NO_CREDENTIAL_REPORT] },
      errors: [
        {
          messageId: 'conditionalPath',
          resource: userArn('helpdesk-tom'),
          data: {
            steps: 1,
            administrator: 'as user break-glass',
            conditional: true,
            path: `step 1: user helpdesk-tom can change user break-glass's console password and sign in as it, if it has one (the snapshot has no credential report for account ${PRODUCTION})`,
          },
          related: [userArn('break-glass')],
        },
      ],
    },
    {
      name: 'with the password recorded, the same change is a sure path even without the rest of the credential report',
      snapshot: {
        accounts: { [PRODUCTION]: credentialManagers({ createDate: '2024-02-12T09:30:00Z', passwordResetRequired: false }) },
        gaps: [NO_CREDENTIAL_REPORT],
      },
      errors: [{ messageId: 'path', resource: userArn('helpdesk-tom'), data: { conditional: false, path: "step 1: user helpdesk-tom can change user break-glass's console password and sign in as it" } }],
    },
    {
      name: 'without a credential report or access key list, creating a password or a key for the administrator is conditional',
      snapshot: {
        accounts: {
          [PRODUCTION]: {
            users: [
              { userName: 'break-glass', attachedManagedPolicies: [ADMINISTRATOR_ACCESS] },
              {
                userName: 'onboarding-bot',
                inlinePolicies: [{ name: 'Onboard', document: document({ Effect: 'Allow', Action: ['iam:CreateUser', 'iam:CreateLoginProfile'], Resource: '*' }) }],
              },
              {
                userName: 'key-rotator',
                inlinePolicies: [{ name: 'RotateKeys', document: document({ Effect: 'Allow', Action: ['iam:ListAccessKeys', 'iam:CreateAccessKey', 'iam:UpdateAccessKey'], Resource: '*' }) }],
              },
            ],
          },
        },
        gaps: [NO_CREDENTIAL_REPORT, NO_ACCESS_KEYS],
      },
      errors: [
        {
          messageId: 'conditionalPath',
          resource: userArn('onboarding-bot'),
          data: {
            path: `step 1: user onboarding-bot can set a console password for user break-glass and sign in as it, if it has none yet (the snapshot has no credential report for account ${PRODUCTION})`,
          },
        },
        {
          messageId: 'conditionalPath',
          resource: userArn('key-rotator'),
          data: {
            path: `step 1: user key-rotator can create an access key for user break-glass and act as it, if it has fewer than two (the snapshot has no access key list for account ${PRODUCTION})`,
          },
        },
      ],
    },
  ],
});
