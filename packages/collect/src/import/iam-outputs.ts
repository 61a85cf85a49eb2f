import { SnapshotSchemaError, type AccessKey, type MfaDevice, type OidcProvider, type PasswordPolicy, type SamlProvider } from '@iamlint/core';
import { awsTimestamp, compare, isObject, sortBy, sortedStrings, toDay } from '../format.js';
import { mfaDeviceType } from '../live/credentials.js';
import { parseSamlMetadata } from '../live/saml-metadata.js';
import { EXPORT_DESCRIPTIONS, type ExportKind } from './detect.js';

type Json = Record<string, unknown>;

/** Reads one AWS CLI output; every error names the file, the field and the command that writes it. */
export class OutputReader {
  constructor(
    readonly source: string,
    readonly kind: Exclude<ExportKind, 'unknown' | 'snapshot-file'>,
    readonly json: unknown,
  ) {}

  fail(message: string): never {
    throw new SnapshotSchemaError('SNAPSHOT_SCHEMA', `${this.source}: ${message}`, {
      hint: `pass the JSON output of \`${EXPORT_DESCRIPTIONS[this.kind]}\` unchanged`,
    });
  }

  root(): Json {
    return isObject(this.json) ? this.json : this.fail('expected a JSON object');
  }

  object(value: unknown, where: string): Json {
    return isObject(value) ? value : this.fail(`${where} must be an object`);
  }

  list(entry: Json, key: string, where = ''): Json[] {
    const value = entry[key] ?? [];
    if (!Array.isArray(value)) return this.fail(`${where}${key} must be an array`);
    return value.map((item, index) => this.object(item, `${where}${key}[${index}]`));
  }

  strings(entry: Json, key: string, where = ''): string[] {
    const value = entry[key] ?? [];
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) return this.fail(`${where}${key} must be an array of strings`);
    return value as string[];
  }

  string(entry: Json, key: string, where = ''): string {
    const value = entry[key];
    return typeof value === 'string' ? value : this.fail(`${where}${key} must be a string`);
  }

  optionalString(entry: Json, key: string, where = ''): string | undefined {
    const value = entry[key];
    return value === undefined || value === null ? undefined : this.string(entry, key, where);
  }

  /** Absent and null are unknown; anything else must be a time. */
  time(entry: Json, key: string, where = ''): string | null {
    const value = entry[key];
    if (value === undefined || value === null) return null;
    return (typeof value === 'string' ? awsTimestamp(value) : null) ?? this.fail(`${where}${key} is not a date: ${JSON.stringify(value)}`);
  }

  tags(entry: Json, where = ''): Record<string, string> {
    const pairs = this.list(entry, 'Tags', where).map((tag, index) => [this.string(tag, 'Key', `${where}Tags[${index}].`), typeof tag.Value === 'string' ? tag.Value : '']);
    return Object.fromEntries(pairs.sort(([a], [b]) => compare(a as string, b as string)));
  }
}

/** Expiry off means no maximum age, whatever number the answer carries (emulators answer 0). */
export function readPasswordPolicy(reader: OutputReader): PasswordPolicy {
  const policy = reader.object(reader.root().PasswordPolicy, 'PasswordPolicy');
  const flag = (key: string) => policy[key] === true;
  const integer = (key: string): number | null => {
    const value = policy[key];
    if (value === undefined || value === null) return null;
    return Number.isInteger(value) ? (value as number) : reader.fail(`PasswordPolicy.${key} must be an integer`);
  };
  const expirePasswords = flag('ExpirePasswords');
  const maxAge = integer('MaxPasswordAge');
  const reuse = integer('PasswordReusePrevention');
  return {
    minimumPasswordLength: integer('MinimumPasswordLength') ?? 8,
    requireSymbols: flag('RequireSymbols'),
    requireNumbers: flag('RequireNumbers'),
    requireUppercaseCharacters: flag('RequireUppercaseCharacters'),
    requireLowercaseCharacters: flag('RequireLowercaseCharacters'),
    allowUsersToChangePassword: flag('AllowUsersToChangePassword'),
    expirePasswords,
    maxPasswordAge: expirePasswords && maxAge !== null && maxAge >= 1 ? maxAge : null,
    passwordReusePrevention: reuse !== null && reuse >= 1 ? reuse : null,
    hardExpiry: flag('HardExpiry'),
  };
}

export function readAccountSummary(reader: OutputReader): Record<string, number> {
  const map = reader.object(reader.root().SummaryMap, 'SummaryMap');
  const entries = Object.entries(map).filter((entry): entry is [string, number] => Number.isInteger(entry[1]));
  return Object.fromEntries(entries.sort(([a], [b]) => compare(a, b)));
}

