import type { OrderByItem } from '../../odata/index.js';
import { filterableProperty } from './filterable-properties.js';
import { sortingNotSupported, unsupportedSort } from './query-errors.js';
import type { QueryOrder } from './user-query.js';

/**
 * `$orderby` by Graph's sorting table for users: displayName and userPrincipalName by default,
 * createdDateTime in advanced queries, nothing else; `$filter` with `$orderby` only in advanced
 * queries ("Using $filter and $orderby together is supported only with advanced queries"). One
 * property at a time: keyset paging orders by it and then by object id.
 */
export function validateOrderBy(items: readonly OrderByItem[], ctx: { advanced: boolean; filtered: boolean }): QueryOrder {
  if (items.length !== 1) throw sortingNotSupported();
  const [item] = items;
  const name = item.path.join('/');
  const property = item.path.length === 1 ? filterableProperty(item.path[0]) : undefined;
  const level = property?.orderBy;
  if (!property || level === undefined || (level === 'advanced' && !ctx.advanced)) throw unsupportedSort(name);
  if (ctx.filtered && !ctx.advanced) throw sortingNotSupported();
  return { property, direction: item.direction };
}
