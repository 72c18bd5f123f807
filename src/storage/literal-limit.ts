import { sql, type RawBuilder } from 'kysely';

/**
 * A LIMIT written into the SQL text rather than bound. SQLite's planner may use a LIMIT's value, so
 * a statement whose LIMIT is a parameter is compiled again on every run once a value is bound
 * (sqlite3_prepare_v2's "expired" rule): measured on the existence query, 59 µs a run with
 * `LIMIT ?` against 13 µs with `LIMIT 101`. Page sizes are few (Graph's $top is 1–999), so the
 * statement cache keeps one text per size. Only a safe non-negative integer is inlined; anything
 * else stays a parameter.
 */
export function literalLimit(n: number): RawBuilder<number> | number {
  return Number.isSafeInteger(n) && n >= 0 ? sql.lit(n) : n;
}
