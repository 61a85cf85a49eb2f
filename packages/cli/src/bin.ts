#!/usr/bin/env node
import { main } from './main.js';

// iamlint pins its AWS SDK release; the SDK's notice about Node versions of future releases would only interleave
// with the progress line. A user who wants it can set the variable to "false".
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
process.exitCode = await main(process.argv.slice(2));
