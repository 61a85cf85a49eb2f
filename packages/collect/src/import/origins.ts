import { pathToPointer, type AccountFile, type Origin } from '@iamlint/core';
import { isObject } from '../format.js';

type Json = Record<string, unknown>;

/** The inputs one account file was built from, by what they supplied. */
export interface AccountSources {
  gaad?: { source: string; json: unknown };
  report?: { source: string; text: string };
  /** Single-file answers: password policy, summary, alias, server certificates (file name, and pointer of the value). */
  files: Map<'passwordPolicy' | 'accountSummary' | 'alias' | 'serverCertificates', Origin>;
  samlByArn: Map<string, string>;
  oidcByArn: Map<string, string>;
  keysByUser: Map<string, string>;
  mfaByUser: Map<string, string>;
}

export function emptyAccountSources(): AccountSources {
  return { files: new Map(), samlByArn: new Map(), oidcByArn: new Map(), keysByUser: new Map(), mfaByUser: new Map() };
}

const GAAD_LISTS = { users: 'UserDetailList', groups: 'GroupDetailList', roles: 'RoleDetailList', policies: 'Policies' } as const;
const INLINE_LISTS = { users: 'UserPolicyList', groups: 'GroupPolicyList', roles: 'RolePolicyList' } as const;
/** Snapshot fields whose export name is not the field's own with a capital first letter. */
const RENAMED: Readonly<Record<string, string>> = {
  groups: 'GroupList',
  trustPolicy: 'AssumeRolePolicyDocument',
  lastUsed: 'RoleLastUsed',
  permissionsBoundary: 'PermissionsBoundary',
};

/**
 * Where each part of an account file came from: snapshot pointer → input file and pointer (or CSV line). Entities are
 * found in their export by ARN, their policies by name, so a finding points at what the user can open and edit.
 */
export function accountOrigins(account: AccountFile, sources: AccountSources, fallback: string): Map<string, Origin> {
  const entries = new Map<string, Origin>();
  entries.set('', { file: sources.gaad?.source ?? sources.report?.source ?? fallback, pointer: '' });
  if (sources.gaad) addGaadOrigins(entries, account, sources.gaad.source, sources.gaad.json);
  if (sources.report) addReportOrigins(entries, account, sources.report.source, sources.report.text);
  account.users.forEach((user, index) => {
    const keys = sources.keysByUser.get(user.userName);
    if (keys) entries.set(`/users/${index}/accessKeys`, { file: keys, pointer: '/AccessKeyMetadata' });
    const mfa = sources.mfaByUser.get(user.userName);
    if (mfa) entries.set(`/users/${index}/mfaDevices`, { file: mfa, pointer: '/MFADevices' });
  });
  const policy = sources.files.get('passwordPolicy');
  if (policy) {
    entries.set('/passwordPolicy', policy);
    if (policy.line === undefined) for (const key of Object.keys(account.passwordPolicy ?? {})) entries.set(`/passwordPolicy/${key}`, { file: policy.file, pointer: `${policy.pointer}/${capitalised(key)}` });
  }
  for (const part of ['accountSummary', 'alias', 'serverCertificates'] as const) {
    const origin = sources.files.get(part);
    if (origin) entries.set(`/${part}`, origin);
  }
  account.samlProviders.forEach((provider, index) => {
    const file = sources.samlByArn.get(provider.arn);
    if (file) entries.set(`/samlProviders/${index}`, { file, pointer: '' });
  });
  account.oidcProviders.forEach((provider, index) => {
    const file = sources.oidcByArn.get(provider.arn);
    if (file) entries.set(`/oidcProviders/${index}`, { file, pointer: '' });
  });
  return entries;
}

