import { sql, type Kysely } from 'kysely';

/**
 * The dispatcher claims the oldest due mail: `state IN ('queued','sending') AND next_attempt_at <=
 * now ORDER BY next_attempt_at LIMIT n`. An index on (state, next_attempt_at) cannot give that
 * order across two states, so PostgreSQL read and sorted every queued row for each claim: 24 ms a
 * claim at 8,000 queued, growing with the queue, while the API kept queueing. A partial index on
 * next_attempt_at over just the due states yields the rows in order, stops after n, and holds no
 * sent or failed mail. The claim names the states as literals (a partial index serves only a query
 * whose own text implies its predicate).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('outbox_due_order_idx').on('outbox').column('next_attempt_at')
    .where(sql.ref('state'), 'in', [sql.lit('queued'), sql.lit('sending')]).execute();
  await db.schema.dropIndex('outbox_due_idx').execute();
}
