import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { manyAccountsSnapshot } from './many-accounts.js';

// The policy questions and the escalation search keep answers for a few accounts at a time and share answers between
// principals holding the same documents. The golden file was written by the audit before that caching existed: the
// output of every rule on an organization with more accounts than are kept, and trust across them, must not move.
// `UPDATE_MANY_ACCOUNTS=1` rewrites it after an intended change of behaviour.
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const golden = new URL('fixtures/golden/', import.meta.url);
const config = fileURLToPath(new URL('all-rules.config.json', golden));
const VERSION = /"version": "\d+\.\d+\.\d+[^"]*"/;

async function auditJson(accountCount: number): Promise<string> {
  const { output } = await audit({
    cwd: repositoryRoot,
    configPath: config,
    today: new Date('2026-11-23T00:00:00Z'),
    path: 'many-accounts',
    files: manyAccountsSnapshot(accountCount),
    format: 'json',
  });
  return output.replace(VERSION, '"version": "<tool version>"');
}

describe('audit of a 24-account organization', () => {
  it('finds cross-account escalation and trust, byte for byte as before caching', async () => {
    const text = await auditJson(24);
    const file = new URL('many-accounts.json', golden);
    if (process.env['UPDATE_MANY_ACCOUNTS'] === '1') await writeFile(file, text);
    const report = JSON.parse(text) as { findings: Array<{ ruleId: string; resource: { accountId: string | null } }> };
    const accountsWithEscalation = new Set(report.findings.filter((finding) => finding.ruleId === 'privilege-escalation').map((finding) => finding.resource.accountId));
    expect(accountsWithEscalation.size).toBeGreaterThanOrEqual(20);
    expect(text === (await readFile(file, 'utf8')), 'many-accounts.json differs from its golden file').toBe(true);
  });
});
