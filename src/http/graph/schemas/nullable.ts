import { Type, type TSchema, type Static } from 'typebox';

/**
 * A Graph property that may also be JSON `null`. Expressed as `type: [t, "null"]` rather than
 * `anyOf`, so a wrong type yields one clear error instead of one per alternative.
 */
export function Nullable<T extends TSchema>(schema: T) {
  const s = schema as unknown as { type: string };
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [s.type, 'null'] });
}

/** Graph bodies may carry OData annotations such as `@odata.type`; they are accepted and ignored. */
export const odataAnnotations = { patternProperties: { '^@odata\\.': {} } } as const;
