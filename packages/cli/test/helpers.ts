import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildSnapshotFiles, type SnapshotSpec } from '@iamlint/core/testing';
import type { CliIo } from '../src/io.js';
import { main } from '../src/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], options: { cwd: string; env?: Record<string, string>; tty?: boolean }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd: options.cwd,
    env: options.env ?? {},
    stdoutIsTty: options.tty ?? false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'iamlint-cli-'));
}

export async function writeFiles(root: string, files: ReadonlyMap<string, string> | Record<string, string>): Promise<void> {
  const entries = files instanceof Map ? [...files] : Object.entries(files);
  for (const [path, text] of entries) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

export async function writeSnapshot(root: string, folder: string, spec: SnapshotSpec): Promise<Map<string, string>> {
  const files = buildSnapshotFiles(spec);
  await writeFiles(join(root, folder), files);
  return files;
}
