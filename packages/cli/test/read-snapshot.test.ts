import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
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
    await mkdir(join(root, 'accounts', '111111111111.json'), { recursive: true });
    const lazy = await snapshotFolderFiles(root, 'snap');
    expect([...lazy.keys()]).toEqual(['snapshot.json', 'accounts/111111111111.json']);
    expect(() => lazy.get('accounts/111111111111.json')).toThrow(/cannot read accounts\/111111111111\.json: EISDIR/);
    await expect(readSnapshotFolder(root, 'snap')).rejects.toThrow(/cannot read accounts\/111111111111\.json: EISDIR/);
  });
});
