import type { AssertionReplayRepo, ThrottleRepo } from '../../domain/ports.js';
import type { Db } from '../schema.js';

/** Failed sign-in counters (per account and per source address). */
export function throttleRepo(db: Db): ThrottleRepo {
  return {
    async get(tenantId, key) {
      const r = await db.selectFrom('sign_in_throttles').selectAll().where('tenant_id', '=', tenantId).where('key', '=', key).executeTakeFirst();
      return r && { tenantId: r.tenant_id, key: r.key, failures: r.failures, windowStartDateTime: r.window_start, lockedUntilDateTime: r.locked_until };
    },
    async put(t) {
      const row = { failures: t.failures, window_start: t.windowStartDateTime, locked_until: t.lockedUntilDateTime };
      await db.insertInto('sign_in_throttles').values({ tenant_id: t.tenantId, key: t.key, ...row })
        .onConflict((oc) => oc.columns(['tenant_id', 'key']).doUpdateSet(row)).execute();
    },
    async clear(tenantId, key) {
      await db.deleteFrom('sign_in_throttles').where('tenant_id', '=', tenantId).where('key', '=', key).execute();
    },
  };
}

/** Used client-assertion ids; expired ones are pruned as new ones arrive. */
export function assertionReplayRepo(db: Db): AssertionReplayRepo {
  return {
    async remember(tenantId, clientId, jtiHash, expiresAt, now) {
      await db.deleteFrom('assertion_replays').where('tenant_id', '=', tenantId).where('client_id', '=', clientId)
        .where('expires_at', '<', now).execute();
      const r = await db.insertInto('assertion_replays').values({ tenant_id: tenantId, client_id: clientId, jti_hash: jtiHash, expires_at: expiresAt })
        .onConflict((oc) => oc.doNothing()).returning('jti_hash').executeTakeFirst();
      return r !== undefined;
    },
  };
}
