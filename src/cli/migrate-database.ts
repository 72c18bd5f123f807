import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../storage/migrations/index.js';
import { isPostgresUrl } from '../storage/open-store.js';

/**
 * Runs pending migrations and returns the names of those that ran. `openStore` migrates too but
 * does not say what it applied, and `portico migrate` must; so this opens a bare connection with
 * the same settings. TODO(storage): move into storage/open-store.ts as `migrateDatabase(url)`.
 */
export async function migrateDatabase(url: string): Promise<string[]> {
  const db = isPostgresUrl(url) ? postgres(url) : sqlite(url);
  try {
    return await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}

function sqlite(path: string): Kysely<unknown> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SqliteDatabase(path);
  database.pragma('journal_mode = WAL');
  // A running server may hold the write lock for a moment; wait rather than fail.
  database.pragma('busy_timeout = 10000');
  return new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
}

function postgres(url: string): Kysely<unknown> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on('error', () => undefined);
  return new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
}
