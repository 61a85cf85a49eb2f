import { describe, expect, it } from 'vitest';
import type { Decision, EvaluationRequest, PolicyInput, RequestContext } from '../src/policy/index.js';
import { evaluateRequest } from '../src/policy/index.js';

type Statement = Record<string, unknown>;

const allow = (action: string | string[], resource: string | string[] = '*', extra: Statement = {}): Statement => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });
const deny = (action: string | string[], resource: string | string[] = '*', extra: Statement = {}): Statement => ({ Effect: 'Deny', Action: action, Resource: resource, ...extra });
const policy = (id: string, ...statements: unknown[]): PolicyInput => ({ id, document: { Version: '2012-10-17', Statement: statements } });
const fullAccess = (id: string): PolicyInput => policy(id, allow('*'));

const BUCKET = 'arn:aws:s3:::bucket';
const OBJECT = 'arn:aws:s3:::bucket/key';
const ALICE = 'arn:aws:iam::111111111111:user/alice';
const BOB = 'arn:aws:iam::111111111111:user/bob';
const ADMIN_ROLE = 'arn:aws:iam::111111111111:role/admin';
const NO_MFA: Statement = { Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } };

interface Expected {
  decision: Decision;
  conditional: boolean;
  decidedBy?: Array<[policyId: string, statementIndex: number, effect: 'Allow' | 'Deny']>;
  missingAllow?: string;
  level?: number;
}

interface Case {
  name: string;
  request: Partial<EvaluationRequest>;
  /** Defaults to a complete, empty context; `null` means no context at all. */
  context?: RequestContext | null;
  expected: Expected;
}

const allowed = (decidedBy?: Expected['decidedBy']): Expected => ({ decision: 'allowed', conditional: false, ...(decidedBy ? { decidedBy } : {}) });
const allowedIf = (decidedBy?: Expected['decidedBy']): Expected => ({ decision: 'allowed', conditional: true, ...(decidedBy ? { decidedBy } : {}) });
const denied = (decidedBy?: Expected['decidedBy']): Expected => ({ decision: 'denied', conditional: false, ...(decidedBy ? { decidedBy } : {}) });
const implicit = (missingAllow: string, level?: number): Expected => ({ decision: 'implicitDeny', conditional: false, missingAllow, ...(level === undefined ? {} : { level }) });

const identity = (...statements: Statement[]): Partial<EvaluationRequest> => ({ identityPolicies: [policy('id', ...statements)] });

