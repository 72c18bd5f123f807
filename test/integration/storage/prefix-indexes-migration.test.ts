import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStore } from '../../../src/storage/open-store.js';
import { withDatabases } from '../../helpers/databases.js';
import { explain, planHandle } from '../../helpers/explain-plan.js';

/**
 * Migration 018 drops two indexes that are prefixes of later ones; what they served is read
 * through the longer index (the audit log's time queries are checked in audit-query-plans.test.ts).
 */
describe('migration 018-prefix-indexes', () => {
  it('drops the prefix indexes, and a user\'s invitations are still read through an index', async () => {
    await withDatabases(async (db) => {
      const store = await openStore(db.url);
      const handle = planHandle(db);
      try {
        const names = (await db.query<{ name: string }>(db.dialect === 'sqlite'
          ? "select name from sqlite_master where type = 'index'"
          : 'select indexname as name from pg_indexes where schemaname = current_schema()')).map((n) => n.name);
        for (const gone of ['invitations_user_idx', 'audit_logs_time_idx']) assert.ok(!names.includes(gone), gone);
        for (const kept of ['invitations_user_created', 'audit_logs_q_time']) assert.ok(names.includes(kept), kept);
        // The query of invitations.latestResetFor (a reset voids the tickets of older invitations).
        const plan = await explain(handle, db.dialect === 'postgres', handle.selectFrom('invitations').select(['id', 'created_at'])
          .where('tenant_id', '=', 't1').where('user_id', '=', 'u1').where('reset_redemption', '=', 1).orderBy('created_at', 'desc').orderBy('id', 'desc'));
        assert.match(plan.join('\n'), /invitations_user_created/, plan.join('\n'));
      } finally {
        await handle.destroy();
        await store.close();
      }
    });
  });
});
