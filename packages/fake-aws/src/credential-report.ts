import { compare, type AccountFile, type PasswordPolicy, type User } from '@iamlint/core';
import { timeOnDay } from './ids.js';
import { reportTimestamp } from './protocol.js';
import type { Quirk } from './quirk-catalog.js';

export const CREDENTIAL_REPORT_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed',
  'password_next_rotation', 'mfa_active',
  'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region', 'access_key_2_last_used_service',
  'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
] as const;

const NA = 'N/A';

/** A day the snapshot keeps, as the report's full timestamp. */
function usedAt(day: string | null | undefined, label: string): string {
  return day ? reportTimestamp(timeOnDay(day, label)) : NA;
}

function keyColumns(key: { active: boolean; lastRotated: string | null; lastUsedDate: string | null; region?: string | null; service?: string | null } | undefined, label: string): string[] {
  if (!key) return ['false', NA, NA, NA, NA];
  const used = key.lastUsedDate !== null;
  return [
    String(key.active),
    key.lastRotated ? reportTimestamp(key.lastRotated) : NA,
    usedAt(key.lastUsedDate, label),
    used ? (key.region ?? NA) : NA,
    used ? (key.service ?? NA) : NA,
  ];
}

function nextRotation(user: User, policy: PasswordPolicy | null): string {
  if (!user.loginProfile || !policy?.expirePasswords || policy.maxPasswordAge === null) return NA;
  const changed = Date.parse(user.loginProfile.createDate);
  return reportTimestamp(new Date(changed + policy.maxPasswordAge * 86_400_000).toISOString());
}

function userRow(user: User, policy: PasswordPolicy | null, quirks: ReadonlySet<Quirk>): string[] {
  // AWS numbers a user's keys by age: slot 1 holds the older key.
  const keys = [...user.accessKeys].sort((a, b) => compare(a.createDate, b.createDate));
  const hasPassword = user.loginProfile !== null;
  const noInformation = quirks.has('report-not-supported-values');
  const row = [
    user.userName,
    user.arn,
    reportTimestamp(user.createDate),
    String(hasPassword),
    user.passwordLastUsed ? usedAt(user.passwordLastUsed, `${user.arn}:password`) : hasPassword || noInformation ? 'no_information' : NA,
    user.loginProfile
      ? reportTimestamp(user.loginProfile.createDate)
      : quirks.has('password-last-changed-without-password')
        ? reportTimestamp(user.createDate)
        : NA,
    noInformation ? 'not_supported' : nextRotation(user, policy),
    String(user.mfaDevices.length > 0),
    ...[0, 1].flatMap((slot) => {
      const key = keys[slot];
      const columns = keyColumns(
        key && { active: key.status === 'Active', lastRotated: key.createDate, lastUsedDate: key.lastUsedDate, region: key.lastUsedRegion, service: key.lastUsedService },
        `${user.arn}:key:${slot}`,
      );
      // A key never used: no_information for its last use, where AWS writes N/A.
      return noInformation && key ? columns.map((value, index) => (index >= 2 && value === NA ? 'no_information' : value)) : columns;
    }),
    'false', NA, 'false', NA,
  ];
  return noInformation ? row.map((value, index) => (index >= 18 && value === NA ? 'not_supported' : value)) : row;
}

function rootRow(account: AccountFile, accountCreated: string): string[] {
  const root = account.root;
  const arn = `arn:aws:iam::${account.accountId}:root`;
  const key = (slot: 1 | 2) => root?.accessKeys.find((candidate) => candidate.slot === slot);
  const certificates = root?.signingCertificatesActive ?? 0;
  return [
    '<root_account>',
    arn,
    reportTimestamp(accountCreated),
    'not_supported',
    usedAt(root?.passwordLastUsed, `${arn}:password`),
    'not_supported',
    'not_supported',
    String(root?.mfaActive ?? false),
    // The snapshot does not keep where and with which service root keys were last used.
    ...keyColumns(key(1), `${arn}:key:1`),
    ...keyColumns(key(2), `${arn}:key:2`),
    String(certificates >= 1), certificates >= 1 ? reportTimestamp(accountCreated) : NA,
    String(certificates >= 2), certificates >= 2 ? reportTimestamp(accountCreated) : NA,
  ];
}

/** The credential report CSV of an account, column for column as IAM writes it (root first, then users). */
export function credentialReportCsv(account: AccountFile, accountCreated: string, quirks: ReadonlySet<Quirk> = new Set()): string {
  const users = account.users.map((user) => userRow(user, account.passwordPolicy, quirks));
  const rows = quirks.has('credential-report-without-root') ? users : [rootRow(account, accountCreated), ...users];
  return [CREDENTIAL_REPORT_COLUMNS.join(','), ...rows.map((row) => row.map(csvField).join(','))].join('\n');
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
