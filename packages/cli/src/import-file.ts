/**
 * `import()` of a config or plugin file by URL. The published CLI (bundle/cli.cjs, run through vm.Script by
 * code-cache.ts) gets this function from bin.js's ES module instead: Node 20 loses the import() callback of code
 * that V8 read from a code cache.
 */
export function importFile(url: string): Promise<unknown> {
  return import(url);
}
