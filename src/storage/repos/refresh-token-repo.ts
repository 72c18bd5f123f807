import type { RefreshTokenRepo } from '../../domain/ports.js';
import type { Db } from '../schema.js';

export function refreshTokenRepo(db: Db): RefreshTokenRepo {
  return {
    async insert(t) {
      await db.insertInto('refresh_tokens').values({
        tenant_id: t.tenantId, token_hash: t.tokenHash, family_id: t.familyId, client_id: t.clientId, user_id: t.userId,
        scopes: JSON.stringify(t.scopes), auth_time: t.authTime, created_at: t.createdDateTime, expires_at: t.expiresDateTime,
        rotated_at: t.rotatedDateTime, revoked_at: t.revokedDateTime,
      }).execute();
    },
    async find(tenantId, tokenHash) {
      const r = await db.selectFrom('refresh_tokens').selectAll().where('tenant_id', '=', tenantId).where('token_hash', '=', tokenHash).executeTakeFirst();
      return r && {
        tenantId: r.tenant_id, tokenHash: r.token_hash, familyId: r.family_id, clientId: r.client_id, userId: r.user_id,
        scopes: JSON.parse(r.scopes) as string[], authTime: r.auth_time, createdDateTime: r.created_at, expiresDateTime: r.expires_at,
        rotatedDateTime: r.rotated_at, revokedDateTime: r.revoked_at,
      };
    },
    async markRotated(tenantId, tokenHash, at) {
      const r = await db.updateTable('refresh_tokens').set({ rotated_at: at })
        .where('tenant_id', '=', tenantId).where('token_hash', '=', tokenHash).where('rotated_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async revokeFamily(tenantId, familyId, at) {
      await db.updateTable('refresh_tokens').set({ revoked_at: at })
        .where('tenant_id', '=', tenantId).where('family_id', '=', familyId).where('revoked_at', 'is', null).execute();
    },
    async revokeForUser(tenantId, userId, at) {
      const r = await db.updateTable('refresh_tokens').set({ revoked_at: at })
        .where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
  };
}
