import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '@iamlint/core';
import type { Command } from 'commander';
import { CONFIG_FILE_NAMES } from '../config-file.js';
import type { CommandContext } from '../io.js';
import { toPosix } from '../paths.js';

/** .mjs is ESM whatever the project's package.json says, where a .js config would need "type": "module". */
const CONFIG_FILE = 'iamlint.config.mjs';
const WORKFLOW_FILE = '.github/workflows/iamlint.yml';
/** As docs/workflows.md pins it. */
const ACTION_REF = 'iamlint/iamlint@v1';
const EXCEPTION_DAYS = 90;

interface InitOptions {
  snapshots: string;
  force?: boolean;
  dryRun?: boolean;
}

export function registerInitCommand(program: Command, { io }: CommandContext): void {
  program
    .command('init')
    .description(`write ${CONFIG_FILE} (the recommended preset, an example exception) and ${WORKFLOW_FILE} (the GitHub Action)`)
    .option('--snapshots <folder>', 'the snapshot folder the workflow audits', 'snapshots')
    .option('--force', 'overwrite files that exist')
    .option('--dry-run', 'print what would be written, and write nothing')
    .action(async (options: InitOptions) => {
      const snapshots = toPosix(options.snapshots).replace(/\/+$/, '');
      // The path goes into YAML and a glob unquoted-safe only with these characters.
      if (!/^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/.test(snapshots) || snapshots.split('/').some((part) => part === '..' || part === '.')) {
        throw new UsageError('USAGE', `--snapshots ${options.snapshots}: give a folder inside the repository, of letters, digits, . _ - and /`, { hint: 'e.g. --snapshots snapshots/acme' });
      }
      const files = [
        { path: CONFIG_FILE, text: configText(new Date()) },
        { path: WORKFLOW_FILE, text: workflowText(snapshots) },
      ];
      const existing = [...new Set([...CONFIG_FILE_NAMES, WORKFLOW_FILE])].filter((path) => existsSync(join(io.cwd, path)));
      if (existing.length > 0 && !options.force) {
        throw new UsageError('USAGE', `${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''}; not overwriting`, { hint: 'pass --force to replace them, or edit them' });
      }
      for (const file of files) {
        if (options.dryRun) {
          io.stdout(`would write ${file.path}:\n\n${file.text}\n`);
          continue;
        }
        const target = join(io.cwd, file.path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, file.text, { encoding: 'utf8', flag: options.force ? 'w' : 'wx' });
        io.stdout(`wrote ${file.path}\n`);
      }
      const shadowing = existing.filter((path) => path !== CONFIG_FILE && path !== WORKFLOW_FILE);
      if (shadowing.length > 0) {
        const ahead = shadowing.filter((path) => CONFIG_FILE_NAMES.indexOf(path) < CONFIG_FILE_NAMES.indexOf(CONFIG_FILE));
        io.stderr(
          `iamlint: note: ${shadowing.join(', ')} also exist${shadowing.length === 1 ? 's' : ''}; ${ahead.length > 0 ? `iamlint reads ${ahead[0] as string} before ${CONFIG_FILE}` : `iamlint reads ${CONFIG_FILE} first`}: remove the one you do not use\n`,
        );
      }
      if (!options.dryRun) io.stdout(`next: put a snapshot in ${snapshots}/ (iamlint collect or iamlint import), then run \`iamlint audit ${snapshots}\`\n`);
    });
}

export function configText(today: Date): string {
  const expires = new Date(today.getTime() + EXCEPTION_DAYS * 86_400_000).toISOString().slice(0, 10);
  return `// iamlint config: https://github.com/iamlint/iamlint#configuration
// \`iamlint rules\` lists the rules; \`iamlint rules <id>\` shows one, with its options and how to fix a finding.
// \`iamlint audit --print-config <account>\` shows what applies to an account after presets, scopes and overrides.
export default [
  'iamlint:recommended',
  {
    rules: {
      // A rule's level ('error', 'warn' or 'off') and options, over the preset's:
      // 'access-key-max-age': ['error', { maxAgeDays: 60 }],
    },
    exceptions: [
      // A finding you accept: say why, and until when (it is reported again from that day).
      // {
      //   rule: 'access-key-max-age',
      //   resource: 'arn:aws:iam::123456789012:user/ci-deploy',
      //   reason: 'third-party integration that cannot rotate; replaced by OIDC federation (TICKET-123)',
      //   expires: '${expires}',
      // },
    ],
  },
];
`;
}

export function workflowText(snapshots: string): string {
  return `# Audits the snapshots on pull requests and on main; findings become code scanning alerts.
# Inputs: https://github.com/iamlint/iamlint/blob/main/docs/workflows.md
name: iamlint
on:
  pull_request:
    paths:
      - '${snapshots}/**'
      - 'iamlint.config.*'
      - 'iamlint-baseline.json'
  push:
    branches: [main]
    paths:
      - '${snapshots}/**'
      - 'iamlint.config.*'
      - 'iamlint-baseline.json'

permissions:
  contents: read
  security-events: write        # upload SARIF
  actions: read                 # upload-sarif reads the workflow run

jobs:
  audit:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
        with:
          fetch-depth: 0        # new-since needs the base commit
      - uses: ${ACTION_REF}
        id: iamlint
        with:
          path: ${snapshots}
          fail-on: error        # or: warning, never
      - uses: github/codeql-action/upload-sarif@v4
        if: \${{ !cancelled() && steps.iamlint.outputs.sarif-file != '' }}
        with:
          sarif_file: \${{ steps.iamlint.outputs.sarif-file }}
          category: iamlint/${snapshots}/
`;
}
