import type { ValidateFunction } from 'ajv';
import { formats } from '../json/formats.js';
import type { snapshotSchemas } from './schema.js';
import { VALIDATOR_FACTORIES, type ValidatorFactory } from './validator-factories.js';
import { VALIDATOR_SOURCES } from './validators.generated.js';

export type SchemaName = keyof typeof snapshotSchemas;

const validators = new Map<SchemaName, ValidateFunction>();

/**
 * A snapshot schema's validator, precompiled from the schema when core is built (scripts/generate-validators.mjs):
 * turning its code into a function takes milliseconds where compiling the schemas took a large share of a small
 * audit's start-up, and only the validators of the files a snapshot has are made. A test regenerates the code and
 * checks it against the schemas.
 */
export function snapshotValidator(name: SchemaName): ValidateFunction {
  let validate = validators.get(name);
  if (!validate) {
    const exports: Record<string, unknown> = {};
    // Our own build output, never input: the code ajv generated from snapshotSchemas.
    const factory = VALIDATOR_FACTORIES[name] ?? (new Function('exports', 'module', 'formats', VALIDATOR_SOURCES[name] as string) as ValidatorFactory);
    factory(exports, { exports }, formats);
    validate = exports[name] as ValidateFunction;
    validators.set(name, validate);
  }
  return validate;
}
