import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import * as core from '@actions/core';
import { countBySeverity, diffSnapshots, IamlintError, SEVERITY_ORDER } from '@iamlint/core';
import { audit } from 'iamlint';
import { headCommit } from './git.js';
import { defaultNewSince, githubContext, InputError, NEW_SINCE_NONE, readInputs, type ActionInputs, type GithubContext, type NewSinceChoice } from './inputs.js';
import { allFindings, annotationsFor, jobSummary, MAX_ANNOTATIONS } from './report.js';

/** The action: inputs → iamlint's audit() → SARIF file, outputs, job summary, annotations, and the step's result. */
export async function run(env: Readonly<Record<string, string | undefined>> = process.env): Promise<void> {
  try {
    const inputs = readInputs(env);
    const github = githubContext(env, process.cwd());
    await audited(inputs, github, env);
  } catch (error) {
    core.setFailed(describe(error));
  }
}

async function audited(inputs: ActionInputs, github: GithubContext, env: Readonly<Record<string, string | undefined>>): Promise<void> {
  const { ref: newSince, noNewSnapshot } = await chooseNewSince(inputs, github);
  const outcome = await audit({
    path: inputs.path,
    cwd: github.workspace,
    format: 'sarif',
    ...(inputs.config ? { configPath: inputs.config } : {}),
    ...(inputs.category ? { category: inputs.category } : {}),
    ...(inputs.baseline ? { baseline: inputs.baseline } : {}),
    ...(newSince ? { newSince } : {}),
  });
  const { result, model, comparison } = outcome;
  const snapshotPath = relative(github.workspace, resolve(github.workspace, inputs.path)).split(sep).join('/') || '.';

  const sarifPath = resolve(github.workspace, inputs.sarifFile);
  await mkdir(dirname(sarifPath), { recursive: true });
  await writeFile(sarifPath, outcome.output, 'utf8');

  const all = allFindings({ result, ...(comparison ? { comparison } : {}) });
  const counts = countBySeverity(all);
  for (const severity of SEVERITY_ORDER) core.setOutput(severity, counts[severity]);
  core.setOutput('errors', all.filter((finding) => finding.level === 'error').length);
  core.setOutput('warnings', all.filter((finding) => finding.level === 'warn').length);
  core.setOutput('new-findings', result.findings.length);
  core.setOutput('sarif-file', inputs.sarifFile);

  const diff = outcome.since?.model ? diffSnapshots(outcome.since.model, model) : undefined;
  const sha = (await headCommit(github.workspace)) ?? github.sha;
  const links = github.repository && sha ? { serverUrl: github.serverUrl, repository: github.repository, sha } : undefined;
  const summary = jobSummary({
    snapshotPath,
    model,
    result,
    rules: outcome.config.rules,
    sarifFile: inputs.sarifFile,
    ...(comparison ? { comparison: comparison.sinceRef ? { ...comparison, sinceRef: shortRef(comparison.sinceRef) } : comparison } : {}),
    ...(diff ? { diff } : {}),
    ...(newSince ? { sinceLabel: shortRef(newSince) } : {}),
    ...(noNewSnapshot && newSince ? { noNewSnapshot: shortRef(newSince) } : {}),
    ...(links ? { links } : {}),
  });
  if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summary).write();

  for (const annotation of annotationsFor({ snapshotPath, model, result })) {
    const properties = { title: annotation.title, file: annotation.file, startLine: annotation.startLine, startColumn: annotation.startColumn };
    if (annotation.level === 'error') core.error(annotation.message, properties);
    else core.warning(annotation.message, properties);
  }
  if (result.findings.length > MAX_ANNOTATIONS) {
    core.info(`${result.findings.length - MAX_ANNOTATIONS} more new findings are in the job summary and ${inputs.sarifFile}`);
  }
  for (const failure of result.ruleFailures) core.warning(`rule ${failure.ruleId} crashed${failure.resourceId ? ` on ${failure.resourceId}` : ''}: ${failure.message}`);
  core.info(
    `iamlint: ${result.findings.length} new finding(s) (${result.errorCount} error(s), ${result.warningCount} warning(s)), ${all.length} in all; SARIF written to ${inputs.sarifFile}`,
  );

  const failure = noNewSnapshot ? undefined : failureOf(inputs, result);
  if (failure) core.setFailed(failure);
}

async function chooseNewSince(inputs: ActionInputs, github: GithubContext): Promise<NewSinceChoice> {
  if (inputs.newSince === NEW_SINCE_NONE) return { reason: 'new-since: none' };
  if (inputs.newSince !== undefined) return { ref: inputs.newSince, reason: 'new-since' };
  const choice = await defaultNewSince(github, inputs.path);
  core.info(choice.noNewSnapshot ? `iamlint: ${choice.reason}; exit 0` : `iamlint: comparing with ${choice.reason}`);
  return choice;
}

function failureOf(inputs: ActionInputs, result: { errorCount: number; warningCount: number; ruleFailures: readonly unknown[] }): string | undefined {
  if (inputs.failOn === 'never') return undefined;
  if (result.ruleFailures.length > 0) return `iamlint: ${result.ruleFailures.length} rule(s) crashed, so the results are incomplete (see the warnings above)`;
  if (result.errorCount > 0) return `iamlint: ${result.errorCount} new error-level finding(s)`;
  if (inputs.failOn === 'warning' && result.warningCount > 0) return `iamlint: ${result.warningCount} new warning-level finding(s) (fail-on: warning)`;
  return undefined;
}

/** A commit id is shown short; branch names and other refs as given. */
function shortRef(ref: string): string {
  return /^[0-9a-f]{40,64}$/.test(ref) ? ref.slice(0, 12) : ref;
}

function describe(error: unknown): string {
  if (error instanceof IamlintError) return `iamlint: ${error.format()}`;
  if (error instanceof InputError) return `iamlint: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return `iamlint: internal error: ${message.split('\n')[0]} (please report it)`;
}
