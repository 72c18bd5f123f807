import type { ComparisonOperator, Literal } from '../../odata/index.js';
import { incompatibleTypes } from './query-errors.js';
import type { QueryValue } from './user-query.js';

export type ScalarType = 'string' | 'guid' | 'boolean' | 'dateTimeOffset';

/** ODataLib's names for operators in type errors. */
const operatorKind: Record<ComparisonOperator | 'in', string> = {
  eq: 'Equal', ne: 'NotEqual', gt: 'GreaterThan', ge: 'GreaterThanOrEqual', lt: 'LessThan', le: 'LessThanOrEqual', in: 'Equal',
};

/** Graph's EDM type of each property type; `id` is an Edm.String in Graph's metadata. */
const edmOfProperty: Record<ScalarType, string> = {
  string: 'Edm.String', guid: 'Edm.String', boolean: 'Edm.Boolean', dateTimeOffset: 'Edm.DateTimeOffset',
};

const INT32 = 2 ** 31;

function edmOfLiteral(literal: Literal): string {
  switch (literal.type) {
    case 'string': return 'Edm.String';
    case 'boolean': return 'Edm.Boolean';
    case 'guid': return 'Edm.Guid';
    case 'dateTimeOffset': return 'Edm.DateTimeOffset';
    case 'date': return 'Edm.Date';
    case 'null': return 'null';
    case 'number':
      if (!literal.integer) return 'Edm.Double';
      return Math.abs(literal.value) < INT32 ? 'Edm.Int32' : 'Edm.Int64';
  }
}

/**
 * A literal typed against the property it is compared with, or ODataLib's type error.
 * - strings stay as written (case folding is the store's job, so it folds both sides alike);
 * - `id` accepts a quoted or an unquoted GUID and is compared lower-cased, as ids are stored;
 * - DateTimeOffset accepts an unquoted instant, an unquoted date (midnight UTC) or, for beta's
 *   String-typed externalUserStateChangeDateTime, a quoted ISO instant; all become toISOString().
 * `null` passes through; whether a null comparison is allowed is the validator's call.
 */
export function typedValue(type: ScalarType, literal: Literal, operator: ComparisonOperator | 'in'): QueryValue {
  if (literal.type === 'null') return null;
  const fail = () => incompatibleTypes(edmOfProperty[type], edmOfLiteral(literal), operatorKind[operator]);
  switch (type) {
    case 'string':
      if (literal.type === 'string') return literal.value;
      throw fail();
    case 'guid':
      if (literal.type === 'string') return literal.value.toLowerCase();
      if (literal.type === 'guid') return literal.text.toLowerCase();
      throw fail();
    case 'boolean':
      if (literal.type === 'boolean') return literal.value;
      throw fail();
    case 'dateTimeOffset': {
      const iso = literal.type === 'dateTimeOffset' ? isoInstant(literal.text)
        : literal.type === 'date' ? isoInstant(`${literal.text}T00:00:00Z`)
        : literal.type === 'string' ? isoInstant(literal.value)
        : undefined;
      if (iso === undefined) throw fail();
      return iso;
    }
  }
}

const INSTANT = /^(\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * `2021-01-01T08:00:00.1234567+01:00` -> `2021-01-01T07:00:00.123Z`. JavaScript dates keep
 * milliseconds, so further digits are dropped (Graph shows whole seconds anyway).
 */
export function isoInstant(text: string): string | undefined {
  const m = INSTANT.exec(text);
  if (!m) return undefined;
  // Date would roll 2021-02-30 over to March; quoted values have not been through the parser's check.
  const [y, mo, d] = m[1].slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return undefined;
  const fraction = m[2] ? `.${m[2].slice(0, 3)}` : '';
  const date = new Date(`${m[1].toUpperCase()}${fraction}${m[3].toUpperCase()}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
