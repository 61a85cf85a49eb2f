// Measures a live collection of a 200-account organization against the fake AWS server, with AWS-like latency
// and throttling. Numbers go in closing notes, never in a timed test. Needs a build (pnpm build) first.
// Usage: node scripts/bench-collect.mjs [--accounts 200 --rate 10 --latency 20 --concurrency 16]
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DEMO_ORG = fileURLToPath(new URL('../fixtures/demo-org', import.meta.url));
const COLLECTED_AT = '2026-11-20T06:00:00Z';
/** Answers that say "not ready yet, ask again": asking again is the protocol, not a duplicate. */
const POLLING_ACTIONS = new Set(['GenerateCredentialReport', 'GetCredentialReport', 'GetServiceLastAccessedDetails']);
const THROTTLING_ERRORS = new Set(['Throttling', 'TooManyRequestsException', 'ThrottlingException']);

/** Stable, distinct 12-digit ids for the clones, clear of the demo's own. */
function cloneAccountId(index, taken) {
  let id;
  for (let step = index; ; step += 1000) {
    id = String(100000000000 + step * 4104731).slice(-12);
    if (!taken.has(id)) break;
  }
  taken.add(id);
  return id;
}

const replaceAccountId = (value, from, to) => JSON.parse(JSON.stringify(value).replaceAll(from, to));

/**
 * The demo organization grown to `accountCount` accounts: its member accounts cloned (IAM content, org placement,
 * tags, SCP attachments, Identity Center provisioning and assignments) under fresh account ids.
 */
