import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { pathToPointer } from '@iamlint/core';
import { PositionIndex } from '../src/json/positions.js';
import { buildSnapshotFiles } from '@iamlint/core/testing';

/** The definition the index must agree with, computed from a full parse tree. */
function reference(text: string, path: Array<string | number>): { line: number; column: number } {
  const tree = parseTree(text)!;
  const node = findNodeAtLocation(tree, path)!;
  const anchor =
    node.type === 'object' && node.parent?.type === 'array' && node.children?.[0]
      ? node.children[0]
      : node.parent?.type === 'property'
        ? node.parent
        : node;
  const before = text.slice(0, anchor.offset);
  const line = before.split('\n').length;
  return { line, column: anchor.offset - (before.lastIndexOf('\n') + 1) + 1 };
}

function allPaths(value: unknown, path: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  if (path.length > 0) out.push(path);
  if (Array.isArray(value)) value.forEach((item, index) => allPaths(item, [...path, index], out));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) allPaths(item, [...path, key], out);
  return out;
}

describe('PositionIndex', () => {
  const files = buildSnapshotFiles({
    accounts: {
      '123456789012': {
        users: [
          { userName: 'a/b~c', accessKeys: [{}, { status: 'Inactive' }], mfaDevices: [{}], tags: { 'team/name': 'x' } },
          { userName: 'empty', inlinePolicies: [{ name: 'deep', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: [[], {}, 'arn:aws:s3:::b/*'], Condition: { StringEquals: { 'aws:PrincipalTag/team': ['a', 'b'] } } }] } }] },
        ],
        roles: [{ roleName: 'app' }],
      },
    },
  });
  const text = files.get('accounts/123456789012.json')!;

  it('places every pointer of a file exactly where a full parse does, shallow or deep', () => {
    const paths = allPaths(JSON.parse(text));
    expect(paths.length).toBeGreaterThan(100);
    const index = new PositionIndex(text);
    for (const path of paths) {
      expect([pathToPointer(path), index.positionOfPointer(pathToPointer(path))]).toEqual([pathToPointer(path), reference(text, path)]);
    }
  });

  it('answers from a file\'s UTF-8 bytes as from its text, columns in UTF-16 units past multi-byte characters', () => {
    const accented = text
      .replace('"app"', '"app-\u00e9t\u00e9-\u{1F680}"')
      .replace('"team/name"', '"\u00e9quipe/\u{1F680}"')
      .replace('"s3:GetObject"', '"s3:GetObject", "arn:aws:s3:::caf\u00e9/\u{1F680}"');
    expect(accented).not.toBe(text);
    const paths = allPaths(JSON.parse(accented));
    // On one line, every position after the first accent is where a byte count and a character count part.
    for (const file of [accented, JSON.stringify(JSON.parse(accented))]) {
      const bytes = new TextEncoder().encode(file);
      expect(bytes.length).toBeGreaterThan(file.length);
      const fromBytes = new PositionIndex(bytes);
      for (const path of paths) {
        const pointer = pathToPointer(path);
        expect([pointer, fromBytes.positionOfPointer(pointer)]).toEqual([pointer, reference(file, path)]);
      }
      const tag = pathToPointer(paths.find((path) => path.includes('\u00e9quipe/\u{1F680}'))!);
      expect(fromBytes.positionOfPointer(`${tag}/nope`)).toEqual(new PositionIndex(file).positionOfPointer(tag));
    }
  });

  it('puts the root and unknown pointers on the nearest known place', () => {
    const index = new PositionIndex(text);
    expect(index.positionOfPointer('')).toEqual({ line: 1, column: 1 });
    expect(index.positionOfPointer('/users/0/nope')).toEqual(index.positionOfPointer('/users/0'));
  });
});

describe('PositionIndex: lines and columns of unusual files', () => {
  const document = {
    accountId: '123456789012',
    roles: [
      { arn: 'arn:aws:iam::123456789012:role/caf\u00e9-\u{1F680}', roleName: 'caf\u00e9-\u{1F680}', tags: { 'd\u00e9partement': '\u00e9quipe' } },
      { arn: 'arn:aws:iam::123456789012:role/deploy', roleName: 'deploy', attachedManagedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] },
    ],
  };
  const paths = allPaths(document);

  it('counts CRLF line ends as one line each, columns after the carriage return of the line before', () => {
    const lf = JSON.stringify(document, null, 2);
    const crlf = lf.replace(/\n/g, '\r\n');
    for (const text of [crlf, new TextEncoder().encode(crlf)]) {
      const index = new PositionIndex(text);
      for (const path of paths) expect([pathToPointer(path), index.positionOfPointer(pathToPointer(path))]).toEqual([pathToPointer(path), reference(lf, path)]);
    }
  });

  it('answers in any order, the last line included, from a file with or without a final newline', () => {
    for (const text of [JSON.stringify(document, null, 2), `${JSON.stringify(document, null, 2)}\n`, JSON.stringify(document, null, '\t')]) {
      const index = new PositionIndex(new TextEncoder().encode(text));
      const lastLine = text.trimEnd().split('\n').length;
      const backwards = [...paths].reverse();
      for (const path of [...backwards, ...paths, ...backwards]) {
        expect([pathToPointer(path), index.positionOfPointer(pathToPointer(path))]).toEqual([pathToPointer(path), reference(text, path)]);
      }
      const last = index.positionOfPointer('/roles/1/attachedManagedPolicies/0');
      expect(last.line).toBe(lastLine - 4);
      expect(new PositionIndex(text).positionOfOffset(text.trimEnd().length - 1)).toEqual({ line: lastLine, column: 1 });
    }
  });

  it('counts columns of a file written on one line from its start, past multi-byte characters, in any order', () => {
    const text = JSON.stringify(document);
    const index = new PositionIndex(new TextEncoder().encode(text));
    for (const path of [...paths, ...[...paths].reverse()]) {
      const position = index.positionOfPointer(pathToPointer(path));
      expect([pathToPointer(path), position]).toEqual([pathToPointer(path), reference(text, path)]);
      expect(position.line).toBe(1);
    }
    expect(index.positionOfPointer('/roles/1')).toEqual({ line: 1, column: text.indexOf('"arn":"arn:aws:iam::123456789012:role/deploy"') + 1 });
    expect(index.positionOfPointer('/roles/1')).not.toEqual({ line: 1, column: new TextEncoder().encode(text.slice(0, text.indexOf('"arn":"arn:aws:iam::123456789012:role/deploy"'))).length + 1 });
  });
});
