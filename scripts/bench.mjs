// Measures load, rule and format time on a large synthetic organization. Numbers go in closing notes,
// never in a timed test. Usage: pnpm bench [-- --accounts 200 --runs 5 --skip-collect]
// `pnpm bench -- --realistic [--accounts 100 --runs 3 --bin <installed bin.js>]` measures whole processes on a realistic organization
// instead (scripts/bench-realistic.mjs).
import { loadSnapshot, resolveConfig, runRules, formatResult } from '@iamlint/core';
import { buildSnapshotFiles } from '@iamlint/core/testing';
import { adminPolicy, benchOrganizationFiles } from './bench-org.mjs';
import { builtinRules, presets } from '@iamlint/rules';

const args = Object.fromEntries(
  process.argv.slice(2).flatMap((arg, i, all) => (arg.startsWith('--') ? [[arg.slice(2), all[i + 1]?.startsWith('--') ? true : all[i + 1]]] : [])),
);
if ('realistic' in args) {
  const { benchRealistic } = await import('./bench-realistic.mjs');
  await benchRealistic(args);
  process.exit(0);
}
const accountCount = Number(args.accounts ?? 200);
const runs = Number(args.runs ?? 5);

const files = benchOrganizationFiles(accountCount);
const bytes = [...files.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0);
const config = resolveConfig([presets.all], { source: 'bench', builtinRules });

const timings = { load: [], rules: [], sarif: [] };
let findings = 0;
let nodes = 0;
for (let run = 0; run < runs; run++) {
  let start = performance.now();
  const model = loadSnapshot(files);
  timings.load.push(performance.now() - start);
  nodes = model.nodes().length;
  start = performance.now();
  const result = runRules({ model, config });
  timings.rules.push(performance.now() - start);
  findings = result.findings.length;
  start = performance.now();
  formatResult('sarif', { result, model, rules: config.rules, snapshotPath: 'snapshots/bench', toolVersion: 'bench' });
  timings.sarif.push(performance.now() - start);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (values) => `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;
console.log(`synthetic organization: ${accountCount} accounts, ${nodes} nodes, ${(bytes / 1e6).toFixed(1)} MB of JSON, ${builtinRules.size} rules, ${findings} findings`);
console.log(`load + validate : ${fmt(timings.load)}`);
console.log(`run all rules   : ${fmt(timings.rules)}`);
console.log(`format SARIF    : ${fmt(timings.sarif)} (includes line/column resolution)`);
console.log(`peak RSS        : ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

// Policy engine: one account with 5,000 roles and 1,000 customer managed policies (issue 3's target: every
// principal analysed — isAdmin and the escalation search — in under 2 s).
{
  const { createPolicyQuestions, findEscalationPaths } = await import('@iamlint/core');
  const accountId = '123456789012';
  const services = ['s3', 'dynamodb', 'sqs', 'sns', 'lambda', 'logs', 'kms', 'ec2', 'ecr', 'ssm'];
  const policies = Array.from({ length: 1000 }, (_, p) => ({
    policyName: `app-${p}`,
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: [`${services[p % 10]}:Get*`, `${services[(p + 3) % 10]}:Put*`], Resource: '*' },
        ...(p % 97 === 0 ? [{ Effect: 'Allow', Action: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' }] : []),
        ...(p % 211 === 0 ? [{ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: '*' }] : []),
      ],
    },
  }));
  policies.push({ policyName: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess', document: adminPolicy });
  const roles = Array.from({ length: 5000 }, (_, r) => ({
    roleName: `role-${r}`,
    trustPolicy: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: r % 50 === 0 ? { AWS: `arn:aws:iam::${accountId}:root` } : { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    },
    attachedManagedPolicies: r % 500 === 0 ? ['arn:aws:iam::aws:policy/AdministratorAccess'] : [`arn:aws:iam::${accountId}:policy/app-${r % 1000}`, `arn:aws:iam::${accountId}:policy/app-${(r * 7) % 1000}`],
  }));
  const bigFiles = buildSnapshotFiles({ accounts: { [accountId]: { roles, policies } } });
  const policyTimes = { admin: [], escalation: [] };
  let admins = 0;
  let paths = 0;
  for (let run = 0; run < runs; run++) {
    const model = loadSnapshot(bigFiles);
    const questions = createPolicyQuestions(model);
    let start = performance.now();
    admins = model.all('Role').filter((role) => questions.isAdmin(role).admin).length;
    policyTimes.admin.push(performance.now() - start);
    start = performance.now();
    paths = findEscalationPaths(model, questions).length;
    policyTimes.escalation.push(performance.now() - start);
  }
  console.log(`policy engine: 5,000 roles, 1,000 customer managed policies: ${admins} admins, ${paths} escalation paths`);
  console.log(`isAdmin, all roles        : ${fmt(policyTimes.admin)}`);
  console.log(`escalation search, after  : ${fmt(policyTimes.escalation)}`);
  const totals = policyTimes.admin.map((value, i) => value + policyTimes.escalation[i]);
  console.log(`total (target < 2000 ms)  : ${fmt(totals)}`);
}

if (!('skip-collect' in args)) {
  console.log('');
  const { benchCollect } = await import('./bench-collect.mjs');
  await benchCollect({ accounts: accountCount });
}
