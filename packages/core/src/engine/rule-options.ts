import { Type, type ObjectOptions, type SchemaOptions, type Static, type TObject, type TProperties, type TSchema, type TUnsafe } from '@sinclair/typebox';

/**
 * A rule's option object. A user may leave out any property, since the rule's defaults give them all: the schema
 * requires none, while the type the rule reads (`Static<>`) has every one.
 */
export function OptionObject<T extends TProperties>(properties: T, options: ObjectOptions = {}): TObject<T> {
  const schema = Type.Object(properties, { additionalProperties: false, ...options });
  delete (schema as { required?: unknown }).required;
  return schema;
}

/** The schema, or null: `"type": [type, "null"]`, so an error names the type rather than a branch of a union. */
export function Nullable<T extends TSchema>(schema: T, options: SchemaOptions = {}): TUnsafe<Static<T> | null> {
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type as string, 'null'], ...options });
}

/** A string enum that validates as `enum`, so an error lists the allowed values. */
export function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}
