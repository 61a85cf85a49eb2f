import { Type, type TSchema } from '@sinclair/typebox';
import type { ErrorObject, ValidateFunction } from 'ajv';
import ucs2lengthModule from 'ajv/dist/runtime/ucs2length.js';
import { pickError } from '../json/ajv.js';
import { formats } from '../json/formats.js';
import { CONFIG_VALIDATOR_SOURCE } from './config-validator.generated.js';

/**
 * The shape of a flat config, checked by ajv as snapshots and baselines are, so an error has a JSON pointer (and a
 * line and column when the config file is JSON or YAML). Each part says in its own words what is wrong with it;
 * what depends on the rules (unknown rule ids, rule options, plugin rule objects) is checked by resolveConfig.
 */

export const CONFIG_KEYS = ['name', 'accounts', 'ous', 'plugins', 'rules', 'exceptions', 'ignoreTags'] as const;
export const EXCEPTION_KEYS = ['rule', 'resource', 'accounts', 'reason', 'expires'] as const;
const LEVEL_INPUTS = ['off', 'warn', 'error', '0', '1', '2', 0, 1, 2];

export interface ConfigProblem {
  /** Where in the flat config, as a JSON pointer (`/0/rules/access-key-max-age`). */
  pointer: string;
  message: string;
  hint?: string;
}

interface ProblemContext {
  error: ErrorObject;
  /** The instance path of the failing value, split; `segments[0]` is the config object's index. */
  segments: string[];
  value: unknown;
  /** `config object #2 "team overrides"`. */
  where: string;
}

type Describe = (context: ProblemContext) => Omit<ConfigProblem, 'pointer'>;
const describers = new WeakMap<object, Describe>();
function described<T extends TSchema>(schema: T, describe: Describe): T {
  describers.set(schema, describe);
  return schema;
}

const exceptionLabel = ({ segments, where }: ProblemContext) => `exception #${Number(segments[2]) + 1} in ${where}`;
const unknownKey = (error: ErrorObject) => String((error.params as { additionalProperty?: unknown }).additionalProperty);
const missing = (error: ErrorObject) => (error.params as { missingProperty?: unknown }).missingProperty;

/** Type.Optional copies its schema, so the description goes on the copy. */
const optional = <T extends TSchema>(schema: T, describe?: Describe) => {
  const copy = Type.Optional(schema);
  if (describe) describers.set(copy, describe);
  else if (describers.has(schema)) describers.set(copy, describers.get(schema) as Describe);
  return copy;
};
const strings = (describe: Describe) => described(Type.Array(Type.String()), describe);

const RuleEntry = described(
  Type.Unsafe({ anyOf: [{ enum: LEVEL_INPUTS }, { type: 'array', items: [{ enum: LEVEL_INPUTS }], minItems: 1 }] }),
  ({ segments, value, where }) => ({
    message: `rule "${segments[2]}" in ${where} has severity ${JSON.stringify(Array.isArray(value) ? value[0] : value)}`,
    hint: 'use "off", "warn" or "error" (or 0, 1, 2)',
  }),
);

const Plugin = described(Type.Object({ rules: optional(Type.Object({})) }), ({ segments, where }) => ({
  message: `${where}: plugin "${segments[2]}" must be an object with a "rules" object`,
}));

const Exception = described(
  Type.Object(
    {
      rule: described(Type.String({ minLength: 1 }), (context) => ({ message: `${exceptionLabel(context)} needs a "rule"` })),
      resource: optional(Type.String(), (context) => ({ message: `${exceptionLabel(context)}: "resource" must be a string` })),
      accounts: optional(strings((context) => ({ message: `${exceptionLabel(context)}: "accounts" must be an array of strings` }))),
      reason: described(Type.String({ pattern: '\\S' }), (context) => ({
        message: `${exceptionLabel(context)} needs a "reason"`,
        hint: 'say why the finding is accepted, for the next reader',
      })),
      expires: optional(Type.String({ format: 'iamlint-day' }), (context) => ({
        message: `${exceptionLabel(context)}: "expires" must be a date as YYYY-MM-DD, got ${JSON.stringify(context.value)}`,
      })),
    },
    { additionalProperties: false },
  ),
  (context) => {
    const { error } = context;
    if (error.keyword === 'additionalProperties') {
      return { message: `${exceptionLabel(context)} has an unknown key "${unknownKey(error)}"`, hint: `allowed keys: ${EXCEPTION_KEYS.join(', ')}` };
    }
    if (error.keyword === 'required' && missing(error) === 'reason') {
      return { message: `${exceptionLabel(context)} needs a "reason"`, hint: 'say why the finding is accepted, for the next reader' };
    }
    if (error.keyword === 'required') return { message: `${exceptionLabel(context)} needs a "${String(missing(error))}"` };
    return { message: `${exceptionLabel(context)} must be an object` };
  },
);

