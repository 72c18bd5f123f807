import type { OutboxRepo } from '../../domain/ports.js';
import type { Db } from '../schema.js';
import { runCompiledOnce } from '../compiled-once.js';

export function outboxRepo(db: Db): OutboxRepo {
  return {
    async enqueue(m) {
      const row = {
        tenant_id: m.tenantId, id: m.id, kind: m.kind, payload: JSON.stringify(m.payload), state: 'queued',
        attempts: 0, next_attempt_at: m.createdDateTime, created_at: m.createdDateTime, last_error: null,
      };
      await runCompiledOnce(db, 'outbox.insert', () => db.insertInto('outbox').values(row), Object.values(row));
    },
    async countFor(tenantId) {
      const r = await db.selectFrom('outbox').select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
