#!/usr/bin/env node
import { main } from './main.js';

// iamlint pins its AWS SDK release; the SDK's notice about Node versions of future releases would only interleave
// with the progress line. A user who wants it can set the variable to "false".
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
// A reader that stops early (`iamlint rules --format json | head -1`) closes the pipe: stop quietly, as a
// program killed by SIGPIPE would (128 + 13), instead of a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(141);
    throw error;
  });
}
process.exitCode = await main(process.argv.slice(2));