export function syntheticWorld(base, accountCount) {
  const world = structuredClone(base);
  const organization = world.organization;
  const management = organization.organization.managementAccountId;
  const members = base.accounts.filter((account) => account.accountId !== management);
  const taken = new Set(base.accounts.map((account) => account.accountId));
  const instance = world.identityCenter?.instances[0];
  for (let index = 0; world.accounts.length < accountCount; index++) {
    const source = members[index % members.length];
    const id = cloneAccountId(index, taken);
    const copy = Math.floor(index / members.length) + 2;
    const account = replaceAccountId(source, source.accountId, id);
    account.alias = source.alias ? `${source.alias}-${copy}` : null;
    world.accounts.push(account);
    const orgAccount = organization.accounts.find((candidate) => candidate.id === source.accountId);
    organization.accounts.push({
      ...replaceAccountId(orgAccount, source.accountId, id),
      name: `${orgAccount.name}-${copy}`,
      email: orgAccount.email?.replace('@', `-${copy}@`),
    });
    for (const policy of organization.policies) if (policy.targets.includes(source.accountId)) policy.targets.push(id);
    for (const permissionSet of instance?.permissionSets ?? []) {
      if (permissionSet.provisionedAccounts.includes(source.accountId)) permissionSet.provisionedAccounts.push(id);
      if (permissionSet.outdatedAccounts?.includes(source.accountId)) permissionSet.outdatedAccounts.push(id);
    }
    if (instance) {
      instance.assignments.push(...instance.assignments.filter((assignment) => assignment.accountId === source.accountId).map((assignment) => ({ ...assignment, accountId: id })));
    }
  }
  return world;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Same account, action and parameters, not counting throttled answers (retried) or polls. */
function repeatedCalls(calls) {
  const seen = new Map();
  for (const call of calls) {
    if (POLLING_ACTIONS.has(call.action) || (call.error && THROTTLING_ERRORS.has(call.error))) continue;
    const key = `${call.accountId} ${call.service}:${call.action} ${JSON.stringify(Object.fromEntries(Object.entries(call.params).sort(([a], [b]) => (a < b ? -1 : 1))))}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, count]) => count > 1).map(([key, count]) => ({ call: key, count }));
}

/**
 * The floor the rate limit sets: a bucket starts full (capacity = rate), so its N admitted calls need at least
 * (N − rate) / rate seconds; the busiest bucket's last call then still takes one latency to answer.
 */
function rateLowerBound(calls, ratePerSecond, latencyMs) {
  const admitted = new Map();
  for (const call of calls) {
    if (call.error && THROTTLING_ERRORS.has(call.error)) continue;
    const bucket = `${call.accountId}/${call.service}`;
    admitted.set(bucket, (admitted.get(bucket) ?? 0) + 1);
  }
  const [busiest, count] = [...admitted].sort(([, a], [, b]) => b - a)[0] ?? ['(none)', 0];
  return { busiest, count, ms: (Math.max(0, count - ratePerSecond) / ratePerSecond) * 1000 + latencyMs };
}

export async function benchCollect({ accounts = 200, ratePerSecond = 10, latencyMs = 20, concurrency = 16 } = {}) {
  const [{ startFakeAws, worldFromSnapshotFolder }, collect] = await Promise.all([import('@iamlint/fake-aws'), import('@iamlint/collect')]);
  if (typeof collect.collectSnapshot !== 'function') {
    throw new Error('@iamlint/collect has no collectSnapshot in its build: run `pnpm build` first');
  }
  const world = syntheticWorld(worldFromSnapshotFolder(DEMO_ORG), accounts);
  const fake = await startFakeAws({ world, latencyMs, ratePerSecond });
  try {
    const started = performance.now();
    const result = await collect.collectSnapshot({
      org: true,
      roleName: 'iamlint-readonly',
      concurrency,
      toolVersion: 'bench',
      now: () => new Date(COLLECTED_AT),
      clientConfig: { endpoint: fake.endpoint, region: fake.region, credentials: fake.credentials },
    });
    const wallMs = performance.now() - started;

    const perAccount = new Map();
    for (const call of fake.calls) perAccount.set(call.accountId, (perAccount.get(call.accountId) ?? 0) + 1);
    const counts = [...perAccount.values()];
    const throttled = fake.calls.filter((call) => call.error && THROTTLING_ERRORS.has(call.error)).length;
    const bound = rateLowerBound(fake.calls, ratePerSecond, latencyMs);
    const repeated = repeatedCalls(fake.calls);
    const accountFiles = [...result.files.keys()].filter((path) => path.startsWith('accounts/')).length;

    console.log(`live collection: ${accounts} accounts, ${latencyMs} ms latency, ${ratePerSecond} calls/s per account and service, concurrency ${concurrency}`);
    console.log(`requests        : ${fake.calls.length} (${throttled} throttled; the collector counted ${result.calls}), ${accountFiles} account files, ${result.gaps.length} gaps`);
    console.log(`calls / account : median ${median(counts)} (min ${Math.min(...counts)}, max ${Math.max(...counts)} in ${[...perAccount].sort(([, a], [, b]) => b - a)[0]?.[0]})`);
    console.log(`wall time       : ${(wallMs / 1000).toFixed(1)} s`);
    console.log(`rate-limit floor: ${(bound.ms / 1000).toFixed(1)} s (${bound.count} calls in bucket ${bound.busiest}) → ratio ${(wallMs / bound.ms).toFixed(2)}`);
    console.log(`repeated calls  : ${repeated.length === 0 ? 'none' : `${repeated.length} (e.g. ${repeated.slice(0, 3).map((entry) => `${entry.call} ×${entry.count}`).join('; ')})`}`);
    return { accounts, requests: fake.calls.length, throttled, callsPerAccount: Object.fromEntries(perAccount), wallMs, lowerBound: bound, ratio: wallMs / bound.ms, repeated, gaps: result.gaps };
  } finally {
    await fake.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = Object.fromEntries(process.argv.slice(2).flatMap((arg, i, all) => (arg.startsWith('--') ? [[arg.slice(2), Number(all[i + 1])]] : [])));
  await benchCollect({ accounts: args.accounts, ratePerSecond: args.rate, latencyMs: args.latency, concurrency: args.concurrency });
}