export function readAccountAlias(reader: OutputReader): string | null {
  return reader.strings(reader.root(), 'AccountAliases')[0] ?? null;
}

export interface VirtualMfaDevice {
  serialNumber: string;
  userArn: string | null;
  enableDate: string | null;
}

export function readVirtualMfaDevices(reader: OutputReader): VirtualMfaDevice[] {
  return reader.list(reader.root(), 'VirtualMFADevices').map((device, index) => {
    const where = `VirtualMFADevices[${index}].`;
    const user = isObject(device.User) ? device.User : undefined;
    return {
      serialNumber: reader.string(device, 'SerialNumber', where),
      userArn: user && typeof user.Arn === 'string' ? user.Arn : null,
      enableDate: reader.time(device, 'EnableDate', where),
    };
  });
}

export interface UserMfaDevices {
  userName: string | null;
  devices: MfaDevice[];
}

export function readMfaDevices(reader: OutputReader): UserMfaDevices {
  const listed = reader.list(reader.root(), 'MFADevices');
  const devices = listed.flatMap((device, index): MfaDevice[] => {
    const where = `MFADevices[${index}].`;
    const serialNumber = reader.string(device, 'SerialNumber', where);
    const enableDate = reader.time(device, 'EnableDate', where);
    return enableDate ? [{ serialNumber, type: mfaDeviceType(serialNumber), enableDate }] : [];
  });
  return { userName: listed[0] ? reader.string(listed[0], 'UserName', 'MFADevices[0].') : null, devices: sortBy(devices, (device) => device.serialNumber) };
}

export interface UserAccessKeys {
  userName: string | null;
  keys: AccessKey[];
}

export function readAccessKeys(reader: OutputReader): UserAccessKeys {
  const listed = reader.list(reader.root(), 'AccessKeyMetadata');
  const keys = listed.map((key, index): AccessKey => {
    const where = `AccessKeyMetadata[${index}].`;
    return {
      accessKeyId: reader.string(key, 'AccessKeyId', where),
      status: key.Status === 'Inactive' ? 'Inactive' : 'Active',
      createDate: reader.time(key, 'CreateDate', where) ?? reader.fail(`${where}CreateDate is missing`),
      lastUsedDate: null,
      lastUsedService: null,
      lastUsedRegion: null,
    };
  });
  return { userName: listed[0] ? reader.string(listed[0], 'UserName', 'AccessKeyMetadata[0].') : null, keys: sortBy(keys, (key) => key.accessKeyId) };
}

export interface KeyLastUsed {
  lastUsedDate: string | null;
  lastUsedService: string | null;
  lastUsedRegion: string | null;
}

export function readAccessKeyLastUsed(reader: OutputReader): KeyLastUsed {
  const used = reader.object(reader.root().AccessKeyLastUsed, 'AccessKeyLastUsed');
  const date = reader.time(used, 'LastUsedDate', 'AccessKeyLastUsed.');
  // AWS answers N/A for the service and region of a key never used.
  const known = (key: string) => {
    const value = used[key];
    return date && typeof value === 'string' && value !== '' && value !== 'N/A' ? value : null;
  };
  return { lastUsedDate: toDay(date), lastUsedService: known('ServiceName'), lastUsedRegion: known('Region') };
}

export function readSamlProvider(reader: OutputReader, arn: string): SamlProvider {
  const root = reader.root();
  const metadata = parseSamlMetadata(reader.string(root, 'SAMLMetadataDocument'));
  return {
    arn,
    name: arn.slice(arn.indexOf(':saml-provider/') + ':saml-provider/'.length),
    entityId: metadata.entityId,
    signingCertificates: metadata.signingCertificates,
    validUntil: reader.time(root, 'ValidUntil') ?? metadata.validUntil,
    createDate: reader.time(root, 'CreateDate') ?? reader.fail('CreateDate is missing'),
    tags: reader.tags(root),
  };
}

/** get-open-id-connect-provider names no ARN: IAM builds it from the account and the issuer without its scheme. */
export function readOidcProvider(reader: OutputReader, accountId: string, partition = 'aws'): OidcProvider {
  const root = reader.root();
  const url = reader.string(root, 'Url').replace(/^https:\/\//, '');
  return {
    arn: `arn:${partition}:iam::${accountId}:oidc-provider/${url}`,
    url,
    clientIds: sortedStrings(reader.strings(root, 'ClientIDList')),
    thumbprints: sortedStrings(reader.strings(root, 'ThumbprintList')),
    createDate: reader.time(root, 'CreateDate') ?? reader.fail('CreateDate is missing'),
    tags: reader.tags(root),
  };
}
