import { describe, expect, it } from 'vitest';
import { normalizePolicy } from '../src/policy/index.js';

const doc = (statement: unknown): unknown => ({ Version: '2012-10-17', Statement: statement });

describe('normalizePolicy: shapes', () => {
  it('reads a Statement object as one statement', () => {
    const policy = normalizePolicy(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }));
    expect(policy.statements).toHaveLength(1);
    expect(policy.statements[0]).toMatchObject({ index: 0, effect: 'Allow', actions: ['s3:getobject'], resources: ['*'] });
    expect(policy.problems).toEqual([]);
  });

  it('reads a Statement array, keeping indexes', () => {
    const policy = normalizePolicy(doc([
      { Sid: 'A', Effect: 'Allow', Action: ['S3:Get*', 'iam:List*'], Resource: '*' },
      { Sid: 'B', Effect: 'Deny', NotAction: 'iam:*', NotResource: ['arn:aws:s3:::b'] },
    ]));
    expect(policy.statements.map((s) => [s.index, s.sid, s.effect])).toEqual([[0, 'A', 'Allow'], [1, 'B', 'Deny']]);
    expect(policy.statements[0]?.actions).toEqual(['s3:get*', 'iam:list*']);
    expect(policy.statements[1]).toMatchObject({ notActions: ['iam:*'], notResources: ['arn:aws:s3:::b'], actions: undefined });
  });

  it('keeps resources case-sensitive', () => {
    expect(normalizePolicy(doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::Bucket' })).statements[0]?.resources).toEqual(['arn:aws:s3:::Bucket']);
  });

  it('enables variables only for 2012-10-17', () => {
    expect(normalizePolicy(doc([])).variablesEnabled).toBe(true);
    expect(normalizePolicy({ Version: '2008-10-17', Statement: [] }).variablesEnabled).toBe(false);
    expect(normalizePolicy({ Statement: [] }).variablesEnabled).toBe(false);
  });

  it('normalises Principal', () => {
    const [any, map, awsStar] = normalizePolicy(doc([
      { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
      { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::1:root', '222222222222'], Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
      { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' },
    ])).statements;
    expect(any?.principal?.wildcard).toBe(true);
    expect(map?.principal?.wildcard).toBe(false);
    expect(map?.principal?.byType.get('AWS')).toEqual(['arn:aws:iam::1:root', '222222222222']);
    expect(map?.principal?.byType.get('Service')).toEqual(['ec2.amazonaws.com']);
    expect(awsStar?.principal?.wildcard).toBe(true);
  });

  it('normalises conditions with lowercased keys and string values', () => {
    const [statement] = normalizePolicy(doc({
      Effect: 'Allow', Action: '*', Resource: '*',
      Condition: { 'ForAnyValue:StringLike': { 'aws:TagKeys': ['a*', 'b'] }, NumericLessThan: { 'S3:Max-Keys': 10 }, Bool: { 'aws:SecureTransport': true } },
    })).statements;
    expect(statement?.conditions.map((c) => [c.operatorName, c.key, c.keyLower, c.values])).toEqual([
      ['ForAnyValue:StringLike', 'aws:TagKeys', 'aws:tagkeys', ['a*', 'b']],
      ['NumericLessThan', 'S3:Max-Keys', 's3:max-keys', ['10']],
      ['Bool', 'aws:SecureTransport', 'aws:securetransport', ['true']],
    ]);
  });

  it('caches by document identity', () => {
    const document = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
    expect(normalizePolicy(document)).toBe(normalizePolicy(document));
  });
});

describe('normalizePolicy: malformed documents', () => {
  it.each<[string, unknown, string[]]>([
    ['null', null, ['not-an-object']],
    ['a number', 42, ['not-an-object']],
    ['an array', [], ['not-an-object']],
    ['invalid JSON text', '{"Statement": [', ['invalid-json']],
    ['no Statement', { Version: '2012-10-17' }, ['missing-statement']],
    ['a Statement string', doc('Allow everything'), ['invalid-statement']],
    ['a statement that is a number', doc([1]), ['invalid-statement']],
    ['missing Effect', doc({ Action: '*', Resource: '*' }), ['missing-effect']],
    ['lowercase Effect', doc({ Effect: 'allow', Action: '*', Resource: '*' }), ['invalid-effect']],
    ['Action as a number', doc({ Effect: 'Allow', Action: 5, Resource: '*' }), ['invalid-value']],
    ['an Action entry that is not a string', doc({ Effect: 'Allow', Action: ['s3:GetObject', 7], Resource: '*' }), ['invalid-value']],
    ['no Action or NotAction', doc({ Effect: 'Allow', Resource: '*' }), ['missing-action']],
    ['Action and NotAction', doc({ Effect: 'Allow', Action: '*', NotAction: 'iam:*', Resource: '*' }), ['action-and-not-action']],
    ['Resource and NotResource', doc({ Effect: 'Allow', Action: '*', Resource: '*', NotResource: 'x' }), ['resource-and-not-resource']],
    ['Principal and NotPrincipal', doc({ Effect: 'Deny', Action: '*', Principal: '*', NotPrincipal: { AWS: 'x' } }), ['principal-and-not-principal']],
    ['Principal as a number', doc({ Effect: 'Allow', Action: '*', Principal: 1 }), ['invalid-principal']],
    ['Condition as a string', doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: 'yes' }), ['invalid-condition']],
    ['Condition operator mapping to a string', doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: 'x' } }), ['invalid-condition']],
    ['unknown condition operator', doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringMatches: { a: 'b' } } }), ['unknown-operator']],
    ['Sid as a number', doc({ Sid: 1, Effect: 'Allow', Action: '*', Resource: '*' }), ['invalid-value']],
    ['Version as a number', { Version: 2012, Statement: [] }, ['invalid-value']],
  ])('%s', (_name, document, codes) => {
    const policy = normalizePolicy(document);
    expect(policy.problems.map((problem) => problem.code)).toEqual(codes);
  });

  it('reports problem paths', () => {
    const policy = normalizePolicy(doc([{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Allow', Action: ['a:b', null], Resource: '*' }]));
    expect(policy.problems[0]?.path).toEqual(['Statement', 1, 'Action', 1]);
  });

  it('parses JSON text and URL-encoded JSON', () => {
    const json = JSON.stringify(doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }));
    expect(normalizePolicy(json).statements[0]?.actions).toEqual(['iam:*']);
    const encoded = normalizePolicy(encodeURIComponent(json));
    expect(encoded.statements[0]?.actions).toEqual(['iam:*']);
    expect(encoded.problems.map((p) => p.code)).toEqual(['url-encoded']);
    expect(normalizePolicy('%E0%A4%A').problems.map((p) => p.code)).toEqual(['invalid-json']);
  });

  it('is safe with __proto__ keys', () => {
    const document = JSON.parse(
      '{"Version":"2012-10-17","__proto__":{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]},' +
        '"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","__proto__":{"Effect":"Deny"},' +
        '"Principal":{"__proto__":["x"]},"Condition":{"__proto__":{"__proto__":"y"},"StringEquals":{"__proto__":"z"}}}]}',
    ) as unknown;
    const policy = normalizePolicy(document);
    expect(policy.statements).toHaveLength(1);
    const [statement] = policy.statements;
    expect(statement?.effect).toBe('Allow');
    expect(statement?.principal?.byType.get('__proto__')).toEqual(['x']);
    expect(statement?.conditions.map((c) => [c.operatorName, c.key])).toEqual([['__proto__', '__proto__'], ['StringEquals', '__proto__']]);
    expect(({} as Record<string, unknown>)['Effect']).toBeUndefined();
  });

  it('does not see inherited properties as elements', () => {
    const statement = Object.create({ Effect: 'Allow', Action: '*', Resource: '*' }) as object;
    const policy = normalizePolicy({ Version: '2012-10-17', Statement: [statement] });
    expect(policy.statements[0]?.effect).toBeUndefined();
    expect(policy.problems.map((p) => p.code)).toEqual(['missing-effect', 'missing-action']);
  });

  it('handles 10,000 statements quickly', () => {
    const statements = Array.from({ length: 10_000 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: `s3:Get${i}`, Resource: '*' }));
    const start = performance.now();
    const policy = normalizePolicy(doc(statements));
    expect(policy.statements).toHaveLength(10_000);
    expect(performance.now() - start).toBeLessThan(2_000);
  });

  it('does not walk deeply nested Condition values', () => {
    let nested: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) nested = { a: nested };
    const policy = normalizePolicy(doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:username': nested }, Deep: nested } }));
    expect(policy.statements[0]?.conditions.every((c) => c.operator === undefined)).toBe(true);
    expect(policy.problems.map((p) => p.code)).toEqual(['invalid-condition', 'unknown-operator', 'invalid-condition']);
  });

  it('never throws on hostile values', () => {
    const hostile = [undefined, '', '""', 'null', '[]', '{}', Symbol('x'), 1n, () => 1, new Map(), doc(null), doc([null, [], {}])];
    for (const value of hostile) expect(() => normalizePolicy(value)).not.toThrow();
  });
});
