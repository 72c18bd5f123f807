import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemClock } from '../../../src/domain/clock.js';
import { newId } from '../../../src/domain/random.js';
import { createTenant } from '../../../src/domain/tenants/create-tenant.js';
import { openStore } from '../../../src/storage/open-store.js';
import { dueMail } from '../../../src/storage/repos/outbox-repo.js';
import { withDatabases } from '../../helpers/databases.js';
import { explain, planHandle } from '../../helpers/explain-plan.js';

/**
 * The dispatcher's claim reads the oldest due mail off an index in order and stops after the
 * batch (migration 017): with thousands queued it must not read and sort them all per claim.
 */
describe('claiming due mail', () => {
  it('reads the oldest due rows in order through the due index', async () => {
    await withDatabases(async (db) => {
      const store = await openStore(db.url);
      const postgres = db.dialect === 'postgres';
      const handle = planHandle(db);
      try {
        const tenant = await createTenant(store, systemClock, { name: 'Claims', domainSuffix: 'onmicrosoft.com' });
        const at = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
        await store.transact(async (r) => {
          for (let n = 0; n < 2_000; n++) {
            await r.outbox.enqueue({ tenantId: tenant.id, id: newId(), kind: 'invitation-mail', createdDateTime: at(2_000 - n), payload: { n } });
          }
        });
        await db.query('analyze');
        const plan = (await explain(handle, postgres, dueMail(handle, at(5_000), 8))).join('\n');
        assert.match(plan, /outbox_due_order_idx/, plan);
        assert.doesNotMatch(plan, postgres ? /Sort|Seq Scan/ : /TEMP B-TREE|SCAN outbox(?! USING)/, plan);

        const claimed = await store.transact((r) => r.outbox.claim(at(5_000), at(9_000), 'token', 3));
        assert.deepEqual(claimed.map((c) => (c.payload as { n: number }).n).sort((a, b) => a - b), [1_997, 1_998, 1_999], 'the three oldest');
      } finally {
        await handle.destroy();
        await store.close();
      }
    });
  });
});
