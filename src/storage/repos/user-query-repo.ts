import { sql, type CompiledQuery, type SqlBool } from 'kysely';
import type { UserPageRequest, UserQueryPage } from '../../domain/ports.js';
import type { KeysetPosition, QueryFilter, UserQuery } from '../../domain/users/user-query.js';
import { isPostgres } from '../dialect.js';
import { filterToSql, type SqlScope } from '../filter-to-sql.js';
import { CompiledShapes } from '../compiled-shapes.js';
import { equalityShape, withValues, type EqualityShape } from '../generic-plan.js';
import { impliedOrder } from '../implied-order.js';
import { literalLimit } from '../literal-limit.js';
import { ordering, readKeysetPage, type Ordering } from '../keyset.js';
import { registerAdHocPreparedText } from '../prepared-statements.js';
import { DRIVER_ALIAS, searchDriver, searchDriverSql } from '../search-driven.js';
import type { Db, UsersTable } from '../schema.js';
import { hydrateUsers } from './user-hydrate.js';
import { userColumns } from './user-row.js';

const ALIAS = 'u';

type Row = UsersTable & { sort_key?: string | null };

/** The SQL of one query: its filter, its order's segments, and the selects built from them. */
export function userQuerySql(db: Db, tenantId: string, query: UserQuery, columns?: readonly (keyof UsersTable)[]) {
  const scope: SqlScope = { pg: isPostgres(db), tenantId, table: 'users', aliases: { next: 0 } };
  const where = (f: QueryFilter | null) => (f ? filterToSql(f, ALIAS, scope) : sql<SqlBool>`1 = 1`);
  const matching = () => db.selectFrom(`users as ${ALIAS}`).where(`${ALIAS}.tenant_id`, '=', tenantId).where(where(query.filter));
  const driver = query.orderBy === null ? searchDriver(query.filter) : null;
  const order: Ordering = driver ? searchDriverSql(driver, ALIAS, scope.pg) : ordering(query.orderBy ?? impliedOrder(query.filter), ALIAS, scope.pg);
  return {
    order,
    /** Up to `limit` rows of segment `index`, strictly after `after` when given. */
    segment(index: number, after: KeysetPosition | null, limit: number) {
      const segment = order.segments[index];
      const key = sql<string | null>`${order.key ?? sql`null`}`.as('sort_key');
      if (driver) {
        // search-driven.ts: rows read off the token index, each joined to its user.
        let q = db.selectFrom(`user_values as ${DRIVER_ALIAS}`)
          .innerJoin(`users as ${ALIAS}`, (j) => j.onRef(`${ALIAS}.tenant_id`, '=', `${DRIVER_ALIAS}.tenant_id`).onRef(`${ALIAS}.id`, '=', `${DRIVER_ALIAS}.user_id`))
          .where(`${DRIVER_ALIAS}.tenant_id`, '=', tenantId).where(where(driver.rest)).where(segment.where)
          .select(selection(columns)).select(key);
        if (after !== null) q = q.where(segment.after(after));
        return q.orderBy(segment.orderBy).limit(literalLimit(limit));
      }
      let q = matching().select(selection(columns)).where(segment.where);
      if (order.key) q = q.select(key);
      if (after !== null) q = q.where(segment.after(after));
      return q.orderBy(segment.orderBy).limit(literalLimit(limit));
    },
    count: () => matching().select(sql<number | string>`count(*)`.as('n')),
  };
}

/** `u.*`, or the columns named (a page that shows a few properties reads a few columns). */
const selection = (columns: readonly (keyof UsersTable)[] | undefined) =>
  (columns === undefined ? sql`${sql.ref(ALIAS)}.*` : columns.map((c) => sql.ref(`${ALIAS}.${c}`))) as never;

/** The compiled SQL of equality filters, by shape (exported for tests). */
export const equalityShapes = new CompiledShapes();

/** One page of a validated query: rows strictly after `after` in the query's order (keyset.ts). */
export async function queryUsers(
  db: Db, tenantId: string, query: UserQuery, page: UserPageRequest,
): Promise<UserQueryPage> {
  // Equality filters in id order (generic-plan.ts) read one segment with SQL reused by shape.
  const shape = query.orderBy === null ? equalityShape(query.filter) : null;
  const columns = userColumns(page.fields);
  const q = shape === null ? userQuerySql(db, tenantId, query, columns) : null;
  const { rows, next } = await readKeysetPage(q?.order ?? ordering(null, ALIAS, isPostgres(db)), page, async (i, after, limit) =>
    (q !== null ? await q.segment(i, after, limit).execute() : await equalityPage(db, tenantId, query, shape as EqualityShape, after, limit, columns)) as Row[]);
  const users = await hydrateUsers(db, tenantId, rows.map(({ sort_key: _key, ...row }) => row), page.collections);
  return { users, next };
}

/**
 * The SQL of a page of an equality filter, from its shape's cached text (compiled-shapes.ts): the
 * same as `userQuerySql(…).segment(0, after, limit).compile()`. Slot 0 is the tenant, then the
 * filter's values, then the id to continue after.
 */
export function equalitySegmentSql(
  db: Db, tenantId: string, query: UserQuery, shape: EqualityShape, after: KeysetPosition | null, limit: number, columns?: readonly (keyof UsersTable)[],
): CompiledQuery {
  const key = `${isPostgres(db) ? 'pg' : 'sqlite'}|${limit}|${after === null ? '' : 'after'}|${columns?.join(',') ?? '*'}|${shape.key}`;
  const filter = query.filter as QueryFilter;
  const n = shape.values.length;
  return equalityShapes.compile(key, [tenantId, ...shape.values, ...(after === null ? [] : [after.id])], (v) =>
    userQuerySql(db, v[0], { ...query, filter: withValues(filter, v.slice(1, 1 + n)) }, columns).segment(0, after === null ? null : { id: v[1 + n] }, limit).compile());
}

/** On PostgreSQL an equality page is a named prepared statement, which keeps a generic plan. */
async function equalityPage(
  db: Db, tenantId: string, query: UserQuery, shape: EqualityShape, after: KeysetPosition | null, limit: number, columns: readonly (keyof UsersTable)[] | undefined,
) {
  const compiled = equalitySegmentSql(db, tenantId, query, shape, after, limit, columns);
  if (isPostgres(db)) registerAdHocPreparedText(compiled.sql);
  return (await db.executeQuery(compiled)).rows;
}

export async function countUsers(db: Db, tenantId: string, query: UserQuery): Promise<number> {
  const row = await userQuerySql(db, tenantId, query).count().executeTakeFirst();
  return Number(row?.n ?? 0);
}
