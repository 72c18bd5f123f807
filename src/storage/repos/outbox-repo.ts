import { sql, type SqlBool } from 'kysely';
import type { OutboxRepo } from '../../domain/ports.js';
import type { OutboxMessage, OutboxState } from '../../domain/model.js';
import type { Db } from '../schema.js';
import { runCompiledOnce } from '../compiled-once.js';
import { isPostgres } from '../dialect.js';
import { literalLimit } from '../literal-limit.js';

/** The row of a newly queued message. */
export function outboxRow(m: OutboxMessage) {
  return {
    tenant_id: m.tenantId, id: m.id, kind: m.kind, payload: JSON.stringify(m.payload), state: 'queued',
    attempts: 0, next_attempt_at: m.createdDateTime, created_at: m.createdDateTime, last_error: null,
  };
}

/**
 * The oldest due mail, read in order off the partial index of migration 017. SKIP LOCKED lets
 * concurrent dispatchers on one PostgreSQL take disjoint rows instead of queueing behind each other.
 */
export function dueMail(db: Db, now: string, limit: number) {
  const due = db.selectFrom('outbox').select(['tenant_id', 'id'])
    // Literals, not parameters: a partial index serves only a query whose own text implies its predicate.
    .where(sql<SqlBool>`"state" in ('queued', 'sending')`).where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at').limit(literalLimit(limit));
  return isPostgres(db) ? due.forUpdate().skipLocked() : due;
}

export function outboxRepo(db: Db): OutboxRepo {
  return {
    async enqueue(m) {
      const row = outboxRow(m);
      await runCompiledOnce(db, 'outbox.insert', () => db.insertInto('outbox').values(row), Object.values(row));
    },
    async countFor(tenantId) {
      const r = await db.selectFrom('outbox').select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async claim(now, leaseUntil, claimToken, limit) {
      // A row being sent has its lease end in next_attempt_at, so "due" is one index range for both
      // new rows and rows whose sender died.
      const due = dueMail(db, now, limit);
      const rows = await db.updateTable('outbox')
        .set((eb) => ({ state: 'sending', claim_token: claimToken, next_attempt_at: leaseUntil, updated_at: now, attempts: eb('attempts', '+', 1) }))
        .where((eb) => eb(eb.refTuple('tenant_id', 'id'), 'in', due.$asTuple('tenant_id', 'id')))
        .returning(['tenant_id', 'id', 'kind', 'payload', 'attempts', 'created_at'])
        .execute();
      return rows.map((r) => ({
        tenantId: r.tenant_id, id: r.id, kind: r.kind as OutboxMessage['kind'], payload: JSON.parse(r.payload) as unknown,
        attempts: Number(r.attempts), createdDateTime: r.created_at,
      }));
    },
    async settle(tenantId, id, claimToken, o) {
      const set = {
        state: o.state, next_attempt_at: o.nextAttemptAt ?? o.at, updated_at: o.at, message_id: o.messageId,
        last_reply: o.reply, last_error: o.error,
      };
      const r = await runCompiledOnce(db, 'outbox.settle', () => db.updateTable('outbox').set({ ...set, claim_token: null })
        .where('tenant_id', '=', tenantId).where('id', '=', id).where('claim_token', '=', claimToken), [...Object.values(set), null, tenantId, id, claimToken]);
      return Number(r.numAffectedRows) === 1;
    },
    async list({ tenantId, state, limit }) {
      let q = db.selectFrom('outbox').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(literalLimit(limit));
      if (tenantId) q = q.where('tenant_id', '=', tenantId);
      if (state) q = q.where('state', '=', state);
      const rows = await q.execute();
      const invitationOf = (payload: string) => (JSON.parse(payload) as { invitationId?: string }).invitationId ?? null;
      const ids = [...new Set(rows.map((r) => invitationOf(r.payload)).filter((i): i is string => i !== null))];
      const emails = new Map<string, string>();
      if (ids.length > 0) {
        for (const i of await db.selectFrom('invitations').select(['tenant_id', 'id', 'email']).where('id', 'in', ids).execute()) {
          emails.set(`${i.tenant_id}/${i.id}`, i.email);
        }
      }
      return rows.map((r) => ({
        tenantId: r.tenant_id, id: r.id, kind: r.kind, state: r.state as OutboxState, attempts: Number(r.attempts),
        recipient: emails.get(`${r.tenant_id}/${invitationOf(r.payload)}`) ?? null,
        messageId: r.message_id, lastReply: r.last_reply, lastError: r.last_error,
        nextAttemptDateTime: r.next_attempt_at, createdDateTime: r.created_at, updatedDateTime: r.updated_at,
      }));
    },
  };
}
