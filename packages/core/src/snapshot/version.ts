// Apart from the schema, so that `iamlint --version` loads no schema code.
export const SCHEMA_VERSION = '1.1';
export const SUPPORTED_SCHEMA_MAJOR = 1;
