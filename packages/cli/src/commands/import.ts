import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT_OK, loadSnapshot, plural, terminalLine, UsageError } from '@iamlint/core';
import type { Command } from 'commander';
import type { CliIo, CommandContext } from '../io.js';
import { writeFolderAtomicStreamed } from '../output.js';
import { writeImportedExports } from '../raw-export.js';
import { snapshotFolderFiles } from '../read-snapshot.js';

export function registerImportCommand(program: Command, { io, setExitCode }: CommandContext): void {
  program
    .command('import')
    .description(
      'convert raw AWS CLI exports (a folder written by scripts/export-with-aws-cli.sh, or AWS CLI output files: see docs/exports.md) into a snapshot folder',
    )
    .argument('<paths...>', 'export files or folders of them, any mix')
    .requiredOption('-o, --out <folder>', 'snapshot folder to create (must not exist yet)')
    .action(async (files: string[], options: { out: string }) => {
      setExitCode(await runImport(files, options.out, io));
    });
}

async function runImport(files: readonly string[], out: string, io: CliIo): Promise<number> {
  const target = resolve(io.cwd, out);
  if (existsSync(target)) {
    throw new UsageError('USAGE', `${out} already exists`, { hint: 'choose a new --out folder; iamlint import never overwrites' });
  }
  let accounts = 0;
  await writeFolderAtomicStreamed(target, async (write, temporary) => {
    const { notes } = await writeImportedExports(files, io.cwd, (path, text) => {
      if (path.startsWith('accounts/')) accounts += 1;
      write(path, text);
    });
    // Checked as written, one file at a time from disk, before the folder takes its name.
    loadSnapshot(await snapshotFolderFiles(temporary, out), out);
    for (const note of notes) io.stderr(`iamlint: note: ${terminalLine(note)}\n`);
  });
  io.stderr(`iamlint: ${terminalLine(`wrote ${out} (${plural(accounts, 'account')}); audit it with \`iamlint audit ${out}\``)}\n`);
  return EXIT_OK;
}
