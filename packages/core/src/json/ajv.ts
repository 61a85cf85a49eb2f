import { Ajv, type ErrorObject } from 'ajv';
import { formats } from './formats.js';

/** One Ajv configuration for snapshot files and rule options alike. */
export function createAjv(options: { useDefaults?: boolean } = {}): Ajv {
  const ajv = new Ajv({ allErrors: false, strict: false, useDefaults: options.useDefaults ?? false });
  ajv.addFormat('date-time', formats['date-time']);
  return ajv;
}

/** The most useful single error of a failed validation: the deepest one that is not a union summary. */
export function pickError(errors: readonly ErrorObject[] | null | undefined): ErrorObject | undefined {
  if (!errors || errors.length === 0) return undefined;
  const concrete = errors.filter((error) => error.keyword !== 'anyOf' && error.keyword !== 'oneOf');
  const candidates = concrete.length > 0 ? concrete : errors;
  return candidates.reduce((best, error) => (depth(error.instancePath) > depth(best.instancePath) ? error : best));
}

function depth(pointer: string): number {
  return pointer === '' ? 0 : pointer.split('/').length;
}

export function describeError(error: ErrorObject): { pointer: string; message: string } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { pointer: `${error.instancePath}/${String(params.additionalProperty)}`, message: `unexpected property "${String(params.additionalProperty)}"` };
    case 'required':
      return { pointer: error.instancePath, message: `missing required property "${String(params.missingProperty)}"` };
    case 'enum':
      return { pointer: error.instancePath, message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { pointer: error.instancePath, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'pattern':
      return { pointer: error.instancePath, message: `must match ${String(params.pattern)}` };
    case 'format':
      return { pointer: error.instancePath, message: `must be a ${String(params.format)} string` };
    default:
      return { pointer: error.instancePath, message: error.message ?? `fails ${error.keyword}` };
  }
}
