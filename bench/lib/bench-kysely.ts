import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../../src/storage/schema.js';

/** A plain Kysely on a benchmark database, for EXPLAIN (the store does not hand out its own). */
export function benchKysely(url: string): Kysely<Database> {
  return /^postgres(ql)?:\/\//i.test(url)
    ? new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }) })
    : new Kysely<Database>({ dialect: new SqliteDialect({ database: new SqliteDatabase(url) }) });
}
