import type { ComparisonOperator } from '../../odata/index.js';
import type { FilterableProperty } from './filterable-properties.js';

/**
 * A validated user query: what the store must find, in what order. Every property is an entry of
 * the property table (filterable-properties.ts) and every value is typed and normalized, so the
 * store compiles it without judging anything. The same shape can serve groups or applications
 * later with their own property tables.
 */
export interface UserQuery {
  /** `$filter` and `$search` together (Graph combines them with AND); null matches everyone. */
  readonly filter: QueryFilter | null;
  /** Null: the store picks a stable order its indexes serve (object-id order, or storage/implied-order.ts). */
  readonly orderBy: QueryOrder | null;
  /** Whether the request ran as an advanced query (ConsistencyLevel: eventual with $count or $search). */
  readonly advanced: boolean;
}

/** The same validated query shape serves every resource with a property table (audit logs too). */
export type ResourceQuery = UserQuery;

export interface QueryOrder {
  readonly property: FilterableProperty;
  readonly direction: 'asc' | 'desc';
}

/**
 * Values after typing against their property: strings as written (the store folds case), GUIDs
 * lower-cased, booleans, and instants as `toISOString()` text (the stored form).
 */
export type QueryValue = string | boolean | null;

/**
 * What a comparison reads: a scalar property, the element of a string collection, or a field of
 * the objects of a collection (an identity's issuer, an audit target's id), by its table name.
 */
export type Target =
  | { readonly kind: 'scalar'; readonly property: FilterableProperty }
  | { readonly kind: 'element'; readonly collection: FilterableProperty }
  | { readonly kind: 'field'; readonly collection: FilterableProperty; readonly field: string };

export type QueryFilter =
  | { readonly kind: 'and' | 'or'; readonly operands: readonly QueryFilter[] }
  | { readonly kind: 'not'; readonly operand: QueryFilter }
  | { readonly kind: 'compare'; readonly target: Target; readonly operator: ComparisonOperator; readonly value: QueryValue }
  | { readonly kind: 'in'; readonly target: Target; readonly values: readonly QueryValue[] }
  | { readonly kind: 'startsWith' | 'endsWith'; readonly target: Target; readonly value: string }
  /** `collection/any(x: predicate)`; signInNames too (its element is a sign-in name). */
  | { readonly kind: 'any'; readonly collection: FilterableProperty; readonly predicate: QueryFilter }
  /** `collection/$count eq n` / `ne n`. */
  | { readonly kind: 'count'; readonly collection: FilterableProperty; readonly operator: 'eq' | 'ne'; readonly value: number }
  /** `$search` on displayName: every token must begin a word of the value (search-tokens.ts). */
  | { readonly kind: 'words'; readonly property: FilterableProperty; readonly tokens: readonly string[] };

/** A position in a result order: the last row's sort key (when ordered by a property) and id. */
export interface KeysetPosition {
  /** The sort key as the store compares it; null for a null key; absent in object-id order. */
  readonly key?: string | null;
  readonly id: string;
}

export const and = (operands: (QueryFilter | null)[]): QueryFilter | null => {
  const present = operands.filter((o): o is QueryFilter => o !== null);
  if (present.length === 0) return null;
  return present.length === 1 ? present[0] : { kind: 'and', operands: present };
};
