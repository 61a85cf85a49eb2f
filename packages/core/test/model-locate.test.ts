import { describe, expect, it } from 'vitest';
import { loadSnapshot, PositionIndex } from '@iamlint/core';
import { buildSnapshotFiles } from '@iamlint/core/testing';

describe('Model.locate across many files', () => {
  // More files than the model keeps position indexes for, asked in an order that revisits evicted ones.
  const accounts = Object.fromEntries(
    Array.from({ length: 40 }, (_, i) => [
      String(100000000000 + i * 7919),
      { roles: Array.from({ length: 1 + (i % 4) }, (_, r) => ({ roleName: `role-${r}`, inlinePolicies: [{ name: 'p', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } }] })) },
    ]),
  );
  const files = buildSnapshotFiles({ accounts });
  let reads = 0;
  class CountingFiles extends Map<string, string> {
    override get(key: string): string | undefined {
      reads++;
      return super.get(key);
    }
  }
  const counting = new CountingFiles(files);

  it('answers as a fresh index of the file would, whatever it keeps', () => {
    const model = loadSnapshot(files);
    const nodes = model.nodes().filter((node) => node.source.file.startsWith('accounts/'));
    const order = [...nodes, ...[...nodes].reverse(), ...nodes.filter((_node, i) => i % 3 === 0)];
    for (const node of order) {
      const pointer = `${node.source.pointer}/inlinePolicies/0/document/Statement/0/Action`;
      for (const source of [node.source, { file: node.source.file, pointer }]) {
        const expected = new PositionIndex(files.get(source.file) as string).positionOfPointer(source.pointer);
        expect(model.locate(source)).toEqual({ file: source.file, ...expected, pointer: source.pointer });
      }
    }
  });

  it('asks for a file again only after letting its index go', () => {
    const model = loadSnapshot(counting);
    reads = 0;
    const account = model.nodes().find((node) => node.kind === 'Role');
    for (let i = 0; i < 5; i++) model.locate(account!.source);
    expect(reads).toBe(1);
  });
});
