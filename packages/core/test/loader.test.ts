import { describe, expect, it } from 'vitest';
import { loadSnapshot, parseJsonFile, SnapshotError, type IamlintError } from '@iamlint/core';
import { buildSnapshotFiles, type SnapshotSpec } from '@iamlint/core/testing';

const ACCOUNT = '123456789012';
const spec: SnapshotSpec = {
  organization: {
    managementAccountId: ACCOUNT,
    organizationalUnits: [
      { id: 'ou-a1b2-workload1', name: 'Workloads' },
      { id: 'ou-a1b2-prodprod1', name: 'Prod', parentId: 'ou-a1b2-workload1' },
    ],
    accounts: [{ id: ACCOUNT, name: 'management' }, { id: '210987654321', name: 'web-prod', parentId: 'ou-a1b2-prodprod1' }],
    policies: [
      { name: 'FullAWSAccess', awsManaged: true, document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
      {
        name: 'DenyLeaveOrganization',
        targets: ['ou-a1b2-workload1'],
        document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] },
      },
    ],
  },
  accounts: {
    [ACCOUNT]: {
      users: [
        { userName: 'alice', groups: ['Admins'], accessKeys: [{ createDate: '2026-01-02T03:04:05Z' }] },
        { userName: 'bob', attachedManagedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] },
      ],
      groups: [{ groupName: 'Admins', attachedManagedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] }],
      policies: [
        {
          policyName: 'AdministratorAccess',
          arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
          path: '/',
          document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
        },
      ],
    },
    '210987654321': {},
  },
};

function load(files: Map<string, string>) {
  return loadSnapshot(files, 'snap');
}

function loadError(files: Map<string, string>): IamlintError {
  try {
    load(files);
  } catch (error) {
    return error as IamlintError;
  }
  throw new Error('expected the loader to fail');
}

function withFile(path: string, text: string): Map<string, string> {
  const files = buildSnapshotFiles(spec);
  files.set(path, text);
  return files;
}

