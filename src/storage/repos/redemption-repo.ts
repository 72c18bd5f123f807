import type { RedemptionRepo } from '../../domain/ports.js';
import type { RedemptionProof, RedemptionState } from '../../domain/model.js';
import type { Db, RedemptionCodesTable, RedemptionSessionsTable } from '../schema.js';

export function redemptionRepo(db: Db): RedemptionRepo {
  const codes = (tenantId: string) => db.selectFrom('redemption_codes').selectAll().where('tenant_id', '=', tenantId);
  return {
    async insertSession(s) {
      await db.insertInto('redemption_sessions').values({
        tenant_id: s.tenantId, id: s.id, invitation_id: s.invitationId, state: s.state, csrf_hash: s.csrfHash, proof: s.proof,
        created_at: s.createdDateTime, expires_at: s.expiresDateTime,
      }).execute();
    },
    async findSession(tenantId, id) {
      const r = await db.selectFrom('redemption_sessions').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return r ? toSession(r) : undefined;
    },
    async advanceSession(tenantId, id, expectedCsrfHash, next) {
      const r = await db.updateTable('redemption_sessions')
        .set({ state: next.state, csrf_hash: next.csrfHash, ...(next.proof !== undefined ? { proof: next.proof } : {}) })
        .where('tenant_id', '=', tenantId).where('id', '=', id).where('csrf_hash', '=', expectedCsrfHash).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async deleteSession(tenantId, id) {
      // The session's codes stay until they are pruned: the throttle counts them per invitation.
      await db.deleteFrom('redemption_sessions').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    },
    async pruneExpired(tenantId, before) {
      await db.deleteFrom('redemption_sessions').where('tenant_id', '=', tenantId).where('expires_at', '<', before).execute();
      await db.deleteFrom('redemption_codes').where('tenant_id', '=', tenantId).where('expires_at', '<', before).execute();
    },
    async insertCode(c) {
      await db.insertInto('redemption_codes').values({
        tenant_id: c.tenantId, id: c.id, invitation_id: c.invitationId, session_id: c.sessionId, code_hash: c.codeHash,
        attempts: c.attempts, used: c.used ? 1 : 0, created_at: c.createdDateTime, expires_at: c.expiresDateTime,
      }).execute();
    },
    async deleteCode(tenantId, id) {
      await db.deleteFrom('redemption_codes').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    },
    async latestCode(tenantId, sessionId) {
      const r = await codes(tenantId).where('session_id', '=', sessionId).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
      return r ? toCode(r) : undefined;
    },
    async codesSentSince(tenantId, invitationId, since) {
      const rows = await db.selectFrom('redemption_codes').select('created_at').where('tenant_id', '=', tenantId)
        .where('invitation_id', '=', invitationId).where('created_at', '>=', since).orderBy('created_at', 'desc').execute();
      return rows.map((r) => r.created_at);
    },
    async takeAttempt(tenantId, id, max) {
      // One conditional increment: concurrent guesses in any number of processes cannot exceed `max`.
      const r = await db.updateTable('redemption_codes').set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('tenant_id', '=', tenantId).where('id', '=', id).where('attempts', '<', max).where('used', '=', 0).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async markCodeUsed(tenantId, id) {
      await db.updateTable('redemption_codes').set({ used: 1 }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    },
  };
}

function toSession(r: RedemptionSessionsTable) {
  return {
    tenantId: r.tenant_id, id: r.id, invitationId: r.invitation_id, state: r.state as RedemptionState, csrfHash: r.csrf_hash,
    proof: r.proof as RedemptionProof | null,
    createdDateTime: r.created_at, expiresDateTime: r.expires_at,
  };
}

function toCode(r: RedemptionCodesTable) {
  return {
    tenantId: r.tenant_id, id: r.id, invitationId: r.invitation_id, sessionId: r.session_id, codeHash: r.code_hash,
    attempts: Number(r.attempts), used: Number(r.used) === 1, createdDateTime: r.created_at, expiresDateTime: r.expires_at,
  };
}
