#!/usr/bin/env node
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  // Answered before the commands (and the AWS SDK, ajv, the rules) are loaded: what scripts and CI ask most.
  const { versionText } = await import('./version.js');
  process.stdout.write(`${versionText()}\n`);
} else {
  // iamlint pins its AWS SDK release; the SDK's notice about Node versions of future releases would only interleave
  // with the progress line. A user who wants it can set the variable to "false".
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const { main } = await import('./main.js');
  process.exitCode = await main(argv);
}
