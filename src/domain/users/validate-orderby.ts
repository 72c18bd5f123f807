import type { OrderByItem } from '../../odata/index.js';
import type { QuerySchema } from './filter-checks.js';
import { sortingNotSupported, unsupportedSort } from './query-errors.js';
import type { QueryOrder } from './user-query.js';

/**
 * `$orderby` by the resource's sort table. For users (Graph's sorting table): displayName and
 * userPrincipalName by default, createdDateTime in advanced queries, nothing else; `$filter` with
 * `$orderby` only in advanced queries ("Using $filter and $orderby together is supported only with
 * advanced queries"), a rule of resources that have them. One property at a time: keyset paging
 * orders by it and then by object id.
 */
export function validateOrderBy(items: readonly OrderByItem[], ctx: { advanced: boolean; filtered: boolean; schema: QuerySchema }): QueryOrder {
  if (items.length !== 1) throw sortingNotSupported();
  const [item] = items;
  const name = item.path.join('/');
  const property = ctx.schema.property(item.path);
  const level = property?.orderBy;
  if (!property || level === undefined || (level === 'advanced' && !ctx.advanced)) throw unsupportedSort(name, ctx.schema.resource);
  if (ctx.filtered && !ctx.advanced && ctx.schema.advancedQueries) throw sortingNotSupported();
  return { property, direction: item.direction };
}
