import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { and, type QueryFilter } from '../domain/users/user-query.js';
import { impliedOrder } from './implied-order.js';
import type { Ordering } from './keyset.js';
import { collate, PREFIX_END } from './query-operands.js';
import { DISPLAY_NAME_TOKENS } from './repos/user-row.js';

/**
 * An unordered `$search` on displayName read from the search-token index: rows come in (token,
 * user id) order straight off user_values_q, joined to their users, so a page costs the same
 * whether the word begins ten names or a hundred thousand. Filtering users by `id IN (every user
 * with the word)` instead would collect every match before the first row.
 *
 * The driving token is the longest of the first displayName clause of the top-level `and` (the
 * most selective); the clause's other tokens and the rest of the filter are checked on each row.
 * A user with two words starting with the token appears once: at their smallest such word.
 */
export interface SearchDriver {
  readonly token: string;
  /** The clause's other tokens: each must begin some word of the same user's displayName. */
  readonly others: readonly string[];
  /** Everything else the filter asks, checked on the users row. */
  readonly rest: QueryFilter | null;
}

const conjuncts = (f: QueryFilter): QueryFilter[] => (f.kind === 'and' ? f.operands.flatMap(conjuncts) : [f]);

/** Null unless the query is unordered, has no range to order by, and ANDs a displayName search. */
export function searchDriver(filter: QueryFilter | null): SearchDriver | null {
  if (filter === null || impliedOrder(filter) !== null) return null;
  const leaves = conjuncts(filter);
  const at = leaves.findIndex((l) => l.kind === 'words' && l.tokens.length > 0);
  const words = leaves[at];
  if (at < 0 || words.kind !== 'words') return null;
  const token = words.tokens.reduce((a, b) => (b.length > a.length ? b : a));
  return { token, others: words.tokens.filter((t) => t !== token), rest: and(leaves.filter((_, i) => i !== at)) };
}

export const DRIVER_ALIAS = 'dw';

/** Conditions on the driving token row `dw` and its user `users`, and the order they are read in. */
export function searchDriverSql(d: SearchDriver, users: string, pg: boolean) {
  const value = (alias: string) => collate(pg, sql.ref(`${alias}.value_lower`));
  const dw = value(DRIVER_ALIAS);
  const range = (v: RawBuilder<unknown>, token: string) => sql<SqlBool>`${v} >= ${token} and ${v} <= ${token + PREFIX_END}`;
  const conditions: RawBuilder<SqlBool>[] = [
    sql<SqlBool>`${sql.ref(`${DRIVER_ALIAS}.kind`)} = ${DISPLAY_NAME_TOKENS}`,
    range(dw, d.token),
    // The user's first word starting with the token is the one that stands for them.
    sql<SqlBool>`not exists (select 1 from user_values as dw_first where dw_first.tenant_id = ${sql.ref(`${DRIVER_ALIAS}.tenant_id`)} and dw_first.user_id = ${sql.ref(`${DRIVER_ALIAS}.user_id`)} and dw_first.kind = ${DISPLAY_NAME_TOKENS} and ${value('dw_first')} >= ${d.token} and ${value('dw_first')} < ${dw})`,
    ...d.others.map((t, i) => {
      const a = `dw_and${i}`;
      return sql<SqlBool>`exists (select 1 from user_values as ${sql.id(a)} where ${sql.ref(`${a}.tenant_id`)} = ${sql.ref(`${users}.tenant_id`)} and ${sql.ref(`${a}.user_id`)} = ${sql.ref(`${users}.id`)} and ${sql.ref(`${a}.kind`)} = ${DISPLAY_NAME_TOKENS} and ${range(value(a), t)})`;
    }),
  ];
  const userId = sql.ref(`${DRIVER_ALIAS}.user_id`);
  const order: Ordering = {
    key: dw,
    segments: [{
      where: sql<SqlBool>`${sql.join(conditions, sql` and `)}`,
      after: (p) => sql<SqlBool>`${dw} >= ${p.key ?? ''} and (${dw} > ${p.key ?? ''} or ${userId} > ${p.id})`,
      orderBy: sql`${dw}, ${userId}`,
      holds: (p) => typeof p.key === 'string',
    }],
  };
  return order;
}
