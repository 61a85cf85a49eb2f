// scripts/export-with-aws-cli.sh run by the real AWS CLI against fake-aws serving the demo organization, then
// `iamlint audit <folder>` on what it wrote: the same findings as `collect` + `audit` of the same organization.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountFile, IdentityCenterFile, Manifest, OrganizationFile } from '@iamlint/core';
import { collectSnapshot } from '@iamlint/collect';
import { startFakeAws, worldFromSnapshotFolder, type FakeAws } from '@iamlint/fake-aws';
import { runCli, tempDir, writeFiles } from './helpers.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT = join(ROOT, 'scripts/export-with-aws-cli.sh');
const DEMO = join(ROOT, 'fixtures/demo-org');
const SANDBOX = '590318264797';
const MANAGEMENT = '311842569027';
const NOW = '2026-11-20T06:00:00Z';
const AWS_CLI = process.env.AWS_CLI ?? 'aws';

const awsVersion = await run(AWS_CLI, ['--version']).then(
  ({ stdout, stderr }) => (stdout || stderr).trim(),
  () => null,
);
if (awsVersion === null && process.env.CI) {
  throw new Error(`the AWS CLI (${AWS_CLI}) is not installed, and CI must run this test: install Debian's awscli (.ci/run does)`);
}
if (awsVersion === null) console.warn(`export-script.test.ts skipped: the AWS CLI (${AWS_CLI}) is not installed (apt-get install awscli)`);

interface Finding {
  ruleId: string;
  resource: { id: string };
  message: string;
}
interface AuditJson {
  findings: Finding[];
  notEvaluated: Array<{ ruleId: string; accountId: string | null; sections: string[] }>;
}

/**
 * What the AWS CLI cannot export, so the exported audit differs from the collected one by exactly these findings.
 * Each is [rule, resource, reason]; the test fails if one of them stops being a difference.
 */
function inherentDifferences(files: readonly string[]): ReadonlyArray<readonly [string, string, string]> {
  if (files.includes('iam-organizations-features.json')) return [];
  // The demo organization manages member root credentials centrally (RootCredentialsManagement): collect reads it
  // with iam:ListOrganizationsFeatures, which AWS CLIs before 2.22 (Debian 12 ships 2.9) cannot call. These three
  // members' roots have no password, MFA or keys; without the feature they read as roots that lost theirs, not as
  // roots that AWS manages centrally, and root-mfa reports them.
  const reason = 'centralised root access unknown: no `aws iam list-organizations-features` in this AWS CLI';
  return ['527403918266', '658104729361', '971530846182'].map((account) => ['root-mfa', `arn:aws:iam::${account}:root`, reason] as const);
}

