import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const cwd = fileURLToPath(new URL('../../../', import.meta.url));
const demo = ['-s', 'fixtures/demo-org', '-c', 'fixtures/recommended.config.json'];
const ORG_ACCESS_ROLE = 'arn:aws:iam::183640257719:role/OrganizationAccountAccessRole';

describe('iamlint can', () => {
  it("answers allowed with each deciding statement, the role's trust included, and exits 0", async () => {
    const run = await runCli(['can', 'acme-management/JumpCloudDeveloper', 'sts:AssumeRole', '--resource', ORG_ACCESS_ROLE, ...demo], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        `role JumpCloudDeveloper (311842569027) → sts:AssumeRole on ${ORG_ACCESS_ROLE}`,
        'ALLOWED: allowed by managed policy PowerUserAccess (statement 0); the trust policy of role OrganizationAccountAccessRole lets it in',
        '  allow  managed policy PowerUserAccess, statement 0',
        '  allow  trust policy of role OrganizationAccountAccessRole, statement 0',
        '',
      ].join('\n'),
    );
  });

  it('answers denied with the reason, exit 1, and json with the same answer', async () => {
    const stylish = await runCli(['can', '311842569027/JumpCloudDeveloper', 'iam:CreateUser', ...demo], { cwd });
    expect(stylish.code).toBe(1);
    expect(stylish.stdout).toContain('DENIED: no identity policy allows it');
    const json = await runCli(['can', '311842569027/JumpCloudDeveloper', 'iam:CreateUser', '-f', 'json', ...demo], { cwd });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      principal: { kind: 'Role', name: 'JumpCloudDeveloper', accountId: '311842569027' },
      action: 'iam:CreateUser',
      resource: null,
      verdict: 'denied',
      because: 'no identity policy allows it',
    });
  });

  it.each([
    ['an unknown principal', ['can', 'nobody', 's3:GetObject'], 'iamlint: no user, role, group or permission set named nobody in the snapshot (name it by ARN, account/name or a unique name)\n'],
    ['an ambiguous name', ['can', 'JumpCloudDeveloper', 's3:GetObject'], /^iamlint: JumpCloudDeveloper is ambiguous: \d+ principals have that name \(arn:aws:iam::.*\) \(name it by ARN or as account\/name\)\n$/],
    ['a misspelt action', ['can', '311842569027/JumpCloudDeveloper', 's3:GetObjekt'], 'iamlint: s3 has no action GetObjekt (see the Service Authorization Reference for the action names)\n'],
    ['a wildcard action', ['can', '311842569027/JumpCloudDeveloper', 's3:*'], 'iamlint: s3:* is not an action (write it as service:Action, e.g. s3:GetObject; wildcards are not questions)\n'],
    ['a context without =', ['can', '311842569027/JumpCloudDeveloper', 's3:GetObject', '--context', 'aws:SourceIp'], 'iamlint: --context aws:SourceIp is not key=value (e.g. --context aws:MultiFactorAuthPresent=true)\n'],
    ['an account that is not an id', ['who-can', 's3:GetObject', '--account', 'prod'], 'iamlint: --account prod is not an account id (give the 12-digit account id)\n'],
    ['an unknown fingerprint', ['explain', 'deadbeefdeadbeef'], 'iamlint: no finding has the fingerprint deadbeefdeadbeef (run iamlint audit --format json to list the fingerprints)\n'],
  ])('%s is one line on stderr and exit 2', async (_name, argv, expected) => {
    const run = await runCli([...argv, ...demo], { cwd });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    if (typeof expected === 'string') expect(run.stderr).toBe(expected);
    else expect(run.stderr).toMatch(expected);
  });

  it("answers for a permission set in one account, under that account's SCPs", async () => {
    const inAccount = await runCli(['can', 'Admin', 'organizations:LeaveOrganization', '--account', '183640257719', ...demo], { cwd });
    expect(inAccount.code).toBe(1);
    expect(inAccount.stdout).toContain('DENIED: explicitly denied by SCP DenyLeaveOrganization');
    const anywhere = await runCli(['can', 'Admin', 'organizations:LeaveOrganization', ...demo], { cwd });
    expect(anywhere.code).toBe(0);
    expect(anywhere.stdout).toContain('asked without an account: no SCP applied');
    const user = await runCli(['can', '311842569027/JumpCloudDeveloper', 's3:GetObject', '--account', '183640257719', ...demo], { cwd });
    expect(user.code).toBe(2);
    expect(user.stderr).toBe('iamlint: --account is for permission sets (a user or role answers in its own account)\n');
  });
});

