export { importGaad, decodePolicyDocument, type ImportGaadOptions } from './import/gaad.js';
export {
  applyCredentialReport,
  credentialReportAccount,
  parseCredentialReport,
  readCredentialReport,
  type ApplyCredentialReportOptions,
  type CredentialReport,
  type CredentialReportRow,
} from './import/credential-report.js';
export {
  importOrganizationExports,
  UNKNOWN_PARENT,
  type OrganizationExportInput,
  type OrganizationExportKind,
  type OrganizationImport,
} from './import/organizations.js';
export { detectExport, EXPORT_DESCRIPTIONS, type ExportKind } from './import/detect.js';
export { combineExports, type CombineOptions, type CombinedSnapshot, type ExportInput } from './import/combine.js';
export {
  collectSnapshot,
  describeGaps,
  DEFAULT_CONCURRENCY,
  DEFAULT_ROLE_NAME,
  hashEmail,
  parseSamlMetadata,
  parseShard,
  planFromOrgStep,
  shardOf,
  type CollectOptions,
  type CollectPlan,
  type CollectProgressEvent,
  type CollectResult,
  type Credentials,
  type PollSettings,
  type SamlMetadata,
  type Shard,
} from './live/index.js';
export { mergeSnapshots, type SnapshotPart } from './merge.js';
