import type { FastifyError } from 'fastify';

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  parentSchema?: { title?: string };
  schema?: unknown;
  data?: unknown;
}

const edmType: Record<string, string> = {
  string: 'Edm.String', boolean: 'Edm.Boolean', object: 'a JSON object', array: 'a JSON array', integer: 'Edm.Int32', number: 'Edm.Double',
};

function propertyOf(path: string): string {
  const parts = path.split('/').filter(Boolean).filter((p) => !/^\d+$/.test(p));
  return parts.at(-1) ?? '';
}

function describeType(schemaType: unknown): string {
  const types = (Array.isArray(schemaType) ? schemaType : [schemaType]).filter((t) => t !== 'null').map(String);
  return types.map((t) => edmType[t] ?? t).join(' or ');
}

/**
 * Turns the first JSON Schema failure into a sentence in Graph's manner that names the property,
 * e.g. OData's "The property 'x' does not exist on type 'microsoft.graph.invitation'…".
 */
export function describeValidationError(err: FastifyError): string {
  const first = (err.validation as AjvError[] | undefined)?.[0];
  if (!first) return 'The request body is not valid.';
  const type = first.parentSchema?.title ?? 'microsoft.graph.entity';
  const prop = propertyOf(first.instancePath);
  switch (first.keyword) {
    case 'additionalProperties':
      return `The property '${String(first.params.additionalProperty)}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type.`;
    case 'required':
      return `The property '${String(first.params.missingProperty)}' is required on type '${type}' but was not given.`;
    case 'type':
      return prop
        ? `Cannot convert the value of property '${prop}' to the expected type '${describeType(first.params.type)}'.`
        : `The request body must be ${describeType(first.params.type)}.`;
    case 'maxLength':
      return `The value of property '${prop}' is longer than the maximum of ${String(first.params.limit)} characters.`;
    case 'minLength':
      return `The value of property '${prop}' may not be empty.`;
    case 'maxItems':
      return `Property '${prop}' has more than the maximum of ${String(first.params.limit)} items.`;
    default:
      return `The value of property '${prop || 'body'}' is not valid.`;
  }
}