const actionCases: Case[] = [
  { name: 'no policies: implicit deny', request: { identityPolicies: [] }, expected: implicit('identity') },
  { name: 'exact action', request: identity(allow('s3:GetObject')), expected: allowed([['id', 0, 'Allow']]) },
  { name: 'policy action is case-insensitive', request: identity(allow('S3:GETOBJECT')), expected: allowed() },
  { name: 'request action is case-insensitive', request: { ...identity(allow('s3:getobject')), action: 'S3:GetObject' }, expected: allowed() },
  { name: 'another action', request: identity(allow('s3:PutObject')), expected: implicit('identity') },
  { name: 'service wildcard', request: identity(allow('s3:*')), expected: allowed() },
  { name: 'full wildcard', request: identity(allow('*')), expected: allowed() },
  { name: 'prefix wildcard', request: { ...identity(allow('s3:Get*')), action: 's3:GetObjectAcl' }, expected: allowed() },
  { name: 'prefix wildcard misses', request: { ...identity(allow('s3:Get*')), action: 's3:PutObject' }, expected: implicit('identity') },
  { name: '* in the middle matches', request: identity(allow('s3:*Object')), expected: allowed() },
  { name: '* in the middle is anchored at the end', request: { ...identity(allow('s3:*Object')), action: 's3:GetObjectAcl' }, expected: implicit('identity') },
  { name: '* in the middle of Get*Acl', request: { ...identity(allow('s3:Get*Acl')), action: 's3:GetObjectAcl' }, expected: allowed() },
  { name: 'Get*Acl does not match GetObject', request: identity(allow('s3:Get*Acl')), expected: implicit('identity') },
  { name: 'two stars', request: { ...identity(allow('s3:*Object*')), action: 's3:GetObjectVersionTagging' }, expected: allowed() },
  { name: '? matches one character', request: { ...identity(allow('iam:?etUser')), action: 'iam:GetUser' }, expected: allowed() },
  { name: '?? matches two characters', request: { ...identity(allow('iam:??tUser')), action: 'iam:GetUser' }, expected: allowed() },
  { name: '? does not match zero characters', request: { ...identity(allow('iam:?GetUser')), action: 'iam:GetUser' }, expected: implicit('identity') },
  { name: 'service prefix must match before the colon', request: { ...identity(allow('s3:*')), action: 's3express:CreateSession' }, expected: implicit('identity') },
  { name: 'a star before the colon spans services', request: { ...identity(allow('s3*')), action: 's3express:CreateSession' }, expected: allowed() },
  { name: 'one of several actions', request: identity(allow(['ec2:*', 's3:GetObject'])), expected: allowed() },
  { name: 'NotAction allow excludes the listed action', request: { ...identity({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), action: 'iam:CreateUser' }, expected: implicit('identity') },
  { name: 'NotAction allow covers every other action', request: identity({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), expected: allowed() },
  { name: 'NotAction is case-insensitive', request: { ...identity({ Effect: 'Allow', NotAction: 'IAM:*', Resource: '*' }), action: 'iam:CreateUser' }, expected: implicit('identity') },
];

const resourceCases: Case[] = [
  { name: 'exact resource', request: identity(allow('s3:GetObject', OBJECT)), expected: allowed() },
  { name: 'resources are case-sensitive', request: identity(allow('s3:GetObject', 'arn:aws:s3:::Bucket/key')), expected: implicit('identity') },
  { name: 'bucket/* matches an object', request: identity(allow('s3:GetObject', `${BUCKET}/*`)), expected: allowed() },
  { name: 'bucket/* does not match the bucket', request: { ...identity(allow('s3:ListBucket', `${BUCKET}/*`)), action: 's3:ListBucket', resource: BUCKET }, expected: implicit('identity') },
  { name: '* in the middle of an ARN', request: { ...identity(allow('iam:GetRole', 'arn:aws:iam::*:role/admin')), action: 'iam:GetRole', resource: ADMIN_ROLE }, expected: allowed() },
  { name: '? in a resource', request: identity(allow('s3:GetObject', `${BUCKET}/ke?`)), expected: allowed() },
  { name: 'one of several resources', request: identity(allow('s3:GetObject', ['arn:aws:s3:::other/*', `${BUCKET}/*`])), expected: allowed() },
  { name: 'resource "*" when no resource is given', request: { ...identity(allow('s3:GetObject')), resource: undefined }, expected: allowed() },
  { name: 'specific resource when no resource is given: may apply', request: { ...identity(allow('s3:GetObject', `${BUCKET}/*`)), resource: undefined }, expected: allowedIf() },
  { name: 'NotResource allow: another resource', request: identity({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' }), expected: allowed() },
  { name: 'NotResource allow: the excluded resource', request: { ...identity({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' }), resource: 'arn:aws:s3:::secret/x' }, expected: implicit('identity') },
  { name: 'Deny NotResource: the excepted resource is allowed', request: identity(allow('*'), { Effect: 'Deny', Action: 's3:*', NotResource: `${BUCKET}/*` }), expected: allowed() },
  { name: 'Deny NotResource: every other resource is denied', request: { ...identity(allow('*'), { Effect: 'Deny', Action: 's3:*', NotResource: `${BUCKET}/*` }), resource: 'arn:aws:s3:::other/key' }, expected: denied([['id', 1, 'Deny']]) },
  { name: 'no Resource element covers any resource', request: identity({ Effect: 'Allow', Action: 's3:GetObject' }), expected: allowed() },
];

const denyCases: Case[] = [
  { name: 'deny beats allow in one policy', request: identity(allow('*'), deny('s3:GetObject')), expected: denied([['id', 1, 'Deny']]) },
  { name: 'deny beats allow across policies', request: { identityPolicies: [fullAccess('admin'), policy('guard', deny('s3:*'))] }, expected: denied([['guard', 0, 'Deny']]) },
  { name: 'deny before allow in order still wins', request: identity(deny('s3:*'), allow('s3:GetObject')), expected: denied([['id', 0, 'Deny']]) },
  { name: 'deny of another action does not matter', request: identity(allow('*'), deny('iam:*')), expected: allowed([['id', 0, 'Allow']]) },
  { name: 'deny of another resource does not matter', request: identity(allow('*'), deny('*', 'arn:aws:s3:::secret/*')), expected: allowed() },
  { name: 'deny without any allow is an explicit deny', request: identity(deny('s3:*')), expected: denied() },
  { name: 'every denying statement is reported', request: { identityPolicies: [policy('a', deny('s3:*')), policy('b', allow('*'), deny('*'))] }, expected: denied([['a', 0, 'Deny'], ['b', 1, 'Deny']]) },
  { name: 'Deny NotAction denies everything else', request: identity(allow('*'), { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }), expected: denied([['id', 1, 'Deny']]) },
  { name: 'Deny NotAction leaves the listed actions', request: { ...identity(allow('*'), { Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*' }), action: 'iam:GetUser' }, expected: allowed() },
  { name: 'deny action matching is case-insensitive', request: identity(allow('*'), deny('S3:GET*')), expected: denied() },
  { name: 'deny on a specific resource with no resource given: may apply', request: { ...identity(allow('*'), deny('s3:*', 'arn:aws:s3:::secret/*')), resource: undefined }, expected: allowedIf([['id', 0, 'Allow'], ['id', 1, 'Deny']]) },
  { name: 'NotResource "*" deny never applies', request: identity(allow('*'), { Effect: 'Deny', Action: '*', NotResource: '*' }), expected: allowed() },
];

const conditionCases: Case[] = [
  { name: 'conditional allow without context', context: null, request: identity(allow('*', '*', { Condition: { StringEquals: { 'aws:username': 'alice' } } })), expected: allowedIf([['id', 0, 'Allow']]) },
  { name: 'conditional allow that holds', context: { values: { 'aws:username': 'alice' } }, request: identity(allow('*', '*', { Condition: { StringEquals: { 'aws:username': 'alice' } } })), expected: allowed() },
  { name: 'conditional allow that fails', context: { values: { 'aws:username': 'bob' } }, request: identity(allow('*', '*', { Condition: { StringEquals: { 'aws:username': 'alice' } } })), expected: implicit('identity') },
  { name: 'conditional allow plus an unconditional one', context: null, request: identity(allow('*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }), allow('s3:*')), expected: allowed([['id', 0, 'Allow'], ['id', 1, 'Allow']]) },
  { name: 'conditional deny without context: allowed under conditions', context: null, request: identity(allow('*'), deny('*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } })), expected: allowedIf([['id', 0, 'Allow'], ['id', 1, 'Deny']]) },
  { name: 'conditional deny that holds', context: { values: { 'aws:SecureTransport': 'false' } }, request: identity(allow('*'), deny('*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } })), expected: denied() },
  { name: 'conditional deny that fails', context: { values: { 'aws:SecureTransport': 'true' } }, request: identity(allow('*'), deny('*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } })), expected: allowed() },
  { name: 'BoolIfExists MFA deny applies when the key is missing', request: identity(allow('*'), deny('*', '*', NO_MFA)), expected: denied() },
  { name: 'BoolIfExists MFA deny lifts with MFA', context: { values: { 'aws:MultiFactorAuthPresent': 'true' } }, request: identity(allow('*'), deny('*', '*', NO_MFA)), expected: allowed() },
  { name: 'Bool MFA deny without IfExists misses a missing key', request: identity(allow('*'), deny('*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } })), expected: allowed() },
  { name: 'Null MFA deny applies when the key is missing', request: identity(allow('*'), deny('*', '*', { Condition: { Null: { 'aws:MultiFactorAuthPresent': 'true' } } })), expected: denied() },
  { name: 'deny with StringNotEquals on a missing key applies', request: identity(allow('*'), deny('*', '*', { Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } })), expected: denied() },
  { name: 'allow with StringEqualsIfExists on a missing key', request: identity(allow('*', '*', { Condition: { StringEqualsIfExists: { 'ec2:InstanceType': 't3.micro' } } })), expected: allowed() },
  { name: 'allow ForAllValues with no tags', request: identity(allow('*', '*', { Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } } })), expected: allowed() },
  { name: 'allow ForAnyValue with no tags', request: identity(allow('*', '*', { Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } } })), expected: implicit('identity') },
  { name: 'deny ForAnyValue with empty tags does not apply', context: { values: { 'aws:TagKeys': [] } }, request: identity(allow('*'), deny('*', '*', { Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['secret'] } } })), expected: allowed() },
  { name: 'deny ForAnyValue with a listed tag', context: { values: { 'aws:TagKeys': ['a', 'secret'] } }, request: identity(allow('*'), deny('*', '*', { Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['secret'] } } })), expected: denied() },
  { name: 'allow only from a network', context: { values: { 'aws:SourceIp': '203.0.113.9' } }, request: identity(allow('*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })), expected: allowed() },
  { name: 'deny outside a network', context: { values: { 'aws:SourceIp': '198.51.100.1' } }, request: identity(allow('*'), deny('*', '*', { Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } } })), expected: denied() },
  { name: 'partial context: a known key decides', context: { values: { 'aws:username': 'alice' }, partial: true }, request: identity(allow('*', '*', { Condition: { StringEquals: { 'aws:username': 'alice' } } })), expected: allowed() },
  { name: 'partial context: an unknown key may apply', context: { values: { 'aws:username': 'alice' }, partial: true }, request: identity(allow('*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } } })), expected: allowedIf() },
  { name: 'partial context: a known false beats an unknown', context: { values: { 'aws:username': 'bob' }, partial: true }, request: identity(allow('*', '*', { Condition: { StringEquals: { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'red' } } })), expected: implicit('identity') },
  { name: 'an unknown operator in a deny never applies', request: identity(allow('*'), deny('*', '*', { Condition: { StringMatches: { 'aws:username': 'x' } } })), expected: allowed() },
  { name: 'tag-based access control with a variable', context: { values: { 'aws:PrincipalTag/team': 'red', 'aws:ResourceTag/team': 'red' } }, request: { ...identity(allow('ec2:*', '*', { Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } } })), action: 'ec2:StartInstances' }, expected: allowed() },
  { name: 'tag-based access control, other team', context: { values: { 'aws:PrincipalTag/team': 'red', 'aws:ResourceTag/team': 'blue' } }, request: { ...identity(allow('ec2:*', '*', { Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } } })), action: 'ec2:StartInstances' }, expected: implicit('identity') },
];

const variableCases: Case[] = [
  { name: 'resource with ${aws:username}', context: { values: { 'aws:username': 'alice' } }, request: { ...identity(allow('s3:*', `${BUCKET}/home/\${aws:username}/*`)), resource: `${BUCKET}/home/alice/file` }, expected: allowed() },
  { name: "resource with ${aws:username}: another user's folder", context: { values: { 'aws:username': 'alice' } }, request: { ...identity(allow('s3:*', `${BUCKET}/home/\${aws:username}/*`)), resource: `${BUCKET}/home/bob/file` }, expected: implicit('identity') },
  { name: 'resource variable missing from a complete context', request: { ...identity(allow('s3:*', `${BUCKET}/home/\${aws:username}/*`)), resource: `${BUCKET}/home/alice/file` }, expected: implicit('identity') },
  { name: 'resource variable without context may apply', context: null, request: { ...identity(allow('s3:*', `${BUCKET}/home/\${aws:username}/*`)), resource: `${BUCKET}/home/alice/file` }, expected: allowedIf() },
  { name: 'resource variable with a default', request: { ...identity(allow('s3:*', `${BUCKET}/home/\${aws:username, 'shared'}/*`)), resource: `${BUCKET}/home/shared/file` }, expected: allowed() },
  { name: 'variables are literal in a 2008-10-17 policy', context: { values: { 'aws:username': 'alice' } }, request: { identityPolicies: [{ id: 'old', document: { Version: '2008-10-17', Statement: [allow('s3:*', `${BUCKET}/home/\${aws:username}/*`)] } }], resource: `${BUCKET}/home/alice/file` }, expected: implicit('identity') },
  { name: 'a deny whose resource variable is missing does not apply', request: { ...identity(allow('*'), deny('s3:*', `${BUCKET}/home/\${aws:username}/*`)), resource: `${BUCKET}/home/alice/file` }, expected: allowed() },
  { name: 'a substituted * is literal in a resource', context: { values: { 'aws:username': '*' } }, request: { ...identity(allow('s3:*', `${BUCKET}/home/\${aws:username}`)), resource: `${BUCKET}/home/alice` }, expected: implicit('identity') },
];

const boundaryCases: Case[] = [
  { name: 'boundary allows the action', request: { ...identity(allow('s3:*')), permissionsBoundary: policy('pb', allow('s3:*')) }, expected: allowed([['id', 0, 'Allow'], ['pb', 0, 'Allow']]) },
  { name: 'boundary does not allow the action', request: { ...identity(allow('*')), permissionsBoundary: policy('pb', allow('ec2:*')) }, expected: implicit('permissionsBoundary') },
  { name: 'boundary allows but identity does not', request: { ...identity(allow('ec2:*')), permissionsBoundary: fullAccess('pb') }, expected: implicit('identity') },
  { name: 'boundary alone never grants', request: { identityPolicies: [], permissionsBoundary: fullAccess('pb') }, expected: implicit('identity') },
  { name: 'boundary deny', request: { ...identity(allow('*')), permissionsBoundary: policy('pb', allow('*'), deny('s3:*')) }, expected: denied([['pb', 1, 'Deny']]) },
  { name: 'boundary with NotAction allow', request: { ...identity(allow('*')), action: 'iam:CreateUser', permissionsBoundary: policy('pb', { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) }, expected: implicit('permissionsBoundary') },
  { name: 'boundary with NotAction allow, other action', request: { ...identity(allow('*')), permissionsBoundary: policy('pb', { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) }, expected: allowed() },
  { name: 'boundary with a condition, no context', context: null, request: { ...identity(allow('*')), permissionsBoundary: policy('pb', allow('*', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } })) }, expected: allowedIf() },
  { name: 'boundary restricted to a resource: intersection', request: { ...identity(allow('s3:*', `${BUCKET}/*`)), permissionsBoundary: policy('pb', allow('s3:*', 'arn:aws:s3:::other/*')) }, expected: implicit('permissionsBoundary') },
  { name: 'boundary and identity on overlapping resources', request: { ...identity(allow('s3:*', 'arn:aws:s3:::*')), permissionsBoundary: policy('pb', allow('s3:*', `${BUCKET}/*`)) }, expected: allowed() },
  { name: 'malformed boundary allows nothing', request: { ...identity(allow('*')), permissionsBoundary: { id: 'pb', document: 'not json' } }, expected: implicit('permissionsBoundary') },
  { name: 'empty boundary allows nothing', request: { ...identity(allow('*')), permissionsBoundary: policy('pb') }, expected: implicit('permissionsBoundary') },
];

const FULL_SCP = [[fullAccess('root-full')], [fullAccess('ou-full')], [fullAccess('acct-full')]];
const REGION_LOCK = policy('region-lock', { Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } });
const PROTECT_ADMIN = policy('protect', deny('iam:*', '*', { Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin' } } }));

const scpCases: Case[] = [
  { name: 'FullAWSAccess at every level', request: { ...identity(allow('s3:*')), scps: FULL_SCP }, expected: allowed([['id', 0, 'Allow'], ['root-full', 0, 'Allow'], ['ou-full', 0, 'Allow'], ['acct-full', 0, 'Allow']]) },
  { name: 'SCPs never grant', request: { identityPolicies: [], scps: FULL_SCP }, expected: implicit('identity') },
  { name: 'root level without an allow', request: { ...identity(allow('*')), scps: [[policy('root', allow('ec2:*'))], [fullAccess('ou')], [fullAccess('acct')]] }, expected: implicit('scp', 0) },
  { name: 'OU level without an allow', request: { ...identity(allow('*')), scps: [[fullAccess('root')], [policy('ou', allow('ec2:*'))], [fullAccess('acct')]] }, expected: implicit('scp', 1) },
  { name: 'account level without an allow', request: { ...identity(allow('*')), scps: [[fullAccess('root')], [fullAccess('ou')], [policy('acct', allow('ec2:*'))]] }, expected: implicit('scp', 2) },
  { name: 'a level with no SCP at all', request: { ...identity(allow('*')), scps: [[fullAccess('root')], []] }, expected: implicit('scp', 1) },
  { name: 'allow-list SCPs at every level', request: { ...identity(allow('*')), scps: [[policy('r', allow(['s3:*', 'ec2:*']))], [policy('o', allow('s3:Get*'))]] }, expected: allowed() },
  { name: 'one of two SCPs on a level allows', request: { ...identity(allow('*')), scps: [[policy('a', allow('ec2:*')), policy('b', allow('s3:*'))]] }, expected: allowed() },
  { name: 'SCP deny at the OU level', request: { ...identity(allow('*')), scps: [[fullAccess('root')], [fullAccess('ou'), policy('deny-s3', deny('s3:*'))]] }, expected: denied([['deny-s3', 0, 'Deny']]) },
  { name: 'explicit deny is reported before a missing SCP allow', request: { ...identity(allow('*'), deny('s3:*')), scps: [[policy('r', allow('ec2:*'))]] }, expected: denied([['id', 1, 'Deny']]) },
  { name: 'management account is exempt from an SCP deny', request: { ...identity(allow('*')), managementAccount: true, scps: [[fullAccess('root'), policy('deny-all', deny('*'))]] }, expected: allowed([['id', 0, 'Allow']]) },
  { name: 'management account is exempt from a missing SCP allow', request: { ...identity(allow('*')), managementAccount: true, scps: [[policy('r', allow('ec2:*'))]] }, expected: allowed() },
  { name: 'region lock denies elsewhere', context: { values: { 'aws:RequestedRegion': 'us-east-1' } }, request: { ...identity(allow('*')), scps: [[fullAccess('root'), REGION_LOCK]] }, expected: denied([['region-lock', 0, 'Deny']]) },
  { name: 'region lock allows the region', context: { values: { 'aws:RequestedRegion': 'eu-west-1' } }, request: { ...identity(allow('*')), scps: [[fullAccess('root'), REGION_LOCK]] }, expected: allowed() },
  { name: 'region lock leaves IAM alone (NotAction)', context: { values: { 'aws:RequestedRegion': 'us-east-1' } }, request: { ...identity(allow('*')), action: 'iam:CreateRole', scps: [[fullAccess('root'), REGION_LOCK]] }, expected: allowed() },
  { name: 'region lock without context may apply', context: null, request: { ...identity(allow('*')), scps: [[fullAccess('root'), REGION_LOCK]] }, expected: allowedIf() },
  { name: 'protected IAM: the admin role', context: { values: { 'aws:PrincipalArn': ADMIN_ROLE } }, request: { ...identity(allow('*')), action: 'iam:CreateUser', scps: [[fullAccess('root'), PROTECT_ADMIN]] }, expected: allowed() },
  { name: 'protected IAM: another principal', context: { values: { 'aws:PrincipalArn': ALICE } }, request: { ...identity(allow('*')), action: 'iam:CreateUser', scps: [[fullAccess('root'), PROTECT_ADMIN]] }, expected: denied([['protect', 0, 'Deny']]) },
  { name: 'conditional SCP allow', context: null, request: { ...identity(allow('*')), scps: [[policy('r', allow('*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/tier': 'prod' } } }))]] }, expected: allowedIf() },
  { name: 'SCP with Resource restriction, other resource', request: { ...identity(allow('*')), scps: [[policy('r', allow('s3:*', 'arn:aws:s3:::other/*'))]] }, expected: implicit('scp', 0) },
  { name: 'SCPs and boundary: SCP fails first', request: { ...identity(allow('*')), permissionsBoundary: policy('pb', allow('ec2:*')), scps: [[policy('r', allow('ec2:*'))]] }, expected: implicit('scp', 0) },
  { name: 'SCPs and boundary both allow', request: { ...identity(allow('*')), permissionsBoundary: fullAccess('pb'), scps: FULL_SCP }, expected: allowed() },
];

const RCP_FULL = policy('rcp-full', { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' });
const RCP_ORG = policy('rcp-org', { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } } });

const rcpCases: Case[] = [
  { name: 'RCPFullAWSAccess allows', request: { ...identity(allow('*')), rcps: [[RCP_FULL]] }, expected: allowed() },
  { name: 'RCPs never grant', request: { identityPolicies: [], rcps: [[RCP_FULL]] }, expected: implicit('identity') },
  { name: 'RCP level without an allow', request: { ...identity(allow('*')), rcps: [[RCP_FULL], []] }, expected: implicit('rcp', 1) },
  { name: 'RCP deny for outside principals', context: { values: { 'aws:PrincipalOrgID': 'o-other' } }, request: { ...identity(allow('*')), rcps: [[RCP_FULL, RCP_ORG]] }, expected: denied([['rcp-org', 0, 'Deny']]) },
  { name: 'RCP deny leaves org principals', context: { values: { 'aws:PrincipalOrgID': 'o-abc' } }, request: { ...identity(allow('*')), rcps: [[RCP_FULL, RCP_ORG]] }, expected: allowed() },
  { name: 'RCP deny with NotEqualsIfExists applies when the key is absent', request: { ...identity(allow('*')), rcps: [[RCP_FULL, RCP_ORG]] }, expected: denied([['rcp-org', 0, 'Deny']]) },
  { name: 'management account is exempt from RCPs', context: { values: { 'aws:PrincipalOrgID': 'o-other' } }, request: { ...identity(allow('*')), managementAccount: true, rcps: [[RCP_FULL, RCP_ORG]] }, expected: allowed() },
  { name: 'SCP and RCP together', request: { ...identity(allow('*')), scps: FULL_SCP, rcps: [[RCP_FULL]] }, expected: allowed() },
];

const bucketPolicy = (...statements: Statement[]): PolicyInput => policy('bucket-policy', ...statements);
const alice = { arn: ALICE, accountId: '111111111111' };

const resourcePolicyCases: Case[] = [
  { name: 'resource policy grants the principal directly', request: { identityPolicies: [], principal: alice, resourcePolicy: bucketPolicy(allow('s3:GetObject', `${BUCKET}/*`, { Principal: { AWS: ALICE } })) }, expected: allowed([['bucket-policy', 0, 'Allow']]) },
  { name: 'resource policy grants another principal', request: { identityPolicies: [], principal: alice, resourcePolicy: bucketPolicy(allow('s3:GetObject', `${BUCKET}/*`, { Principal: { AWS: BOB } })) }, expected: implicit('identity') },
  { name: 'resource policy naming the account delegates to IAM', request: { identityPolicies: [], principal: alice, resourcePolicy: bucketPolicy(allow('s3:*', '*', { Principal: { AWS: 'arn:aws:iam::111111111111:root' } })) }, expected: implicit('identity') },
  { name: 'account id principal also delegates', request: { identityPolicies: [], principal: alice, resourcePolicy: bucketPolicy(allow('s3:*', '*', { Principal: { AWS: '111111111111' } })) }, expected: implicit('identity') },
  { name: 'delegation plus an identity allow', request: { ...identity(allow('s3:*')), principal: alice, resourcePolicy: bucketPolicy(allow('s3:*', '*', { Principal: { AWS: '111111111111' } })) }, expected: allowed([['id', 0, 'Allow']]) },
  { name: 'resource policy Principal "*"', request: { identityPolicies: [], resourcePolicy: bucketPolicy(allow('s3:GetObject', '*', { Principal: '*' })) }, expected: allowed() },
  { name: 'resource policy Principal AWS "*"', request: { identityPolicies: [], resourcePolicy: bucketPolicy(allow('s3:GetObject', '*', { Principal: { AWS: '*' } })) }, expected: allowed() },
  { name: 'resource policy with an unknown requester may apply', request: { identityPolicies: [], resourcePolicy: bucketPolicy(allow('s3:GetObject', '*', { Principal: { AWS: ALICE } })) }, expected: allowedIf() },
  { name: 'resource policy deny beats an identity allow', request: { ...identity(allow('*')), principal: alice, resourcePolicy: bucketPolicy(deny('s3:*', '*', { Principal: '*' })) }, expected: denied([['bucket-policy', 0, 'Deny']]) },
  { name: 'resource policy deny naming the account applies', request: { ...identity(allow('*')), principal: alice, resourcePolicy: bucketPolicy(deny('s3:*', '*', { Principal: { AWS: '111111111111' } })) }, expected: denied() },
  { name: 'NotPrincipal deny spares the listed principal', request: { ...identity(allow('*')), principal: alice, resourcePolicy: bucketPolicy(deny('s3:*', '*', { NotPrincipal: { AWS: ALICE } })) }, expected: allowed() },
  { name: 'NotPrincipal deny hits everyone else', request: { ...identity(allow('*')), principal: { arn: BOB, accountId: '111111111111' }, resourcePolicy: bucketPolicy(deny('s3:*', '*', { NotPrincipal: { AWS: ALICE } })) }, expected: denied() },
  { name: 'role session matches its role ARN', request: { identityPolicies: [], principal: { arn: 'arn:aws:sts::111111111111:assumed-role/admin/alice', accountId: '111111111111' }, resourcePolicy: bucketPolicy(allow('s3:*', '*', { Principal: { AWS: ADMIN_ROLE } })) }, expected: allowed() },
  { name: 'service principal', request: { identityPolicies: [], action: 'sns:Publish', principal: { service: 'events.amazonaws.com' }, resourcePolicy: bucketPolicy(allow('sns:Publish', '*', { Principal: { Service: 'events.amazonaws.com' } })) }, expected: allowed() },
  { name: 'resource policy allow still needs the boundary', request: { identityPolicies: [], principal: alice, permissionsBoundary: policy('pb', allow('ec2:*')), resourcePolicy: bucketPolicy(allow('s3:*', '*', { Principal: { AWS: ALICE } })) }, expected: implicit('permissionsBoundary') },
  { name: 'resource policy allow with an SCP', request: { identityPolicies: [], principal: alice, scps: [[policy('r', allow('ec2:*'))]], resourcePolicy: bucketPolicy(allow('s3:*', '*', { Principal: { AWS: ALICE } })) }, expected: implicit('scp', 0) },
  { name: 'Principal in an identity policy is ignored', request: identity(allow('s3:*', '*', { Principal: { AWS: BOB } })), expected: allowed() },
];

const malformedCases: Case[] = [
  { name: 'a policy that is not JSON', request: { identityPolicies: [{ id: 'bad', document: '{"Statement":' }] }, expected: implicit('identity') },
  { name: 'a policy that is null', request: { identityPolicies: [{ id: 'bad', document: null }, policy('good', allow('s3:*'))] }, expected: allowed([['good', 0, 'Allow']]) },
  { name: 'a URL-encoded policy', request: { identityPolicies: [{ id: 'enc', document: encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: allow('s3:*') })) }] }, expected: allowed([['enc', 0, 'Allow']]) },
  { name: 'JSON text policy', request: { identityPolicies: [{ id: 'txt', document: JSON.stringify({ Version: '2012-10-17', Statement: [allow('s3:*')] }) }] }, expected: allowed() },
  { name: 'Statement as an object', request: { identityPolicies: [{ id: 'obj', document: { Version: '2012-10-17', Statement: allow('s3:*') } }] }, expected: allowed([['obj', 0, 'Allow']]) },
  { name: 'a statement without Effect is ignored', request: identity({ Action: '*', Resource: '*' }, allow('s3:*')), expected: allowed([['id', 1, 'Allow']]) },
  { name: 'lowercase effect is ignored', request: identity({ Effect: 'allow', Action: '*', Resource: '*' }), expected: implicit('identity') },
  { name: 'Action as a number matches nothing', request: identity({ Effect: 'Allow', Action: 5, Resource: '*' }), expected: implicit('identity') },
  { name: 'Action and NotAction together never apply', request: identity({ Effect: 'Allow', Action: '*', NotAction: 'iam:*', Resource: '*' }), expected: implicit('identity') },
  { name: 'a Deny with a malformed Condition does not apply', request: identity(allow('*'), deny('*', '*', { Condition: 'always' })), expected: allowed() },
  { name: 'an Allow with a malformed Condition does not grant', request: identity(allow('*', '*', { Condition: { StringEquals: 'x' } })), expected: implicit('identity') },
  { name: 'Resource with non-string entries', request: identity(allow('s3:*', [7, OBJECT] as unknown as string[])), expected: allowed() },
];

const allCases: Array<[string, Case[]]> = [
  ['actions', actionCases],
  ['resources', resourceCases],
  ['explicit deny', denyCases],
  ['conditions', conditionCases],
  ['policy variables', variableCases],
  ['permissions boundary', boundaryCases],
  ['SCPs', scpCases],
  ['RCPs', rcpCases],
  ['resource policies', resourcePolicyCases],
  ['malformed documents', malformedCases],
];

function run(testCase: Case) {
  const context = testCase.context === null ? undefined : (testCase.context ?? { values: {} });
  const request: EvaluationRequest = {
    action: 's3:GetObject',
    resource: OBJECT,
    identityPolicies: [],
    ...testCase.request,
    ...(context ? { context } : {}),
  };
  return evaluateRequest('resource' in testCase.request ? { ...request, resource: testCase.request.resource } : request);
}

describe('evaluateRequest corpus', () => {
  for (const [group, cases] of allCases) {
    describe(group, () => {
      it.each(cases.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
        const result = run(testCase);
        const { expected } = testCase;
        expect({ decision: result.decision, conditional: result.conditional }).toEqual({ decision: expected.decision, conditional: expected.conditional });
        if (expected.decidedBy) {
          expect(result.decidedBy.map((d) => [d.policyId, d.statementIndex, d.effect])).toEqual(expected.decidedBy);
        }
        if (expected.missingAllow) expect(result.missingAllow).toBe(expected.missingAllow);
        if (expected.level !== undefined) expect(result.level).toBe(expected.level);
      });
    });
  }
});

describe('evaluateRequest details', () => {
  it('marks the statements that apply only under conditions', () => {
    const result = evaluateRequest({
      action: 's3:GetObject',
      identityPolicies: [policy('id', allow('*'), deny('*', '*', { Sid: 'NoPlainHttp', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }))],
    });
    expect(result.decidedBy).toEqual([
      { policyId: 'id', statementIndex: 0, sid: undefined, effect: 'Allow', source: 'identity', conditional: false },
      { policyId: 'id', statementIndex: 1, sid: 'NoPlainHttp', effect: 'Deny', source: 'identity', conditional: true },
    ]);
  });

  it('reports the source of each deciding statement', () => {
    const result = evaluateRequest({
      action: 's3:GetObject',
      resource: OBJECT,
      context: { values: {} },
      identityPolicies: [policy('id', allow('*'))],
      permissionsBoundary: policy('pb', allow('s3:*')),
      scps: [[fullAccess('scp')]],
      rcps: [[RCP_FULL]],
    });
    expect(result.decidedBy.map((d) => d.source)).toEqual(['identity', 'permissionsBoundary', 'scp', 'rcp']);
  });

  it('handles __proto__ keys in documents without polluting prototypes', () => {
    const document = JSON.parse('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","__proto__":{"Effect":"Deny"},"Condition":{"StringEquals":{"__proto__":"x"}}}]}') as unknown;
    const result = evaluateRequest({ action: 's3:GetObject', identityPolicies: [{ id: 'p', document }], context: { values: JSON.parse('{"__proto__":"x"}') as Record<string, string> } });
    expect(result.decision).toBe('allowed');
    expect(result.conditional).toBe(false);
    expect(({} as Record<string, unknown>)['Effect']).toBeUndefined();
  });

  it('evaluates 10,000 statements, many times, quickly', () => {
    const statements = Array.from({ length: 10_000 }, (_, i) => allow(`svc${i}:Get*`, `arn:aws:svc${i}:::thing/*`));
    statements.push(deny('iam:*', '*', { Condition: { StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin-*' } } }));
    const big = policy('big', ...statements);
    const start = performance.now();
    for (let i = 0; i < 20; i++) {
      expect(evaluateRequest({ action: 'svc9999:GetThing', resource: 'arn:aws:svc9999:::thing/x', identityPolicies: [big] }).decision).toBe('allowed');
    }
    expect(evaluateRequest({ action: 'iam:GetUser', identityPolicies: [big, fullAccess('admin')], context: { values: { 'aws:PrincipalArn': ALICE } } }).decision).toBe('denied');
    expect(performance.now() - start).toBeLessThan(5_000);
  });

  it('matches hostile wildcard patterns in linear time', () => {
    const text = `arn:aws:s3:::${'a'.repeat(20_000)}`;
    const pattern = `arn:aws:s3:::${'*a'.repeat(40)}b`;
    const result = evaluateRequest({ action: 's3:GetObject', resource: text, identityPolicies: [policy('p', allow('s3:*', pattern))] });
    expect(result.decision).toBe('implicitDeny');
  });

  it('never throws on garbage documents', () => {
    let nested: unknown = {};
    for (let i = 0; i < 50_000; i++) nested = [nested];
    const garbage: unknown[] = [undefined, 0, 'x', [], nested, { Statement: nested }, { Statement: [{ Effect: 'Deny', Action: '*', Condition: { StringEquals: nested } }] }];
    for (const document of garbage) {
      expect(() => evaluateRequest({ action: 's3:GetObject', identityPolicies: [{ id: 'g', document }, fullAccess('ok')] })).not.toThrow();
    }
  });
});
