import type { ValidateFunction } from 'ajv';
import { formats } from '../json/formats.js';
import type { snapshotSchemas } from './schema.js';
import { VALIDATORS_SOURCE } from './validators.generated.js';

export type SchemaName = keyof typeof snapshotSchemas;

let validators: Record<SchemaName, ValidateFunction> | undefined;

/**
 * The snapshot validators, precompiled from the schemas when core is built (scripts/generate-validators.mjs):
 * turning their code into functions takes milliseconds where compiling the schemas took a large share of a small
 * audit's start-up. A test regenerates the code and checks it against the schemas.
 */
export function snapshotValidators(): Record<SchemaName, ValidateFunction> {
  if (!validators) {
    const exports: Record<string, unknown> = {};
    // Our own build output, never input: the code ajv generated from snapshotSchemas.
    new Function('exports', 'module', 'formats', VALIDATORS_SOURCE)(exports, { exports }, formats);
    validators = exports as Record<SchemaName, ValidateFunction>;
  }
  return validators;
}
