import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Store } from '../domain/ports.js';
import { GroupCommitter } from './group-commit.js';
import { migrateToLatest } from './migrations/index.js';
import { reposFor } from './repos/index.js';
import type { Database } from './schema.js';
import { prepareRegisteredTexts } from './prepared-statements.js';
import { ImmediateSqliteDialect, LOCK_WAIT_MS } from './sqlite-dialect.js';
import { YoungTableStatistics } from './young-table-statistics.js';

export const isPostgresUrl = (db: string): boolean => /^postgres(ql)?:\/\//i.test(db);

export interface OpenOptions {
  /** Run migrations before returning (the server and `portico migrate` do; tests may too). */
  migrate?: boolean;
  poolSize?: number;
}

/**
 * Group commits running at once on PostgreSQL (SQLite has one writer). Two: a batch of new guests
 * is one statement of one round trip (group-commit.ts, runGuestsAlone) whose time hardly depends
 * on its size under load (~12 ms for 9, 18 or 32 guests while the benchmark ran), so fewer,
 * bigger batches go faster: POST /invitations at 64 connections, three alternated pairs of 8-s
 * runs, 2,744 · 3,141 · 2,634/s with two against 2,342 · 2,383 · 2,362/s with four (one: 2,560 ·
 * 2,326 · 2,452/s against two's 2,811 · 2,490 · 2,420/s).
 */
const POSTGRES_WRITERS = 2;

/** Opens the store named by `--db`: a SQLite file path (or `:memory:`) or a postgres:// URL. */
export async function openStore(url: string, options: OpenOptions = {}): Promise<Store> {
  const postgres = isPostgresUrl(url);
  const db = openDatabase(url, options.poolSize ?? 10);
  if (options.migrate ?? true) await migrateToLatest(db as unknown as Kysely<unknown>);
  const committer = new GroupCommitter(db, postgres ? POSTGRES_WRITERS : 1);
  const statistics = postgres ? new YoungTableStatistics(db) : undefined;
  return {
    dialect: postgres ? 'postgres' : 'sqlite',
    ...reposFor(db),
    transact: async (work) => {
      const value = await committer.submit(work);
      statistics?.noteCommitted();
      return value;
    },
    insertGuestInvitation: async (w) => {
      const written = await committer.submitGuestInvitation(w);
      statistics?.noteCommitted();
      return written;
    },
    close: () => db.destroy(),
  };
}

/** Runs pending migrations alone (`portico migrate`) and returns the names of those that ran. */
export async function migrateDatabase(url: string): Promise<string[]> {
  const db = openDatabase(url, 1);
  try {
    return await migrateToLatest(db as unknown as Kysely<unknown>);
  } finally {
    await db.destroy();
  }
}

function openDatabase(url: string, poolSize: number): Kysely<Database> {
  return isPostgresUrl(url) ? openPostgres(url, poolSize) : openSqlite(url);
}

function openSqlite(path: string): Kysely<Database> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SqliteDatabase(path);
  // WAL lets readers in other processes (the admin CLI) work while the server writes;
  // synchronous=FULL fsyncs every commit, so an acknowledged write survives a crash or power loss.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma(`busy_timeout = ${LOCK_WAIT_MS}`);
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(database) }) });
}

/**
 * `BEGIN IMMEDIATE` without waiting: false, with nothing begun, when another connection (another
 * worker process, the admin CLI) holds the write lock. The transaction's caller then waits for
 * the lock with its event loop free (sqlite-dialect.ts) instead of inside SQLite's busy handler,
 * which sleeps with the whole process stopped, in steps of up to 100 ms.
 */
function tryBeginImmediate(database: SqliteDatabase.Database): boolean {
  database.pragma('busy_timeout = 0');
  try {
    database.exec('begin immediate');
    return true;
  } catch (err) {
    // SQLITE_BUSY, or an extended form (SQLITE_BUSY_RECOVERY while another connection rebuilds the WAL index).
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) return false;
    throw err;
  } finally {
    database.pragma(`busy_timeout = ${LOCK_WAIT_MS}`);
  }
}

/**
 * Kysely's SQLite driver prepares every statement it runs, and compiling SQL text costs SQLite more
 * than running most of ours. Our SQL comes from a bounded set of query shapes (values are always
 * parameters), so prepared statements are kept by their text, the oldest dropped past `max`.
 * Kysely runs one statement at a time on its one connection, so a cached statement is never in use
 * twice at once.
 */
function withStatementCache(database: SqliteDatabase.Database, max = 500) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    tryBeginImmediate: () => tryBeginImmediate(database),
    prepare(sql: string): SqliteDatabase.Statement {
      let stmt = cache.get(sql);
      if (stmt === undefined) {
        stmt = database.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

/**
 * The pool's settings. Parallel query is off for Portico's sessions: its statements read one page
 * through an index, and a Gather's worker start-up cost more than the page itself — a `$search`
 * page on 200,000 users took 42 ms planned parallel and 2.3 ms serial. A `-c` setting in the URL's
 * own `options` parameter takes precedence (node-postgres lets the URL override these).
 */
export function postgresPoolConfig(url: string, max: number): pg.PoolConfig {
  return { connectionString: url, max, options: '-c max_parallel_workers_per_gather=0' };
}

function openPostgres(url: string, max: number): Kysely<Database> {
  const pool = new pg.Pool(postgresPoolConfig(url, max));
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  prepareRegisteredTexts(pool);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
