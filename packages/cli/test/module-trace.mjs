// Preloaded with `node --import`: appends every module the process loads to the file named by IAMLINT_MODULE_TRACE,
// so a test can see what a command loaded.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const trace = process.env.IAMLINT_MODULE_TRACE;
const hooks = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(${JSON.stringify(trace)}, resolved.url + '\\n');
  return resolved;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
// Modules required from CommonJS do not pass the ESM hooks; the require cache names them.
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => appendFileSync(trace, `${Object.keys(cache).join('\n')}\n`));
