import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { KeysetPosition, QueryOrder } from '../domain/users/user-query.js';
import { operandOf } from './query-operands.js';

/**
 * Keyset paging in any order Graph allows: a page continues strictly after the last row's
 * (sort key, id), so it costs the same on page 1 and page 10,000 and stays stable while users are
 * added or removed. Ties on the key are broken by object id, in the sort's direction.
 *
 * Nulls (only displayName can be null among the sortable properties) sort as the smallest value,
 * as SQLite does natively: first in ascending order, last in descending order. The result is read
 * as segments — the null keys (in id order) and the non-null keys (in key order) — each fetched
 * with its own index range, because one OR spanning both would defeat the index seek.
 */
export interface Segment {
  /** Rows of this segment. */
  readonly where: RawBuilder<SqlBool>;
  /** Rows strictly after `after`, which lies in this segment. */
  readonly after: (after: KeysetPosition) => RawBuilder<SqlBool>;
  readonly orderBy: RawBuilder<unknown>;
  /** Whether a position lies in this segment. */
  readonly holds: (after: KeysetPosition) => boolean;
}

export interface Ordering {
  /** The sort key as a column of the page query (absent in id order). */
  readonly key?: RawBuilder<unknown>;
  readonly segments: readonly Segment[];
}

const TRUE = sql<SqlBool>`1 = 1`;

/** `nonNull`: every row read has a non-null key (implied-order.ts), so one segment in plain key order. */
export function ordering(order: (QueryOrder & { nonNull?: boolean }) | null, alias: string, pg: boolean): Ordering {
  const id = sql.ref(`${alias}.id`);
  if (order === null) {
    return { segments: [{ where: TRUE, after: (p) => sql<SqlBool>`${id} > ${p.id}`, orderBy: sql`${id}`, holds: () => true }] };
  }
  const operand = operandOf({ kind: 'scalar', property: order.property }, { kind: 'entity', alias }, pg);
  const key = operand.expr;
  const nullable = operand.nullable && order.nonNull !== true;
  const desc = order.direction === 'desc';
  const [gt, dir] = desc ? ['<', 'desc'] : ['>', 'asc'];
  // PostgreSQL's defaults differ from the chosen null order; say it, so the index still orders.
  // The indexes of sortable nullable properties (displayName) keep that order (migration 002), and
  // a range read of one (implied-order.ts) must name it too; other indexes keep PostgreSQL's default.
  const nullsAsIndexed = operand.nullable && order.property.orderBy !== undefined;
  const nulls = pg && nullsAsIndexed ? (desc ? ' nulls last' : ' nulls first') : '';
  const values: Segment = {
    where: nullable ? sql<SqlBool>`${key} is not null` : TRUE,
    // `key >= k and (key > k or id > i)`: the first term seeks the index, the second skips the ties.
    after: (p) => sql<SqlBool>`${key} ${sql.raw(`${gt}=`)} ${p.key ?? ''} and (${key} ${sql.raw(gt)} ${p.key ?? ''} or ${id} ${sql.raw(gt)} ${p.id})`,
    orderBy: sql`${key} ${sql.raw(dir + nulls)}, ${id} ${sql.raw(dir)}`,
    holds: (p) => p.key !== null && p.key !== undefined,
  };
  if (!nullable) return { key, segments: [values] };
  const nullKeys: Segment = {
    where: sql<SqlBool>`${key} is null`,
    after: (p) => sql<SqlBool>`${id} ${sql.raw(gt)} ${p.id}`,
    orderBy: sql`${id} ${sql.raw(dir)}`,
    holds: (p) => p.key === null,
  };
  return { key, segments: desc ? [values, nullKeys] : [nullKeys, values] };
}

/** A fetched row: its id and, when ordered by a property, its sort key. */
export interface KeyedRow { readonly id: string; readonly sort_key?: string | null }

/**
 * One page in an ordering: rows strictly after `after`, reading the segments from the one that
 * holds `after` until the page is full. One row more than asked for tells whether another page
 * follows; `next` is the position of the page's last row then.
 */
export async function readKeysetPage<R extends KeyedRow>(
  order: Ordering, page: { after: KeysetPosition | null; top: number },
  fetch: (segment: number, after: KeysetPosition | null, limit: number) => Promise<R[]>,
): Promise<{ rows: R[]; next: KeysetPosition | null }> {
  const { after, top } = page;
  const start = after === null ? 0 : Math.max(0, order.segments.findIndex((s) => s.holds(after)));
  const rows: R[] = [];
  for (let i = start; i < order.segments.length && rows.length <= top; i++) {
    rows.push(...(await fetch(i, i === start ? after : null, top + 1 - rows.length)));
  }
  const kept = rows.slice(0, top);
  const last = kept[kept.length - 1];
  const next = rows.length > top && last ? (order.key ? { key: last.sort_key ?? null, id: last.id } : { id: last.id }) : null;
  return { rows: kept, next };
}
