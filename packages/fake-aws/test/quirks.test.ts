import {
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetCredentialReportCommand,
  IAMClient,
  paginateGetAccountAuthorizationDetails,
  paginateListUsers,
  type GetAccountAuthorizationDetailsCommandOutput,
} from '@aws-sdk/client-iam';
import {
  GetPermissionsBoundaryForPermissionSetCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListPermissionSetsCommand,
  ListPermissionSetsProvisionedToAccountCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { describe, expect, it } from 'vitest';
import { QUIRK_NAMES, startFakeAws, type FakeAws, type Quirk } from '../src/index.js';
import { clientConfig, demoWorld, MANAGEMENT, memberCredentials, rejection, WEB_DEV } from './helpers.js';

const INSTANCE = 'arn:aws:sso:::instance/ssoins-7223c4b2a19e5d08';

async function gaad(client: IAMClient): Promise<Required<Pick<GetAccountAuthorizationDetailsCommandOutput, 'UserDetailList' | 'RoleDetailList' | 'Policies'>>> {
  const pages: GetAccountAuthorizationDetailsCommandOutput[] = [];
  for await (const page of paginateGetAccountAuthorizationDetails({ client }, {})) pages.push(page);
  return {
    UserDetailList: pages.flatMap((page) => page.UserDetailList ?? []),
    RoleDetailList: pages.flatMap((page) => page.RoleDetailList ?? []),
    Policies: pages.flatMap((page) => page.Policies ?? []),
  };
}

async function report(client: IAMClient): Promise<string[][]> {
  while ((await client.send(new GenerateCredentialReportCommand({}))).State !== 'COMPLETE');
  const { Content } = await client.send(new GetCredentialReportCommand({}));
  return new TextDecoder().decode(Content).split('\n').map((line) => line.split(','));
}

const column = (rows: string[][], name: string) => {
  const index = (rows[0] as string[]).indexOf(name);
  return rows.slice(1).map((row) => row[index]);
};

/** What each quirk changes in an answer, read with the real SDK; the same probe without the quirk must differ. */
const PROBES: Record<Quirk, (fake: FakeAws) => Promise<unknown>> = {
  'gaad-policy-without-name-and-id': async (fake) => {
    const { Policies } = await gaad(new IAMClient(clientConfig(fake, fake.credentials)));
    return [...new Set(Policies.map((policy) => `${policy.PolicyName === undefined} ${policy.PolicyId === undefined}`))];
  },
  'password-policy-max-age-zero': async (fake) => {
    const { PasswordPolicy } = await new IAMClient(clientConfig(fake, fake.credentials)).send(new GetAccountPasswordPolicyCommand({}));
    return [PasswordPolicy?.ExpirePasswords, PasswordPolicy?.MaxPasswordAge];
  },
  'html-for-unimplemented': async (fake) => {
    const sso = new SSOAdminClient(clientConfig(fake, fake.credentials));
    const { PermissionSets } = await sso.send(new ListPermissionSetsCommand({ InstanceArn: INSTANCE }));
    const error = await rejection(() => sso.send(new GetPermissionsBoundaryForPermissionSetCommand({ InstanceArn: INSTANCE, PermissionSetArn: PermissionSets?.[0] })));
    return [error.$metadata?.httpStatusCode, /<!doctype|Deserialization error/i.test(error.message)];
  },
  'gaad-lists-unattached-aws-policies': async (fake) => {
    const { Policies } = await gaad(new IAMClient(clientConfig(fake, fake.credentials)));
    return Policies.filter((policy) => policy.Arn?.startsWith('arn:aws:iam::aws:') && policy.AttachmentCount === 0).length > 0;
  },
  'credential-report-without-root': async (fake) => column(await report(new IAMClient(clientConfig(fake, fake.credentials))), 'user').includes('<root_account>'),
  'password-last-changed-without-password': async (fake) => {
    const rows = await report(new IAMClient(clientConfig(fake, await memberCredentials(fake, WEB_DEV))));
    const enabled = column(rows, 'password_enabled');
    return column(rows, 'password_last_changed').filter((value, index) => enabled[index] === 'false' && value !== 'N/A').length;
  },
  'report-not-supported-values': async (fake) => {
    const rows = await report(new IAMClient(clientConfig(fake, await memberCredentials(fake, WEB_DEV))));
    const users = rows.filter((row) => row[0] !== '<root_account>');
    return [...new Set([...column(users, 'cert_1_last_rotated'), ...column(users, 'password_next_rotation')])].sort();
  },
  'lowercase-ids': async (fake) => {
    const ids: string[] = [];
    for await (const page of paginateListUsers({ client: new IAMClient(clientConfig(fake, fake.credentials)) }, {})) ids.push(...(page.Users ?? []).map((user) => user.UserId ?? ''));
    return ids.map((id) => /^[a-z0-9]{21}$/.test(id));
  },
  'no-tags-key': async (fake) => {
    const { UserDetailList, RoleDetailList } = await gaad(new IAMClient(clientConfig(fake, fake.credentials)));
    return [...UserDetailList, ...RoleDetailList].filter((entity) => entity.Tags === undefined).length;
  },
  'role-last-used-empty': async (fake) => {
    const { RoleDetailList } = await gaad(new IAMClient(clientConfig(fake, fake.credentials)));
    return RoleDetailList.filter((role) => role.RoleLastUsed?.LastUsedDate !== undefined).length;
  },
  'permission-set-instance-arns': async (fake) => {
    const { PermissionSets } = await new SSOAdminClient(clientConfig(fake, fake.credentials)).send(new ListPermissionSetsCommand({ InstanceArn: INSTANCE }));
    return [...new Set(PermissionSets?.map((arn) => arn.replace(/ssoins-[0-9a-f]+\/ps-[0-9a-f]+$/, '…')))];
  },
  'provisioning-not-reported': async (fake) => {
    const sso = new SSOAdminClient(clientConfig(fake, fake.credentials));
    const { PermissionSets } = await sso.send(new ListPermissionSetsCommand({ InstanceArn: INSTANCE }));
    const accounts = await Promise.all(
      (PermissionSets ?? []).map(async (arn) => (await sso.send(new ListAccountsForProvisionedPermissionSetCommand({ InstanceArn: INSTANCE, PermissionSetArn: arn }))).AccountIds ?? []),
    );
    const sets = (await sso.send(new ListPermissionSetsProvisionedToAccountCommand({ InstanceArn: INSTANCE, AccountId: MANAGEMENT }))).PermissionSets ?? [];
    return [...new Set([...accounts.flat(), ...sets])].sort();
  },
  'provisioned-accounts-caller-only': async (fake) => {
    const sso = new SSOAdminClient(clientConfig(fake, fake.credentials));
    const { PermissionSets } = await sso.send(new ListPermissionSetsCommand({ InstanceArn: INSTANCE }));
    const accounts = await Promise.all(
      (PermissionSets ?? []).map(async (arn) => (await sso.send(new ListAccountsForProvisionedPermissionSetCommand({ InstanceArn: INSTANCE, PermissionSetArn: arn }))).AccountIds ?? []),
    );
    return [...new Set(accounts.flat())].sort();
  },
};

const EXPECTED_WITH: Record<Quirk, unknown> = {
  'provisioning-not-reported': [],
  'gaad-policy-without-name-and-id': ['true true'],
  'password-policy-max-age-zero': [false, 0],
  'html-for-unimplemented': [404, true],
  'gaad-lists-unattached-aws-policies': true,
  'credential-report-without-root': false,
  'password-last-changed-without-password': 1,
  'report-not-supported-values': ['not_supported'],
  'lowercase-ids': [true, true],
  'no-tags-key': expect.any(Number),
  'role-last-used-empty': 0,
  'permission-set-instance-arns': ['arn:aws:sso:::instance/…'],
  'provisioned-accounts-caller-only': [MANAGEMENT],
};

async function probe(quirks: Quirk[], read: (fake: FakeAws) => Promise<unknown>): Promise<unknown> {
  const fake = await startFakeAws({ world: demoWorld(), quirks });
  try {
    return await read(fake);
  } finally {
    await fake.close();
  }
}

describe('quirks', () => {
  it.each(QUIRK_NAMES)('%s changes the answer as documented, and only when switched on', async (quirk) => {
    const without = await probe([], PROBES[quirk]);
    const withQuirk = await probe([quirk], PROBES[quirk]);
    expect(withQuirk).toEqual(EXPECTED_WITH[quirk]);
    expect(withQuirk).not.toEqual(without);
  });

  it('refuses a quirk it does not know, naming the known ones', async () => {
    await expect(startFakeAws({ world: demoWorld(), quirks: ['no-such-quirk' as Quirk] })).rejects.toThrow(/unknown quirk "no-such-quirk" \(known: gaad-policy-without-name-and-id, /);
  });
});
