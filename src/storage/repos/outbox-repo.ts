import type { OutboxRepo } from '../../domain/ports.js';
import type { Db } from '../schema.js';

export function outboxRepo(db: Db): OutboxRepo {
  return {
    async enqueue(m) {
      await db.insertInto('outbox').values({
        tenant_id: m.tenantId, id: m.id, kind: m.kind, payload: JSON.stringify(m.payload), state: 'queued',
        attempts: 0, next_attempt_at: m.createdDateTime, created_at: m.createdDateTime, last_error: null,
      }).execute();
    },
    async countFor(tenantId) {
      const r = await db.selectFrom('outbox').select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
