import type { SessionRepo } from '../../domain/ports.js';
import type { Db } from '../schema.js';

export function sessionRepo(db: Db): SessionRepo {
  return {
    async insert(s) {
      await db.insertInto('sign_in_sessions').values({
        tenant_id: s.tenantId, id_hash: s.idHash, user_id: s.userId, auth_time: s.authTime, expires_at: s.expiresDateTime,
      }).execute();
    },
    async find(tenantId, idHash) {
      const r = await db.selectFrom('sign_in_sessions').selectAll().where('tenant_id', '=', tenantId).where('id_hash', '=', idHash).executeTakeFirst();
      return r && { tenantId: r.tenant_id, idHash: r.id_hash, userId: r.user_id, authTime: r.auth_time, expiresDateTime: r.expires_at };
    },
    async delete(tenantId, idHash) {
      await db.deleteFrom('sign_in_sessions').where('tenant_id', '=', tenantId).where('id_hash', '=', idHash).execute();
    },
  };
}
