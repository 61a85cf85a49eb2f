import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { vi } from 'vitest';
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

/**
 * Points the AWS SDK at fake AWS through the process environment, as it will read it for users; anything on the
 * machine (profiles, container or instance credentials) is hidden. `null` credentials leave none at all.
 */
export function useFakeAws(
  fake: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } },
  credentials: { accessKeyId: string; secretAccessKey: string } | null = fake.credentials,
): void {
  vi.stubEnv('AWS_ENDPOINT_URL', fake.endpoint);
  vi.stubEnv('AWS_REGION', fake.region);
  vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/iamlint-test-config');
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/iamlint-test-credentials');
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  vi.stubEnv('AWS_PROFILE', undefined);
  vi.stubEnv('AWS_SESSION_TOKEN', undefined);
  vi.stubEnv('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', undefined);
  vi.stubEnv('AWS_CONTAINER_CREDENTIALS_FULL_URI', undefined);
  vi.stubEnv('AWS_WEB_IDENTITY_TOKEN_FILE', undefined);
  vi.stubEnv('AWS_ACCESS_KEY_ID', credentials?.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', credentials?.secretAccessKey);
}
