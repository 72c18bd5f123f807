import SqliteDatabase from 'better-sqlite3';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * Benchmark setup only: loads rows the store's own row builders made straight into its tables, as
 * fast as each database takes them. The secondary indexes of the loaded tables are dropped first
 * and re-created afterwards from their own definitions as the database reports them (building an
 * index once from sorted data is many times faster than growing it row by row), so the schema
 * ends exactly as the migrations made it. Primary keys stay: UUIDv7 ids append at their right edge.
 */
export interface BulkLoader {
  insert(table: string, rows: readonly object[]): Promise<void>;
  /** Re-creates the dropped indexes, refreshes the planner's statistics and closes. */
  finish(log: (msg: string) => void): Promise<void>;
}

export const LOADED_TABLES = ['users', 'user_values', 'user_identities'];

export async function bulkLoader(url: string): Promise<BulkLoader> {
  return /^postgres(ql)?:\/\//i.test(url) ? postgresLoader(url) : sqliteLoader(url);
}

/** SQLite allows 32,766 bound values a statement; one prepared multi-row INSERT per shape. */
function sqliteLoader(path: string): BulkLoader {
  const db = new SqliteDatabase(path);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  // A million users take some 2 GB: a cache that holds the whole file keeps the index builds, which
  // each read a whole table, from going back to the file. The seed is a throwaway benchmark file.
  db.pragma('cache_size = -4000000');
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('temp_store = MEMORY');
  // CREATE INDEX sorts with helper threads (SQLite's multi-threaded sorter) when cores are free.
  db.pragma('threads = 4');
  const list = LOADED_TABLES.map((t) => `'${t}'`).join(', ');
  const indexes = db.prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${list})`)
    .all() as { name: string; sql: string }[];
  for (const i of indexes) db.exec(`drop index ${i.name}`);
  const statements = new Map<string, SqliteDatabase.Statement>();
  const statement = (table: string, columns: string[], rows: number) => {
    const key = `${table}:${rows}`;
    let s = statements.get(key);
    if (!s) {
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      s = db.prepare(`insert into ${table} (${columns.join(', ')}) values ${Array.from({ length: rows }, () => tuple).join(', ')}`);
      statements.set(key, s);
    }
    return s;
  };
  const load = db.transaction((table: string, rows: readonly Record<string, unknown>[]) => {
    const columns = Object.keys(rows[0]);
    const per = Math.floor(32_000 / columns.length);
    for (let at = 0; at < rows.length; at += per) {
      const chunk = rows.slice(at, at + per);
      const values: unknown[] = [];
      for (const r of chunk) for (const c of columns) values.push(r[c]);
      statement(table, columns, chunk.length).run(values);
    }
  });
  return {
    async insert(table, rows) {
      if (rows.length > 0) load(table, rows as readonly Record<string, unknown>[]);
    },
    async finish(log) {
      for (const i of indexes) {
        const t = Date.now();
        db.exec(i.sql);
        log(`index ${i.name} in ${Date.now() - t} ms`);
      }
      // No ANALYZE: Portico never analyzes a SQLite file, so the benchmark reads the directory as a
      // deployment would. (With the sqlite_stat4 samples better-sqlite3's SQLite builds, a statement
      // whose plan could depend on a bound value of an index's first column, tenant_id in all of
      // ours, is re-prepared on every run: an indexed mail lookup cost 14 µs instead of 2 µs.)
      // Back to what the store expects before it opens the file.
      db.pragma('locking_mode = NORMAL');
      db.pragma('journal_mode = WAL');
      db.close();
    },
  };
}

/**
 * PostgreSQL: one COPY FROM STDIN per chunk in COPY's text format, which the server parses far
 * more cheaply than bound parameters. The load is the server's work, not ours (its backend is busy
 * while node idles), so two connections share it: user_values (most of the rows) streams on one
 * while users and user_identities stream on the other. The indexes are then built
 * two at a time, user_values' big one first, each with a large maintenance_work_mem. The tables stay
 * logged: what the query benchmark reads afterwards is unchanged.
 */
async function postgresLoader(url: string): Promise<BulkLoader> {
  const connect = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("set synchronous_commit = off; set maintenance_work_mem = '512MB'; set max_parallel_maintenance_workers = 0");
    return client;
  };
  const clients = [await connect(), await connect()];
  const { rows: indexes } = await clients[0].query<{ indexname: string; indexdef: string; tablename: string }>(
    `select indexname, indexdef, tablename from pg_indexes where schemaname = current_schema() and tablename = any($1)
       and indexname not in (select conname from pg_constraint)`, [LOADED_TABLES]);
  for (const i of indexes) await clients[0].query(`drop index ${i.indexname}`);
  // Each connection runs its COPYs one after another.
  const lanes: Promise<void>[] = [Promise.resolve(), Promise.resolve()];
  const copy = (lane: number, table: string, rows: readonly Record<string, unknown>[]): Promise<void> => {
    if (rows.length === 0) return lanes[lane];
    const columns = Object.keys(rows[0]);
    let text = '';
    for (const r of rows) text += `${columns.map((c) => copyField(r[c])).join('\t')}\n`;
    const client = clients[lane];
    return (lanes[lane] = lanes[lane].then(() => pipeline(Readable.from([text]), client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`)))));
  };
  return {
    async insert(table, objects) {
      // Splitting one table's chunk across both connections was slower: the two contend for the
      // right edge of its primary key.
      return copy(table === 'user_values' ? 1 : 0, table, objects as readonly Record<string, unknown>[]);
    },
    async finish(log) {
      await Promise.all(lanes);
      // user_values' index is the biggest by far: it goes first, the others share the other connection.
      const queue = [...indexes].sort((x, y) => Number(y.tablename === 'user_values') - Number(x.tablename === 'user_values'));
      await Promise.all(clients.map(async (client) => {
        for (let i = queue.shift(); i; i = queue.shift()) {
          const t = Date.now();
          await client.query(i.indexdef);
          log(`index ${i.indexname} in ${Date.now() - t} ms`);
        }
      }));
      // VACUUM also fills the visibility map, without which no index-only scan is chosen.
      const t = Date.now();
      await Promise.all(LOADED_TABLES.map((table, k) => clients[k % 2].query(`vacuum analyze ${table}`)));
      log(`vacuum analyze in ${Date.now() - t} ms`);
      await Promise.all(clients.map((c) => c.end()));
    },
  };
}

/** One value in COPY's text format: \N is null; backslash, tab, newline and return are escaped. */
function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const text = String(v);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : text;
}
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
