import { describe, expect, it } from 'vitest';
import { loadSnapshot, type ManagedPolicyNode, type Model, type SnapshotError } from '@iamlint/core';
import { buildSnapshotFiles } from '@iamlint/core/testing';
import { AwsManagedDocumentTexts } from '../src/snapshot/document-texts.js';

const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const READ_ONLY = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AllowS3Read', Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 's3-object-lambda:Get*', 's3-object-lambda:List*'], Resource: '*' },
    { Effect: 'Allow', Action: ['cloudwatch:Describe*', 'cloudwatch:Get*', 'iam:GenerateCredentialReport', 'iam:Get*', 'iam:List*'], Resource: '*' },
  ],
};
const SECURITY_AUDIT = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['acm:Describe*', 'cloudtrail:DescribeTrails', 'iam:GetAccountAuthorizationDetails', 'kms:ListKeys'], Resource: '*' }],
};

function awsPolicy(name: string, document: unknown, defaultVersionId = 'v3') {
  return { arn: `arn:aws:iam::aws:policy/${name}`, policyName: name, path: '/', defaultVersionId, document };
}

function snapshot(extra: (accountId: string) => Record<string, unknown> = () => ({})): Map<string, string> {
  return buildSnapshotFiles({
    accounts: Object.fromEntries(
      ACCOUNTS.map((accountId) => [
        accountId,
        {
          roles: [{ roleName: 'auditor', attachedManagedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/SecurityAudit'] }],
          policies: [
            { policyName: 'deploy', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudformation:*', Resource: '*' }] } },
            awsPolicy('ReadOnlyAccess', READ_ONLY),
            awsPolicy('SecurityAudit', SECURITY_AUDIT, 'v40'),
          ],
          ...extra(accountId),
        },
      ]),
    ),
  });
}

function documentsOf(model: Model, arn: string): unknown[] {
  return model.all('ManagedPolicy').filter((policy: ManagedPolicyNode) => policy.arn === arn).map((policy) => policy.document);
}

/** What each account file parses to, document by document: the loaded model must hold exactly this. */
function parsedPolicies(files: Map<string, string>, accountId: string): unknown[] {
  return (JSON.parse(files.get(`accounts/${accountId}.json`)!) as { policies: Array<{ document: unknown }> }).policies.map((policy) => policy.document);
}

describe('loadSnapshot: AWS managed documents repeated across accounts', () => {
  it('holds one frozen copy of each, equal to what each file says', () => {
    const files = snapshot();
    const model = loadSnapshot(files);
    for (const arn of ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/SecurityAudit']) {
      const documents = documentsOf(model, arn);
      expect(documents).toHaveLength(3);
      expect(new Set(documents).size).toBe(1);
      expect(Object.isFrozen(documents[0])).toBe(true);
    }
    for (const accountId of ACCOUNTS) {
      expect(model.inAccount('ManagedPolicy', accountId).map((policy) => policy.document)).toEqual(parsedPolicies(files, accountId));
    }
  });

  it('lets no rule change a shared document: it is frozen to its leaves', () => {
    const [document] = documentsOf(loadSnapshot(snapshot()), 'arn:aws:iam::aws:policy/ReadOnlyAccess') as Array<typeof READ_ONLY>;
    expect(() => {
      (document!.Statement[0]!.Action as string[]).push('iam:PassRole');
    }).toThrow(TypeError);
    expect(() => {
      (document!.Statement[1] as { Resource: string }).Resource = 'arn:aws:s3:::other';
    }).toThrow(TypeError);
    expect(document!.Statement[0]!.Action).toHaveLength(4);
  });

  it('keeps a later copy that differs under the same ARN and version as that file has it', () => {
    const files = snapshot();
    const changed = files.get(`accounts/${ACCOUNTS[2]}.json`)!.replace('"s3:List*"', '"s3:*"');
    files.set(`accounts/${ACCOUNTS[2]}.json`, changed);
    const model = loadSnapshot(files);
    const documents = documentsOf(model, 'arn:aws:iam::aws:policy/ReadOnlyAccess');
    expect(documents[0]).toBe(documents[1]);
    expect(documents[2]).not.toBe(documents[0]);
    expect(JSON.stringify(documents[2])).toContain('"s3:*"');
    expect(model.inAccount('ManagedPolicy', ACCOUNTS[2]!).map((policy) => policy.document)).toEqual(parsedPolicies(files, ACCOUNTS[2]!));
  });

  it('shares a copy written with other whitespace, and one written on one line', () => {
    const files = snapshot();
    const [, second, third] = ACCOUNTS.map((accountId) => `accounts/${accountId}.json`) as [string, string, string];
    files.set(second, JSON.stringify(JSON.parse(files.get(second)!), null, '\t'));
    files.set(third, JSON.stringify(JSON.parse(files.get(third)!)));
    const model = loadSnapshot(files);
    expect(new Set(documentsOf(model, 'arn:aws:iam::aws:policy/ReadOnlyAccess')).size).toBe(1);
    for (const accountId of ACCOUNTS) expect(model.inAccount('ManagedPolicy', accountId).map((policy) => policy.document)).toEqual(parsedPolicies(files, accountId));
  });

  it('is not fooled by the same text inside another document: every value stays where the file has it', () => {
    // A trust policy that carries, as data, what reads like an AWS managed policy entry with ReadOnlyAccess's text: on
    // one line, byte for byte the text of the real entries.
    const decoy = { arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', defaultVersionId: 'v3', document: READ_ONLY };
    const pretty = snapshot((accountId) =>
      accountId === ACCOUNTS[0] ? {} : { roles: [{ roleName: 'decoy', trustPolicy: { Version: '2012-10-17', Statement: [], Decoy: decoy } }] },
    );
    const files = new Map([...pretty].map(([file, text]) => [file, JSON.stringify(JSON.parse(text))]));
    const second = files.get(`accounts/${ACCOUNTS[1]}.json`)!;
    expect(second.indexOf(JSON.stringify(READ_ONLY))).toBeLessThan(second.lastIndexOf(JSON.stringify(READ_ONLY)));

    const documentTexts = new AwsManagedDocumentTexts();
    const first = documentTexts.reduce(files.get(`accounts/${ACCOUNTS[0]}.json`)!)!;
    documentTexts.learn(files.get(`accounts/${ACCOUNTS[0]}.json`)!, first, JSON.parse(first.text));
    const reduced = documentTexts.reduce(second)!;
    expect(reduced.placeholders.size).toBe(3);
    expect(documentTexts.restore(JSON.parse(reduced.text), reduced)).toBe(false);

    const model = loadSnapshot(files);
    for (const accountId of ACCOUNTS) {
      const parsed = JSON.parse(files.get(`accounts/${accountId}.json`)!) as { roles: Array<{ trustPolicy: unknown }> };
      expect(model.inAccount('ManagedPolicy', accountId).map((policy) => policy.document)).toEqual(parsedPolicies(files, accountId));
      expect(model.inAccount('Role', accountId).map((role) => role.trustPolicy)).toEqual(parsed.roles.map((role) => role.trustPolicy));
    }
    expect(model.inAccount('Role', ACCOUNTS[1]!)[0]!.trustPolicy).toMatchObject({ Decoy: { document: READ_ONLY } });
  });

  it('reports malformed JSON where the file has it, after documents it already knows', () => {
    const files = snapshot();
    const file = `accounts/${ACCOUNTS[1]}.json`;
    const text = files.get(file)!;
    const broken = `${text.slice(0, text.lastIndexOf('}'))},}`;
    files.set(file, broken);
    let error: SnapshotError | undefined;
    try {
      loadSnapshot(files, 'snap');
    } catch (caught) {
      error = caught as SnapshotError;
    }
    expect(error?.code).toBe('SNAPSHOT_JSON');
    expect(error?.location).toEqual({ file: `snap/${file}`, line: broken.split('\n').length, column: broken.split('\n').at(-1)!.length });
  });
});

describe('AwsManagedDocumentTexts', () => {
  const files = snapshot();
  const texts = ACCOUNTS.map((accountId) => files.get(`accounts/${accountId}.json`)!);

  it('replaces only documents it has learned, each by a placeholder it can put back', () => {
    const documentTexts = new AwsManagedDocumentTexts();
    const first = documentTexts.reduce(texts[0]!)!;
    expect(first.placeholders.size).toBe(0);
    expect(first.unknown.map((candidate) => candidate.key)).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess|v3', 'arn:aws:iam::aws:policy/SecurityAudit|v40']);
    const data = JSON.parse(first.text) as { policies: Array<{ document: unknown }> };
    documentTexts.learn(texts[0]!, first, data);

    const second = documentTexts.reduce(texts[1]!)!;
    expect(second.placeholders.size).toBe(2);
    expect(second.text.length).toBeLessThan(texts[1]!.length);
    expect(second.text).not.toContain('s3-object-lambda:Get*');
    const reduced = JSON.parse(second.text) as { policies: Array<{ document: unknown }> };
    expect(documentTexts.restore(reduced, second)).toBe(true);
    expect(reduced).toEqual(JSON.parse(texts[1]!));
    expect(reduced.policies[1]!.document).toBe(data.policies[1]!.document);
  });

  it('for the last file, puts back what it knows and looks for nothing new', () => {
    const documentTexts = new AwsManagedDocumentTexts();
    expect(documentTexts.reduce(texts[0]!, { learn: false })).toBeUndefined();
    const first = documentTexts.reduce(texts[0]!)!;
    documentTexts.learn(texts[0]!, first, JSON.parse(first.text));
    const withNewDocument = texts[1]!.replaceAll('"arn:aws:iam::aws:policy/SecurityAudit"', '"arn:aws:iam::aws:policy/SecurityAuditV2"');
    const learning = documentTexts.reduce(withNewDocument)!;
    expect(learning.unknown.map((candidate) => candidate.key)).toEqual(['arn:aws:iam::aws:policy/SecurityAuditV2|v40']);
    const last = documentTexts.reduce(withNewDocument, { learn: false })!;
    expect(last.unknown).toEqual([]);
    expect(last.placeholders.size).toBe(1);
    const reduced = JSON.parse(last.text) as unknown;
    expect(documentTexts.restore(reduced, last)).toBe(true);
    expect(reduced).toEqual(JSON.parse(withNewDocument));
  });

  it('refuses to put back a placeholder that is not the document of a policy with that ARN and version', () => {
    const documentTexts = new AwsManagedDocumentTexts();
    const first = documentTexts.reduce(texts[0]!)!;
    documentTexts.learn(texts[0]!, first, JSON.parse(first.text));
    const second = documentTexts.reduce(texts[1]!)!;
    const moved = JSON.parse(second.text) as { policies: Array<{ defaultVersionId: string }> };
    moved.policies[1]!.defaultVersionId = 'v4';
    expect(documentTexts.restore(moved, second)).toBe(false);
    const dropped = JSON.parse(second.text) as { policies: unknown[] };
    dropped.policies.pop();
    expect(documentTexts.restore(dropped, second)).toBe(false);
  });
});

describe('loadSnapshot: AWS managed documents with non-ASCII text', () => {
  // The third account's copy differs from the others by one character, of the same length in UTF-8 and in UTF-16.
  const documentWith = (team: string) => ({ ...READ_ONLY, Statement: [{ ...READ_ONLY.Statement[0], Condition: { StringEquals: { 'aws:PrincipalTag/team': team } } }, READ_ONLY.Statement[1]] });
  const files = buildSnapshotFiles({
    accounts: Object.fromEntries(
      ACCOUNTS.map((accountId, index) => [
        accountId,
        {
          roles: [{ roleName: 'prüfer-✓', description: 'Zugriff für die Prüfung — 監査', attachedManagedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }],
          policies: [awsPolicy('ReadOnlyAccess', documentWith(index === 2 ? 'Sicherheit-Pröfung' : 'Sicherheit-Prüfung')), awsPolicy('SecurityAudit', SECURITY_AUDIT, 'v40')],
        },
      ]),
    ),
  });

  it('shares the copies that are the same, and keeps the one that differs as its file has it', () => {
    const model = loadSnapshot(files);
    for (const accountId of ACCOUNTS) {
      expect(model.inAccount('ManagedPolicy', accountId).map((policy) => policy.document)).toEqual(parsedPolicies(files, accountId));
      expect(model.inAccount('Role', accountId).map((role) => [role.name, role.description])).toEqual([['prüfer-✓', 'Zugriff für die Prüfung — 監査']]);
    }
    const readOnly = documentsOf(model, 'arn:aws:iam::aws:policy/ReadOnlyAccess');
    expect(readOnly[0]).toBe(readOnly[1]);
    expect(readOnly[2]).not.toEqual(readOnly[0]);
    expect(JSON.stringify(readOnly[2])).toContain('Sicherheit-Pröfung');
  });
});
