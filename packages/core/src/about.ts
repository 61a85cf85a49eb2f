// What `iamlint --version` prints, without loading the rest of core (schemas, ajv, the action catalogue).
export { SCHEMA_VERSION } from './snapshot/version.js';
export { IAM_DATA_PACKAGE, IAM_DATA_UPDATED_AT, IAM_DATA_VERSION } from './policy/iam-data-version.generated.js';
