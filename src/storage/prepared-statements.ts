import type pg from 'pg';

/**
 * Named prepared statements on PostgreSQL for the hot path's fixed SQL (the statements of
 * `runCompiledOnce`). An unnamed statement is parsed, analysed and planned by the backend on
 * every execution; for the address lookup (five indexed branches over tables with many indexes)
 * planning costs more than running it. A named statement is parsed once per connection and, after
 * a few executions, runs a cached generic plan.
 *
 * Only texts registered here are named: the fixed SQL of `runCompiledOnce` (a set bounded by the
 * code), and the users queries whose best plan does not depend on their values (generic-plan.ts:
 * the existence query and other equality filters). Other ad hoc queries ($filter ranges, $search)
 * stay unnamed and are planned for their own values. Ad hoc texts come from clients, so past
 * MAX_AD_HOC of them no more are named: a connection holds a bounded number of prepared statements
 * whatever clients send, and the fixed texts are named whatever came first.
 */
const names = new Map<string, string>();
const MAX_AD_HOC = 1_000;
let adHoc = 0;

/** Marks a statement text as fixed hot-path SQL, to be prepared by name on PostgreSQL. */
export function registerPreparedText(text: string): void {
  if (!names.has(text)) names.set(text, `portico_${names.size + 1}`);
}

/** Marks a client-shaped statement text to be prepared by name, while fewer than MAX_AD_HOC are. */
export function registerAdHocPreparedText(text: string): void {
  if (names.has(text) || adHoc >= MAX_AD_HOC) return;
  adHoc++;
  registerPreparedText(text);
}

/** The name a text is prepared under on PostgreSQL, if it is one of those registered. */
export const preparedNameOf = (text: string): string | undefined => names.get(text);

type QueryFn = (...args: unknown[]) => unknown;

/** Makes the pool's connections run registered texts as named prepared statements. */
export function prepareRegisteredTexts(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as QueryFn;
    // Kysely calls `query(text, values)`; cursors and config objects pass through untouched.
    (client as unknown as { query: QueryFn }).query = (text: unknown, ...rest: unknown[]) => {
      const name = typeof text === 'string' ? preparedNameOf(text) : undefined;
      if (name === undefined || !Array.isArray(rest[0]) || rest.length !== 1) return query(text, ...rest);
      return query({ name, text, values: rest[0] });
    };
  });
}
