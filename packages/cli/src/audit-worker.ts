// A worker thread of `iamlint audit --jobs <n>`: loads the snapshot and config as the main thread did, then runs the
// rules over the pieces of accounts the main thread hands it, and sends back what they reported.
import { parentPort, workerData } from 'node:worker_threads';
import { createRulePartRunner, IamlintError, loadSnapshot, type RulePartRunner } from '@iamlint/core';
import { onlyRules } from './audit-filters.js';
import { firstLine, loadResolvedConfig } from './config-file.js';
import { builtinNodeLocal, configDigest, type FromWorker, type ToWorker, type WorkerSetup } from './parallel-rules.js';
import { readAuditInput } from './read-snapshot.js';

const port = parentPort;
if (!port) throw new Error('audit-worker.js runs as a worker thread of `iamlint audit --jobs`');
const send = (message: FromWorker): void => port.postMessage(message);

async function start(setup: WorkerSetup): Promise<RulePartRunner> {
  const { files, displayPath } =
    setup.input.kind === 'files' ? { files: new Map(setup.input.files), displayPath: setup.input.displayPath } : await readAuditInput(setup.input.paths, setup.input.cwd);
  const model = loadSnapshot(files, displayPath);
  const inUse = await loadResolvedConfig({ cwd: setup.cwd, configPath: setup.configPath });
  const config = setup.rules !== undefined ? onlyRules(inUse.config, setup.rules) : inUse.config;
  if (configDigest(model, config) !== setup.configDigest) {
    throw new IamlintError('WORKER', 'the config resolved differently in a worker thread than in the main thread (does it depend on something that changes between loads?)');
  }
  return createRulePartRunner({
    model,
    config,
    ...(setup.now !== undefined ? { now: new Date(setup.now) } : {}),
    exceptionsAsOf: new Date(setup.exceptionsAsOf),
    nodeLocal: builtinNodeLocal,
  });
}

function describe(error: unknown): string {
  return error instanceof IamlintError ? error.format() : firstLine(error);
}

try {
  const runner = await start(workerData as WorkerSetup);
  port.on('message', (message: ToWorker) => {
    try {
      send({ type: 'done', chunk: message.chunk, events: runner.run({ organization: false, accounts: message.accounts }) });
    } catch (error) {
      send({ type: 'failed', message: describe(error) });
    }
  });
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'failed', message: describe(error) });
}
