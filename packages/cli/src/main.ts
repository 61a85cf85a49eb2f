import { Command, CommanderError } from 'commander';
import { EXIT_ERROR, EXIT_OK, IamlintError, terminalLine } from '@iamlint/core';
import { registerAuditCommand } from './commands/audit.js';
import { registerCollectCommand } from './commands/collect.js';
import { registerDiffCommand } from './commands/diff.js';
import { registerImportCommand } from './commands/import.js';
import { registerInitCommand } from './commands/init.js';
import { registerMergeCommand } from './commands/merge.js';
import { registerRulesCommand } from './commands/rules.js';
import { firstLine } from './config-file.js';
import { processIo, type CliIo, type CommandContext } from './io.js';
import { registerCanCommand } from './commands/can.js';
import { registerExplainCommand } from './commands/explain.js';
import { registerWhoCanCommand } from './commands/who-can.js';
import { versionText } from './version.js';

/** Runs the CLI and returns its exit code; never exits the process itself. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const debug = argv.includes('--debug');
  let exitCode = EXIT_OK;
  const program = new Command('iamlint')
    .description('Lint what an AWS organization says about identity: IAM, IAM Identity Center, Organizations.')
    .version(versionText(), '-v, --version', 'print the version')
    .option('--debug', 'show stack traces for errors')
    .addHelpText('after', '\nStart with `iamlint init` (a config and a CI workflow), then `iamlint audit <snapshot folder>`;\n`iamlint rules <id>` explains a rule and how to fix its findings.\n')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      // Commander puts its "(Did you mean …?)" on a line of its own; an error stays one line.
      outputError: (text, write) => write(`iamlint: ${terminalLine(text.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' '))} (see iamlint --help)\n`),
    });

  const context: CommandContext = {
    io,
    debug,
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  registerAuditCommand(program, context);
  registerCollectCommand(program, context);
  registerDiffCommand(program, context);
  registerImportCommand(program, context);
  registerInitCommand(program, context);
  registerMergeCommand(program, context);
  registerRulesCommand(program, context);
  registerCanCommand(program, context);
  registerWhoCanCommand(program, context);
  registerExplainCommand(program, context);

  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT_ERROR;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    }
    io.stderr(`${describeError(error, debug)}\n`);
    return EXIT_ERROR;
  }
}

/** One line (input data in it made inert and cut to a length), plus the stack with --debug. */
function describeError(error: unknown, debug: boolean): string {
  if (error instanceof IamlintError) {
    return `iamlint: ${terminalLine(error.format())}${debug && error.stack ? `\n${error.stack}` : ''}`;
  }
  const filesystem = describeFilesystemError(error);
  if (filesystem) return `iamlint: ${terminalLine(filesystem)}`;
  const stack = error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return debug
    ? `iamlint: internal error: ${terminalLine(firstLine(error))}${stack}`
    : `iamlint: internal error: ${terminalLine(firstLine(error))} (run with --debug for details, and please report it)`;
}

const FILESYSTEM_HINTS: Record<string, string> = {
  EACCES: 'permission denied: check the permissions',
  EPERM: 'operation not permitted: check the permissions',
  EISDIR: 'is a directory: name a file',
  ENOTDIR: 'a parent of the path is a file, not a folder',
  ENOENT: 'no such file or folder',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EBUSY: 'the file is busy',
};

/** A file system error that escaped a command, as one line naming the path: the user's environment, not an iamlint bug. */
function describeFilesystemError(error: unknown): string | undefined {
  const { code, path, syscall } = (error ?? {}) as { code?: unknown; path?: unknown; syscall?: unknown };
  if (typeof code !== 'string' || !(code in FILESYSTEM_HINTS)) return undefined;
  const where = typeof path === 'string' ? path : 'a file';
  return `cannot ${typeof syscall === 'string' ? syscall : 'access'} ${where}: ${FILESYSTEM_HINTS[code]} (${code})`;
}
