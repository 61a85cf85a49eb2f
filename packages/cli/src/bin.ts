#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import type { main as runCli } from './main.js';
// A reader that stops early (`iamlint rules --format json | head -1`) closes the pipe: stop quietly, as a
// program killed by SIGPIPE would (128 + 13), instead of a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(141);
    throw error;
  });
}
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  // Answered before the commands (and the AWS SDK, ajv, the rules) are loaded: what scripts and CI ask most.
  const { versionText } = await import('./version.js');
  process.stdout.write(`${versionText()}\n`);
} else {
  // iamlint pins its AWS SDK release; the SDK's notice about Node versions of future releases would only interleave
  // with the progress line. A user who wants it can set the variable to "false".
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  // The published package runs its CLI from one CommonJS file with a V8 code cache (code-cache.ts); the workspace's
  // dist/ has no such file, and imports the ES modules.
  const { codeCacheDir, loadCachedBundle } = await import('./code-cache.js');
  const bundle = loadCachedBundle<{ main?: typeof runCli }>(fileURLToPath(new URL('./cli.cjs', import.meta.url)), codeCacheDir(), argv[0]);
  let main = bundle?.exports.main;
  if (main === undefined) {
    // Node 22.1+ keeps V8's compiled code of ES modules between runs; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
    const nodeModule = (await import('node:module')) as { enableCompileCache?: () => unknown };
    nodeModule.enableCompileCache?.();
    ({ main } = await import('./main.js'));
  }
  process.exitCode = await main(argv);
  bundle?.saveCache();
}
