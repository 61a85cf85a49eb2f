// Apart from the schema, so that `iamlint --version` loads no schema code.
// New optional fields raise the minor version; the loader reads any minor of its major and drops fields it does not know.
export const SCHEMA_VERSION = '1.2';
export const SUPPORTED_SCHEMA_MAJOR = 1;
