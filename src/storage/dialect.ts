import { PostgresAdapter, type DialectAdapter } from 'kysely';

/**
 * Whether a connection (or transaction, or the untyped handle migrations get) talks to PostgreSQL.
 * Query shapes differ in one place only: PostgreSQL compares and sorts query text under the "C"
 * collation (see filter-to-sql.ts), which SQLite does by default.
 */
export function isPostgres(db: { getExecutor(): { readonly adapter: DialectAdapter } }): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
