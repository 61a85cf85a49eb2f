import type { Colors } from '@iamlint/core';
import type { Command } from 'commander';
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

/**
 * Colours, or undefined for plain text. `--color`/`--no-color` decide; else FORCE_COLOR (any value but 0 forces,
 * 0 turns off), then NO_COLOR (no-color.org), then whether standard output is a terminal.
 */
export function colorsFor(io: CliIo, flag?: boolean): Colors | undefined {
  const force = io.env.FORCE_COLOR;
  const enabled =
    flag ?? (force !== undefined && force !== '' ? force !== '0' && force !== 'false' : io.stdoutIsTty && !io.env.NO_COLOR && io.env.TERM !== 'dumb');
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

/** `--color` and `--no-color`; the command's options then have `color`: true, false, or undefined for "decide". */
export function addColorOptions(command: Command): Command {
  return command
    .option('--color', 'colour the output even when it is not a terminal (also FORCE_COLOR=1)')
    .option('--no-color', 'never colour the output (also NO_COLOR=1)');
}