describe('iamlint who-can', () => {
  it("lists the management account's administrators, then those who reach them by assuming a role", async () => {
    const run = await runCli(['who-can', 'iam:CreateUser', '--account', '311842569027', ...demo], { cwd });
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^who can iam:CreateUser: \d+ principal\(s\)$/);
    expect(lines).toContain('  allowed      user break-glass-1 (311842569027): allowed by managed policy AdministratorAccess (via group BreakGlass) (statement 0)');
    expect(lines).toContain('  allowed      permission set Admin (311842569027) [assigned to group Platform]: allowed by managed policy AdministratorAccess (statement 0)');
    const json = JSON.parse((await runCli(['who-can', 'iam:CreateUser', '--account', '311842569027', '-f', 'json', ...demo], { cwd })).stdout) as {
      entries: Array<{ hops: number; principal: { name: string } }>;
    };
    const hops = json.entries.map((entry) => entry.hops);
    expect(hops).toEqual([...hops].sort());
    expect(json.entries.map((entry) => entry.principal.name)).not.toContain('JumpCloudDeveloper');
  });
});

describe('iamlint explain', () => {
  it("explains the management account's JumpCloudDeveloper escalation hop by hop, by rule and resource or by fingerprint", async () => {
    const byName = await runCli(['explain', 'privilege-escalation', 'acme-management/JumpCloudDeveloper', ...demo], { cwd });
    expect(byName.stderr).toBe('');
    expect(byName.code).toBe(0);
    expect(byName.stdout).toContain(
      [
        'path to administrator (role OrganizationAccountAccessRole (183640257719), an administrator by managed policy AdministratorAccess):',
        '  hop 1: role JumpCloudDeveloper (311842569027) → role OrganizationAccountAccessRole (183640257719)  [sts-assume-role: Assume a role]',
        '    role JumpCloudDeveloper can assume role OrganizationAccountAccessRole in account 183640257719',
        `    sts:AssumeRole on ${ORG_ACCESS_ROLE}: allowed, allowed by managed policy PowerUserAccess (statement 0); the trust policy of role OrganizationAccountAccessRole lets it in`,
        '      allow  managed policy PowerUserAccess, statement 0',
        '      allow  trust policy of role OrganizationAccountAccessRole, statement 0',
      ].join('\n'),
    );
    expect(byName.stdout).toMatch(/^ {2}at fixtures\/demo-org\/accounts\/311842569027\.json:\d+:\d+ \(\/roles\/\d+\), fingerprint ([0-9a-f]{32})$/m);
    const fingerprint = /fingerprint ([0-9a-f]{32})/.exec(byName.stdout)?.[1] as string;
    const byFingerprint = await runCli(['explain', fingerprint.slice(0, 10), ...demo], { cwd });
    expect(byFingerprint.stdout).toBe(byName.stdout);
  });

  it('says who exactly can assume a role for a trust finding (json)', async () => {
    const run = await runCli(['explain', 'trust-github-oidc-subject', 'github-actions-sandbox', '-f', 'json', ...demo], { cwd });
    expect(run.code).toBe(0);
    const explanation = JSON.parse(run.stdout) as { finding: { ruleId: string }; assumers: Array<{ who: string; conditional: boolean }> };
    expect(explanation.finding.ruleId).toBe('trust-github-oidc-subject');
    expect(explanation.assumers).toContainEqual({ who: expect.stringMatching(/^users federated through arn:aws:iam::590318264797:oidc-provider\/token\.actions\.githubusercontent\.com$/), conditional: true });
  });
});