describe('loadSnapshot', () => {
  it('builds nodes with indexes and sources', () => {
    const model = load(buildSnapshotFiles(spec));
    expect(model.accounts.map((account) => account.name)).toEqual(['management', 'web-prod']);
    const alice = model.byId(`arn:aws:iam::${ACCOUNT}:user/alice`);
    expect(alice?.kind).toBe('User');
    if (alice?.kind !== 'User') throw new Error('unreachable');
    expect(model.groupsOf(alice).map((group) => group.groupName)).toEqual(['Admins']);
    const policies = model.policiesOf(alice);
    expect(policies).toHaveLength(1);
    expect(policies[0]).toMatchObject({ type: 'managed', name: 'AdministratorAccess', via: { groupName: 'Admins' } });
    expect(policies[0]?.document).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    expect(model.membersOf(model.group(ACCOUNT, 'Admins')!).map((user) => user.userName)).toEqual(['alice']);
    const webProd = model.account('210987654321')!;
    expect(webProd.ouPath.map((ou) => ou.name)).toEqual(['Workloads', 'Prod']);
    expect(model.account(ACCOUNT)?.isManagementAccount).toBe(true);
    expect(model.organizationPoliciesFor('210987654321', 'Scp').map((policy) => policy.name)).toEqual(['FullAWSAccess', 'DenyLeaveOrganization']);
    expect(model.organizationPoliciesFor(ACCOUNT, 'Scp').map((policy) => policy.name)).toEqual(['FullAWSAccess']);
  });

  it('gives each principal its own account\'s groups, members and customer policies, in order, where two accounts share names', () => {
    const other = '210987654321';
    const deployDocument = (bucket: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/*` }] });
    const account = (id: string, bucket: string) => ({
      users: [{ userName: 'ci', groups: ['Deployers'], attachedManagedPolicies: [`arn:aws:iam::${id}:policy/Deploy`], inlinePolicies: [{ name: 'own', document: deployDocument(`${bucket}-own`) }] }],
      groups: [{ groupName: 'Deployers', attachedManagedPolicies: [`arn:aws:iam::${id}:policy/Deploy`, 'arn:aws:iam::aws:policy/ReadOnlyAccess'], inlinePolicies: [{ name: 'logs', document: deployDocument(`${bucket}-logs`) }] }],
      policies: [{ policyName: 'Deploy', arn: `arn:aws:iam::${id}:policy/Deploy`, path: '/', document: deployDocument(bucket) }],
    });
    const model = load(buildSnapshotFiles({ ...spec, accounts: { [ACCOUNT]: account(ACCOUNT, 'management-artifacts'), [other]: account(other, 'web-prod-artifacts') } }));
    for (const [id, bucket] of [[ACCOUNT, 'management-artifacts'], [other, 'web-prod-artifacts']] as const) {
      const ci = model.inAccount('User', id)[0]!;
      expect(model.inAccount('User', id).map((user) => user.arn)).toEqual([`arn:aws:iam::${id}:user/ci`]);
      expect(model.membersOf(model.group(id, 'Deployers')!)).toEqual([ci]);
      expect(model.policiesOf(ci).map((policy) => [policy.type, policy.name, policy.via?.arn ?? null, JSON.stringify(policy.document ?? null)])).toEqual([
        ['inline', 'own', null, JSON.stringify(deployDocument(`${bucket}-own`))],
        ['managed', 'Deploy', null, JSON.stringify(deployDocument(bucket))],
        ['inline', 'logs', `arn:aws:iam::${id}:group/Deployers`, JSON.stringify(deployDocument(`${bucket}-logs`))],
        ['managed', 'Deploy', `arn:aws:iam::${id}:group/Deployers`, JSON.stringify(deployDocument(bucket))],
        ['managed', 'ReadOnlyAccess', `arn:aws:iam::${id}:group/Deployers`, 'null'],
      ]);
    }
    expect(model.managedPolicy(`arn:aws:iam::${other}:policy/Deploy`, ACCOUNT)).toBeUndefined();
    expect(model.group(other, 'Admins')).toBeUndefined();
    expect(model.inAccount('Group', '999999999999')).toEqual([]);
  });

  it('resolves a node in an array to its first property, the line that names it', () => {
    const files = buildSnapshotFiles(spec);
    const model = load(files);
    const bob = model.byId(`arn:aws:iam::${ACCOUNT}:user/bob`)!;
    const location = model.locate(bob.source);
    const lines = files.get(`accounts/${ACCOUNT}.json`)!.split('\n');
    expect(lines[location.line - 1]?.trim()).toBe(`"arn": "arn:aws:iam::${ACCOUNT}:user/bob",`);
    expect(lines[location.line - 2]?.trim()).toBe('{');
    const key = model.all('AccessKey')[0]!;
    expect(key.source.pointer).toBe('/users/0/accessKeys/0');
    const propertyLocation = model.locate({ file: bob.source.file, pointer: `${bob.source.pointer}/attachedManagedPolicies` });
    expect(lines[propertyLocation.line - 1]).toContain('"attachedManagedPolicies"');
  });

  it('freezes the model so rules cannot change what other rules see', () => {
    const model = load(buildSnapshotFiles(spec));
    const alice = model.all('User')[0]!;
    expect(Object.isFrozen(alice)).toBe(true);
    expect(Object.isFrozen(alice.accessKeys[0])).toBe(true);
  });

  it('marks sections listed as gaps, and accounts without a file, as not collected', () => {
    const model = load(
      buildSnapshotFiles({
        ...spec,
        gaps: [{ accountId: ACCOUNT, section: 'iam.credentialReport', call: 'iam:GenerateCredentialReport', error: 'AccessDenied' }],
      }),
    );
    expect(model.isCollected('iam.credentialReport', ACCOUNT)).toBe(false);
    expect(model.isCollected('iam.passwordPolicy', ACCOUNT)).toBe(true);
    expect(model.isCollected('identityCenter', null)).toBe(false);
    expect(model.isCollected('organization', null)).toBe(true);
  });

  it('marks an optional section the account file leaves out as not collected, and loads it when present', () => {
    const lastUsed = { 'arn:aws:iam::123456789012:user/bob': [{ service: 's3', lastAuthenticated: '2026-10-01' }] };
    const model = load(
      buildSnapshotFiles({
        ...spec,
        accounts: {
          [ACCOUNT]: { ...spec.accounts![ACCOUNT], serverCertificates: null, serviceLastAccessed: lastUsed },
          '210987654321': { serverCertificates: [{ name: 'www-2026', expiration: '2026-12-01T00:00:00Z' }] },
        },
      }),
    );
    expect(model.isCollected('iam.serverCertificates', ACCOUNT)).toBe(false);
    expect(model.isCollected('iam.serviceLastAccessed', ACCOUNT)).toBe(true);
    expect(model.account(ACCOUNT)?.serviceLastAccessed).toEqual(lastUsed);
    expect(model.isCollected('iam.serverCertificates', '210987654321')).toBe(true);
    expect(model.isCollected('iam.serviceLastAccessed', '210987654321')).toBe(false);
    const certificates = model.nodes().filter((node) => node.kind === 'ServerCertificate');
    expect(certificates.map((node) => [node.id, node.source.pointer])).toEqual([
      ['arn:aws:iam::210987654321:server-certificate/www-2026', '/serverCertificates/0'],
    ]);
  });

  it('rejects malformed JSON with file, line and column', () => {
    const error = loadError(withFile(`accounts/${ACCOUNT}.json`, '{\n  "accountId": "123456789012",\n  "users": [,]\n}\n'));
    expect(error).toBeInstanceOf(SnapshotError);
    expect(error.code).toBe('SNAPSHOT_JSON');
    expect(error.format()).toBe(`snap/accounts/${ACCOUNT}.json:3:13: malformed JSON: value expected (fix the file or collect the snapshot again)`);
  });

  it('rejects a file that fails the schema, pointing at the offending value', () => {
    const files = buildSnapshotFiles(spec);
    const text = files.get(`accounts/${ACCOUNT}.json`)!.replace('"status": "Active"', '"status": "Enabled"');
    const error = loadError(withFile(`accounts/${ACCOUNT}.json`, text));
    expect(error.code).toBe('SNAPSHOT_SCHEMA');
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('"Enabled"')) + 1;
    const column = (lines[line - 1] as string).indexOf('"status"') + 1;
    expect(error.format()).toBe(
      `snap/accounts/${ACCOUNT}.json:${line}:${column}: /users/0/accessKeys/0/status must be one of "Active", "Inactive" (see the snapshot format v1 (account schema))`,
    );
  });

  it('names an unexpected property and a missing one', () => {
    const files = buildSnapshotFiles(spec);
    const account = JSON.parse(files.get(`accounts/${ACCOUNT}.json`)!) as Record<string, unknown>;
    const extra = loadError(withFile(`accounts/${ACCOUNT}.json`, JSON.stringify({ ...account, userz: [] }, null, 2)));
    expect(extra.message).toBe('/userz unexpected property "userz"');
    const withoutRoles = Object.fromEntries(Object.entries(account).filter(([key]) => key !== 'roles'));
    const missing = loadError(withFile(`accounts/${ACCOUNT}.json`, JSON.stringify(withoutRoles, null, 2)));
    expect(missing.message).toBe('(root) missing required property "roles"');
  });

  it('refuses an unknown major schemaVersion', () => {
    const files = buildSnapshotFiles(spec);
    const manifest = files.get('snapshot.json')!.replace('"schemaVersion": "1.2"', '"schemaVersion": "2.0"');
    const error = loadError(withFile('snapshot.json', manifest));
    expect(error.code).toBe('SNAPSHOT_VERSION');
    expect(error.format()).toBe('snap/snapshot.json:2:3: schemaVersion 2.0 is not supported (this iamlint reads 1.x) (newer format, upgrade iamlint)');
  });

  it('still reads a 1.1 snapshot, which has no policy versions', () => {
    const files = buildSnapshotFiles(spec);
    const manifest = files.get('snapshot.json')!.replace('"schemaVersion": "1.2"', '"schemaVersion": "1.1"');
    expect(load(withFile('snapshot.json', manifest)).all('User').map((user) => user.userName)).toEqual(['alice', 'bob']);
  });

  it('reads a 1.9 snapshot without the fields it does not know, on every entry that has them', () => {
    const files = buildSnapshotFiles(spec);
    const manifest = JSON.parse(files.get('snapshot.json')!.replace('"schemaVersion": "1.2"', '"schemaVersion": "1.9"')) as Record<string, unknown>;
    const account = JSON.parse(files.get(`accounts/${ACCOUNT}.json`)!) as { users: Array<Record<string, unknown>> };
    account.users = account.users.map((user) => ({ ...user, signInHistory: [{ at: '2026-11-01T00:00:00Z' }] }));
    const newer = new Map(files);
    newer.set('snapshot.json', JSON.stringify({ ...manifest, retention: 'P30D' }, null, 2));
    newer.set(`accounts/${ACCOUNT}.json`, JSON.stringify({ ...account, budgets: [] }, null, 2));
    const model = load(newer);
    expect(model.all('User').map((user) => [user.userName, 'signInHistory' in user])).toEqual([['alice', false], ['bob', false]]);
    // A 1.2 snapshot with the same field is wrong, not newer: it is still refused.
    const current = new Map(files);
    current.set(`accounts/${ACCOUNT}.json`, JSON.stringify({ ...account, budgets: [] }, null, 2));
    expect(loadError(current).message).toBe('/budgets unexpected property "budgets"');
    // A newer minor still gets the checks of the fields this iamlint knows.
    const broken = new Map(newer);
    broken.set(`accounts/${ACCOUNT}.json`, JSON.stringify({ ...account, users: [{ ...account.users[0], userName: 42 }] }, null, 2));
    expect(loadError(broken).message).toBe('/users/0/userName must be string');
  });

  it('says what to do with an empty folder or one without a manifest', () => {
    expect(loadError(new Map()).format()).toBe(
      'snap/snapshot.json: no snapshot files found (point iamlint at a folder written by `iamlint collect` or `iamlint import`)',
    );
    const files = buildSnapshotFiles(spec);
    files.delete('snapshot.json');
    expect(loadError(files).code).toBe('SNAPSHOT_NOT_FOUND');
  });

  it('rejects an account file whose accountId does not match its name', () => {
    const files = buildSnapshotFiles(spec);
    const text = files.get(`accounts/${ACCOUNT}.json`)!;
    files.delete(`accounts/${ACCOUNT}.json`);
    files.set('accounts/999999999999.json', text);
    const error = loadError(files);
    expect(error.code).toBe('SNAPSHOT_INCONSISTENT');
    expect(error.format()).toContain('rename the file to accounts/123456789012.json');
  });

  it('keeps keys such as __proto__ in policy documents as plain data', () => {
    const files = buildSnapshotFiles(spec);
    const text = files.get(`accounts/${ACCOUNT}.json`)!.replace('"Effect": "Allow"', '"__proto__": { "polluted": true }, "Effect": "Allow"');
    const model = load(withFile(`accounts/${ACCOUNT}.json`, text));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(model.all('ManagedPolicy')).toHaveLength(1);
  });

  it('survives a deeply nested policy document', () => {
    const files = buildSnapshotFiles(spec);
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const text = files.get(`accounts/${ACCOUNT}.json`)!.replace('"Effect": "Allow"', `"Condition": ${deep}, "Effect": "Allow"`);
    // Refused with the limit stated, never a stack overflow (issue 12).
    expect(() => load(withFile(`accounts/${ACCOUNT}.json`, text))).toThrow(/JSON nested deeper than 2000 levels \(the limit iamlint reads\)/);
  });

  it('reads JSON nested exactly to the limit and refuses one level more at that bracket, valid or malformed', () => {
    const condition = (depth: number) => `{\n  "Statement": [{\n    "Condition": ${'['.repeat(depth - 3)}"aws:SourceVpc"${']'.repeat(depth - 3)}\n  }]\n}`;
    const refusal = (text: string) => {
      try {
        parseJsonFile('accounts/123456789012.json', text);
      } catch (error) {
        return (error as IamlintError).format();
      }
      return 'read';
    };
    expect(refusal(condition(2000))).toBe('read');
    const tooDeep = 'accounts/123456789012.json:3:2015: JSON nested deeper than 2000 levels (the limit iamlint reads) (no IAM document nests this deep; check how the file was produced)';
    expect(refusal(condition(2001))).toBe(tooDeep);
    // Malformed as well: still the nesting, never a stack overflow in the strict parse that finds where it broke.
    expect(refusal(condition(2001).replace(/\]\n {2}\}\]/, '\n  }]'))).toBe(tooDeep);
    expect(refusal(condition(40).replace(/\]\n {2}\}\]/, '\n  }]'))).toMatch(/^accounts\/123456789012\.json:4:3: malformed JSON: /);
  });
});

describe('Model.gapsFor', () => {
  const accounts = ['111111111111', '222222222222', '333333333333'];
  // Interleaved as a collector writes them: per account, organization-wide, sections and their parents.
  const gaps = [
    { section: 'iam.credentialReport', accountId: accounts[1], call: 'iam:GenerateCredentialReport', error: 'AccessDenied' },
    { section: 'iam.rootUser', accountId: accounts[0], error: 'ReportInProgress' },
    { section: 'iam.credentialReport', error: 'Throttling', call: 'iam:GetCredentialReport' },
    { section: 'iam.accessKeys', accountId: accounts[1], call: 'iam:ListAccessKeys', error: 'AccessDenied' },
    { section: 'iam.rootUser', accountId: accounts[1], error: 'ReportInProgress' },
    { section: 'identityCenter', error: 'AccessDeniedException', call: 'sso-admin:ListInstances' },
    { section: 'identityCenter.tags', error: 'AccessDeniedException', call: 'sso-admin:ListTagsForResource' },
    { section: 'iam.credentialReport', accountId: accounts[0], call: 'iam:GenerateCredentialReport', error: 'AccessDenied' },
  ] as const;
  const model = loadSnapshot(
    buildSnapshotFiles({ gaps: gaps.map((gap) => ({ ...gap })), accounts: Object.fromEntries(accounts.map((accountId) => [accountId, {}])) }),
  );
  const SECTION_PARENT: Record<string, string | undefined> = { 'iam.rootUser': 'iam.credentialReport', 'identityCenter.tags': 'identityCenter' };

  it('lists the gaps of a section and of its parent, organization-wide or of the account, in the manifest order', () => {
    const sections = ['iam.credentialReport', 'iam.rootUser', 'iam.accessKeys', 'identityCenter', 'identityCenter.tags', 'iam.samlProviders'] as const;
    for (const section of sections) {
      for (const accountId of [...accounts, null]) {
        const expected = gaps.filter(
          (gap) =>
            (gap.section === section || gap.section === SECTION_PARENT[section]) &&
            (!('accountId' in gap) || gap.accountId === accountId),
        );
        expect([section, accountId, model.gapsFor(section, accountId)]).toEqual([section, accountId, expected]);
      }
    }
    expect(model.gapsFor('iam.rootUser', accounts[1]!).map((gap) => gap.error)).toEqual(['AccessDenied', 'Throttling', 'ReportInProgress']);
    expect(model.gapsFor('iam.rootUser', accounts[2]!).map((gap) => gap.error)).toEqual(['Throttling']);
    expect(model.gapsFor('iam.samlProviders', accounts[0]!)).toEqual([]);
  });
});