function addGaadOrigins(entries: Map<string, Origin>, account: AccountFile, file: string, json: unknown): void {
  if (!isObject(json)) return;
  const at = (pointer: string, within = false): Origin => (within ? { file, pointer, within } : { file, pointer });
  for (const [list, exportList] of Object.entries(GAAD_LISTS) as Array<[keyof typeof GAAD_LISTS, string]>) {
    const byArn = new Map<string, { pointer: string; entry: Json }>();
    const exported = Array.isArray(json[exportList]) ? (json[exportList] as unknown[]) : [];
    exported.forEach((entry, index) => {
      if (isObject(entry) && typeof entry.Arn === 'string') byArn.set(entry.Arn, { pointer: `/${exportList}/${index}`, entry });
    });
    (account[list] as ReadonlyArray<{ arn: string } & Json>).forEach((entity, index) => {
      const found = byArn.get(entity.arn);
      if (!found) return;
      const base = `/${list}/${index}`;
      const { pointer, entry } = found;
      entries.set(base, at(pointer));
      for (const key of Object.keys(entity)) {
        const exportKey = RENAMED[key] ?? capitalised(key);
        if (exportKey in entry) entries.set(`${base}/${key}`, at(`${pointer}/${exportKey}`, key === 'trustPolicy' && isObject(entry[exportKey])));
      }
      const inlineList = list === 'policies' ? undefined : INLINE_LISTS[list];
      if (inlineList) {
        const exportedPolicies = arrayOf(entry[inlineList]);
        (entity.inlinePolicies as Array<{ name: string }>).forEach((policy, policyIndex) => {
          const found = exportedPolicies.findIndex((candidate) => candidate.PolicyName === policy.name);
          if (found < 0) return;
          const policyPointer = `${pointer}/${inlineList}/${found}`;
          entries.set(`${base}/inlinePolicies/${policyIndex}`, at(policyPointer));
          entries.set(`${base}/inlinePolicies/${policyIndex}/document`, at(`${policyPointer}/PolicyDocument`, isObject(exportedPolicies[found]?.PolicyDocument)));
        });
      }
      const attached = arrayOf(entry.AttachedManagedPolicies);
      ((entity.attachedManagedPolicies as string[] | undefined) ?? []).forEach((arn, attachedIndex) => {
        const found = attached.findIndex((candidate) => candidate.PolicyArn === arn);
        if (found >= 0) entries.set(`${base}/attachedManagedPolicies/${attachedIndex}`, at(`${pointer}/AttachedManagedPolicies/${found}`));
      });
      const tags = arrayOf(entry.Tags);
      for (const key of Object.keys((entity.tags as Record<string, string> | undefined) ?? {})) {
        const found = tags.findIndex((tag) => tag.Key === key);
        if (found >= 0) entries.set(`${base}/tags${pathToPointer([key])}`, at(`${pointer}/Tags/${found}`));
      }
      if (list === 'policies') {
        const versions = arrayOf(entry.PolicyVersionList);
        const version = versions.findIndex((candidate) => candidate.IsDefaultVersion === true);
        const chosen = version >= 0 ? version : versions.findIndex((candidate) => candidate.VersionId === entry.DefaultVersionId);
        if (chosen >= 0) entries.set(`${base}/document`, at(`${pointer}/PolicyVersionList/${chosen}/Document`, isObject(versions[chosen]?.Document)));
      }
    });
  }
}

/** A credential report row is a line of the CSV; a report still wrapped as `get-credential-report` JSON is its Content. */
function addReportOrigins(entries: Map<string, Origin>, account: AccountFile, file: string, text: string): void {
  const wrapped = /^\uFEFF?\s*\{/.test(text);
  const lines = wrapped ? [] : text.split('\n');
  const rowOf = (user: string, arn: string): Origin => {
    if (wrapped) return { file, pointer: '/Content' };
    const found = lines.findIndex((line) => line.startsWith(`${user},${arn},`));
    return found >= 0 ? { file, pointer: '', line: found + 1 } : { file, pointer: '' };
  };
  if (account.root) entries.set('/root', rowOf('<root_account>', account.root.arn));
  account.users.forEach((user, index) => {
    const row = rowOf(user.userName, user.arn);
    if (row.line === undefined && !wrapped) return;
    for (const field of ['loginProfile', 'passwordLastUsed', 'mfaDevices', 'accessKeys']) entries.set(`/users/${index}/${field}`, row);
  });
}

function arrayOf(value: unknown): Json[] {
  return Array.isArray(value) ? value.map((item) => (isObject(item) ? item : {})) : [];
}

function capitalised(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}
