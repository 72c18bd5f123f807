import type { Clock } from '../clock.js';
import { LOCKOUT } from '../identity/sign-in-throttle.js';
import { redemptionRules } from '../invitations/redemption-rules.js';
import type { Store } from '../ports.js';

/** Rows deleted per table per statement: small enough that no sweep holds a write lock for long. */
export const PURGE_BATCH = 500;

/**
 * Removes what can never be used again: expired authorization codes, refresh tokens, sign-in
 * sessions, device codes, assertion replay records, redemption sessions and passcodes, and sign-in
 * failure counters whose window has closed and that lock nothing. Without this every sign-in and
 * every redemption would leave rows behind forever. Returns how many rows went, per table.
 */
export async function purgeExpired(store: Store, clock: Clock): Promise<Record<string, number>> {
  const now = clock.now().getTime();
  const cutoffs = {
    now: new Date(now).toISOString(),
    throttleWindowStart: new Date(now - LOCKOUT.windowSeconds * 1000).toISOString(),
    redemptionExpiry: new Date(now - redemptionRules.codeRetentionMs).toISOString(),
  };
  const totals: Record<string, number> = {};
  for (;;) {
    const counts = await store.expired.purge(cutoffs, PURGE_BATCH);
    for (const [table, n] of Object.entries(counts)) totals[table] = (totals[table] ?? 0) + n;
    if (Object.values(counts).every((n) => n < PURGE_BATCH)) return totals;
  }
}