describe.skipIf(awsVersion === null)(`scripts/export-with-aws-cli.sh with ${awsVersion ?? 'no AWS CLI'}`, () => {
  let fake: FakeAws;
  let cwd: string;
  let exported: { code: number; stderr: string };
  let files: string[];

  beforeAll(async () => {
    fake = await startFakeAws({
      world: worldFromSnapshotFolder(DEMO),
      // platform-sandbox's role lacks iam:GenerateCredentialReport (fixtures/README.md): a gap on both sides.
      faults: [{ service: 'iam', action: 'GenerateCredentialReport', accountId: SANDBOX, error: 'AccessDenied' }],
    });
    cwd = await tempDir();
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: cwd,
      AWS_CLI,
      AWS_ENDPOINT_URL: fake.endpoint,
      AWS_REGION: fake.region,
      AWS_DEFAULT_REGION: fake.region,
      AWS_ACCESS_KEY_ID: fake.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: fake.credentials.secretAccessKey,
      AWS_CONFIG_FILE: '/nonexistent/iamlint-test-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/iamlint-test-credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
      AWS_MAX_ATTEMPTS: '2',
    };
    exported = await run('bash', [SCRIPT, '--org', '--role-name', 'iamlint-readonly', '--out', 'export'], { cwd, env, maxBuffer: 64 << 20 }).then(
      ({ stderr }) => ({ code: 0, stderr }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    files = (await readdir(join(cwd, 'export'))).sort();
    // Each AWS CLI call starts a Python process: about 400 of them, a few minutes on a busy 2-core machine.
  }, 1_800_000);

  afterAll(async () => {
    await fake?.close();
  });

  it('makes read-only calls only, and fails only on the call the sandbox role denies', () => {
    const writes = fake.calls.filter((call) => !/^(Get|List|Describe|Generate)/.test(call.action) && call.action !== 'AssumeRole');
    expect(writes).toEqual([]);
    const problems = exported.stderr.split('\n').filter((line) => / left out: | failed: /.test(line) && !/list-organizations-features/.test(line));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^export-with-aws-cli\.sh: aws iam generate-credential-report failed: +An error occurred \(AccessDenied\)/);
    expect(exported.code).toBe(1);
  });

  it('writes the files of docs/exports.md, one set per account', () => {
    expect(files).toContain('organizations-describe-organization.json');
    expect(files).toContain('sso-instances.json');
    for (const prefix of ['gaad', 'roles', 'password-policy', 'account-summary', 'virtual-mfa-devices', 'saml-providers', 'oidc-providers']) {
      expect(files.filter((file) => file.startsWith(`${prefix}-`)), prefix).toHaveLength(12);
    }
    // The credential report the sandbox role may not generate is the one file missing.
    expect(files.filter((file) => file.startsWith('credential-report-'))).toHaveLength(11);
    expect(files).not.toContain(`credential-report-${SANDBOX}.json`);
  });

  it('gives the same findings as collect + audit of the same organization, finding for finding', async () => {
    const collected = await collectSnapshot({
      org: true,
      roleName: 'iamlint-readonly',
      toolVersion: '0.1.0',
      now: () => new Date(NOW),
      clientConfig: { endpoint: fake.endpoint, region: fake.region, credentials: fake.credentials, maxAttempts: 3 },
      poll: { initialDelayMs: 5, maxDelayMs: 20 },
    });
    await writeFiles(join(cwd, 'collected'), collected.files);
    const audit = async (folder: string) => {
      const result = await runCli(['audit', folder, '--format', 'json', '--now', NOW], { cwd });
      expect(result.code, result.stderr).toBe(1);
      return JSON.parse(result.stdout) as AuditJson;
    };
    const [fromCollect, fromExport] = [await audit('collected'), await audit('export')];
    const key = (finding: Finding) => `${finding.ruleId} | ${finding.resource.id} | ${finding.message}`;
    const collectedKeys = fromCollect.findings.map(key).sort();
    const exportedKeys = fromExport.findings.map(key).sort();
    const inherent = inherentDifferences(files).map(([rule, resource]) => `${rule} | ${resource}`);
    const differs = (entry: string) => inherent.some((prefix) => entry.startsWith(`${prefix} | `));
    expect(exportedKeys.filter((entry) => !differs(entry))).toEqual(collectedKeys.filter((entry) => !differs(entry)));
    for (const prefix of inherent) {
      const [inCollect, inExport] = [collectedKeys.some((entry) => entry.startsWith(`${prefix} | `)), exportedKeys.some((entry) => entry.startsWith(`${prefix} | `))];
      expect(inCollect !== inExport, `${prefix} is listed as an inherent difference but is not one`).toBe(true);
    }
    expect(collectedKeys.length).toBeGreaterThan(20);
    const notEvaluated = (result: AuditJson) => result.notEvaluated.map((entry) => `${entry.ruleId} ${entry.accountId ?? ''} ${entry.sections.join(',')}`).sort();
    expect(notEvaluated(fromExport)).toEqual(notEvaluated(fromCollect));
  });

  it("tells the seeds' story from the exports alone: one external IdP in every account, Identity Center, the password policy", async () => {
    const imported = await runCli(['import', 'export', '--out', 'imported'], { cwd });
    expect(imported.code, imported.stderr).toBe(0);
    const read = async <T>(path: string) => JSON.parse(await readFile(join(cwd, 'imported', path), 'utf8')) as T;
    const demo = async <T>(path: string) => JSON.parse(await readFile(join(DEMO, path), 'utf8')) as T;
    const manifest = await read<Manifest>('snapshot.json');
    expect(manifest.scope.accounts).toHaveLength(12);
    for (const accountId of manifest.scope.accounts) {
      const [account, expected] = [await read<AccountFile>(`accounts/${accountId}.json`), await demo<AccountFile>(`accounts/${accountId}.json`)];
      expect(account.samlProviders, accountId).toEqual(expected.samlProviders);
      expect(account.passwordPolicy, accountId).toEqual(expected.passwordPolicy);
    }
    // JumpCloud, the external IdP, is configured separately in 10 of the 12 accounts (saml-provider-duplicated).
    const accountsPerIdp = new Map<string, number>();
    for (const accountId of manifest.scope.accounts) {
      for (const entityId of new Set((await read<AccountFile>(`accounts/${accountId}.json`)).samlProviders.map((provider) => provider.entityId ?? ''))) {
        accountsPerIdp.set(entityId, (accountsPerIdp.get(entityId) ?? 0) + 1);
      }
    }
    expect(accountsPerIdp.get('https://sso.jumpcloud.com/saml2/acme-aws')).toBe(10);
    const audit = await runCli(['audit', 'imported', '--format', 'json', '--now', NOW], { cwd });
    const ruleIds = (JSON.parse(audit.stdout) as AuditJson).findings.map((finding) => finding.ruleId);
    expect(ruleIds).toEqual(expect.arrayContaining(['saml-provider-duplicated', 'password-policy-strength', 'permission-set-admin-assignment', 'permission-set-user-assignment']));
    const [center, expectedCenter] = [await read<IdentityCenterFile>('identity-center.json'), await demo<IdentityCenterFile>('identity-center.json')];
    const instance = center.instances[0];
    const expectedInstance = expectedCenter.instances[0];
    expect(instance?.permissionSets).toEqual(expectedInstance?.permissionSets);
    expect(instance?.assignments).toEqual(expectedInstance?.assignments);
    expect(instance?.users).toEqual(expectedInstance?.users);
    expect(instance?.groups).toEqual(expectedInstance?.groups);
    const [organization, expectedOrganization] = [await read<OrganizationFile>('organization.json'), await demo<OrganizationFile>('organization.json')];
    // See inherentDifferences: older AWS CLIs cannot read the organization's IAM features.
    if (!files.includes('iam-organizations-features.json')) delete expectedOrganization.iamFeatures;
    expect(organization).toEqual(expectedOrganization);
    expect(manifest.scope.managementAccountId).toBe(MANAGEMENT);
  });
});
