import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Fresh statistics for young PostgreSQL databases. The hot path's statements are prepared once per
 * connection (prepared-statements.ts) and PostgreSQL keeps their plan until the statistics of the
 * tables change. On a new database the first plans are made while the tables are empty, when every
 * index looks as good as any other: measured, the address lookup then read a whole tenant through
 * an index on another column, 20 times the CPU of the right plan at 8,000 users, and worse as the
 * tenant grew. Autovacuum fixes that, but only after 50 + 10 % of a table has changed and its next
 * round (a minute apart), which a new deployment or a benchmark outgrows long before.
 *
 * So every process analyzes the tables that invitations grow itself, after 500, 2,000, 8,000 and
 * 32,000 committed units of work; past that autovacuum keeps up. Each run is bounded (ANALYZE
 * samples at most 30,000 rows a table; measured 0.2–0.45 s of PostgreSQL time at 8,000
 * invitations) and invalidates the cached plans, so that they are made again with the tables as
 * they now are.
 */
export class YoungTableStatistics {
  private committed = 0;
  private next = 500;
  private running = false;

  constructor(private readonly db: Kysely<Database>, private readonly last = 32_000) {}

  /** Called after each committed unit of work. */
  noteCommitted(): void {
    this.committed++;
    if (this.committed < this.next || this.next > this.last || this.running) return;
    this.next *= 4;
    this.running = true;
    // Off the request's path; a failure (a database going away) only means the plans stay as they are.
    sql`analyze users, user_values, user_identities, invitations, outbox, audit_logs, audit_targets`.execute(this.db).catch(() => undefined).finally(() => { this.running = false; });
  }
}
