import { describe, expect, it } from 'vitest';
import { loadSnapshot, type IamlintError, type SnapshotTexts } from '@iamlint/core';
import { buildSnapshotFiles } from '@iamlint/core/testing';
import { isPlainJsonData } from '../src/json/parse.js';

const PROD = '111111111111';
const DEV = '222222222222';
const ADMIN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

function snapshot(): Map<string, string> {
  return buildSnapshotFiles({
    accounts: Object.fromEntries(
      [PROD, DEV].map((accountId) => [
        accountId,
        {
          users: [{ userName: 'dana', attachedManagedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] }],
          roles: [{ roleName: 'web', trustPolicy: TRUST }],
          policies: [{ policyName: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess', path: '/', document: ADMIN }],
        },
      ]),
    ),
  });
}

/** The texts, with the data each was written from as an import in memory hands them over. */
function withData(texts: ReadonlyMap<string, string>, data: ReadonlyMap<string, unknown>): SnapshotTexts {
  return Object.assign(new Map(texts), { parsed: (file: string) => data.get(file) });
}

const parsedAll = (texts: ReadonlyMap<string, string>) => new Map([...texts].map(([file, text]) => [file, JSON.parse(text) as unknown]));
const account = (data: Map<string, unknown>, accountId: string) => data.get(`accounts/${accountId}.json`) as Record<string, unknown> & { roles: Array<Record<string, unknown>> };
const aliasOf = (texts: SnapshotTexts, accountId: string) => loadSnapshot(texts).account(accountId)?.alias;

function refusal(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    return (error as IamlintError).format();
  }
  return 'loaded';
}

describe('loadSnapshot: data built in memory', () => {
  it('reads plain data as it is, without parsing the text, and shares AWS managed documents as from text', () => {
    const texts = snapshot();
    const data = parsedAll(texts);
    account(data, DEV).alias = 'from-data';
    // Texts that cannot be parsed: only the data can have been read.
    const model = loadSnapshot(withData(new Map([...texts].map(([file]) => [file, 'not JSON'])), data));
    expect(model.account(DEV)?.alias).toBe('from-data');
    const documents = model.all('ManagedPolicy').map((policy) => policy.document);
    expect(documents).toHaveLength(2);
    expect(documents[0]).toBe(documents[1]);
    expect(documents[0]).toEqual(ADMIN);
    expect(Object.isFrozen(model.all('Role')[0]?.trustPolicy)).toBe(true);
  });

  it.each<[string, (file: Record<string, unknown> & { roles: Array<Record<string, unknown>> }, first: Record<string, unknown> & { roles: Array<Record<string, unknown>> }) => void]>([
    ['a property JSON.stringify leaves out', (file) => Object.assign(file.roles[0]!, { description: undefined })],
    ['a date', (file) => Object.assign(file.roles[0]!, { createDate: new Date('2026-01-02T03:04:05Z') })],
    ['-0 and NaN', (file) => Object.assign(file, { accountSummary: { Users: -0, Roles: Number.NaN } })],
    ['an array with a hole', (file) => Object.assign(file.roles[0]!, { attachedManagedPolicies: new Array<string>(2) })],
    ['an object in two places', (file) => Object.assign(file.roles[0]!, { trustPolicy: file.roles[0]!.trustPolicy, permissionsBoundary: null, tags: file.roles[0]!.trustPolicy })],
    ['an object of another file', (file, first) => Object.assign(file.roles[0]!, { trustPolicy: first.roles[0]!.trustPolicy })],
    ['an instance of a class', (file) => Object.assign(file, { accountSummary: new (class Summary { Users = 1 })() })],
  ])('parses the text instead of data with %s', (_label, spoil) => {
    const texts = snapshot();
    const data = parsedAll(texts);
    account(data, DEV).alias = 'from-data';
    spoil(account(data, DEV), account(data, PROD));
    expect(aliasOf(withData(texts, data), DEV)).toBeNull();
  });

  it('refuses data nested too deep, or not of the schema, with the line its text gives', () => {
    const texts = snapshot();
    const file = `accounts/${DEV}.json`;
    for (const spoil of [
      (data: Record<string, unknown> & { roles: Array<Record<string, unknown>> }) => Object.assign(data.roles[0]!, { trustPolicy: { ...TRUST, Deep: JSON.parse(`${'['.repeat(2000)}${']'.repeat(2000)}`) as unknown } }),
      (data: Record<string, unknown> & { roles: Array<Record<string, unknown>> }) => Object.assign(data.roles[0]!, { createDate: 'yesterday' }),
    ]) {
      const data = parsedAll(texts);
      spoil(account(data, DEV));
      const written = new Map(texts).set(file, `${JSON.stringify(data.get(file), null, 2)}\n`);
      const fromText = refusal(() => loadSnapshot(written, 'snap'));
      expect(fromText).toMatch(new RegExp(`^snap/accounts/${DEV}\\.json:[0-9]+:[0-9]+: (JSON nested deeper than 2000 levels \\(the limit|/roles/0/createDate must be a date-time string)`));
      expect(refusal(() => loadSnapshot(withData(written, data), 'snap'))).toBe(fromText);
    }
  });
});

describe('isPlainJsonData', () => {
  const never = () => false;

  it('accepts what JSON.parse makes, to the depth given', () => {
    const value = JSON.parse('{"a": [1, "two", true, null, {"b": [[]]}], "__proto__": {"c": 1.5}}') as unknown;
    expect(isPlainJsonData(value, 5, never)).toBe(true);
    expect(isPlainJsonData(value, 4, never)).toBe(false);
    expect(isPlainJsonData('text', 1, never)).toBe(true);
  });

  it('takes a frozen object only where it is allowed, as often as allowed', () => {
    const shared = Object.freeze({ Version: '2012-10-17' });
    let left = 1;
    expect(isPlainJsonData({ a: shared }, 3, (value) => value === shared && left-- > 0)).toBe(true);
    left = 1;
    expect(isPlainJsonData({ a: shared, b: [shared] }, 3, (value) => value === shared && left-- > 0)).toBe(false);
    expect(isPlainJsonData({ a: shared }, 3, never)).toBe(false);
  });

  it('refuses what a parse of its text would not give back', () => {
    const inherited = Object.create({ inherited: 1 }) as object;
    for (const value of [{ a: undefined }, { a: () => 1 }, [Number.POSITIVE_INFINITY], { a: -0 }, { a: 1n }, { a: Symbol('s') }, inherited, Object.create(null) as object, new Map()]) {
      expect(isPlainJsonData(value, 5, never)).toBe(false);
    }
  });
});
