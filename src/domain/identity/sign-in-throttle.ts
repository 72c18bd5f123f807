import type { Clock } from '../clock.js';
import type { SignInThrottle } from '../model.js';
import type { Store } from '../ports.js';

/**
 * Entra's smart lockout, simplified: failures are counted per account and per source address in a
 * sliding window; past the threshold the key is locked for a while, and every further failure
 * while counting doubles the lock (capped). Counters live in the database, so every process agrees.
 */
export const LOCKOUT = {
  account: { threshold: 10, lockSeconds: 60 },
  address: { threshold: 50, lockSeconds: 300 },
  windowSeconds: 900,
  maxLockSeconds: 3600,
} as const;

type Kind = 'account' | 'address';

export const throttleKey = (kind: Kind, id: string): string => `${kind}:${id}`;

export async function isLocked(store: Store, clock: Clock, tenantId: string, key: string): Promise<boolean> {
  const t = await store.throttles.get(tenantId, key);
  return t?.lockedUntilDateTime !== null && t?.lockedUntilDateTime !== undefined && Date.parse(t.lockedUntilDateTime) > clock.now().getTime();
}

export async function recordFailure(store: Store, clock: Clock, tenantId: string, kind: Kind, key: string): Promise<void> {
  const now = clock.now();
  const rule = LOCKOUT[kind];
  await store.transact(async (r) => {
    const old = await r.throttles.get(tenantId, key);
    const inWindow = old && Date.parse(old.windowStartDateTime) + LOCKOUT.windowSeconds * 1000 > now.getTime();
    const failures = (inWindow ? old.failures : 0) + 1;
    const over = failures - rule.threshold;
    const lockSeconds = over >= 0 ? Math.min(rule.lockSeconds * 2 ** over, LOCKOUT.maxLockSeconds) : 0;
    const next: SignInThrottle = {
      tenantId, key, failures,
      windowStartDateTime: inWindow ? old.windowStartDateTime : now.toISOString(),
      lockedUntilDateTime: lockSeconds > 0 ? new Date(now.getTime() + lockSeconds * 1000).toISOString() : null,
    };
    await r.throttles.put(next);
  });
}

export async function clearFailures(store: Store, tenantId: string, key: string): Promise<void> {
  await store.transact((r) => r.throttles.clear(tenantId, key));
}
