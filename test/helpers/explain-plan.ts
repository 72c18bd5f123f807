import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, type Compilable } from 'kysely';
import pg from 'pg';
import type { Database, Db } from '../../src/storage/schema.js';
import type { TestDatabase } from './databases.js';

/**
 * The plan of a query as lines of text. On PostgreSQL sequential scans are switched off for the
 * question, so a test data set too small to make an index worthwhile still shows whether one can
 * serve the query at all.
 */
export async function explain(db: Kysely<Database>, postgres: boolean, query: Compilable<unknown>): Promise<string[]> {
  const c = query.compile();
  const run = async (d: Db) => (await d.executeQuery<Record<string, unknown>>(CompiledQuery.raw(`${postgres ? 'explain' : 'explain query plan'} ${c.sql}`, [...c.parameters])))
    .rows.map((r) => String(postgres ? r['QUERY PLAN'] : r.detail));
  if (!postgres) return run(db);
  return db.transaction().execute(async (trx) => {
    await trx.executeQuery(CompiledQuery.raw('set local enable_seqscan = off'));
    return run(trx);
  });
}

/**
 * A Kysely handle of its own on a test database (one connection), for building the store's
 * queries and reading their plans beside a store opened on the same database.
 */
export function planHandle(db: TestDatabase): Kysely<Database> {
  return new Kysely<Database>({
    dialect: db.dialect === 'postgres'
      ? new PostgresDialect({ pool: new pg.Pool({ connectionString: db.url, max: 1 }) })
      : new SqliteDialect({ database: new SqliteDatabase(db.url) }),
  });
}
