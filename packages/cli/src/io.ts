import type { Colors } from '@iamlint/core';
import pc from 'picocolors';

/** Where the CLI reads and writes: the process, or a test's buffers. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdoutIsTty: boolean;
  /** Progress is drawn as one updating line only on a terminal. */
  stderrIsTty?: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
  };
}

/** What a command needs besides its arguments: the I/O, `--debug`, and where its exit code goes. */
export interface CommandContext {
  readonly io: CliIo;
  readonly debug: boolean;
  setExitCode(code: number): void;
}

export function colorsFor(io: CliIo): Colors | undefined {
  const forced = io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0';
  const enabled = forced || (io.stdoutIsTty && !io.env.NO_COLOR && io.env.TERM !== 'dumb');
  if (!enabled) return undefined;
  const colors = pc.createColors(true);
  return {
    red: colors.red,
    yellow: colors.yellow,
    green: colors.green,
    dim: colors.dim,
    bold: colors.bold,
    underline: colors.underline,
  };
}
