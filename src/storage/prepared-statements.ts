import type pg from 'pg';

/**
 * Named prepared statements on PostgreSQL for the hot path's fixed SQL (the statements of
 * `runCompiledOnce`). An unnamed statement is parsed, analysed and planned by the backend on
 * every execution; for the address lookup (five indexed branches over tables with many indexes)
 * planning costs more than running it. A named statement is parsed once per connection and, after
 * a few executions, runs a cached generic plan.
 *
 * Only texts registered here are named: they come from a bounded set of query shapes, so a
 * connection holds a bounded number of prepared statements. Ad hoc queries ($filter, $search)
 * stay unnamed and are planned for their own values.
 */
const names = new Map<string, string>();

/** Marks a statement text as fixed hot-path SQL, to be prepared by name on PostgreSQL. */
export function registerPreparedText(text: string): void {
  if (!names.has(text)) names.set(text, `portico_${names.size + 1}`);
}

type QueryFn = (...args: unknown[]) => unknown;

/** Makes the pool's connections run registered texts as named prepared statements. */
export function prepareRegisteredTexts(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as QueryFn;
    // Kysely calls `query(text, values)`; cursors and config objects pass through untouched.
    (client as unknown as { query: QueryFn }).query = (text: unknown, ...rest: unknown[]) => {
      const name = typeof text === 'string' ? names.get(text) : undefined;
      if (name === undefined || !Array.isArray(rest[0]) || rest.length !== 1) return query(text, ...rest);
      return query({ name, text, values: rest[0] });
    };
  });
}