const ConfigObjectSchema = described(
  Type.Object(
    {
      name: optional(Type.Unknown()),
      accounts: optional(strings(({ where }) => ({ message: `${where}: "accounts" must be an array of strings` }))),
      ous: optional(strings(({ where }) => ({ message: `${where}: "ous" must be an array of strings` }))),
      plugins: optional(Type.Unsafe({ type: 'object', propertyNames: { pattern: '^[a-z0-9][a-z0-9-]*$' }, additionalProperties: Plugin }), ({ error, where }) => {
        const prefix = (error.params as { propertyName?: unknown }).propertyName ?? error.propertyName;
        return prefix === undefined
          ? { message: `${where}: "plugins" must map a prefix to a plugin object` }
          : { message: `${where}: plugin prefix "${String(prefix)}" must be kebab-case` };
      }),
      rules: optional(Type.Unsafe({ type: 'object', additionalProperties: RuleEntry }), ({ where }) => ({
        message: `${where}: "rules" must be an object of rule id → setting`,
      })),
      exceptions: optional(Type.Array(Exception), ({ where }) => ({ message: `${where}: "exceptions" must be an array` })),
      ignoreTags: optional(
        Type.Unsafe({
          anyOf: [
            { type: 'boolean' },
            {
              type: 'object',
              properties: { rules: { type: 'array', items: { type: 'string' } }, below: { enum: ['critical', 'high', 'medium', 'low', 'info'] } },
              additionalProperties: false,
            },
          ],
        }),
        ({ where }) => ({
          message: `${where}: "ignoreTags" must be true, false, or { rules?: [rule ids], below?: critical|high|medium|low|info }`,
        }),
      ),
    },
    { additionalProperties: false },
  ),
  ({ error, where }) =>
    error.keyword === 'additionalProperties'
      ? { message: `${where} has an unknown key "${unknownKey(error)}"`, hint: `allowed keys: ${CONFIG_KEYS.join(', ')}` }
      : { message: `${where} must be an object`, hint: 'the config is an array of objects, later ones win' },
);

/** Exported for scripts/generate-validators.mjs, which precompiles it. */
export const FlatConfigSchema = Type.Array(ConfigObjectSchema);

let validateFlatConfig: ValidateFunction | undefined;

/** The first thing wrong with the shape of a flat config, or undefined when its shape is right. */
export function configProblem(objects: readonly unknown[], describeObject: (object: unknown, index: number) => string): ConfigProblem | undefined {
  validateFlatConfig ??= precompiledValidator();
  if (validateFlatConfig(objects)) return undefined;
  const error = pickError(validateFlatConfig.errors);
  if (!error) return { pointer: '', message: 'the config does not have the shape of a flat config' };
  const segments = error.instancePath.split('/').slice(1).map(unescape);
  const index = Number(segments[0]);
  const context: ProblemContext = { error, segments, value: valueAt(objects, segments), where: describeObject(objects[index], index) };
  const describe = describerOf(error.schemaPath);
  const pointer = error.keyword === 'additionalProperties' ? `${error.instancePath}/${unknownKey(error)}` : error.instancePath;
  return { pointer, ...(describe ? describe(context) : { message: `${context.where}: ${error.message ?? 'is not valid'}` }) };
}

/**
 * FlatConfigSchema's validator, precompiled when core is built (scripts/generate-validators.mjs): compiling it here
 * took a sizeable share of a small audit. A test regenerates the code and checks it against the schema.
 */
function precompiledValidator(): ValidateFunction {
  const exports: Record<string, unknown> = {};
  // ajv's standalone code requires its runtime helper for `minLength`, which counts code points, not UTF-16 units.
  // A CommonJS module: Node hands its `exports` as the default import, bundlers and vitest its `default` export.
  const imported = ucs2lengthModule as unknown as ((text: string) => number) | { default: (text: string) => number };
  const ucs2length = typeof imported === 'function' ? imported : imported.default;
  const requireRuntime = (id: string) => {
    if (id !== 'ajv/dist/runtime/ucs2length') throw new Error(`the precompiled config validator requires ${id}`);
    return { default: ucs2length };
  };
  const configFormats = { ...formats, 'iamlint-day': { type: 'string' as const, validate: isDay } };
  // Our own build output, never input: the code ajv generated from FlatConfigSchema.
  new Function('exports', 'module', 'formats', 'require', CONFIG_VALIDATOR_SOURCE)(exports, { exports }, configFormats, requireRuntime);
  return exports['flatConfig'] as ValidateFunction;
}

/** The describer of the deepest schema on the error's schema path that has one. */
function describerOf(schemaPath: string): Describe | undefined {
  let node: unknown = FlatConfigSchema;
  let found: Describe | undefined;
  for (const segment of schemaPath.split('/').slice(1).map(unescape)) {
    if (typeof node !== 'object' || node === null) break;
    found = describers.get(node) ?? found;
    node = (node as Record<string, unknown>)[segment];
  }
  if (typeof node === 'object' && node !== null) found = describers.get(node) ?? found;
  return found;
}

function valueAt(root: unknown, segments: readonly string[]): unknown {
  let value = root;
  for (const segment of segments) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[segment] : undefined;
  return value;
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function isDay(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}
