import { CompiledQuery, type Compilable, type QueryResult } from 'kysely';
import type { Db } from './schema.js';
import { registerPreparedText } from './prepared-statements.js';

const sqlByKey = new Map<string, string>();

/**
 * Runs a hot-path statement whose SQL never changes, only its values: Kysely builds and compiles
 * it once per dialect, later calls send the cached SQL with `params`. Building and compiling a
 * query costs more CPU than SQLite takes to run it. `params` must list the values in the order the
 * built query uses them; the first call checks that against Kysely's own compilation. On
 * PostgreSQL the text also becomes a named prepared statement (prepared-statements.ts).
 */
export async function runCompiledOnce<R>(db: Db, key: string, query: () => Compilable<R>, params: readonly unknown[]): Promise<QueryResult<R>> {
  const cacheKey = `${db.getExecutor().adapter.constructor.name}:${key}`;
  let sql = sqlByKey.get(cacheKey);
  if (sql === undefined) {
    const compiled = query().compile();
    if (compiled.parameters.length !== params.length || compiled.parameters.some((p, i) => p !== params[i])) {
      throw new Error(`runCompiledOnce(${key}): parameters are not in the query's order`);
    }
    sql = compiled.sql;
    sqlByKey.set(cacheKey, sql);
    registerPreparedText(sql);
  }
  return db.executeQuery<R>(CompiledQuery.raw(sql, [...params]));
}
