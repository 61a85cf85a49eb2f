import { readdirSync, readFileSync } from 'node:fs';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { pathToPointer, pointerToPath } from '../src/json/pointer.js';
import { anchorOffset, PositionIndex } from '../src/json/positions.js';
import { seededRandom } from '../src/testing/seeded-random.js';

/** What PositionIndex answered before, from jsonc-parser's tree: the reference the text walk must agree with. */
function treeOffset(text: string, pointer: string, tree = parseTree(text, [], { disallowComments: true })): number {
  if (!tree) return 0;
  let path = pointerToPath(pointer);
  let node = findNodeAtLocation(tree, path);
  while (!node && path.length > 0) {
    path = path.slice(0, -1);
    node = findNodeAtLocation(tree, path);
  }
  if (!node) return 0;
  const firstProperty = node.type === 'object' && node.parent?.type === 'array' ? node.children?.[0] : undefined;
  return (firstProperty ?? (node.parent?.type === 'property' ? node.parent : node)).offset;
}

function pointersOf(value: unknown, path: Array<string | number> = [], out: string[] = []): string[] {
  out.push(pathToPointer(path));
  // Paths that leave the document: a missing key, an index past the end, an index into an object.
  out.push(pathToPointer([...path, 'missing']), pathToPointer([...path, 99]), pathToPointer([...path, 0, 'x']));
  if (Array.isArray(value)) value.forEach((item, i) => pointersOf(item, [...path, i], out));
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) pointersOf(item, [...path, key], out);
  return out;
}

const folder = new URL('../../../fixtures/demo-org/', import.meta.url);
const files = [
  ...readdirSync(folder).filter((name) => name.endsWith('.json')).map((name) => new URL(name, folder)),
  ...readdirSync(new URL('accounts/', folder)).slice(0, 3).map((name) => new URL(`accounts/${name}`, folder)),
];

describe('anchorOffset: the text walk finds what the parse tree found', () => {
  it.each(files.map((file) => [file.pathname.split('/').slice(-2).join('/'), file] as const))('every pointer of %s, and pointers that leave it', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const tree = parseTree(text, [], { disallowComments: true });
    const mismatches: string[] = [];
    for (const pointer of pointersOf(JSON.parse(text))) {
      if (anchorOffset(text, pointerToPath(pointer)) !== treeOffset(text, pointer, tree)) mismatches.push(pointer);
    }
    expect(tree).toBeDefined();
    expect(mismatches).toEqual([]);
  }, 120_000);

  it('handles escaped keys, duplicate keys (the first wins), empty containers and odd whitespace', () => {
    const text = '\n  {"a\\"b" : [ {}, [], {"x":1,"x":2} ,\t"s\\\\"],"c~/d":{ "e" :null }, "a\\"b2":true}';
    for (const pointer of ['', '/a"b', '/a"b/0', '/a"b/1', '/a"b/2', '/a"b/2/x', '/a"b/3', '/a"b/4', '/c~0~1d', '/c~0~1d/e', '/a"b2', '/0', '/a"b/x']) {
      expect(anchorOffset(text, pointerToPath(pointer)), pointer).toBe(treeOffset(text, pointer));
    }
  });

  it('one index asked deep pointers in any order, resuming from the paths it walked before, answers as a fresh walk', () => {
    const text = readFileSync(new URL('../../../fixtures/datasets/gaad-cloudsplaining-example.json', import.meta.url), 'utf8');
    const pointers = pointersOf(JSON.parse(text)).filter((pointer) => pointer.split('/').length > 7);
    const random = seededRandom(12);
    const order = pointers.map((pointer) => [random(), pointer] as const).sort(([a], [b]) => a - b).slice(0, 1500).map(([, pointer]) => pointer);
    const index = new PositionIndex(text);
    const fresh = new PositionIndex(text);
    const mismatches = order.filter((pointer) => {
      const expected = fresh.positionOfOffset(anchorOffset(text, pointerToPath(pointer)));
      const got = index.positionOfPointer(pointer);
      return got.line !== expected.line || got.column !== expected.column;
    });
    expect(order.length).toBe(1500);
    expect(mismatches).toEqual([]);
  }, 120_000);
});

describe('PositionIndex: objects and arrays read once, resumed in any order', () => {
  const file = files.find((url) => url.pathname.includes('/accounts/'))!;
  const text = readFileSync(file, 'utf8');
  const tree = parseTree(text, [], { disallowComments: true });
  const offsetIndex = new PositionIndex(text);
  const expected = (pointer: string) => offsetIndex.positionOfOffset(treeOffset(text, pointer, tree));

  it('answers an account file\'s pointers, the later sections first, then the earlier, then at random, as the parse tree', () => {
    const pointers = pointersOf(JSON.parse(text));
    const sections = ['/policies', '/roles', '/groups', '/users'];
    const laterFirst = sections.flatMap((section) => pointers.filter((pointer) => pointer.startsWith(`${section}/`)));
    const random = seededRandom(7);
    const shuffled = pointers.map((pointer) => [random(), pointer] as const).sort(([a], [b]) => a - b).map(([, pointer]) => pointer);
    expect(laterFirst.some((pointer) => pointer.startsWith('/policies/')) && laterFirst.some((pointer) => pointer.startsWith('/roles/'))).toBe(true);
    for (const order of [laterFirst, [...pointers].reverse(), shuffled]) {
      const index = new PositionIndex(new TextEncoder().encode(text));
      const mismatches = order.filter((pointer) => {
        const got = index.positionOfPointer(pointer);
        const want = expected(pointer);
        return got.line !== want.line || got.column !== want.column;
      });
      expect(mismatches).toEqual([]);
    }
  }, 120_000);

  it('keeps the first of duplicate keys whichever key of the object was asked first, also after stepping over it', () => {
    const duplicated = '{"roles":[{"a":{"x":[1,2]},"b":2,"a":3}],"policies":{"b":[true],"b":{"c":1}}}';
    const asks = ['/roles/0/b', '/roles/0/a', '/roles/0/a/x/1', '/policies/b', '/policies/b/c', '/roles/0/zz', '/policies/b/0', '/roles/0'];
    for (const order of [asks, [...asks].reverse()]) {
      const index = new PositionIndex(duplicated);
      for (const pointer of order) expect([pointer, index.positionOfPointer(pointer).column]).toEqual([pointer, treeOffset(duplicated, pointer) + 1]);
    }
    expect(new PositionIndex(duplicated).positionOfPointer('/roles/0/a').column).toBe(duplicated.indexOf('"a"') + 1);
  });
});
