import { buildSnapshotFiles, seededRandom, type AccountSpec, type SnapshotSpec } from '@iamlint/core/testing';

/**
 * An organization of many accounts whose answers cross accounts: StackSet baseline roles in every account trusted by
 * the management, security and tooling accounts, a pipeline that deploys into all of them, roles trusting the next
 * account, and escalation paths (group joins, PassRole, policy versions) in each. More accounts than the policy
 * questions keep answers for at once, so what they let go is asked again.
 */
export function manyAccountsSnapshot(accountCount: number, seed = 13): Map<string, string> {
  const random = seededRandom(seed);
  const chance = (p: number) => random() < p;
  const ids = Array.from({ length: accountCount }, (_, index) => String(210_987_000_000 + index * 1_013).padStart(12, '0'));
  const [management, security, tooling] = ids as [string, string, string];
  const workloads = ids.slice(3);
  const sandboxes = new Set(workloads.filter(() => chance(0.25)));

  const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
  const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
  const AUDIT = 'arn:aws:iam::aws:policy/SecurityAudit';
  const awsManaged = [
    { policyName: 'AdministratorAccess', arn: ADMIN, document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
    {
      policyName: 'ReadOnlyAccess',
      arn: READ_ONLY,
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ec2:Describe*', 's3:Get*', 's3:List*', 'iam:Get*', 'iam:List*', 'dynamodb:Describe*', 'lambda:Get*', 'lambda:List*', 'logs:Describe*'], Resource: '*' }] },
    },
    {
      policyName: 'SecurityAudit',
      arn: AUDIT,
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:GenerateCredentialReport', 'iam:Get*', 'iam:List*', 'cloudtrail:DescribeTrails', 'config:Describe*', 's3:GetBucketPolicy'], Resource: '*' }] },
    },
  ];
  const trust = (principal: Record<string, string | string[]>, condition?: Record<string, unknown>) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }],
  });
  const inline = (name: string, statements: unknown[]) => ({ name, document: { Version: '2012-10-17', Statement: statements } });

  const baselineRoles = (accountId: string): NonNullable<AccountSpec['roles']> => [
    { roleName: 'OrganizationAccountAccessRole', attachedManagedPolicies: [ADMIN], trustPolicy: trust({ AWS: `arn:aws:iam::${management}:root` }) },
    {
      roleName: 'SecurityAuditRole',
      path: '/security/',
      attachedManagedPolicies: [AUDIT, READ_ONLY],
      trustPolicy: trust({ AWS: `arn:aws:iam::${security}:root` }, { StringEquals: { 'sts:ExternalId': `audit-${accountId}` } }),
    },
    {
      roleName: 'DeployRole',
      trustPolicy: trust({ AWS: `arn:aws:iam::${tooling}:role/pipeline` }),
      inlinePolicies: [
        inline('deploy', [
          { Effect: 'Allow', Action: ['cloudformation:*', 'lambda:*', 's3:*'], Resource: '*' },
          { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${accountId}:role/app-*` },
        ]),
      ],
    },
  ];

  const accounts: Record<string, AccountSpec> = {};
  accounts[management] = {
    alias: 'acme-management',
    policies: awsManaged,
    users: [
      { userName: 'breakglass', attachedManagedPolicies: [ADMIN], mfaDevices: [{}] },
      { userName: 'auditor', attachedManagedPolicies: [READ_ONLY], accessKeys: [{ createDate: '2023-01-10T09:00:00Z', lastUsedDate: '2026-11-01' }] },
    ],
    roles: [{ roleName: 'org-operator', trustPolicy: trust({ AWS: `arn:aws:iam::${management}:user/auditor` }), inlinePolicies: [inline('assume-baseline', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/OrganizationAccountAccessRole' }])] }],
  };
  accounts[security] = {
    alias: 'acme-security',
    policies: awsManaged,
    users: [{ userName: 'responder', attachedManagedPolicies: [READ_ONLY], inlinePolicies: [inline('assume-audit', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/security/*' }])] }],
    roles: [
      ...baselineRoles(security),
      { roleName: 'security-automation', trustPolicy: trust({ Service: 'lambda.amazonaws.com' }), inlinePolicies: [inline('assume-audit', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/security/SecurityAuditRole' }])] },
    ],
  };
  accounts[tooling] = {
    alias: 'acme-tooling',
    policies: awsManaged,
    roles: [
      ...baselineRoles(tooling),
      { roleName: 'pipeline', trustPolicy: trust({ Service: 'codebuild.amazonaws.com' }), inlinePolicies: [inline('deploy-everywhere', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/DeployRole' }])] },
    ],
  };
  workloads.forEach((accountId, index) => {
    const next = workloads[(index + 1) % workloads.length] as string;
    const appPolicyArn = `arn:aws:iam::${accountId}:policy/app-policy`;
    const roles: NonNullable<AccountSpec['roles']> = [
      ...baselineRoles(accountId),
      { roleName: `app-${index}`, attachedManagedPolicies: chance(0.5) ? [ADMIN] : [appPolicyArn], trustPolicy: trust({ Service: 'lambda.amazonaws.com' }) },
      {
        roleName: 'data',
        trustPolicy: trust({ Service: 'ecs-tasks.amazonaws.com' }),
        inlinePolicies: [inline('tables', [{ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], Resource: `arn:aws:dynamodb:eu-west-1:${accountId}:table/orders`, Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }])],
      },
    ];
    if (chance(0.6)) roles.push({ roleName: 'partner-access', attachedManagedPolicies: [READ_ONLY], trustPolicy: trust({ AWS: next }) });
    const users: NonNullable<AccountSpec['users']> = [
      { userName: `dev-${index}`, inlinePolicies: [inline('self-service', [{ Effect: 'Allow', Action: ['iam:AddUserToGroup', 'iam:GetGroup'], Resource: `arn:aws:iam::${accountId}:group/*` }])], ...(chance(0.5) ? { accessKeys: [{ createDate: '2022-05-01T08:00:00Z' }] } : {}) },
      { userName: 'ci', attachedManagedPolicies: [appPolicyArn], inlinePolicies: chance(0.5) ? [inline('assume-next', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${next}:role/partner-access` }])] : [] },
    ];
    accounts[accountId] = {
      alias: `acme-workload-${index}`,
      policies: [
        ...awsManaged,
        {
          policyName: 'app-policy',
          document: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'], Resource: appPolicyArn },
              { Effect: 'Allow', Action: chance(0.5) ? ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'] : ['sqs:SendMessage'], Resource: '*' },
            ],
          },
        },
      ],
      users,
      groups: [
        { groupName: 'admins', attachedManagedPolicies: [ADMIN] },
        { groupName: 'readers', attachedManagedPolicies: [READ_ONLY] },
      ],
      roles,
    };
  });

  const spec: SnapshotSpec = {
    organization: {
      managementAccountId: management,
      organizationalUnits: [
        { id: 'ou-a1b2-5ec0r1ty', name: 'Security' },
        { id: 'ou-a1b2-w0rk10ad', name: 'Workloads' },
        { id: 'ou-a1b2-5andb0x1', name: 'Sandbox' },
      ],
      accounts: ids.map((id) => ({
        id,
        name: accounts[id]?.alias ?? id,
        ...(id === management ? {} : { parentId: id === security || id === tooling ? 'ou-a1b2-5ec0r1ty' : sandboxes.has(id) ? 'ou-a1b2-5andb0x1' : 'ou-a1b2-w0rk10ad' }),
      })),
      policies: [
        // AWS keeps FullAWSAccess on every target until it is replaced: each level of the OU path needs an allow.
        {
          name: 'FullAWSAccess',
          awsManaged: true,
          document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
          targets: ['r-a1b2', 'ou-a1b2-5ec0r1ty', 'ou-a1b2-w0rk10ad', 'ou-a1b2-5andb0x1', ...ids],
        },
        { name: 'deny-iam-users', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['iam:CreateUser', 'iam:CreateAccessKey'], Resource: '*' }] }, targets: ['ou-a1b2-w0rk10ad'] },
        { name: 'sandbox-regions', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }] }, targets: ['ou-a1b2-5andb0x1'] },
      ],
    },
    accounts,
  };
  return buildSnapshotFiles(spec);
}
