import type { QueryFilter, QueryOrder } from '../domain/users/user-query.js';

const RANGES = new Set(['gt', 'ge', 'lt', 'le']);

/**
 * The order the store reads an unordered query in. Graph promises no order without `$orderby`
 * (Microsoft Graph "Use query parameters": results come in whatever order the service keeps), so
 * the store picks the one its indexes serve: object-id order, except when the filter's top-level
 * conjunction holds a range on a users column (`startsWith`, `gt`/`ge`/`lt`/`le`). An index of
 * migration 002 holds those matches in (value, id) order; reading them in id order would sort every
 * match before the first row comes out, a cost that grows with the directory (a third of a million
 * users start with 'a' in a million). Read in the range's own order, each page is an index seek.
 * Matches of a range are never null there, hence `nonNull`.
 */
export function impliedOrder(filter: QueryFilter | null): (QueryOrder & { nonNull: true }) | null {
  const leaves = filter === null ? [] : filter.kind === 'and' ? filter.operands : [filter];
  for (const leaf of leaves) {
    if (leaf.kind === 'startsWith' && leaf.target.kind === 'scalar') {
      return { property: leaf.target.property, direction: 'asc', nonNull: true };
    }
    if (leaf.kind === 'compare' && leaf.target.kind === 'scalar' && RANGES.has(leaf.operator) && leaf.value !== null) {
      return { property: leaf.target.property, direction: 'asc', nonNull: true };
    }
  }
  return null;
}
