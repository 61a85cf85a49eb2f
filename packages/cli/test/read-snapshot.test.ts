import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSnapshot, PositionIndex } from '@iamlint/core';
import { buildSnapshotFiles } from '@iamlint/core/testing';
import { readSnapshotFolder, snapshotFolderFiles } from '../src/read-snapshot.js';
import { tempDir, writeFiles } from './helpers.js';

const demo = fileURLToPath(new URL('../../../fixtures/demo-org', import.meta.url));

describe('snapshotFolderFiles: a folder read when asked for', () => {
  it('holds the same files and texts as readSnapshotFolder', async () => {
    const eager = await readSnapshotFolder(demo);
    const lazy = await snapshotFolderFiles(demo);
    expect(lazy.size).toBe(eager.size);
    expect([...lazy.keys()]).toEqual([...eager.keys()]);
    expect(new Map(lazy)).toEqual(eager);
    expect([...lazy.values()]).toEqual([...eager.values()]);
    const seen: string[] = [];
    lazy.forEach((_text, name) => seen.push(name));
    expect(seen).toEqual([...eager.keys()]);
    expect(lazy.has('snapshot.json')).toBe(true);
    expect(lazy.get('accounts/000000000000.json')).toBeUndefined();
  });

  it('leaves out missing files and names an unreadable one when it is read', async () => {
    const root = await tempDir();
    await writeFiles(root, { 'snapshot.json': '{}', 'notes.txt': 'x' });
    await writeFiles(root, { 'accounts/111111111111.json': '{}' });
    const lazy = await snapshotFolderFiles(root, 'snap');
    expect([...lazy.keys()]).toEqual(['snapshot.json', 'accounts/111111111111.json']);
    if (process.getuid?.() !== 0) {
      await chmod(join(root, 'accounts', '111111111111.json'), 0o000);
      expect(() => lazy.get('accounts/111111111111.json')).toThrow(/cannot read accounts\/111111111111\.json: EACCES/);
      await expect(readSnapshotFolder(root, 'snap')).rejects.toThrow(/cannot read accounts\/111111111111\.json: EACCES/);
    }
  });

  it('refuses what is not a regular file (a folder, a FIFO) before reading anything (issue 12)', async () => {
    const root = await tempDir();
    await writeFiles(root, { 'snapshot.json': '{}' });
    await mkdir(join(root, 'accounts', '111111111111.json'), { recursive: true });
    await expect(snapshotFolderFiles(root, 'snap')).rejects.toThrow(/accounts\/111111111111\.json is not a regular file; refusing to read it/);
    await expect(readSnapshotFolder(root, 'snap')).rejects.toThrow(/is not a regular file/);
  });
});

describe('snapshotFolderFiles: bytes for positions, read into memory given back', () => {
  it('reads a file whole into a buffer it gave before, or a new one when the file is larger, never into memory of others', async () => {
    const root = await tempDir();
    const small = JSON.stringify({ accountId: '111111111111', users: [] }, null, 2);
    const large = JSON.stringify({ accountId: '222222222222', users: Array.from({ length: 200 }, (_, i) => ({ userName: `user-${i}` })) }, null, 2);
    await writeFiles(root, { 'snapshot.json': '{}', 'accounts/111111111111.json': small, 'accounts/222222222222.json': large });
    const files = await snapshotFolderFiles(root);
    const first = files.bytes!('accounts/222222222222.json')!;
    expect(Buffer.from(first).toString()).toBe(large);
    const again = files.bytes!('accounts/111111111111.json', first)!;
    expect(again.buffer).toBe(first.buffer);
    expect(Buffer.from(again).toString()).toBe(small);
    const grown = files.bytes!('accounts/222222222222.json', again)!;
    expect(Buffer.from(grown).toString()).toBe(large);
    // A buffer from Node's shared pool: its neighbours' bytes must stay as they are.
    const pooled = Buffer.from('{"accountId":"333333333333"}');
    const neighbour = Buffer.from('the next buffer in the pool');
    const read = files.bytes!('accounts/222222222222.json', pooled)!;
    expect(read.buffer).not.toBe(pooled.buffer);
    expect([pooled.toString(), neighbour.toString()]).toEqual(['{"accountId":"333333333333"}', 'the next buffer in the pool']);
  });

  it('locates findings in more files than the model keeps, revisited in any order, as a fresh index of each file', async () => {
    const root = await tempDir();
    const accounts = Object.fromEntries(
      Array.from({ length: 24 }, (_, i) => [
        String(100000000000 + i * 7919),
        {
          roles: Array.from({ length: 1 + ((i * 5) % 7) }, (_, r) => ({
            roleName: `role-${r}-${'x'.repeat(i * 40)}`,
            inlinePolicies: [{ name: 'p', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }] } }],
          })),
        },
      ]),
    );
    const texts = buildSnapshotFiles({ accounts });
    await writeFiles(root, Object.fromEntries(texts));
    const model = loadSnapshot(await snapshotFolderFiles(root));
    const roles = model.all('Role');
    const order = [...roles, ...[...roles].reverse(), ...roles.filter((_role, i) => i % 3 === 0), ...roles.filter((_role, i) => i % 2 === 1).reverse()];
    for (const role of order) {
      for (const pointer of [role.source.pointer, `${role.source.pointer}/inlinePolicies/0/document/Statement/0/Action/1`]) {
        const expected = new PositionIndex(texts.get(role.source.file)!).positionOfPointer(pointer);
        expect(model.locate({ file: role.source.file, pointer })).toEqual({ file: role.source.file, ...expected, pointer });
      }
    }
  });
});
