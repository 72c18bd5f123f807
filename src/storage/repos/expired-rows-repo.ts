import { sql, type RawBuilder } from 'kysely';
import type { ExpiredRowsRepo } from '../../domain/ports.js';
import type { Db } from '../schema.js';

/** Tables whose rows carry `expires_at` and are worthless after it, with their primary keys. */
const expiring: Record<string, readonly string[]> = {
  auth_codes: ['tenant_id', 'code_hash'],
  refresh_tokens: ['tenant_id', 'token_hash'],
  sign_in_sessions: ['tenant_id', 'id_hash'],
  device_codes: ['tenant_id', 'device_code_hash'],
  assertion_replays: ['tenant_id', 'client_id', 'jti_hash'],
};
const redeeming: Record<string, readonly string[]> = {
  redemption_codes: ['tenant_id', 'id'],
  redemption_sessions: ['tenant_id', 'id'],
};

/**
 * Deletes in bounded batches, the oldest first through the expiry indexes, so a sweep after a long
 * pause never holds SQLite's write lock, or PostgreSQL's row locks, for long. Table and column
 * names come from the fixed map above, never from input.
 */
export function expiredRowsRepo(db: Db): ExpiredRowsRepo {
  const deleteWhere = async (table: string, key: readonly string[], condition: RawBuilder<unknown>, order: string, limit: number) => {
    const columns = sql.join(key.map((c) => sql.ref(c)));
    const r = await sql`delete from ${sql.table(table)} where (${columns}) in (
      select ${columns} from ${sql.table(table)} where ${condition} order by ${sql.ref(order)} limit ${limit})`.execute(db);
    return Number(r.numAffectedRows ?? 0);
  };
  return {
    async purge(cutoffs, limit) {
      const counts: Record<string, number> = {};
      for (const [table, key] of Object.entries(expiring)) {
        counts[table] = await deleteWhere(table, key, sql`expires_at < ${cutoffs.now}`, 'expires_at', limit);
      }
      for (const [table, key] of Object.entries(redeeming)) {
        counts[table] = await deleteWhere(table, key, sql`expires_at < ${cutoffs.redemptionExpiry}`, 'expires_at', limit);
      }
      counts.sign_in_throttles = await deleteWhere('sign_in_throttles', ['tenant_id', 'key'],
        sql`window_start < ${cutoffs.throttleWindowStart} and (locked_until is null or locked_until < ${cutoffs.now})`, 'window_start', limit);
      return counts;
    },
  };
}
