/**
 * Test databases for every dialect Portico supports. Storage, HTTP and CLI tests run once per
 * dialect, each on a database of its own that is created fresh and dropped afterwards:
 *
 * - sqlite: a file in a new temporary folder (removed afterwards);
 * - postgres: `CREATE DATABASE portico_t_<random>` on the server named by PORTICO_TEST_PG_URL
 *   (default postgres://postgres@127.0.0.1:5432/test), dropped `WITH (FORCE)` afterwards.
 *
 * PostgreSQL is never skipped silently: when it is unreachable the test fails. To run on SQLite
 * alone, set PORTICO_TEST_DIALECTS=sqlite; CI (CI=true) ignores that and always runs both.
 *
 * Usage with node:test:
 *
 *   for (const dialect of dialects()) {
 *     describe(dialect, () => {
 *       let db: TestDatabase;
 *       before(async () => { db = await createDatabase(dialect); });
 *       after(() => db.drop());
 *       it('…', async () => { const store = await openStore(db.url); … });
 *     });
 *   }
 *
 * or, for a test that does everything itself, `await withDatabases(async (db) => { … })`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';

export type Dialect = 'sqlite' | 'postgres';

export interface TestDatabase {
  dialect: Dialect;
  /** What `--db`, PORTICO_DB and `openStore` take: a file path or a postgres:// URL. */
  url: string;
  /**
   * Runs one SQL statement on a connection of its own and returns the rows; for asserting on
   * what is stored. Pass literal SQL only (no parameters), written to suit both dialects.
   */
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** Removes the database. Safe to call twice. */
  drop(): Promise<void>;
}

export const allDialects: readonly Dialect[] = ['sqlite', 'postgres'];

/** The server where test databases are created (any database on it; `test` by default). */
export const PG_ADMIN_URL = process.env.PORTICO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * The dialects to test: both, unless a developer narrows them with PORTICO_TEST_DIALECTS. On CI
 * (CI=true) the variable is ignored, so CI always covers both.
 */
export function dialects(): Dialect[] {
  const wanted = process.env.PORTICO_TEST_DIALECTS;
  if (!wanted || process.env.CI === 'true') return [...allDialects];
  const list = wanted.split(',').map((d) => d.trim()).filter(Boolean);
  const unknown = list.filter((d) => !allDialects.includes(d as Dialect));
  if (unknown.length > 0) throw new Error(`PORTICO_TEST_DIALECTS: unknown dialect(s) ${unknown.join(', ')}; use ${allDialects.join(', ')}`);
  return list as Dialect[];
}

/** Creates a fresh, empty database of the dialect. */
export async function createDatabase(dialect: Dialect): Promise<TestDatabase> {
  return dialect === 'sqlite' ? createSqlite() : createPostgres();
}

/** Runs `fn` once per dialect of `dialects()`, each on a fresh database dropped afterwards. */
export async function withDatabases(fn: (db: TestDatabase) => Promise<void>): Promise<void> {
  for (const dialect of dialects()) {
    const db = await createDatabase(dialect);
    try {
      await fn(db);
    } finally {
      await db.drop();
    }
  }
}

function createSqlite(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'portico-t-'));
  const url = join(dir, 'portico.db');
  return {
    dialect: 'sqlite',
    url,
    async query<T>(sql: string): Promise<T[]> {
      const db = new SqliteDatabase(url, { fileMustExist: true });
      try {
        const statement = db.prepare(sql);
        return (statement.reader ? statement.all() : (statement.run(), [])) as T[];
      } finally {
        db.close();
      }
    },
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function createPostgres(): Promise<TestDatabase> {
  const name = `portico_t_${randomBytes(6).toString('hex')}`;
  await onAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    dialect: 'postgres',
    url: url.toString(),
    async query<T>(sql: string): Promise<T[]> {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return (await client.query(sql)).rows as T[];
      } finally {
        await client.end();
      }
    },
    async drop() {
      if (dropped) return;
      dropped = true;
      // FORCE ends sessions a test left open (a killed server, a leaked pool) instead of failing.
      await onAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function onAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 15_000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is unreachable at ${PG_ADMIN_URL} (${(err as Error).message || String(err)}). ` +
      'Start it, point PORTICO_TEST_PG_URL at one, or set PORTICO_TEST_DIALECTS=sqlite to test SQLite alone (not on CI).',
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
