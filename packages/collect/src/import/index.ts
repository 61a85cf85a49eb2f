// The importers of raw AWS CLI exports, without the AWS SDK: what an audit of exports needs.
export { importGaad, decodePolicyDocument, type ImportGaadOptions } from './gaad.js';
export {
  applyCredentialReport,
  credentialReportAccount,
  parseCredentialReport,
  readCredentialReport,
  type ApplyCredentialReportOptions,
  type CredentialReport,
  type CredentialReportRow,
} from './credential-report.js';
export {
  importOrganizationExports,
  UNKNOWN_PARENT,
  type OrganizationExportInput,
  type OrganizationExportKind,
  type OrganizationImport,
} from './organizations.js';
export { detectExport, EXPORT_DESCRIPTIONS, recogniseExport, type ExportKind, type RecognisedExport } from './detect.js';
export { combineExports, writeCombinedExports, type CombineOptions, type CombinedSnapshot, type ExportInput } from './combine.js';
