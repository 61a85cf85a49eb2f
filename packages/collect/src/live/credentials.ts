import type { AccessKey, MfaDevice, MfaDeviceType, RootUser } from '@iamlint/core';
import { compare, sortBy, toTimestamp } from '../format.js';
import { rootUserFromReport, type CredentialReportRow } from '../import/credential-report.js';

export interface ListedAccessKey {
  AccessKeyId?: string | undefined;
  Status?: string | undefined;
  CreateDate?: Date | undefined;
}

export interface ListedMfaDevice {
  SerialNumber?: string | undefined;
  EnableDate?: Date | undefined;
}

/** What the serial number says: passkeys and security keys are `…:u2f/…` ARNs, virtual devices `…:mfa/…`, hardware tokens a bare serial. */
export function mfaDeviceType(serialNumber: string): MfaDeviceType {
  if (/^arn:aws[a-z-]*:iam::[0-9]{12}:u2f\//.test(serialNumber)) return 'passkey';
  if (/^arn:aws[a-z-]*:iam::[0-9]{12}:mfa\//.test(serialNumber)) return 'virtual';
  return 'hardware';
}

export function mfaDevicesOf(devices: Iterable<ListedMfaDevice>, knownType?: MfaDeviceType): MfaDevice[] {
  const bySerial = new Map<string, MfaDevice>();
  for (const device of devices) {
    if (!device.SerialNumber || !device.EnableDate) continue;
    bySerial.set(device.SerialNumber, {
      serialNumber: device.SerialNumber,
      type: knownType ?? mfaDeviceType(device.SerialNumber),
      enableDate: toTimestamp(device.EnableDate),
    });
  }
  return sortBy(bySerial.values(), (device) => device.serialNumber);
}

type ReportKeySlot = CredentialReportRow['accessKeys'][number];

/**
 * Joins ListAccessKeys (ids, status, creation) with the credential report's key slots (last use), which
 * name no key id: a slot's last_rotated is its key's creation time. Keys whose time matches no slot take
 * the remaining slots in creation order, as IAM fills them.
 */
export function accessKeysOf(listed: readonly ListedAccessKey[], slots: readonly ReportKeySlot[]): AccessKey[] {
  const keys = sortBy(
    listed.filter((key) => key.AccessKeyId && key.CreateDate).map((key) => ({ key, created: toTimestamp(key.CreateDate as Date) })),
    ({ created }) => created,
  );
  const unmatchedSlots = [...slots].sort((a, b) => a.slot - b.slot);
  const slotOf = new Map<ListedAccessKey, ReportKeySlot>();
  for (const { key, created } of keys) {
    // The report's times are already in the snapshot's form.
    const index = unmatchedSlots.findIndex((slot) => slot.lastRotated === created);
    if (index >= 0) slotOf.set(key, unmatchedSlots.splice(index, 1)[0] as ReportKeySlot);
  }
  for (const { key } of keys) {
    if (!slotOf.has(key) && unmatchedSlots.length > 0) slotOf.set(key, unmatchedSlots.shift() as ReportKeySlot);
  }
  return keys
    .map(({ key, created }) => {
      const slot = slotOf.get(key);
      return {
        accessKeyId: key.AccessKeyId as string,
        status: key.Status === 'Inactive' ? ('Inactive' as const) : ('Active' as const),
        createDate: created,
        lastUsedDate: slot?.lastUsedDate ?? null,
        lastUsedService: slot?.lastUsedService ?? null,
        lastUsedRegion: slot?.lastUsedRegion ?? null,
      };
    })
    .sort((a, b) => compare(a.accessKeyId, b.accessKeyId));
}

export interface RootFacts {
  /** GetAccountSummary's AccountPasswordPresent; undefined when the summary could not be read. */
  accountPasswordPresent: number | undefined;
  /** The organization manages member accounts' root credentials centrally and this account is a member. */
  centrallyManagedMember: boolean;
  /** Whether root's device is in ListVirtualMFADevices; undefined when that list could not be read. */
  hasVirtualMfa: boolean | undefined;
}

/** The root user from its credential report row, completed with what the report cannot say. */
export function rootUserOf(row: CredentialReportRow, facts: RootFacts): RootUser {
  const passwordEnabled =
    facts.accountPasswordPresent === 1
      ? true
      : facts.accountPasswordPresent === 0
        ? facts.centrallyManagedMember
          ? null
          : false
        : row.passwordEnabled;
  // Only root itself can list a non-virtual root device, so an active MFA that is not virtual is hardware.
  const mfaType: MfaDeviceType | null = !row.mfaActive
    ? null
    : facts.hasVirtualMfa === undefined
      ? 'unknown'
      : facts.hasVirtualMfa
        ? 'virtual'
        : 'hardware';
  return rootUserFromReport(row, { passwordEnabled, mfaType });
}

/** AWS answers `N/A` for a key never used. */
export function notApplicableToNull(value: string | undefined): string | null {
  return value === undefined || value === '' || value === 'N/A' ? null : value;
}
